"""Validate a stub dict: every problem, each with a check id, the stub and the key.

Collecting all problems (rather than stopping at the first) lets ``manage.py
check`` list them together; :func:`apimock.stubs.model.parse_stub` raises the
first. Each module checks one part of a stub.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from apimock.documents import MAX_DEPTH, MAX_NODES, within_depth
from apimock.stubs.validation.answers import check_answers
from apimock.stubs.validation.conversation import check_conversation
from apimock.stubs.validation.grpc import check_grpc
from apimock.stubs.validation.keys import ANSWER_KEYS, STUB_KEYS, URL_KEYS
from apimock.stubs.validation.match import check_match
from apimock.stubs.validation.placeholders import check_placeholders
from apimock.stubs.validation.problems import (
    Lookup,
    Problem,
    did_you_mean,
    shown,
    unknown_keys,
)
from apimock.stubs.validation.state import check_state, scenario_problems
from apimock.stubs.validation.urls import check_method_and_url

if TYPE_CHECKING:
    from apimock.stubs.source import StubSource

__all__ = [
    "ANSWER_KEYS",
    "URL_KEYS",
    "Problem",
    "did_you_mean",
    "scenario_problems",
    "validate_stub",
]


def validate_stub(
    raw: Any,
    source: StubSource,
    lookup: Lookup | None = None,
    base_dir: str | None = None,
) -> list[Problem]:
    """Every problem with one stub dict; empty when it is fine.

    With ``lookup`` (a setting's value by name, LookupError if there is none)
    placeholders are checked against the settings too. ``base_dir`` is where
    ``body_file`` paths start.
    """
    # Checked unnamed first: naming the stub (a test's file and line) costs
    # more than checking it, and most stubs have nothing to report.
    problems = _problems(raw, "", lookup, base_dir)
    if not problems:
        return problems
    where = str(source)
    if isinstance(raw, Mapping) and isinstance(raw.get("name"), str):
        where = f"{raw['name']!r} ({where})"
    return _problems(raw, where, lookup, base_dir)


def _problems(
    raw: Any, where: str, lookup: Lookup | None, base_dir: str | None
) -> list[Problem]:
    if not isinstance(raw, Mapping):
        return [
            Problem(
                "apimock.E004",
                f"{where}: a stub must be a dict or a path to a stub file, "
                f"got {type(raw).__name__}.",
            )
        ]
    problems = unknown_keys(raw, STUB_KEYS, where, "")
    too_deep = [
        Problem(
            "apimock.E010",
            f"{where}: key {shown(key)} is nested deeper than {MAX_DEPTH} levels "
            f"(or holds more than {MAX_NODES:,} values).",
        )
        for key, value in raw.items()
        if not within_depth(value, MAX_DEPTH)
    ]
    if too_deep:  # every other check walks the values
        return problems + too_deep
    problems += check_method_and_url(raw, where, lookup)
    problems += check_state(raw, where)
    problems += check_answers(raw, where, base_dir)
    problems += check_grpc(raw, where)
    problems += check_conversation(raw, where)
    if "match" in raw:
        problems += check_match(raw["match"], where)
    problems += check_placeholders(raw, where, lookup)
    return problems

"""A stub's ``match`` rules: known keys, their types, valid regexes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apimock.stubs.matchers import PART_KEYS
from apimock.stubs.urls import regex_problem
from apimock.stubs.validation.answers import check_callables
from apimock.stubs.validation.keys import MATCH_KEYS
from apimock.stubs.validation.problems import (
    Problem,
    is_str_dict,
    unknown_keys,
    wrong_type,
)


def check_match(match: Any, where: str) -> list[Problem]:
    if not isinstance(match, Mapping):
        return [wrong_type(where, "match", "a dict", match)]
    problems = unknown_keys(match, MATCH_KEYS, where, " in 'match'")
    for key in ("form", "query", "query_exact", "multipart"):
        if key in match and not (
            isinstance(match[key], Mapping)
            and all(isinstance(k, str) for k in match[key])
        ):
            problems.append(wrong_type(where, f"match.{key}", "a dict", match[key]))
    for key in ("headers", "headers_regex"):
        if key in match and not is_str_dict(match[key]):
            problems.append(
                wrong_type(where, f"match.{key}", "a dict of strings", match[key])
            )
    patterns: Any = match.get("headers_regex")
    named = patterns.items() if is_str_dict(patterns) else ()
    for name, pattern in named:
        error = regex_problem(pattern)
        if error:
            problems.append(
                Problem(
                    "apimock.E015",
                    f"{where}: key 'match.headers_regex.{name}' is not a valid "
                    f"regex: {error}.",
                )
            )
    if isinstance(match.get("multipart"), Mapping):
        problems += _check_parts(match["multipart"], where)
    if "body" in match and not isinstance(match["body"], str):
        problems.append(wrong_type(where, "match.body", "a string", match["body"]))
    contains = match.get("body_contains", "")
    if not (
        isinstance(contains, str)
        or (isinstance(contains, list) and all(isinstance(c, str) for c in contains))
    ):
        problems.append(
            wrong_type(
                where, "match.body_contains", "a string or list of strings", contains
            )
        )
    if "json_any_order" in match and not isinstance(match["json_any_order"], bool):
        problems.append(
            wrong_type(
                where, "match.json_any_order", "True or False", match["json_any_order"]
            )
        )
    if "custom" in match:
        problems += check_callables(match["custom"], where, "match.custom")
    return problems


def _check_parts(parts: Mapping[str, Any], where: str) -> list[Problem]:
    """Each part described by its content, a dict of PART_KEYS, or a list of
    those for the parts of one name in order."""
    problems = []
    for name, described in parts.items():
        key = f"match.multipart.{name}"
        items = described if isinstance(described, list) else [described]
        for index, item in enumerate(items):
            at = f"{key}[{index}]" if isinstance(described, list) else key
            if isinstance(item, Mapping):
                problems += unknown_keys(item, PART_KEYS, where, f" in {at!r}")
            elif not isinstance(item, (str, bytes)):
                problems.append(
                    wrong_type(where, at, "text, bytes, or a dict of part keys", item)
                )
    return problems

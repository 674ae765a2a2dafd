"""Validate a stub dict: every problem, each with a check id, the stub and the key.

Collecting all problems (rather than stopping at the first) lets ``manage.py
check`` list them together; :func:`apimock.stubs.parse_stub` raises the first.
"""

from __future__ import annotations

import difflib
import json as jsonlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from apimock import faults, templates

if TYPE_CHECKING:
    from apimock.stubs import StubSource

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
STUB_KEYS = (
    "name",
    "method",
    "url",
    "match",
    "status",
    "json",
    "body",
    "headers",
    "error",
)
MATCH_KEYS = ("json", "form", "query", "headers")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a stub or the setting: a check id and a message."""

    id: str
    message: str
    hint: str | None = None


def did_you_mean(word: str, choices: tuple[str, ...] | frozenset[str]) -> str | None:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def validate_stub(
    raw: Any, source: StubSource, lookup: Callable[[str], Any] | None = None
) -> list[Problem]:
    """Every problem with one stub dict; empty when it is fine.

    With ``lookup`` (a setting's value by name, LookupError if there is none)
    placeholders are checked against the settings too.
    """
    where = str(source)
    if not isinstance(raw, Mapping):
        return [
            Problem(
                "apimock.E004",
                f"{where}: a stub must be a dict or a path to a stub file, "
                f"got {type(raw).__name__}.",
            )
        ]
    problems = [
        Problem(
            "apimock.E009",
            f"{where}: unknown key {key!r}.",
            did_you_mean(str(key), STUB_KEYS) or f"Stub keys: {', '.join(STUB_KEYS)}.",
        )
        for key in raw
        if key not in STUB_KEYS
    ]
    problems += _validate_required(raw, where, lookup)
    problems += _validate_types(raw, where)
    problems += _validate_placeholders(raw, where, lookup)
    return problems


def _is_absolute_url(url: Any, lookup: Callable[[str], Any] | None) -> bool:
    if not isinstance(url, str):
        return False
    try:
        if lookup is not None:
            url = templates.render(url, lookup)
        elif templates.setting_names(url):
            return True  # checked when it is resolved
    except (templates.TemplateError, LookupError):
        return True  # reported as a placeholder problem
    return isinstance(url, str) and "://" in url


def _validate_required(
    raw: Mapping[str, Any], where: str, lookup: Callable[[str], Any] | None
) -> list[Problem]:
    problems = [
        Problem("apimock.E007", f"{where}: missing required key {key!r}.")
        for key in ("method", "url")
        if key not in raw
    ]
    method = raw.get("method")
    if "method" in raw and (
        not isinstance(method, str) or method.upper() not in METHODS
    ):
        problems.append(
            Problem(
                "apimock.E008",
                f"{where}: unknown method {method!r} in key 'method'.",
                f"Use one of {', '.join(sorted(METHODS))}.",
            )
        )
    url = raw.get("url")
    if "url" in raw and not _is_absolute_url(url, lookup):
        problems.append(
            Problem(
                "apimock.E010",
                f"{where}: key 'url' must be an absolute URL string, got {url!r}.",
                'Write the scheme and host, e.g. "https://api.example.com/v1/items" '
                'or "{settings.API_URL}".',
            )
        )
    return problems


def _wrong_type(where: str, key: str, expected: str, value: Any) -> Problem:
    return Problem(
        "apimock.E010",
        f"{where}: key {key!r} must be {expected}, got {type(value).__name__} "
        f"{value!r}.",
    )


def _is_str_dict(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def _validate_types(raw: Mapping[str, Any], where: str) -> list[Problem]:
    problems: list[Problem] = []
    status = raw.get("status", 200)
    if (
        isinstance(status, bool)
        or not isinstance(status, int)
        or not 100 <= status <= 599
    ):
        problems.append(
            _wrong_type(where, "status", "an HTTP status (100-599)", status)
        )
    if "name" in raw and not isinstance(raw["name"], str):
        problems.append(_wrong_type(where, "name", "a string", raw["name"]))
    if "headers" in raw and not _is_str_dict(raw["headers"]):
        problems.append(
            _wrong_type(where, "headers", "a dict of strings", raw["headers"])
        )
    given = [key for key in ("json", "body", "error") if key in raw]
    if len(given) > 1:
        problems.append(
            Problem(
                "apimock.E010",
                f"{where}: give one of 'json', 'body' and 'error', not "
                f"{' and '.join(repr(key) for key in given)}.",
            )
        )
    if "error" in raw and raw["error"] not in faults.KINDS:
        problems.append(
            Problem(
                "apimock.E010",
                f"{where}: key 'error' must be one of {', '.join(faults.KINDS)}, "
                f"got {raw['error']!r}.",
                did_you_mean(str(raw["error"]), faults.KINDS),
            )
        )
    if "json" in raw:
        try:
            jsonlib.dumps(raw["json"])
        except (TypeError, ValueError):
            problems.append(
                _wrong_type(where, "json", "JSON-serialisable", raw["json"])
            )
    body = raw.get("body")
    if body is not None and not _is_body(body):
        problems.append(
            _wrong_type(where, "body", "a string, bytes or an exception", body)
        )
    if "match" in raw:
        problems += _validate_match(raw["match"], where)
    return problems


def _is_body(body: Any) -> bool:
    if isinstance(body, type):
        return issubclass(body, BaseException)
    return isinstance(body, (str, bytes, BaseException))


def _validate_match(match: Any, where: str) -> list[Problem]:
    if not isinstance(match, Mapping):
        return [_wrong_type(where, "match", "a dict", match)]
    problems = [
        Problem(
            "apimock.E009",
            f"{where}: unknown key {key!r} in 'match'.",
            did_you_mean(str(key), MATCH_KEYS)
            or f"Match keys: {', '.join(MATCH_KEYS)}.",
        )
        for key in match
        if key not in MATCH_KEYS
    ]
    for key in ("form", "query"):
        if key in match and not (
            isinstance(match[key], Mapping)
            and all(isinstance(k, str) for k in match[key])
        ):
            problems.append(_wrong_type(where, f"match.{key}", "a dict", match[key]))
    if "headers" in match and not _is_str_dict(match["headers"]):
        problems.append(
            _wrong_type(where, "match.headers", "a dict of strings", match["headers"])
        )
    return problems


def _validate_placeholders(
    raw: Mapping[str, Any], where: str, lookup: Callable[[str], Any] | None
) -> list[Problem]:
    problems: list[Problem] = []
    for key in ("url", "match", "json", "body", "headers"):
        if key not in raw:
            continue
        try:
            names = templates.setting_names(raw[key])
        except templates.TemplateError as error:
            problems.append(Problem("apimock.E011", f"{where}: key {key!r}: {error}."))
            continue
        problems += [
            Problem(
                "apimock.E011",
                f"{where}: key {key!r} uses {{settings.{name}}} but there is no "
                f"setting {name}.",
                "Define it in settings.py, or escape literal braces as {{ and }}.",
            )
            for name in sorted(names)
            if lookup is not None and not _exists(lookup, name)
        ]
    return problems


def _exists(lookup: Callable[[str], Any], name: str) -> bool:
    try:
        lookup(name)
    except LookupError:
        return False
    return True

"""A stub's method and URL: present, one kind of URL, absolute (a scheme a
stub answers and a host: origins.py), a valid regex."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from apimock.stubs import templates
from apimock.stubs.definitions import Memo
from apimock.stubs.urls import UrlError, compile_pattern, regex_problem, url_parts
from apimock.stubs.validation import origins
from apimock.stubs.validation.keys import METHODS, URL_KEYS
from apimock.stubs.validation.problems import (
    Lookup,
    Problem,
    did_you_mean,
    shown,
    wrong_type,
)


def check_method_and_url(
    raw: Mapping[str, Any], where: str, lookup: Lookup | None
) -> list[Problem]:
    problems = []
    if "method" not in raw:
        problems.append(
            Problem("apimock.E007", f"{where}: missing required key 'method'.")
        )
    elif not isinstance(raw["method"], str) or raw["method"].upper() not in METHODS:
        problems.append(
            Problem(
                "apimock.E008",
                f"{where}: unknown method {shown(raw['method'])} in key 'method'.",
                did_you_mean(str(raw["method"]).upper(), METHODS)
                or f"Use one of {', '.join(sorted(METHODS))}.",
            )
        )
    given = [key for key in URL_KEYS if key in raw]
    if not given:
        problems.append(
            Problem(
                "apimock.E007",
                f"{where}: missing required key 'url' (or one of 'url_regex', "
                "'url_prefix', 'host').",
            )
        )
    elif len(given) > 1:
        problems.append(
            Problem(
                "apimock.E010", f"{where}: give one of {', '.join(map(repr, given))}."
            )
        )
    for key in given:
        problems += _checked_url(key, raw[key], where, lookup, raw.get("method"))
    return problems


# Many stubs share a URL (a stub per test, a file's stubs for one API), and
# checking one parses and compiles it: a URL found fine, for its key and
# method, is not checked again, unless settings it names are looked up (the
# answer then depends on their values). A URL with problems is checked each
# time, so every stub's message names that stub.
_FINE: Memo[bool] = Memo()


def _checked_url(
    key: str, value: Any, where: str, lookup: Lookup | None, method: object
) -> list[Problem]:
    if type(value) is not str or type(method) is not str:
        return _check_url(key, value, where, lookup, method)
    if lookup is not None and "{" in value:  # its settings' values decide
        return _check_url(key, value, where, lookup, method)
    memo = (key, value, method)
    if _FINE.get(memo):
        return []
    problems = _check_url(key, value, where, lookup, method)
    if not problems:
        _FINE.put(memo, True)
    return problems


def _check_url(
    key: str, value: Any, where: str, lookup: Lookup | None, method: object = None
) -> list[Problem]:
    """The URL compiles as it will when the stub answers (settings resolved
    when ``lookup`` is given), so a stub the check passes can match."""
    if isinstance(value, re.Pattern):
        if key == "url_regex":
            return []  # compiled already, flags and all; never templated
        return [
            Problem(
                "apimock.E010",
                f"{where}: key {key!r} is a compiled pattern; a pattern goes in "
                "'url_regex' (self.api.add(method, re.compile(...)) puts it there).",
            )
        ]
    if not isinstance(value, str):
        return [wrong_type(where, key, "a string", value)]
    try:
        template = templates.parse(value, params=key == "url")
        if template.of(templates.Setting) and lookup is None:
            return []  # checked when it is resolved
        resolve = lookup or (lambda name: name)
        parts = url_parts(value, resolve) if key == "url" else []
        text = (
            "".join(part if isinstance(part, str) else "x" for part in parts)
            if key == "url"
            else str(templates.render(value, resolve))
        )
        if key == "url_regex":
            return _regex_problems(text, where)
        if key in ("url", "url_prefix") and "://" not in text:
            # An unclosed {settings.NAME leaves no scheme: say so, not
            # "absolute" (elsewhere an unclosed brace is text, as a recorded
            # URL may hold).
            return [
                origins.unclosed_brace(key, value, where)
                or Problem(
                    "apimock.E010",
                    f"{where}: key {key!r} must be an absolute URL string, got "
                    f"{shown(value)}.",
                    _ABSOLUTE,
                )
            ]
        if key == "url":
            compile_pattern(key, parts)
        else:
            compile_pattern(key, text)
    except (templates.TemplateError, LookupError):
        return []  # reported as a placeholder problem
    except UrlError as error:
        return [Problem("apimock.E010", f"{where}: key {key!r}: {error}.", _ABSOLUTE)]
    if key in ("url", "url_prefix"):
        return origins.origin_problems(key, value, text, method, where)
    return []


def _regex_problems(text: str, where: str) -> list[Problem]:
    problem = regex_problem(text)
    if problem is None:
        return []
    return [
        Problem(
            "apimock.E015", f"{where}: key 'url_regex' is not a valid regex: {problem}."
        )
    ]


_ABSOLUTE = (
    'Write the scheme and host, e.g. "https://api.example.com/v1/items" or '
    '"{settings.API_URL}"; a {name} parameter only in the path, each name once.'
)

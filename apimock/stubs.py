"""The stub model: validate a stub dict, resolve its placeholders, compile it.

A :class:`StubSpec` is a validated stub as written (placeholders intact); a
:class:`Stub` is the same stub resolved against the current settings and ready
to match. Validation collects every :class:`Problem` so that ``manage.py
check`` can list them all; :func:`parse_stub` raises the first as a
:class:`~apimock.exceptions.StubError` for code paths that need a stub now.
"""

from __future__ import annotations

import difflib
import functools
import json as jsonlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from apimock import templates
from apimock.exceptions import StubError
from apimock.request import URL, APIResponse, MultiDict

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
STUB_KEYS = ("name", "method", "url", "match", "status", "json", "body", "headers")
MATCH_KEYS = ("json", "form", "query", "headers")
_NO_JSON = object()


@dataclass(frozen=True)
class StubSource:
    """Where a stub was declared, for messages: settings, a file or a test."""

    origin: str
    index: int
    line: int | None = None

    def __str__(self) -> str:
        if self.origin == "settings":
            return f'APIMOCK["STUBS"][{self.index}]'
        if self.origin == "api.add":
            return f"api.add() #{self.index + 1}"
        line = f", line {self.line}" if self.line else ""
        return f"{self.origin}, stub {self.index}{line}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a stub or the setting: a check id and a message."""

    id: str
    message: str
    hint: str | None = None


@dataclass(frozen=True)
class StubSpec:
    """A validated stub, placeholders not yet resolved."""

    method: str
    url: str
    source: StubSource
    name: str | None = None
    match: Mapping[str, Any] = field(default_factory=dict)
    status: int = 200
    json: Any = _NO_JSON
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name!r} ({self.source})" if self.name else str(self.source)

    def resolve(self, lookup: Callable[[str], Any]) -> Stub:
        """Resolve ``{settings.NAME}`` through ``lookup`` and compile for matching."""
        render = templates.render
        url = render(self.url, lookup)
        if not (isinstance(url, str) and "://" in url):
            raise StubError(
                f"{self.label}: key 'url' resolved to {url!r}, not an absolute URL."
            )
        parsed = URL.parse(url)
        return Stub(
            spec=self,
            method=self.method,
            url=url,
            parsed_url=parsed,
            url_query=parsed.params,
            match={key: render(value, lookup) for key, value in self.match.items()},
            status=self.status,
            json=self.json if self.json is _NO_JSON else render(self.json, lookup),
            body=render(self.body, lookup) if isinstance(self.body, str) else self.body,
            headers=render(dict(self.headers), lookup),
        )


@dataclass(frozen=True)
class Stub:
    """A stub resolved against the current settings, ready to match."""

    spec: StubSpec
    method: str
    url: str
    parsed_url: URL
    url_query: MultiDict
    match: Mapping[str, Any]
    status: int
    json: Any
    body: Any
    headers: Mapping[str, str]

    @property
    def label(self) -> str:
        return self.spec.label

    @functools.cached_property
    def specificity(self) -> int:
        """How many conditions beyond method and URL: the more, the earlier it wins."""
        return len(self.url_query) + sum(
            len(rule) if isinstance(rule, Mapping) else 1
            for rule in self.match.values()
        )

    @property
    def error(self) -> BaseException | None:
        """The exception this stub raises instead of answering, if any."""
        body = self.body
        if isinstance(body, type) and issubclass(body, BaseException):
            return body()
        return body if isinstance(body, BaseException) else None

    def response(self) -> APIResponse:
        headers = dict(self.headers)
        if self.json is not _NO_JSON:
            body = jsonlib.dumps(self.json).encode()
            headers.setdefault("Content-Type", "application/json")
        elif isinstance(self.body, str):
            body = self.body.encode()
            headers.setdefault("Content-Type", "text/plain; charset=utf-8")
        else:
            body = self.body or b""
        return APIResponse(status=self.status, headers=headers, body=body)


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
    if "json" in raw and "body" in raw:
        problems.append(
            Problem(
                "apimock.E010",
                f"{where}: give either 'json' or 'body', not both.",
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


def parse_stub(raw: Any, source: StubSource) -> StubSpec:
    """Validate ``raw`` and build a StubSpec; StubError names the first problem."""
    problems = validate_stub(raw, source)
    if problems:
        first = problems[0]
        raise StubError(f"{first.message} {first.hint or ''}".strip())
    return StubSpec(
        method=raw["method"].upper(),
        url=raw["url"],
        source=source,
        name=raw.get("name"),
        match=dict(raw.get("match") or {}),
        status=raw.get("status", 200),
        json=raw.get("json", _NO_JSON),
        body=raw.get("body"),
        headers=dict(raw.get("headers") or {}),
    )

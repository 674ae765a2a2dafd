"""What ``assertAPICalled`` compares a call on: its endpoint and its parts.

The endpoint is a URL in the stub language: an exact URL, a template with
``{id}`` path parameters, a ``url_regex`` (a string or a compiled pattern,
matched as a stub's is: the whole URL, query included) or a ``url_prefix``.
Each part is one :class:`Check`: exact (``json``, ``data``, ``params``), or
partial (``json_contains``, ``data_contains``, ``headers``, ``files``), the
partial ones comparing as a stub's ``match`` does, so an assertion and a
stub agree on what "matches" means.
"""

from __future__ import annotations

import difflib
import json as jsonlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from apimock.request import URL, APIRequest, MultiDict
from apimock.stubs import matchers, templates
from apimock.stubs.urls import UrlPattern, compile_pattern, url_parts


@dataclass(frozen=True)
class Endpoint:
    """A method and a URL in one of the stub language's forms."""

    method: str
    shown: str
    _pattern: UrlPattern | None  # None: an exact URL, compared below
    _exact: URL | None

    def matches(self, request: APIRequest) -> bool:
        if self.method not in (request.method, "ANY"):
            return False
        got = request.parsed_url
        if self._pattern is not None:
            if self._pattern.match(got) is None:
                return False
            query = self._pattern.query
        else:
            assert self._exact is not None
            if got.base != self._exact.base:
                return False
            query = self._exact.params
        # A URL without a query matches calls with any query (use params=).
        return not query or got.params == query

    def differences(self, request: APIRequest) -> list[str]:
        """How a call to another endpoint differs from this one, for the
        report of an assertion that failed."""
        found = []
        if self.method not in (request.method, "ANY"):
            found.append(f"method differs: {request.method} vs {self.method}")
        got = request.parsed_url
        if self._pattern is not None:
            return found + [d.reason for d in self._pattern.differences(got)]
        assert self._exact is not None
        wanted = self._exact
        if got.origin != wanted.origin:
            found.append(f"host differs: {got.origin} vs {wanted.origin}")
        if got.path != wanted.path:
            found.append(f"path differs: {got.path} vs {wanted.path}")
        if wanted.query and got.params != wanted.params:
            found.append(f"query differs: {got.query or '(none)'} vs {wanted.query}")
        return found

    def __str__(self) -> str:
        return f"{self.method} {self.shown}"


def endpoint(
    method: str,
    url: str | re.Pattern[str] | None,
    url_regex: str | re.Pattern[str] | None = None,
    url_prefix: str | None = None,
) -> Endpoint:
    """The endpoint an assertion names; TypeError unless exactly one URL form."""
    given = {
        key: value
        for key, value in (
            ("url", url),
            ("url_regex", url_regex),
            ("url_prefix", url_prefix),
        )
        if value is not None
    }
    if len(given) != 1:
        raise TypeError(
            "give the URL once: url (exact, or with {id} path parameters, or a "
            "compiled pattern), url_regex= or url_prefix=; got "
            + (", ".join(given) or "none")
        )
    [(kind, value)] = given.items()
    method = method.upper()
    if isinstance(value, re.Pattern) or kind == "url_regex":
        return Endpoint(method, f"url_regex={_text(value)}", _regex(value), None)
    if kind == "url_prefix":
        return Endpoint(
            method, f"url_prefix={value}", compile_pattern("url_prefix", value), None
        )
    template = url_parts(str(value), _setting)
    if any(isinstance(part, templates.Param) for part in template):
        return Endpoint(method, str(value), compile_pattern("url", template), None)
    return Endpoint(method, str(value), None, URL.parse("".join(map(str, template))))


def _regex(value: str | re.Pattern[str]) -> UrlPattern:
    pattern = value if isinstance(value, re.Pattern) else re.compile(value)
    return compile_pattern("url_regex", pattern)


def _text(value: str | re.Pattern[str]) -> str:
    return value.pattern if isinstance(value, re.Pattern) else value


def _setting(name: str) -> Any:
    try:
        return getattr(settings, name)
    except AttributeError:
        raise TypeError(
            f"the URL uses {{settings.{name}}}, and there is no setting {name}"
        ) from None


@dataclass(frozen=True)
class Check:
    """One part an assertion compares: ``differs`` says how a request's
    differs (the lines to show), or None when it matches."""

    name: str
    differs: Callable[[APIRequest], str | None]


def checks(
    *,
    json: Any = None,
    json_contains: Any = None,
    data: Mapping[str, Any] | None = None,
    data_contains: Mapping[str, Any] | None = None,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    files: Any = None,
) -> list[Check]:
    found = []
    if json is not None:
        found.append(Check("json", _exact(json, _body_json)))
    if json_contains is not None:
        found.append(Check("json_contains", _json_contains(json_contains)))
    if data is not None:
        found.append(Check("data", _fields("form", data, exact=True)))
    if data_contains is not None:
        found.append(Check("data_contains", _fields("form", data_contains)))
    if params is not None:
        found.append(Check("params", _fields("params", params, exact=True)))
    if headers is not None:
        found.append(Check("headers", _headers(headers)))
    if files is not None:
        found.append(Check("files", _files(files)))
    return found


def _body_json(request: APIRequest) -> Any:
    try:
        return request.json()
    except ValueError:
        return request.text


def _exact(expected: Any, actual: Callable[[APIRequest], Any]) -> Any:
    def differs(request: APIRequest) -> str | None:
        got = actual(request)
        return None if got == expected else diff(expected, got)

    return differs


def _json_contains(expected: Any) -> Callable[[APIRequest], str | None]:
    def differs(request: APIRequest) -> str | None:
        try:
            got = request.json()
        except ValueError:
            return _indent([f"the body is not JSON: {request.text[:60]!r}"])
        found = matchers.json_mismatches(
            expected, got, "$", partial=True, any_order=False
        )
        return _indent(found) if found else None

    return differs


def _fields(
    kind: str, expected: Mapping[str, Any], *, exact: bool = False
) -> Callable[[APIRequest], str | None]:
    """Form fields or query parameters, each compared as ``match.form`` does
    (a list is the field's values); ``exact``: no other field either."""

    def differs(request: APIRequest) -> str | None:
        got: MultiDict = request.form if kind == "form" else request.params
        found = [d.reason for d in matchers.field_differences(kind, expected, got)]
        if exact:
            found += [
                f"{kind} has unexpected {name}={got[name]!r}"
                for name in got
                if name not in expected
            ]
        return _indent(found) if found else None

    return differs


def _headers(expected: Mapping[str, str]) -> Callable[[APIRequest], str | None]:
    def differs(request: APIRequest) -> str | None:
        got = {name: request.headers.get(name) for name in expected}
        return None if got == dict(expected) else diff(dict(expected), got)

    return differs


def _files(expected: Any) -> Callable[[APIRequest], str | None]:
    """Parts written as for requests' ``files=``: a dict or a list of
    ``(name, value)``, a value being the content or ``(filename, content[,
    content_type[, headers]])``, or a dict as in ``match.multipart``."""
    wanted: dict[str, list[Any]] = {}
    for name, value in _pairs(expected):
        wanted.setdefault(name, []).append(_described(value))

    def differs(request: APIRequest) -> str | None:
        found = []
        for name, described in wanted.items():
            parts = [part for part in request.files if part.name == name]
            if len(parts) != len(described):
                found.append(
                    f"{len(parts)} part(s) named {name!r} were sent, "
                    f"{len(described)} expected"
                )
                continue
            for index, (want, part) in enumerate(zip(described, parts, strict=True)):
                where = f"{name!r}" if len(parts) == 1 else f"{name!r}[{index}]"
                found += [
                    f"part {where}: {reason}"
                    for reason in matchers.part_mismatches(want, part)
                ]
        return _indent(found) if found else None

    return differs


def _pairs(expected: Any) -> Sequence[tuple[str, Any]]:
    if isinstance(expected, Mapping):
        return list(expected.items())
    return [(str(name), value) for name, value in expected]


_TUPLE_KEYS = ("filename", "content", "content_type", "headers")


def _described(value: Any) -> Any:
    if isinstance(value, tuple):
        described = dict(zip(_TUPLE_KEYS, value, strict=False))
        if described.get("content_type", "") is None:
            described["content_type"] = ""  # requests sends no Content-Type
        return described
    return value


def _pretty(value: Any) -> list[str]:
    return jsonlib.dumps(value, indent=2, sort_keys=True, default=str).splitlines()


def diff(expected: Any, actual: Any) -> str:
    """``expected`` against ``actual`` as a unified diff of their JSON."""
    lines = difflib.unified_diff(
        _pretty(expected), _pretty(actual), "expected", "actual", lineterm="", n=2
    )
    return "\n".join("      " + line for line in lines)


def _indent(lines: list[str]) -> str:
    return "\n".join("      - " + line for line in lines)

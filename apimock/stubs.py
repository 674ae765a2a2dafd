"""The stub model: a stub as written, and resolved against the settings.

A :class:`StubSpec` is a validated stub as written (placeholders intact); a
:class:`Stub` is the same stub resolved against the current settings and ready
to match. :func:`parse_stub` validates (see :mod:`apimock.validation`) and
raises the first problem as a StubError for code that needs a stub now.
"""

from __future__ import annotations

import functools
import json as jsonlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from apimock import faults, templates
from apimock.exceptions import StubError
from apimock.request import URL, APIResponse, MultiDict
from apimock.validation import validate_stub

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
    error: str | None = None
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
        if self.spec.error is not None:
            return faults.Fault(self.spec.error)
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
        error=raw.get("error"),
        headers=dict(raw.get("headers") or {}),
    )

"""The stub model: a stub as written, and resolved against the settings.

A :class:`StubSpec` is a validated stub (placeholders intact); a
:class:`Stub` is the same stub resolved against the current settings:
its URL pattern compiled, its ``{settings.NAME}`` values filled in and its
``{request.…}`` values left for the request. :func:`parse_stub` validates
(see :mod:`apimock.stubs.validation`) and raises the first problem as StubError.
"""

from __future__ import annotations

import functools
import pkgutil
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apimock.conf import conf
from apimock.exceptions import StubError
from apimock.request import APIResponse
from apimock.stubs import definitions, matchers, templates
from apimock.stubs.definitions import Definition
from apimock.stubs.source import StubSource
from apimock.stubs.urls import UrlError, UrlPattern, compile_pattern, url_parts
from apimock.stubs.validation import ANSWER_KEYS, URL_KEYS, validate_stub
from apimock.stubs.validation.keys import TEMPLATED_KEYS

DEFAULT_STATE = "Started"


@dataclass(frozen=True, eq=False)
class StubSpec:
    """A validated stub, placeholders not yet resolved. Compared by identity."""

    method: str
    url_kind: str
    #: As written: text, or for ``url_regex`` a compiled pattern too.
    url: str | re.Pattern[str]
    source: StubSource
    answers: tuple[Mapping[str, Any], ...]
    name: str | None = None
    match: Mapping[str, Any] = field(default_factory=dict)
    priority: int | None = None
    then: str = "repeat"
    times: int | None = None
    required: bool = False
    #: False: the stub leaves its API's contract on purpose (an outage).
    contract: bool = True
    scenario: str | None = None
    state: str | None = None
    next_state: str | None = None
    #: The distinct content this stub shares with every stub written the
    #: same (None: it holds objects other than plain data).
    definition: Definition | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return f"{self.name!r} ({self.source})" if self.name else str(self.source)

    @property
    def shown_url(self) -> str:
        return self.url.pattern if isinstance(self.url, re.Pattern) else self.url

    def resolve(self, lookup: Callable[[str], Any]) -> Stub:
        """Resolve ``{settings.NAME}`` through ``lookup`` and compile for matching.

        Compiled once per distinct definition and settings values it reads.
        """
        if self.definition is None:
            resolved = self._resolve(lookup)
        else:
            resolved = definitions.resolved(
                self.definition, conf.generation, lookup, self._resolve
            )
        return Stub(
            spec=self,
            method=self.method,
            pattern=resolved.pattern,
            match=resolved.match,
            answers=resolved.answers,
            resolved=resolved,
        )

    def _resolve(self, lookup: Callable[[str], Any]) -> Resolved:
        try:
            if self.url_kind == "url":
                pattern = compile_pattern("url", url_parts(self.shown_url, lookup))
            else:
                pattern = compile_pattern(
                    self.url_kind, templates.render(self.url, lookup)
                )
        except UrlError as error:
            raise StubError(f"{self.label}: key {self.url_kind!r}: {error}.") from None
        match = {
            key: templates.render(value, lookup) for key, value in self.match.items()
        }
        query = {**pattern.query, **match.get("query", {})}
        if query and "query_exact" not in match:
            match["query"] = query
        return Resolved(
            pattern=pattern,
            match=match,
            answers=tuple(
                {
                    key: templates.render(value, lookup, request=True)
                    if key in TEMPLATED_KEYS
                    else value
                    for key, value in answer.items()
                }
                for answer in self.answers
            ),
        )


@dataclass(frozen=True, eq=False)
class Resolved:
    """What resolving a stub gives, shared by every stub of one definition
    while the settings it read keep their values: never changed once made."""

    pattern: UrlPattern
    match: Mapping[str, Any]
    answers: tuple[Mapping[str, Any], ...]

    @functools.cached_property
    def prebuilt(self) -> tuple[APIResponse | None, ...]:
        """Each answer's response, built once where it never reads the request
        (each request gets a copy)."""
        from apimock.stubs import answers  # answers builds on this module's model

        return tuple(answers.prebuild(answer) for answer in self.answers)

    @functools.cached_property
    def specificity(self) -> int:
        """How many conditions its URL and match rules set."""
        return self.pattern.specificity + matchers.specificity(self.match)


@dataclass(frozen=True, eq=False)
class Stub:
    """A stub resolved against the current settings, ready to match."""

    spec: StubSpec
    method: str
    pattern: UrlPattern
    match: Mapping[str, Any]
    answers: tuple[Mapping[str, Any], ...]
    resolved: Resolved = field(repr=False)

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def url(self) -> str:
        return self.pattern.text

    @property
    def prebuilt(self) -> tuple[APIResponse | None, ...]:
        """Each answer's response, built once where it never reads the request."""
        return self.resolved.prebuilt

    @functools.cached_property
    def specificity(self) -> int:
        """How many conditions beyond the method: the more, the earlier it wins.

        A scenario ``state`` is one: in that state the stub beats a fallback
        for the same request however the two were ordered.
        """
        in_state = 1 if self.spec.state is not None else 0
        return self.resolved.specificity + in_state


def parse_stub(raw: Any, source: StubSource, base_dir: str | None = None) -> StubSpec:
    """Validate ``raw`` and build a StubSpec; StubError names the first problem.

    ``base_dir`` is where a ``body_file`` path starts (the stub file's folder).
    A stub whose content was validated before is not validated again.
    """
    key = definitions.content_key(raw) if isinstance(raw, Mapping) else None
    definition = definitions.known(key)
    if definition is None:
        problems = validate_stub(raw, source, base_dir=base_dir)
        if problems:
            first = problems[0]
            raise StubError(f"{first.message} {first.hint or ''}".strip())
        definition = definitions.remember(key)
    url_kind = next(key for key in URL_KEYS if key in raw)
    single = {key: raw[key] for key in ANSWER_KEYS if key in raw}
    answers = [
        _load_answer(answer, base_dir) for answer in raw.get("responses") or [single]
    ]
    match = dict(raw.get("match") or {})
    if "custom" in match:
        match["custom"] = _callables(match["custom"])
    return StubSpec(
        method=raw.get("method", "ANY").upper(),
        url_kind=url_kind,
        url=raw[url_kind],
        source=source,
        answers=tuple(answers),
        name=raw.get("name"),
        match=match,
        priority=raw.get("priority"),
        then=raw.get("then", "repeat"),
        times=raw.get("times"),
        required=bool(raw.get("required", False)),
        contract=bool(raw.get("contract", True)),
        scenario=raw.get("scenario"),
        state=raw.get("state"),
        next_state=raw.get("next_state"),
        definition=definition,
    )


def _load_answer(answer: Mapping[str, Any], base_dir: str | None) -> dict[str, Any]:
    loaded = dict(answer)
    if "body_file" in loaded:
        path = Path(loaded.pop("body_file"))
        if not path.is_absolute() and base_dir is not None:
            path = Path(base_dir) / path
        loaded["body"] = path.read_bytes()
    if "callback" in loaded:
        [loaded["callback"]] = _callables(loaded["callback"])
    return loaded


def _callables(value: Any) -> list[Callable[..., Any]]:
    items = value if isinstance(value, list) else [value]
    return [
        pkgutil.resolve_name(item) if isinstance(item, str) else item for item in items
    ]

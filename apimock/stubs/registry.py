"""Stub sets, indexed so that finding a stub does not slow down with their number.

Exact and templated URLs live in a trie per (method, origin) over path
segments, a template's ``{id}`` segment being a wildcard child; regex, prefix
and host stubs are checked one by one. Each set follows the live settings:
its stubs are re-resolved when settings change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings

from apimock.conf import conf
from apimock.exceptions import StubError
from apimock.request import APIRequest
from apimock.stubs.loading import settings_specs
from apimock.stubs.model import Stub, StubSpec
from apimock.stubs.urls import WILDCARD
from apimock.stubs.validation.problems import closest

_MISSING = object()


def lookup_setting(spec: StubSpec) -> Callable[[str], Any]:
    def lookup(name: str) -> Any:
        value = getattr(settings, name, _MISSING)
        if value is _MISSING:
            guess = closest(name, [n for n in dir(settings) if n.isupper()])
            hint = f" Did you mean {{settings.{guess}}}?" if guess else ""
            raise StubError(
                f"{spec.label}: {{settings.{name}}} is used but there is no "
                f"setting {name} (is it removed by override_settings?).{hint}"
            )
        return value

    return lookup


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    wildcard: _Node | None = None
    #: Each stub with its declaration position.
    stubs: list[tuple[Stub, int]] = field(default_factory=list)


class Candidate(NamedTuple):
    """A stub whose method and URL fit a request, and the path parameters."""

    stub: Stub
    params: dict[str, str]
    order: int


class _Compiled:
    """Stubs resolved at one settings generation, and their index.

    Replaced whole when settings change, never rebuilt in place, so a request
    answered on another thread never sees a half-built index; adds append
    (atomic in CPython) under a lock.
    """

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.stubs: list[Stub] = []
        self.tries: dict[tuple[str, str], _Node] = {}
        # Each with its declaration position, kept beside it rather than
        # looked up by id(): id() raises an audit event, which the guard's
        # audit hook would handle on every request.
        self.others: list[tuple[Stub, int]] = []
        self.lock = threading.Lock()

    def insert(self, stub: Stub) -> None:
        with self.lock:
            key = stub.pattern.index_key
            entry = (stub, len(self.stubs))
            if key is None:
                self.others.append(entry)
            else:
                origin, shape = key
                node = self.tries.setdefault((stub.method, origin), _Node())
                for segment in shape:
                    if segment is WILDCARD:
                        node.wildcard = node.wildcard or _Node()
                        node = node.wildcard
                    else:
                        node = node.children.setdefault(segment, _Node())
                node.stubs.append(entry)
            self.stubs.append(stub)

    def candidates(self, request: APIRequest, newest_first: bool) -> list[Candidate]:
        """Stubs whose method and URL fit ``request``; each one's ``order``
        ranks it by declaration (the newest first when ``newest_first``)."""
        url = request.parsed_url
        sign = -1 if newest_first else 1
        found = []
        for method in (request.method, "ANY"):
            root = self.tries.get((method, url.origin))
            if root is None:
                continue
            for stub, order in _walk(root, url.segments):
                # The trie has matched an exact URL's path whole; a template's
                # segments may be partial ("{id}.json"), so its regex decides.
                # (Only PathTemplates are in a trie: their index_key says so.)
                exact = stub.pattern.source is None  # type: ignore[union-attr]
                params = {} if exact else stub.pattern.match(url)
                if params is not None:
                    found.append(Candidate(stub, params, sign * order))
        for stub, order in self.others:
            if stub.method in (request.method, "ANY"):
                params = stub.pattern.match(url)
                if params is not None:
                    found.append(Candidate(stub, params, sign * order))
        return found


def _walk(root: _Node, segments: list[str]) -> list[tuple[Stub, int]]:
    """The stubs whose path shape fits ``segments``.

    Straight down the literal segments while no ``{param}`` branches off the
    way (exact URLs only, the common case): one dict lookup per segment.
    """
    node = root
    for head in segments:
        if node.wildcard is not None:
            return _walk_templates(root, segments)
        child = node.children.get(head)
        if child is None:
            return []
        node = child
    return node.stubs


def _walk_templates(root: _Node, segments: list[str]) -> list[tuple[Stub, int]]:
    """:func:`_walk` where templates branch: literal segments before
    ``{param}`` ones at each level. Level by level, not recursively: a request
    costs one pass over its segments, not a generator per segment."""
    nodes = [root]
    for head in segments:
        reached = []
        for node in nodes:
            child = node.children.get(head)
            if child is not None:
                reached.append(child)
            if node.wildcard is not None and head:
                reached.append(node.wildcard)
        if not reached:
            return []
        nodes = reached
    return [entry for node in nodes for entry in node.stubs]


class StubSet:
    """An ordered set of stubs with an index that follows the live settings.

    ``newest_first``: among equally good stubs the last added wins (stubs
    added in a test); otherwise the first declared wins (settings stubs).
    """

    def __init__(
        self, specs: Iterable[StubSpec] = (), *, newest_first: bool = True
    ) -> None:
        self._specs: list[StubSpec] = list(specs)
        self._newest_first = newest_first
        self._compiled: _Compiled | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._specs)

    def specs(self) -> list[StubSpec]:
        return list(self._specs)

    def add(self, spec: StubSpec) -> None:
        stub = _resolve(spec)  # a bad placeholder fails here, in the test
        with self._lock:
            self._specs.append(spec)
            compiled = self._compiled
            if compiled is None and len(self._specs) == 1:
                # The first stub: index it now rather than resolve it again
                # on the first request.
                compiled = self._compiled = _Compiled(conf.generation)
            if compiled is not None and compiled.generation == conf.generation:
                compiled.insert(stub)

    def clear(self) -> None:
        with self._lock:
            self._specs.clear()
            self._compiled = None

    def stubs(self) -> list[Stub]:
        """All stubs resolved against the current settings, in declaration order."""
        return list(self._current().stubs)

    def candidates(self, request: APIRequest) -> list[Candidate]:
        """Stubs whose method and URL fit ``request``, each with its ``order``
        by declaration (the caller ranks them; the list is not sorted)."""
        if not self._specs:
            return []
        return self._current().candidates(request, self._newest_first)

    def _current(self) -> _Compiled:
        compiled = self._compiled
        if compiled is not None and compiled.generation == conf.generation:
            return compiled
        with self._lock:
            compiled = _Compiled(conf.generation)
            for spec in self._specs:
                compiled.insert(_resolve(spec))
            self._compiled = compiled
            return compiled


def _resolve(spec: StubSpec) -> Stub:
    return spec.resolve(lookup_setting(spec))


class SettingsStubs:
    """The process-wide set built from ``APIMOCK["STUBS"]``, rebuilt when it changes."""

    def __init__(self) -> None:
        self._source: list[StubSpec] | None = None
        self._set = StubSet(newest_first=False)
        self._generation = -1

    def current(self) -> StubSet:
        # Settings change through setting_changed (override_settings,
        # pytest-django's settings fixture), which moves the generation on;
        # until it does, a request gets the set without reading settings.
        if self._generation == conf.generation:
            return self._set
        specs = settings_specs()
        if specs is not self._source:
            self._set = StubSet(specs, newest_first=False)
            self._source = specs
        self._generation = conf.generation
        return self._set


settings_stubs = SettingsStubs()


def iter_layers(layers: Iterable[StubSet]) -> Iterator[Stub]:
    for layer in layers:
        yield from layer.stubs()

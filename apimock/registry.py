"""Stub sets indexed by (method, origin + path), resolved lazily per settings change.

Finding a stub for a request is a dict look-up plus a check of the few stubs
that share its method and URL, so it does not slow down as stubs are added.
The order within one key: most specific first, then most recently added.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings

from apimock import matching
from apimock.conf import conf
from apimock.exceptions import StubError
from apimock.loading import settings_specs
from apimock.request import APIRequest
from apimock.stubs import Stub, StubSpec

_MISSING = object()


def lookup_setting(spec: StubSpec) -> Callable[[str], Any]:
    def lookup(name: str) -> Any:
        value = getattr(settings, name, _MISSING)
        if value is _MISSING:
            raise StubError(
                f"{spec.label}: {{settings.{name}}} is used but there is no "
                f"setting {name} (is it removed by override_settings?)."
            )
        return value

    return lookup


class _Compiled:
    """Stubs resolved at one settings generation, and their index.

    Readers take the whole object at once; it is replaced, never rebuilt in
    place, and a bucket is copied before it changes, so a request answered
    on another thread never sees a half-built index.
    """

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.stubs: list[Stub] = []
        self.index: dict[tuple[str, str], list[Stub]] = {}

    def insert(self, stub: Stub) -> None:
        key = (stub.method, stub.parsed_url.base)
        bucket = list(self.index.get(key, ()))
        # Newest first among equally specific stubs: a later add() overrides.
        position = next(
            (
                i
                for i, other in enumerate(bucket)
                if other.specificity <= stub.specificity
            ),
            len(bucket),
        )
        bucket.insert(position, stub)
        self.index[key] = bucket
        self.stubs.append(stub)


class StubSet:
    """An ordered set of stubs with an index that follows the live settings."""

    def __init__(self, specs: Iterable[StubSpec] = ()) -> None:
        self._specs: list[StubSpec] = list(specs)
        self._compiled: _Compiled | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._specs)

    def add(self, spec: StubSpec) -> None:
        stub = _resolve(spec)  # a bad placeholder fails here, in the test
        with self._lock:
            self._specs.append(spec)
            compiled = self._compiled
            if compiled is not None and compiled.generation == conf.generation:
                compiled.insert(stub)

    def clear(self) -> None:
        with self._lock:
            self._specs.clear()
            self._compiled = None

    def stubs(self) -> list[Stub]:
        """All stubs resolved against the current settings, in declaration order."""
        return list(self._current().stubs)

    def find(self, request: APIRequest) -> Stub | None:
        key = (request.method, request.parsed_url.base)
        for stub in self._current().index.get(key, ()):
            if matching.matches(stub, request):
                return stub
        return None

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
        self._set = StubSet()

    def current(self) -> StubSet:
        specs = settings_specs()
        if specs is not self._source:
            # Settings stubs are declared in order; the first declared wins a
            # tie, so they are inserted last-first into the newest-first index.
            self._set = StubSet(reversed(specs))
            self._source = specs
        return self._set


settings_stubs = SettingsStubs()


def iter_layers(layers: Iterable[StubSet]) -> Iterator[Stub]:
    for layer in layers:
        yield from layer.stubs()

"""Cassettes: record real API traffic once, replay it in every later run.

``recorder`` is the cassette a test uses, ``files`` reads and writes the
YAML, ``redaction`` keeps secrets out of it, ``fetch`` sends the real request
while recording and ``usage`` remembers what the last run replayed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from apimock.cassettes.recorder import CassetteOptions

F = TypeVar("F", bound=Callable[..., Any])
ATTRIBUTE = "_apimock_cassette"


def cassette(
    name: str, *, mode: str | None = None, match_on: Iterable[str] | None = None
) -> Callable[[F], F]:
    """Run this test method with the cassette ``name`` (``CASSETTE_DIR/name.yaml``).

    ``mode`` overrides ``APIMOCK["RECORD_MODE"]`` (the ``APIMOCK_RECORD_MODE``
    environment variable still wins, so CI can force ``none``); ``match_on``
    overrides ``APIMOCK["CASSETTE_MATCH_ON"]``.
    """
    options = CassetteOptions(name, mode, None if match_on is None else tuple(match_on))

    def decorate(method: F) -> F:
        setattr(method, ATTRIBUTE, options)
        return method

    return decorate


def options_for(value: Any) -> CassetteOptions | None:
    """A class attribute or marker value (a name or options) as options."""
    if value is None or isinstance(value, CassetteOptions):
        return value
    if isinstance(value, str):
        return CassetteOptions(value)
    raise TypeError(f"a cassette is named by a string, got {value!r}")

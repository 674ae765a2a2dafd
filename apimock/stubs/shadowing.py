"""Stubs that hide one another: the newest of two alike always wins.

``responses`` answered with stubs added for the same URL in turn, and a
suite ported from it may mean two ``api.add`` calls that way; apimock
answers with the newest every time. Said out loud the first time the newer
answers while the older has not, when both were added in the same place:
the same phase of the test (``setUp``, or the test) and the same function
(or the same list of stubs). A subclass's ``setUp`` overriding its base
class's stub, or a test overriding its ``setUp``'s, is not warned.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import warnings
from collections.abc import Iterable, Mapping
from types import CodeType

from apimock.exceptions import ShadowedStubWarning
from apimock.stubs.model import StubSpec
from apimock.stubs.source import StubSource

#: Where a stub was added: the phase, and the function (or list) it came from.
Place = tuple[int, "CodeType | str | None"]

_APIMOCK = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_STDLIB = sysconfig.get_paths()["stdlib"]


def alike(older: StubSpec, newer: StubSpec) -> bool:
    """Whether ``newer`` answers every request ``older`` would (and, without a
    ``times`` of its own, always will)."""
    return (
        newer.times is None
        and older.method == newer.method
        and older.url_kind == newer.url_kind
        and older.url == newer.url
        and dict(older.match) == dict(newer.match)
        and older.priority == newer.priority
        and (older.scenario, older.state) == (newer.scenario, newer.state)
    )


def place(phase: int, source: StubSource) -> Place:
    """Where a stub is being added: in ``phase``, by the first function
    outside apimock (an ``api.add`` call), or from a list of stubs."""
    if source.style != "call":
        return phase, source.origin
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_APIMOCK):
        frame = frame.f_back
    return phase, frame.f_code


def warn_if_shadowing(
    newer: StubSpec,
    specs: Iterable[StubSpec],
    phases: Mapping[StubSpec, Place],
    uses: Mapping[StubSpec, int],
) -> None:
    """Warn if ``newer``, about to answer for the first time, hides an
    earlier stub added in the same place that has never answered."""
    phase = phases.get(newer)
    if phase is None:
        return
    for older in specs:
        if older is newer:
            return
        if phases.get(older) == phase and not uses.get(older) and alike(older, newer):
            warnings.warn(
                f"{newer.label} answers {newer.method} {newer.shown_url} in place "
                f"of {older.label}, added before it for the same requests, which "
                "will never answer: the newest stub wins (responses served them "
                "in turn). For answers in turn write one stub with "
                "responses=[{...}, {...}], or give the newer one times=1; to "
                f"override, remove {older.label}.",
                ShadowedStubWarning,
                stacklevel=_user_stacklevel(),
            )
            return


def _user_stacklevel() -> int:
    """How far up the first frame outside apimock, the standard library and
    installed packages is: the warning points at the code that sent the
    request."""
    frame = sys._getframe(1)  # warn_if_shadowing: stacklevel 1
    level = 1
    while frame.f_back is not None and _library(frame.f_code.co_filename):
        frame = frame.f_back
        level += 1
    return level


def _library(filename: str) -> bool:
    return (
        filename.startswith((_APIMOCK, _STDLIB, "<frozen"))
        or "site-packages" in filename
    )

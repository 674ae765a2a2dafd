"""Which stub answers a request: the best-ranked one whose rules match.

Ranked by an explicit ``priority`` first, then by layer (the mock's own
stubs, its parents', then the settings stubs or the cassette), then the most
specific, then declaration order within the layer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from apimock.request import APIRequest
from apimock.stubs import matchers
from apimock.stubs.model import Stub
from apimock.stubs.registry import StubSet
from apimock.stubs.state import StubState

_NO_PRIORITY = 1 << 30

# pytest leaves this module's frames out of a failure's traceback (see
# apimock.mock).
__tracebackhide__ = True


@dataclass(slots=True)  # not frozen: one is made on every request
class Match:
    """The stub chosen for a request, and which of its responses to serve."""

    stub: Stub
    index: int

    @property
    def answer(self) -> Mapping[str, Any]:
        return self.stub.answers[self.index]


@dataclass(slots=True, frozen=True)
class PendingRecord:
    """A request no stub answers that a recording cassette sends for real.

    It is sent when the transport asks for the answer, not when the stub is
    chosen: transports choose under their own locks (responses' registry
    lock), and the real server may make stubbed calls of its own meanwhile.
    """

    send: Callable[[], Stub]


def choose(
    layers: Iterable[StubSet], request: APIRequest, state: StubState
) -> tuple[Stub, dict[str, str]] | None:
    """The best stub for ``request`` and the path parameters it captured."""
    best: tuple[Any, ...] | None = None
    chosen = None
    for layer, stub_set in enumerate(layers):
        for candidate in stub_set.candidates(request):
            stub = candidate.stub
            priority = (
                stub.spec.priority if stub.spec.priority is not None else _NO_PRIORITY
            )
            key = (priority, layer, -stub.specificity, candidate.order)
            if best is not None and key >= best:
                continue
            if matchers.differences(stub.match, request):
                continue
            if state.unavailable(stub.spec):
                continue
            best, chosen = key, (stub, candidate.params)
    return chosen

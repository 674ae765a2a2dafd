"""The stubs in force, as the journal lists them, and what its actions change.

Fakes (stateful APIs built from an OpenAPI document) will join the stubs
here: a fake registers in :data:`FAKES`; the journal lists its groups with
the stubs and empties its stores on "reset". None exists yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from apimock.dev.journal.entries import scrub, where
from apimock.stubs.model import StubSpec

if TYPE_CHECKING:
    from apimock.dev.journal.recording import Journal
    from apimock.mock import APIMock


@dataclass(frozen=True)
class StubRow:
    key: str  # the stub's source, which names it in the actions
    name: str | None
    method: str
    url: str
    where: str
    answered: int
    #: Why it cannot answer now (used up, another scenario state, off).
    unavailable: str | None
    off: bool


@dataclass(frozen=True)
class Group:
    title: str
    rows: tuple[StubRow, ...]


class Fakes(Protocol):
    """What a fake gives the journal: its groups, and a way to start afresh."""

    def journal_groups(self, journal: Journal) -> list[Group]: ...

    def reset_stores(self) -> None: ...


#: The fakes in force, each registered by the fake itself when it starts.
FAKES: list[Fakes] = []


def groups(journal: Journal) -> list[Group]:
    """The stubs in force, grouped by where they were declared, then the fakes'."""
    mock = _mock(journal)
    state = mock.state
    grouped: dict[str, list[StubRow]] = {}
    for stub in mock.stubs():
        spec = stub.spec
        grouped.setdefault(_title(spec), []).append(
            StubRow(
                key=str(spec.source),
                name=spec.name,
                method=spec.method,
                url=scrub(journal.redactor, stub.url),
                where=where(spec.source),
                answered=journal.answered(str(spec.source)),
                unavailable=state.unavailable(spec),
                off=spec in state.switched_off,
            )
        )
    found = [Group(title, tuple(rows)) for title, rows in grouped.items()]
    return found + [group for fake in FAKES for group in fake.journal_groups(journal)]


def scenarios(journal: Journal) -> list[tuple[str, str]]:
    """Each scenario that has left its first state, and the state it is in."""
    state = _mock(journal).state
    with state.lock:
        return sorted(state.scenarios.items())


def reset(journal: Journal) -> None:
    """Stub uses, sequences and scenarios start afresh (the fakes' stores too)."""
    _mock(journal).state.reset()
    for fake in FAKES:
        fake.reset_stores()
    journal.changed()


def switch(journal: Journal, key: str, *, on: bool) -> bool:
    """Switch the stub named ``key`` on or off; False if there is none."""
    mock = _mock(journal)
    spec = next((s.spec for s in mock.stubs() if str(s.spec.source) == key), None)
    if spec is None:
        return False
    mock.state.switch(spec, on=on)
    journal.changed()
    return True


def _title(spec: StubSpec) -> str:
    source = spec.source
    if source.origin == "settings":
        return 'Settings: APIMOCK["STUBS"]'
    if source.style in ("call", "list"):  # api.add(), a stubs list
        return f"In code: {source.origin}"
    if source.origin.startswith("cassette "):
        return f"Cassette: {source.origin.removeprefix('cassette ')}"
    return f"Stub file: {source.origin}"


def _mock(journal: Journal) -> APIMock:
    if journal.mock is None:
        raise RuntimeError("the journal is not installed on a mock")
    return journal.mock

"""The journal: the last N calls of a long-lived mock, newest first.

A :class:`Journal` is the mock's call observer (see
:class:`apimock.calls.CallObserver`). One is installed per process by the
server that owns the mock (dev mode, ``apimock serve``); the pages find it
with :func:`current`. Every method may be called from any thread.
"""

from __future__ import annotations

import contextvars
import dataclasses
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from apimock.calls import Call
from apimock.cassettes.redaction import Redactor
from apimock.conf import conf
from apimock.dev.journal.entries import Entry, make_entry
from apimock.request import APIRequest

if TYPE_CHECKING:
    from apimock.mock import APIMock

# A request the mock was asked about but never logged (its client failed in
# between) must not be remembered for ever.
_PENDING_LIMIT = 1024

# The toolbar panel's list for the request being handled, if any.
_collecting: contextvars.ContextVar[list[Entry] | None] = contextvars.ContextVar(
    "apimock_journal_collecting", default=None
)


class Journal:
    """The newest ``size`` calls, and how often each stub answered.

    ``requires_debug``: the pages are served only while DEBUG is on (dev
    mode's journal); ``apimock serve`` answers with stubs whatever DEBUG is.
    """

    def __init__(self, size: int, *, requires_debug: bool = True) -> None:
        self.size = size
        self.requires_debug = requires_debug
        self.mock: APIMock | None = None
        self.redactor = Redactor(
            conf.REDACT_SETTINGS, conf.REDACT_HEADERS, conf.REDACT_FIELDS
        )
        self._entries: deque[Entry] = deque(maxlen=size)
        self._answered: Counter[str] = Counter()
        self._pending: dict[int, tuple[APIRequest, float]] = {}
        self._numbers = 0
        #: Moves on with every change a page shows: polling compares it.
        self.version = 0
        self._lock = threading.Lock()

    # -- the call observer ----------------------------------------------------

    def call_started(self, request: APIRequest) -> None:
        with self._lock:
            if len(self._pending) >= _PENDING_LIMIT:
                del self._pending[next(iter(self._pending))]
            self._pending[id(request)] = (request, time.perf_counter())

    def call_recorded(self, call: Call) -> None:
        now = time.perf_counter()
        with self._lock:
            pending = self._pending.pop(id(call.request), None)
        started = pending[1] if pending and pending[0] is call.request else None
        duration = None if started is None else now - started
        # Redacted outside the lock; numbered as it is kept, so that the
        # newest numbers are the ones kept whichever thread was slower.
        entry = make_entry(call, duration, self.redactor)
        with self._lock:
            self._numbers += 1
            entry = dataclasses.replace(entry, number=self._numbers)
            self._entries.append(entry)
            if entry.stub_key is not None:
                self._answered[entry.stub_key] += 1
            self.version += 1
        collected = _collecting.get()
        if collected is not None:
            collected.append(entry)

    # -- reading --------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """The calls kept, newest first."""
        with self._lock:
            return list(reversed(self._entries))

    def entry(self, number: int) -> Entry | None:
        with self._lock:
            return next((e for e in self._entries if e.number == number), None)

    def answered(self, stub_key: str) -> int:
        with self._lock:
            return self._answered[stub_key]

    @property
    def total(self) -> int:
        """Calls logged since the journal started, kept or not."""
        return self._numbers

    # -- actions --------------------------------------------------------------

    def clear(self) -> None:
        """Forget the calls and the answer counts (numbers carry on)."""
        with self._lock:
            self._entries.clear()
            self._answered.clear()
            self.version += 1

    def changed(self) -> None:
        """Something the pages show changed outside the journal (stub state)."""
        with self._lock:
            self.version += 1


@contextmanager
def collecting() -> Iterator[list[Entry]]:
    """The entries logged in this context (this request's thread or task)."""
    collected: list[Entry] = []
    token = _collecting.set(collected)
    try:
        yield collected
    finally:
        _collecting.reset(token)


_current: list[Journal] = []


def install(journal: Journal, mock: APIMock) -> None:
    """Make ``journal`` (observing ``mock``) the one the pages show."""
    journal.mock = mock
    _current[:] = [journal]


def uninstall(journal: Journal) -> None:
    if _current and _current[0] is journal:
        _current.clear()


def current() -> Journal | None:
    return _current[0] if _current else None


def new_journal(*, requires_debug: bool = True) -> Journal | None:
    """A journal as the settings ask for; None when ``JOURNAL_PATH`` is None."""
    if conf.JOURNAL_PATH is None:
        return None
    return Journal(conf.JOURNAL_SIZE, requires_debug=requires_debug)

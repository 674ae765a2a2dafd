"""A journal on a long-lived mock, arranged as dev mode arranges it (without
a development server), for the journal's own tests."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from apimock.dev.journal import recording
from apimock.dev.journal.recording import Journal
from apimock.diagnostics import SETTINGS_ONLY
from apimock.testing.session import MockSession


@contextmanager
def journaled(
    stubs: Sequence[Mapping[str, Any]] = (), size: int = 50
) -> Iterator[Journal]:
    """An active mock with ``stubs`` (and the settings stubs) whose calls a
    journal of ``size`` records; the journal is the one the pages show."""
    journal = Journal(size)
    session = MockSession(
        stubs=stubs,
        settings_clients=False,
        record=False,
        paste=SETTINGS_ONLY,
        observer=journal,
    )
    session.start()
    recording.install(journal, session.mock)
    try:
        yield journal
    finally:
        recording.uninstall(journal)
        session.stop()


class ExpectedRefusals:
    """A test case mixin: the 403s, 404s and 405s these tests ask for are
    not logged as Django logs a request it refused."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        for name in ("django.request", "django.security.csrf"):
            logger = logging.getLogger(name)
            self.addCleanup(logger.setLevel, logger.level)  # type: ignore[attr-defined]
            logger.setLevel(logging.ERROR)

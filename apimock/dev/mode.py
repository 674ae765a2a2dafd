"""Offline dev mode: ``APIMOCK["ACTIVE_IN_DEV"]`` with ``DEBUG = True``.

The settings stubs answer the development server's outbound calls, so a
newcomer can try the project without accounts at the real APIs. It is
decided from the settings as they were at start-up: a test run flips DEBUG to
False later, and must neither start dev mode nor trip its system check.
Activation waits for the first request the server handles, which a test
run's client never triggers because DEBUG is False by then.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.signals import request_started

from apimock.conf import conf

if TYPE_CHECKING:
    from apimock.mock import APIMock

logger = logging.getLogger("apimock")

_state: dict[str, Any] = {"debug_at_startup": None, "session": None, "journal": None}
_lock = threading.Lock()


def configure() -> None:
    """Called once from AppConfig.ready(): remember DEBUG, wait for a request."""
    _state["debug_at_startup"] = bool(settings.DEBUG)
    if conf.ACTIVE_IN_DEV and settings.DEBUG:
        request_started.connect(_activate, dispatch_uid="apimock.dev.mode")


def refused() -> bool:
    """True when ACTIVE_IN_DEV is set in settings whose DEBUG was False."""
    return conf.ACTIVE_IN_DEV and _state["debug_at_startup"] is False


def debug_at_startup() -> bool | None:
    """DEBUG as the settings had it at start-up (None before)."""
    value: bool | None = _state["debug_at_startup"]
    return value


def active() -> bool:
    return _state["session"] is not None


def mock() -> APIMock | None:
    """The dev server's mock while dev mode is on: its calls, and its fakes'
    stores (``mock().fakes.reset()`` empties them)."""
    session = _state["session"]
    return session.mock if session is not None else None


def _activate(**kwargs: Any) -> None:
    if not (settings.DEBUG and conf.ACTIVE_IN_DEV):
        return
    with _lock:
        if _state["session"] is not None:
            return
        from apimock.dev.journal import mount, recording
        from apimock.diagnostics import SETTINGS_ONLY
        from apimock.testing.session import MockSession

        journal = recording.new_journal()
        session = MockSession(
            settings_clients=False,
            record=False,
            paste=SETTINGS_ONLY,
            observer=journal,
        )
        session.start()
        where = mount.start(journal, session.mock) if journal is not None else None
        _state["session"], _state["journal"] = session, journal
    logger.warning(
        "apimock dev mode: outbound API calls are answered by APIMOCK stubs; "
        "anything else is refused.%s",
        f" The journal of every call is at {where}" if where else "",
    )


def deactivate() -> None:
    """Stop dev mode (for tests of dev mode itself)."""
    with _lock:
        session, journal = _state["session"], _state["journal"]
        _state["session"] = _state["journal"] = None
    if journal is not None:
        from apimock.dev.journal import mount

        mount.stop(journal)
    if session is not None:
        session.stop()

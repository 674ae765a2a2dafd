"""Offline dev mode: ``APIMOCK["ACTIVE_IN_DEV"]`` with ``DEBUG = True``.

The settings stubs answer the development server's outbound calls, so a
newcomer can try the project without accounts at the real APIs. Whether it
may run is decided once, when the app loads: only in a process started as
``manage.py runserver`` (or a ``runserver`` of another app, such as
channels' or django-extensions' ``runserver_plus``), with ``DEBUG`` and
``ACTIVE_IN_DEV`` on. A test run never qualifies, so no test, whatever it
overrides, can switch it on for the tests after it. It starts with the
first request the server handles, and stops when ``DEBUG`` turns False.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.signals import request_started, setting_changed

from apimock.conf import conf
from apimock.guard import hosts

if TYPE_CHECKING:
    from apimock.mock import APIMock

logger = logging.getLogger("apimock")

_state: dict[str, Any] = {
    "debug_at_startup": None,
    "allowed": False,
    "session": None,
    "journal": None,
}
_lock = threading.Lock()


def configure(argv: list[str] | None = None) -> None:
    """Called once from AppConfig.ready(): decide, and wait for a request."""
    argv = sys.argv if argv is None else argv
    _state["debug_at_startup"] = bool(settings.DEBUG)
    _state["allowed"] = bool(
        conf.ACTIVE_IN_DEV and settings.DEBUG and _is_dev_server(argv)
    )
    if _state["allowed"]:
        request_started.connect(_activate, dispatch_uid="apimock.dev.mode")
        setting_changed.connect(_on_setting_changed, dispatch_uid="apimock.dev.mode")


def _is_dev_server(argv: list[str]) -> bool:
    """Is this process ``manage.py runserver`` (or ``python -m django
    runserver``)? Its autoreloaded child runs with the same arguments."""
    return len(argv) > 1 and argv[1].startswith("runserver")


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


def may_run() -> bool:
    """Is this process one dev mode may start in (runserver, DEBUG on)?"""
    return bool(_state["allowed"])


def _activate(**kwargs: Any) -> None:
    if not _state["allowed"]:
        return
    if not (settings.DEBUG and conf.ACTIVE_IN_DEV):
        deactivate()
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
            allowed_hosts=_narrow(),
        )
        session.start()
        where = mount.start(journal, session.mock) if journal is not None else None
        _state["session"], _state["journal"] = session, journal
    logger.warning(
        "apimock dev mode: outbound API calls are answered by APIMOCK stubs; "
        "anything else is refused.%s",
        f" The journal of every call is at {where}" if where else "",
    )


def _narrow() -> list[str]:
    """ALLOWED_HOSTS without the wide-open entries (apimock.E031 refuses them
    at start-up; ``runserver --skip-checks`` skips that, this does not)."""
    entries = list(conf.ALLOWED_HOSTS.entries)
    wide = hosts.wide_open(entries)
    if wide:
        logger.warning(
            "apimock dev mode: ALLOWED_HOSTS entries %s would let unstubbed "
            "requests reach the internet; they are left out.",
            ", ".join(map(repr, wide)),
        )
    return [entry for entry in entries if entry not in wide]


def _on_setting_changed(*, setting: str, value: Any = None, **kwargs: Any) -> None:
    if setting == "DEBUG" and not value:
        deactivate()


def deactivate() -> None:
    """Stop dev mode: DEBUG turned False (and for tests of dev mode itself)."""
    with _lock:
        session, journal = _state["session"], _state["journal"]
        _state["session"] = _state["journal"] = None
    if journal is not None:
        from apimock.dev.journal import mount

        mount.stop(journal)
    if session is not None:
        session.stop()

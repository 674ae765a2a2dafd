"""Which APIMock answers right now, and the transports that ask it.

A process-wide stack, not a thread-local: a request from a thread that the
code under test started must be answered by the test's mock too. The
transports (client patches) are installed while the stack is not empty.
"""

from __future__ import annotations

import threading

from apimock import transports
from apimock.exceptions import UnmatchedRequest
from apimock.guard import children as childguard
from apimock.guard import sockets as guard
from apimock.mock import APIMock
from apimock.reports import threads

_stack: list[APIMock] = []
_lock = threading.Lock()
_children: childguard.ParentSide | None = None


def push(mock: APIMock) -> None:
    global _children
    with _lock:
        if not _stack:
            transports.install()
            guard.install(_ActivePolicy())
            threads.install()
            _children = childguard.ParentSide(_current_allowed_hosts)
        _stack.append(mock)


def pop(mock: APIMock) -> None:
    """Deactivate ``mock``; harmless if it is not active (cleanups run once)."""
    global _children
    with _lock:
        if mock in _stack:
            _stack.remove(mock)
        if not _stack:
            if _children is not None:
                _children.close()
                _children = None
            threads.uninstall()
            guard.uninstall()
            transports.uninstall()


def take_child_misses() -> list[UnmatchedRequest]:
    """What child processes reported blocked since the last call."""
    children = _children
    return children.take_misses() if children is not None else []


def _current_allowed_hosts() -> tuple[str, ...]:
    mock = current()
    return mock.allowed_hosts.entries if mock is not None else ()


def current() -> APIMock | None:
    """The innermost active mock, or None when apimock is not active."""
    stack = _stack
    return stack[-1] if stack else None


class _ActivePolicy:
    """The socket guard asks whichever mock is active at the time."""

    def allows_address(self, ip: str, port: int | None) -> bool:
        mock = current()
        return mock is None or mock.allows_address(ip, port)

    def allows_name(self, host: str, port: int | None) -> bool:
        mock = current()
        return mock is None or mock.allows_name(host, port)

    def blocked(self, host: str, port: int | None, mechanism: str) -> UnmatchedRequest:
        mock = current()
        if mock is None:  # deactivated between the question and the answer
            return UnmatchedRequest(f"{mechanism} {host}:{port} was blocked.")
        return mock.blocked(host, port, mechanism)

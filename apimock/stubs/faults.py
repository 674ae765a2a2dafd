"""Client-neutral faults, so one stub fails every client in its own way.

A stub says ``error: timeout`` (or ``body=requests.Timeout()``, or any other
client's timeout); each transport raises its client's own exception for that
kind: ``requests.Timeout``, ``httpx.ReadTimeout`` (or httpx2's), urllib3's
``ReadTimeoutError``, ``aiohttp.ServerTimeoutError``, ``socket.timeout``.
"""

from __future__ import annotations

import sys
from typing import Final

TIMEOUT: Final = "timeout"
CONNECTION_ERROR: Final = "connection_error"
KINDS: Final = (TIMEOUT, CONNECTION_ERROR)


class Fault(Exception):
    """A stubbed failure of a kind, before a transport gives it its client's type."""

    def __init__(self, kind: str, message: str | None = None) -> None:
        super().__init__(message or f"apimock: stubbed {kind.replace('_', ' ')}")
        self.kind = kind


def _types(dotted: tuple[str, ...]) -> tuple[type[BaseException], ...]:
    """The types of the clients imported so far: an error of any other
    client's type cannot exist, so that client is not imported for it."""
    found = []
    for path in dotted:
        module, _, name = path.rpartition(".")
        kind = getattr(sys.modules.get(module), name, None)
        if kind is not None:
            found.append(kind)
    return tuple(found)


_TIMEOUTS = (
    "builtins.TimeoutError",
    "requests.Timeout",
    "httpx.TimeoutException",
    "httpx2.TimeoutException",
    "urllib3.exceptions.TimeoutError",
)
_CONNECTION_ERRORS = (
    "builtins.ConnectionError",
    "requests.ConnectionError",
    "httpx.NetworkError",
    "httpx2.NetworkError",
    "urllib3.exceptions.ProtocolError",
    "urllib3.exceptions.NewConnectionError",
    "aiohttp.ClientConnectionError",
)


def kind_of(error: BaseException) -> str | None:
    """TIMEOUT, CONNECTION_ERROR, or None for an error to raise as it is."""
    if isinstance(error, Fault):
        return error.kind
    if isinstance(error, _types(_TIMEOUTS)):
        return TIMEOUT
    if isinstance(error, _types(_CONNECTION_ERRORS)):
        return CONNECTION_ERROR
    return None


#: Faults in an answered response (``fault:`` in a stub).
CONNECTION_RESET: Final = "connection_reset"
TRUNCATED_BODY: Final = "truncated_body"
MALFORMED_JSON: Final = "malformed_json"
RESPONSE_FAULTS: Final = (CONNECTION_RESET, TRUNCATED_BODY, MALFORMED_JSON)
#: The faults that end a body early (half-way, or after a stream's last piece).
CUT_SHORT: Final = (CONNECTION_RESET, TRUNCATED_BODY)

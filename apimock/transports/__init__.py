"""One module per HTTP client: turn its request into an APIRequest, ask the
active mock, and turn the answer into the client's own response or error.

Clients other than requests are optional: a transport whose client is not
installed is left out, and apimock works for the rest.
"""

from __future__ import annotations

import importlib
from types import ModuleType

_MODULES = (
    "requests_transport",
    "httpx_transport",
    "urllib3_transport",
    "httpclient_transport",
    "aiohttp_transport",
    "httplib2_transport",
    "pycurl_transport",
    "grpc_transport",
    "websocket_client_transport",
    "websockets_transport",
    "niquests_transport",
)
#: The optional clients: a transport whose client is missing is left out.
_OPTIONAL = {
    "httpx",
    "aiohttp",
    "httplib2",
    "pycurl",
    "grpc",
    "websocket",
    "websockets",
    "websockets.asyncio",  # websockets before 13
    "niquests",
}


def _available() -> tuple[ModuleType, ...]:
    found = []
    for name in _MODULES:
        try:
            found.append(importlib.import_module(f"apimock.transports.{name}"))
        except ImportError as error:
            if error.name not in _OPTIONAL:
                raise  # a real bug in the transport, not a missing client
    return tuple(found)


_TRANSPORTS: tuple[ModuleType, ...] | None = None


def _transports() -> tuple[ModuleType, ...]:
    global _TRANSPORTS
    if _TRANSPORTS is None:
        _TRANSPORTS = _available()
    return _TRANSPORTS


def installed_clients() -> list[str]:
    """The names of the clients apimock answers in this environment."""
    return [transport.CLIENT for transport in _transports()]


def install() -> None:
    for transport in _transports():
        transport.install()


def uninstall() -> None:
    for transport in reversed(_transports()):
        transport.uninstall()

"""One module per HTTP client: turn its request into an APIRequest, ask the
active mock, and turn the answer into the client's own response type."""

from __future__ import annotations

from apimock.transports import requests_transport

_TRANSPORTS = (requests_transport,)


def install() -> None:
    for transport in _TRANSPORTS:
        transport.install()


def uninstall() -> None:
    for transport in reversed(_TRANSPORTS):
        transport.uninstall()

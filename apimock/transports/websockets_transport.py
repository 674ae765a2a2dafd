"""``websockets`` (its asyncio client): ``connect`` opens a stub peer's socket.

``websockets.asyncio.client.connect`` opens its TCP connection in
``open_tcp_connection``; for a URI a stub answers, apimock opens it on a
socket to a peer playing the stub's conversation
(apimock.transports.websocket_peer), plain even for ``wss://``, and leaves
the handshake, framing and errors to websockets. A URI no stub answers
raises UnmatchedRequest before any socket is made.
"""

from __future__ import annotations

import asyncio
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from apimock.transports import websocket_peer

CLIENT = "websockets"
_real_open = connect.open_tcp_connection


async def _open_tcp_connection(self: connect) -> ClientConnection:
    headers: Any = self.additional_headers or {}
    if not isinstance(headers, dict):
        headers = dict(
            headers.raw_items() if hasattr(headers, "raw_items") else headers
        )
    sock = websocket_peer.stubbed_socket(self.uri, headers, CLIENT)
    if sock is None:
        return await _real_open(self)
    loop = asyncio.get_running_loop()
    _, connection = await loop.create_connection(
        lambda: self.factory(self.ws_uri), sock=sock
    )
    return connection


def install() -> None:
    connect.open_tcp_connection = _open_tcp_connection  # type: ignore[method-assign]


def uninstall() -> None:
    connect.open_tcp_connection = _real_open  # type: ignore[method-assign]
    websocket_peer.stop_all()

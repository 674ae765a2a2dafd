"""``websocket-client``: ``WebSocket.connect`` is given a socket to a stub peer.

``create_connection`` and ``WebSocketApp`` both connect through
``WebSocket.connect(url, **options)``, which takes a ready socket as
``socket=``. For a URL a stub answers, that socket leads to a peer playing
the stub's conversation (apimock.transports.websocket_peer); the library's
own handshake, framing, timeouts and errors stay in play. A URL no stub
answers raises UnmatchedRequest before any socket is made.
"""

from __future__ import annotations

from typing import Any

import websocket

from apimock.transports import websocket_peer

CLIENT = "websocket-client"
_real_connect = websocket.WebSocket.connect


def _headers(given: Any) -> dict[str, str]:
    if isinstance(given, dict):
        return {str(k): str(v) for k, v in given.items()}
    pairs = (str(line).split(":", 1) for line in given or ())
    return {name.strip(): value.strip() for name, value in pairs}


def _connect(self: websocket.WebSocket, url: str, **options: Any) -> None:
    if options.get("socket") is None:
        sock = websocket_peer.stubbed_socket(
            url, _headers(options.get("header")), CLIENT, options.get("timeout")
        )
        if sock is not None:
            options["socket"] = sock
    _real_connect(self, url, **options)  # type: ignore[no-untyped-call]


def install() -> None:
    websocket.WebSocket.connect = _connect  # type: ignore[method-assign]


def uninstall() -> None:
    websocket.WebSocket.connect = _real_connect  # type: ignore[method-assign]
    websocket_peer.stop_all()

"""The server end of a stubbed WebSocket: RFC 6455 on one side of a socket
pair, in a thread, playing a stub's conversation.

Both WebSocket clients take a ready socket instead of connecting
(``websocket-client``'s ``socket=``, ``websockets``' ``sock=``), so the
client keeps its own handshake, framing and errors, and talks to this peer
instead of the network. The peer only converts: frames to messages for the
conversation (apimock.stubs.conversation), its answers back to frames.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import socket
import struct
import threading
from collections.abc import Callable, Mapping
from typing import Any

from apimock.exceptions import UnmatchedRequest
from apimock.guard.passthrough import passing_through
from apimock.request import APIRequest
from apimock.stubs import conversation as conversations
from apimock.stubs.conversation import Action, Close, Conversation, ConversationMiss
from apimock.transports import base

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_CONTINUATION, _TEXT, _BINARY, _CLOSE, _PING, _PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
#: Policy violation: what the client sees when it sent what no step expects.
_UNEXPECTED = 1008
_live: set[Peer] = set()
_live_lock = threading.Lock()


class Peer:
    """Accepts the handshake (or refuses it with ``status``), then plays the
    conversation until either side closes."""

    def __init__(
        self,
        conversation: Conversation,
        on_miss: Callable[[str], None],
        status: int = 101,
    ) -> None:
        self.client, self._server = socket.socketpair()
        self._conversation = conversation
        self._on_miss = on_miss
        self._status = status
        self._buffer = b""
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> socket.socket:
        """Start serving; return the socket the client should use."""
        with _live_lock:
            _live.add(self)
        self._thread.start()
        return self.client

    def stop(self) -> None:
        self._server.close()  # the thread's next read fails and it ends

    def _serve(self) -> None:
        try:
            if self._handshake():
                self._act(self._conversation.opening())
                while not self._conversation.closed and self._answer_one():
                    pass
                self._drain()
        except OSError:
            pass  # the client went away, or apimock stopped
        finally:
            self._server.close()
            with _live_lock:
                _live.discard(self)

    # -- the handshake --------------------------------------------------------

    def _handshake(self) -> bool:
        head = self._read_until(b"\r\n\r\n").decode("iso-8859-1")
        lines = head.split("\r\n")
        pairs = (line.split(":", 1) for line in lines[1:] if ":" in line)
        headers = {name.strip().lower(): value.strip() for name, value in pairs}
        if self._status not in (101, 200):
            reason = http.client.responses.get(self._status, "Unknown")
            self._server.sendall(
                f"HTTP/1.1 {self._status} {reason}\r\nContent-Length: 0\r\n"
                "Connection: close\r\n\r\n".encode()
            )
            return False
        key = headers.get("sec-websocket-key", "")
        accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest())
        lines = [
            "HTTP/1.1 101 Switching Protocols",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Accept: {accept.decode()}",
        ]
        if "sec-websocket-protocol" in headers:  # the first one the client offers
            chosen = headers["sec-websocket-protocol"].split(",")[0].strip()
            lines.append(f"Sec-WebSocket-Protocol: {chosen}")
        self._server.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return True

    # -- messages -------------------------------------------------------------

    def _answer_one(self) -> bool:
        """Read one client message and answer it; False once the client closed."""
        opcode, payload = self._read_message()
        if opcode == _CLOSE:
            self._send_frame(_CLOSE, payload[:2])
            return False
        message = payload.decode("utf-8") if opcode == _TEXT else payload
        try:
            actions = self._conversation.reply(message)
        except ConversationMiss as miss:
            self._on_miss(str(miss))
            actions = [Close(_UNEXPECTED, "apimock: unexpected message")]
            self._conversation.closed = True
        self._act(actions)
        return True

    def _act(self, actions: list[Action]) -> None:
        for action in actions:
            if isinstance(action, Close):
                payload = struct.pack("!H", action.code) + action.reason.encode()
                self._send_frame(_CLOSE, payload[:125])
            elif isinstance(action.message, bytes):
                self._send_frame(_BINARY, action.message)
            else:
                self._send_frame(_TEXT, action.message.encode("utf-8"))

    def _drain(self) -> None:
        """After the server's close: wait for the client's, as a server does."""
        self._server.settimeout(5)
        while True:
            opcode, _ = self._read_message()
            if opcode == _CLOSE:
                return

    # -- frames ---------------------------------------------------------------

    def _read_message(self) -> tuple[int, bytes]:
        """The next data or close frame's opcode and payload (fragments joined;
        pings answered on the way)."""
        opcode, parts = None, []
        while True:
            fin, frame_opcode, payload = self._read_frame()
            if frame_opcode == _PING:
                self._send_frame(_PONG, payload)
                continue
            if frame_opcode == _PONG:
                continue
            if frame_opcode == _CLOSE:
                return _CLOSE, payload
            if frame_opcode != _CONTINUATION:
                opcode = frame_opcode
            parts.append(payload)
            if fin:
                return opcode or _BINARY, b"".join(parts)

    def _read_frame(self) -> tuple[bool, int, bytes]:
        first, second = self._read(2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._read(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._read(8))
        mask = self._read(4) if second & 0x80 else b"\0\0\0\0"
        data = self._read(length)
        payload = bytes(byte ^ mask[i % 4] for i, byte in enumerate(data))
        return bool(first & 0x80), first & 0x0F, payload

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        size = len(payload)
        if size < 126:
            head = struct.pack("!BB", 0x80 | opcode, size)
        elif size < 1 << 16:
            head = struct.pack("!BBH", 0x80 | opcode, 126, size)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 127, size)
        self._server.sendall(head + payload)

    def _read(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._fill()
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def _read_until(self, end: bytes) -> bytes:
        while end not in self._buffer:
            self._fill()
        data, _, self._buffer = self._buffer.partition(end)
        return data

    def _fill(self) -> None:
        data = self._server.recv(65536)
        if not data:
            raise ConnectionResetError("the client closed the connection")
        self._buffer += data


def stop_all() -> None:
    """End every peer still serving (apimock is being deactivated)."""
    with _live_lock:
        peers = list(_live)
    for peer in peers:
        peer.stop()


def stubbed_socket(
    url: str, headers: Mapping[str, Any], client: str, timeout: Any = None
) -> socket.socket | None:
    """The socket a client should use for ``url``: one to a peer playing the
    stub's conversation, or None to connect for real (an allowed host).
    Raises UnmatchedRequest for a URL no stub answers."""
    if passing_through():
        return None
    request = APIRequest(
        method=conversations.METHOD,
        url=url,
        headers={str(k): str(v) for k, v in headers.items()},
        client=client,
        timeout=base.seconds(timeout),
    )
    mock = base.active_mock(request)
    match = mock.resolve(request, record=False)
    if match is None:
        return None
    answer = mock.respond(request, match)  # logged; raises the stub's error
    peer = Peer(
        conversations.start(match.stub.label, match.answer),
        lambda message: mock.record_miss(UnmatchedRequest(f"{request}: {message}")),
        answer.status,
    )
    return peer.start()

"""``http.client`` (and so ``urllib.request``): a stub socket for stubbed hosts.

A connection to a host that is not allowed gets a socket that never touches
the network: what http.client writes to it is parsed back into a request,
the active mock answers, and the answer is served as raw HTTP for
http.client's own parser, so the code gets a genuine ``HTTPResponse``. A
keep-alive connection opened before the test is switched to such a socket at
its next request.
"""

from __future__ import annotations

import http.client
import io
import socket
from typing import Any

from apimock.request import APIRequest, APIResponse, origin
from apimock.transports import base

CLIENT = "http.client"
_real: dict[str, Any] = {
    "connect": http.client.HTTPConnection.connect,
    "https_connect": http.client.HTTPSConnection.connect,
    "send": http.client.HTTPConnection.send,
}


def _translate(error: BaseException) -> BaseException:
    return base.translate(
        error,
        OSError,
        lambda message: TimeoutError(message),
        lambda message: ConnectionRefusedError(message),
    )


class _StubSocket:
    """Collects what http.client sends; answers it when the response is read."""

    def __init__(self, connection: http.client.HTTPConnection) -> None:
        scheme = (
            "https" if isinstance(connection, http.client.HTTPSConnection) else "http"
        )
        self._origin = origin(scheme, connection.host, connection.port)
        self._sent = bytearray()

    def sendall(self, data: bytes) -> None:
        self._sent += data

    send = sendall

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BytesIO:
        return io.BytesIO(self._answer_next())

    def settimeout(self, timeout: float | None) -> None:
        pass

    def setsockopt(self, *args: Any) -> None:
        pass

    def close(self) -> None:
        pass

    def _answer_next(self) -> bytes:
        request = self._take_request()
        mock = base.active_mock(str(request))
        stub = mock.resolve(request)
        if stub is None:  # an allowed host is never given a stub socket
            raise ConnectionRefusedError(f"apimock: {request} has no stub")
        with base.translated(_translate):
            answer = mock.respond(request, stub)
        return _raw_response(answer, request.method)

    def _take_request(self) -> APIRequest:
        head, _, rest = bytes(self._sent).partition(b"\r\n\r\n")
        lines = head.decode("iso-8859-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
        headers = {name.strip(): value.strip() for name, value in headers.items()}
        body, remainder = _read_body(headers, rest)
        self._sent = bytearray(remainder)
        url = target if "://" in target else self._origin + target
        return APIRequest(
            method=method, url=url, headers=headers, body=body, client=CLIENT
        )


def _read_body(headers: dict[str, str], data: bytes) -> tuple[bytes, bytes]:
    lowered = {name.lower(): value for name, value in headers.items()}
    if lowered.get("transfer-encoding", "").lower() == "chunked":
        body = bytearray()
        while True:
            size_line, _, data = data.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                _, _, data = data.partition(b"\r\n")
                return bytes(body), data
            body += data[:size]
            data = data[size + 2 :]
    length = int(lowered.get("content-length", "0") or 0)
    return data[:length], data[length:]


def _raw_response(answer: APIResponse, method: str) -> bytes:
    reason = http.client.responses.get(answer.status, "Unknown")
    headers = {name.lower(): (name, value) for name, value in answer.headers.items()}
    headers.setdefault("content-length", ("Content-Length", str(len(answer.body))))
    lines = [f"HTTP/1.1 {answer.status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers.values()]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("iso-8859-1")
    return head + (b"" if method == "HEAD" else answer.body)


def _allowed(connection: http.client.HTTPConnection) -> bool:
    if base.passing_through():
        return True
    mock = base.active_mock(f"{CLIENT} connection to {connection.host}")
    return mock.allowed_hosts.allows(connection.host, connection.port)


def _connect(self: http.client.HTTPConnection) -> None:
    if _allowed(self):
        _real["connect"](self)
    else:
        self.sock = _StubSocket(self)


def _https_connect(self: http.client.HTTPSConnection) -> None:
    if _allowed(self):
        _real["https_connect"](self)
    else:
        self.sock = _StubSocket(self)


def _send(self: http.client.HTTPConnection, data: Any) -> None:
    sock = self.sock
    if isinstance(sock, socket.socket) and not _allowed(self):
        # Opened before apimock was active: from now on it talks to the mock.
        self.sock = _StubSocket(self)
    _real["send"](self, data)


_PATCHES = (
    (http.client.HTTPConnection, "connect", _connect, "connect"),
    (http.client.HTTPSConnection, "connect", _https_connect, "https_connect"),
    (http.client.HTTPConnection, "send", _send, "send"),
)


def install() -> None:
    for cls, name, replacement, _ in _PATCHES:
        setattr(cls, name, replacement)


def uninstall() -> None:
    for cls, name, _, original in _PATCHES:
        setattr(cls, name, _real[original])

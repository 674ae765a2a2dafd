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

from apimock.guard.passthrough import passing_through
from apimock.request import origin
from apimock.transports import base, wire

CLIENT = "http.client"
_real: dict[str, Any] = {
    "connect": http.client.HTTPConnection.connect,
    "https_connect": http.client.HTTPSConnection.connect,
    "send": http.client.HTTPConnection.send,
}


def _translate(error: BaseException) -> BaseException:
    return base.translate(
        error,
        # Not OSError: requests' exceptions are OSErrors too, and need translating.
        (TimeoutError, ConnectionError, http.client.HTTPException),
        lambda message: TimeoutError(message),
        lambda message: ConnectionRefusedError(message),
    )


class _StubSocket:
    """Collects what http.client sends and answers each complete request.

    Failures surface where they would on a real socket: a connection error
    while sending (urllib wraps it in URLError), a timeout while reading the
    response.
    """

    def __init__(self, connection: http.client.HTTPConnection) -> None:
        scheme = (
            "https" if isinstance(connection, http.client.HTTPSConnection) else "http"
        )
        self._sent = wire.RequestBuffer(
            origin(scheme, connection.host, connection.port), CLIENT
        )
        self._answers: list[io.BufferedIOBase | BaseException] = []
        self._timeout = base.seconds(connection.timeout)

    def sendall(self, data: bytes) -> None:
        self._sent.feed(data)
        request = self._sent.next_request()
        if request is None:
            return
        request.timeout = self._timeout
        mock = base.active_mock(request)
        stub = mock.resolve(request)
        if stub is None:  # an allowed host is never given a stub socket
            raise ConnectionRefusedError(f"apimock: {request} has no stub")
        try:
            with base.translated(_translate):
                answer = mock.respond(request, stub)
        except TimeoutError as timeout:
            self._answers.append(timeout)
            return
        self._answers.append(wire.response_file(answer, request.method))

    send = sendall

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.IOBase:
        # Never raises: HTTPResponse calls this first thing in __init__, and
        # an error there leaves a half-made response whose finalizer fails
        # ("Exception ignored in HTTPResponse: no attribute 'fp'"). The error
        # comes from the first read instead, as on a real socket.
        if not self._answers:
            return _Failing(
                http.client.RemoteDisconnected("apimock: no complete request was sent")
            )
        answer = self._answers.pop(0)
        if isinstance(answer, BaseException):
            return _Failing(answer)
        return answer

    def settimeout(self, timeout: float | None) -> None:
        self._timeout = base.seconds(timeout)

    def setsockopt(self, *args: Any) -> None:
        pass

    def close(self) -> None:
        pass


class _Failing(io.RawIOBase):
    """An answer that is an error: raised when http.client reads the status
    line, where a real socket's timeout or hang-up is raised."""

    def __init__(self, error: BaseException) -> None:
        self._error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise self._error


def _allowed(connection: http.client.HTTPConnection) -> bool:
    if passing_through():
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
        # Opened before apimock was active: from now on it talks to the mock,
        # and the real connection it replaces is closed, not leaked.
        sock.close()
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

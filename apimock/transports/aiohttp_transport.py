"""``aiohttp``: a stub connection for hosts that are not allowed.

``TCPConnector._create_connection`` is patched: for a stubbed host it returns
aiohttp's own protocol attached to a transport that never touches the
network. What aiohttp writes is parsed back into a request; the answer is fed
to aiohttp's own response parser, so the code gets a genuine
``ClientResponse`` (streaming included), and a failure is set on the protocol
as aiohttp's own exception.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import aiohttp
from aiohttp.connector import TCPConnector

from apimock import callsite
from apimock.guard.passthrough import passing_through
from apimock.request import APIRequest, APIResponse, origin
from apimock.stubs import faults
from apimock.transports import base, wire

CLIENT = "aiohttp"
_real_create_connection = TCPConnector._create_connection


def _translate(error: BaseException) -> BaseException:
    return base.translate(
        error,
        aiohttp.ClientError,
        lambda message: aiohttp.ServerTimeoutError(message),
        lambda message: aiohttp.ClientConnectionError(message),
    )


class _StubTransport(asyncio.Transport):
    def __init__(
        self, protocol: Any, origin_url: str, timeout: Any, session: Any
    ) -> None:
        super().__init__()
        # The connector's pool belongs to one session: so does this connection.
        self._session = session
        # aiohttp's ClientTimeout: the tighter of sock_read and total.
        limits = [getattr(timeout, "sock_read", None), getattr(timeout, "total", None)]
        given = [value for value in map(base.seconds, limits) if value is not None]
        self._timeout = min(given) if given else None
        self._protocol = protocol
        self._loop = asyncio.get_running_loop()
        self._sent = wire.RequestBuffer(origin_url, CLIENT)
        self._closing = False
        self._site: callsite.CallSite | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._site is None:
            # The request's first bytes are written in the code's own task;
            # the answer comes from the event loop, where that code is gone.
            self._site = callsite.find(keep=callsite.KEPT_FRAMES)
        self._sent.feed(bytes(data))
        request = self._sent.next_request()
        if request is not None:
            request.sent_from, self._site = self._site, None
            # Answer after aiohttp has finished writing, as a server would.
            self._loop.call_soon(self._answer, request)

    def writelines(self, chunks: Any) -> None:
        self.write(b"".join(bytes(chunk) for chunk in chunks))

    def _answer(self, request: APIRequest) -> None:
        request.timeout = self._timeout
        request.session = self._session
        try:
            mock = base.active_mock(request)
            stub = mock.resolve(request)
            if stub is None:
                raise aiohttp.ClientConnectionError(f"apimock: {request} has no stub")
            with base.translated(_translate):
                answer = mock.respond(request, stub, sleep=False)
        except BaseException as error:
            self._protocol.set_exception(error)
            return
        # real_delay: answer later, without blocking the event loop.
        self._loop.call_later(answer.delay, self._deliver, answer, request.method)

    def _deliver(self, answer: APIResponse, method: str) -> None:
        self._send(wire.raw_pieces(answer, method), answer.fault)

    def _send(self, pieces: Iterator[bytes], fault: str | None) -> None:
        """One piece now, the next on a later turn of the loop: the code
        reading the response sees each before the next is made."""
        if self._closing:
            return
        try:
            piece = next(pieces, None)
        except BaseException as error:  # a stream's callback, or a StubError
            # Raised where the code waits: in the body, once the head is in.
            payload = getattr(self._protocol, "_payload", None)
            (payload if payload is not None else self._protocol).set_exception(error)
            return
        if piece is not None:
            self._protocol.data_received(piece)
            self._loop.call_soon(self._send, pieces, fault)
        elif fault == faults.CONNECTION_RESET:
            self.close_with(ConnectionResetError("apimock: connection reset by peer"))
        elif fault == faults.TRUNCATED_BODY:
            self.close_with(None)

    def close_with(self, error: BaseException | None) -> None:
        if not self._closing:
            self._closing = True
            self._protocol.connection_lost(error)

    def is_closing(self) -> bool:
        return self._closing

    def close(self) -> None:
        if not self._closing:
            self._closing = True
            self._loop.call_soon(self._protocol.connection_lost, None)

    def abort(self) -> None:
        self.close()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def can_write_eof(self) -> bool:
        return False

    def get_write_buffer_size(self) -> int:
        return 0

    def set_write_buffer_limits(
        self, high: int | None = None, low: int | None = None
    ) -> None:
        pass

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def is_reading(self) -> bool:
        return True


async def _create_connection(
    self: TCPConnector, req: aiohttp.ClientRequest, traces: Any, timeout: Any
) -> Any:
    host = req.url.host or ""
    port = req.url.port
    if passing_through() or base.active_mock(
        f"{CLIENT} {req.url}"
    ).allowed_hosts.allows(host, port):
        return await _real_create_connection(self, req, traces, timeout)
    protocol = self._factory()
    transport = _StubTransport(
        protocol,
        origin(req.url.scheme, host, port),
        timeout,
        getattr(req, "_session", None),
    )
    protocol.connection_made(transport)
    return protocol


def install() -> None:
    TCPConnector._create_connection = _create_connection  # type: ignore[method-assign]


def uninstall() -> None:
    TCPConnector._create_connection = _real_create_connection  # type: ignore[method-assign]

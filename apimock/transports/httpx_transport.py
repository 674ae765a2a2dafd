"""``httpx``: sync and async transports, patched at the class.

Patching ``HTTPTransport.handle_request`` (and the async twin) reaches every
``Client``, including one created before the test began.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Iterator

import httpx

from apimock.guard.passthrough import passing_through, real_send
from apimock.request import APIRequest, APIResponse, DecodedLater
from apimock.stubs import faults
from apimock.transports import base

CLIENT = "httpx"
_real_sync = httpx.HTTPTransport.handle_request
# Where the client that sent a request is found (see base.sender).
_CLIENT_SEND = httpx.Client._send_single_request.__code__
_ASYNC_CLIENT_SEND = httpx.AsyncClient._send_single_request.__code__
_real_async = httpx.AsyncHTTPTransport.handle_async_request


def _decode_headers(raw: list[tuple[bytes, bytes]]) -> Iterable[tuple[str, str]]:
    return httpx.Headers(raw).items()


def _api_request(request: httpx.Request, body: bytes) -> APIRequest:
    return APIRequest(
        method=request.method,
        url=str(request.url),
        # Copied as raw bytes now, decoded as httpx does (repeated names
        # joined) only if something reads them.
        headers=DecodedLater(request.headers.raw, _decode_headers),
        body=body,
        client=CLIENT,
        timeout=base.seconds(request.extensions.get("timeout", {}).get("read")),
    )


class _CutShortStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Half the body, then the error httpx raises when a server goes away."""

    def __init__(self, answer: APIResponse) -> None:
        self._half = answer.body[: len(answer.body) // 2]
        self._reset = answer.fault == faults.CONNECTION_RESET

    def _fail(self) -> httpx.TransportError:
        if self._reset:
            return httpx.ReadError("apimock: [Errno 104] connection reset by peer")
        return httpx.RemoteProtocolError(
            "apimock: peer closed connection without sending complete message body"
        )

    def __iter__(self) -> Iterator[bytes]:
        yield self._half
        raise self._fail()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._half
        raise self._fail()


def _response(request: httpx.Request, answer: APIResponse) -> httpx.Response:
    if answer.fault:
        return httpx.Response(
            status_code=answer.status,
            headers=list(base.reset_headers(answer).items()),
            stream=_CutShortStream(answer),
            request=request,
        )
    return httpx.Response(
        status_code=answer.status,
        headers=list(answer.headers.items()),
        content=answer.body,
        request=request,
    )


def _translate(error: BaseException, request: httpx.Request) -> BaseException:
    return base.translate(
        error,
        httpx.HTTPError,
        lambda message: httpx.ReadTimeout(message, request=request),
        lambda message: httpx.ConnectError(message, request=request),
    )


def _handle(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
    if passing_through():
        return _real_sync(self, request)
    api_request = _api_request(request, request.read())
    api_request.session = base.sender(_CLIENT_SEND)
    mock = base.active_mock(api_request)
    stub = mock.resolve(api_request)
    if stub is None:
        with real_send():
            return _real_sync(self, request)
    with base.translated(lambda error: _translate(error, request)):
        answer = mock.respond(api_request, stub)
    return _response(request, answer)


async def _handle_async(
    self: httpx.AsyncHTTPTransport, request: httpx.Request
) -> httpx.Response:
    if passing_through():
        return await _real_async(self, request)
    api_request = _api_request(request, await request.aread())
    api_request.session = base.sender(_ASYNC_CLIENT_SEND)
    mock = base.active_mock(api_request)
    stub = mock.resolve(api_request)
    if stub is None:
        with real_send():
            return await _real_async(self, request)
    with base.translated(lambda error: _translate(error, request)):
        answer = mock.respond(api_request, stub, sleep=False)
    if answer.delay:  # real_delay: wait without blocking the event loop
        await asyncio.sleep(answer.delay)
    return _response(request, answer)


def install() -> None:
    httpx.HTTPTransport.handle_request = _handle  # type: ignore[method-assign]
    httpx.AsyncHTTPTransport.handle_async_request = _handle_async  # type: ignore[method-assign]


def uninstall() -> None:
    httpx.HTTPTransport.handle_request = _real_sync  # type: ignore[method-assign]
    httpx.AsyncHTTPTransport.handle_async_request = _real_async  # type: ignore[method-assign]

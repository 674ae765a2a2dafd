"""What the httpx and httpx2 transports share: the two packages have one API
(httpx2 grew out of httpx), so one converter serves both, given the module.

Patching ``HTTPTransport.handle_request`` (and the async twin) reaches every
``Client``, including one created before the test began, and the SDKs built
on them (OpenAI's and Anthropic's on httpx2). This module imports neither
package: each transport hands it its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from types import ModuleType
from typing import Any, NoReturn

import anyio

from apimock.guard.passthrough import passing_through, real_send
from apimock.request import APIRequest, APIResponse, DecodedLater
from apimock.stubs import faults
from apimock.transports import base


class Patches:
    """``install``/``uninstall`` of one httpx-like package's transports,
    answering as client ``client`` with that package's own types."""

    def __init__(self, httpx: ModuleType, client: str) -> None:
        self.client = client
        sync_transport = httpx.HTTPTransport
        async_transport = httpx.AsyncHTTPTransport
        real_sync = sync_transport.handle_request
        real_async = async_transport.handle_async_request
        Headers = httpx.Headers
        Response = httpx.Response
        HTTPError = httpx.HTTPError

        def decode_headers(raw: list[tuple[bytes, bytes]]) -> Iterable[tuple[str, str]]:
            return Headers(raw).items()  # type: ignore[no-any-return]

        def api_request(request: Any, body: bytes) -> APIRequest:
            return APIRequest(
                method=request.method,
                url=str(request.url),
                # Copied as raw bytes now, decoded as httpx does (repeated
                # names joined) only if something reads them.
                headers=DecodedLater(request.headers.raw, decode_headers),
                body=body,
                client=client,
                timeout=base.seconds(request.extensions.get("timeout", {}).get("read")),
            )

        def raise_translated(error: Exception, request: Any) -> NoReturn:
            new = base.translate(
                error,
                HTTPError,
                lambda message: httpx.ReadTimeout(message, request=request),
                lambda message: httpx.ConnectError(message, request=request),
            )
            if new is error:
                raise error
            raise new from error

        stream_type = _stream_type(httpx)

        def response(request: Any, answer: APIResponse) -> Any:
            if answer.fault or answer.stream is not None:
                headers = (
                    answer.headers
                    if answer.stream is not None
                    else base.reset_headers(answer)
                )
                return Response(
                    status_code=answer.status,
                    headers=list(headers.items()),
                    stream=stream_type(answer),
                    request=request,
                )
            return Response(
                status_code=answer.status,
                headers=list(answer.headers.items()),
                content=answer.body,
                request=request,
            )

        def handle(self: Any, request: Any) -> Any:
            if passing_through():
                return real_sync(self, request)
            sent = api_request(request, request.read())
            mock = base.active_mock(sent)
            stub = mock.resolve(sent)
            if stub is None:
                with real_send():
                    return real_sync(self, request)
            try:  # not base.translated: a closure on every call costs
                answer = mock.respond(sent, stub)
            except Exception as error:
                raise_translated(error, request)
            return response(request, answer)

        async def handle_async(self: Any, request: Any) -> Any:
            if passing_through():
                return await real_async(self, request)
            sent = api_request(request, await request.aread())
            mock = base.active_mock(sent)
            stub = mock.resolve(sent)
            if stub is None:
                with real_send():
                    return await real_async(self, request)
            try:
                answer = mock.respond(sent, stub, sleep=False)
            except Exception as error:
                raise_translated(error, request)
            if answer.delay:  # real_delay: wait without blocking the event loop
                # anyio: the client may run on asyncio or on trio.
                await anyio.sleep(answer.delay)
            return response(request, answer)

        def install() -> None:
            sync_transport.handle_request = handle
            async_transport.handle_async_request = handle_async

        def uninstall() -> None:
            sync_transport.handle_request = real_sync
            async_transport.handle_async_request = real_async

        self.install = install
        self.uninstall = uninstall


def _stream_type(httpx: ModuleType) -> type:
    """The response body type for a stream or a faulty answer: its pieces as
    the code reads them, then the error the package raises when a server
    goes away (a reset: ReadError; a close: RemoteProtocolError)."""

    class Pieces(httpx.SyncByteStream, httpx.AsyncByteStream):  # type: ignore[misc, name-defined]
        def __init__(self, answer: APIResponse) -> None:
            self._pieces = base.pieces(answer)
            self._fault = answer.fault

        def _fail(self) -> Exception:
            if self._fault == faults.CONNECTION_RESET:
                return httpx.ReadError("apimock: [Errno 104] connection reset by peer")  # type: ignore[no-any-return]
            return httpx.RemoteProtocolError(  # type: ignore[no-any-return]
                "apimock: peer closed connection without sending complete message body"
            )

        def __iter__(self) -> Iterator[bytes]:
            yield from self._pieces
            if self._fault:
                raise self._fail()

        async def __aiter__(self) -> AsyncIterator[bytes]:
            for piece in self._pieces:
                yield piece
            if self._fault:
                raise self._fail()

    return Pieces

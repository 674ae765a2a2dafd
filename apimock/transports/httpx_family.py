"""What the httpx and httpx2 transports share: the two packages have one API
(httpx2 grew out of httpx), so one converter serves both, given the module.

Patching ``HTTPTransport.handle_request`` (and the async twin) reaches every
``Client``, including one created before the test began, and the SDKs built
on them (OpenAI's and Anthropic's on httpx2). This module imports neither
package: each transport hands it its own.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterable, Iterator
from types import ModuleType
from typing import Any

import anyio

from apimock.guard.passthrough import passing_through, real_send
from apimock.mock import APIMock, Match, PendingRecord
from apimock.request import APIRequest, APIResponse, DecodedLater
from apimock.stubs import faults
from apimock.transports import base


class Patches:
    """The patches of one httpx-like package's transports: requests in as
    :class:`APIRequest` for client ``client``, answers out as the package's
    own responses and exceptions."""

    def __init__(self, httpx: ModuleType, client: str) -> None:
        self.httpx = httpx
        self.client = client
        self._real_sync = httpx.HTTPTransport.handle_request
        self._real_async = httpx.AsyncHTTPTransport.handle_async_request
        # Where the client that sent a request is found (see base.sender).
        self._client_globals = httpx.Client._send_single_request.__globals__
        self._pieces = _pieces_type(httpx)

    # -- converting --------------------------------------------------------

    def _decode_headers(
        self, raw: list[tuple[bytes, ...]]
    ) -> Iterable[tuple[str, str]]:
        # (name, value) pairs, or the (name, lower-cased name, value) triples
        # the package's Headers keeps.
        pairs = [(item[0], item[-1]) for item in raw]
        return self.httpx.Headers(pairs).items()  # type: ignore[no-any-return]

    def api_request(self, request: Any, body: bytes) -> APIRequest:
        return APIRequest(
            method=request.method,
            url=_url_text(request.url),
            # Copied as raw bytes now, decoded as httpx does (repeated names
            # joined) only if something reads them.
            headers=DecodedLater(_raw_headers(request.headers), self._decode_headers),
            body=body,
            client=self.client,
            timeout=base.seconds(request.extensions.get("timeout", {}).get("read")),
        )

    def response(self, request: Any, answer: APIResponse) -> Any:
        if answer.stream is None and not answer.fault:
            return self.httpx.Response(
                status_code=answer.status,
                headers=list(answer.headers.items()),
                content=answer.body,
                request=request,
            )
        # Read as the code reads it: a stream's pieces, or half a faulty body.
        streamed = answer.stream is not None
        headers = answer.headers if streamed else base.reset_headers(answer)
        return self.httpx.Response(
            status_code=answer.status,
            headers=list(headers.items()),
            stream=self._pieces(answer),
            request=request,
        )

    def answer(
        self,
        mock: APIMock,
        sent: APIRequest,
        stub: Match | PendingRecord,
        request: Any,
        **kw: Any,
    ) -> APIResponse:
        """The mock's answer, its timeout or connection error as the package's."""
        try:  # not base.translated: it makes a closure on every call
            return mock.respond(sent, stub, **kw)
        except Exception as error:
            new = base.translate(
                error,
                self.httpx.HTTPError,
                lambda text: self.httpx.ReadTimeout(text, request=request),
                lambda text: self.httpx.ConnectError(text, request=request),
            )
            if new is error:
                raise
            raise new from error

    # -- the patched transports ----------------------------------------------

    def handle(self, transport: Any, request: Any) -> Any:
        if passing_through():
            return self._real_sync(transport, request)
        sent = self.api_request(request, request.read())
        sent.session = base.sender(self._client_globals, self.httpx.Client)
        mock = base.active_mock(sent)
        stub = mock.resolve(sent)
        if stub is None:
            with real_send():
                return self._real_sync(transport, request)
        return self.response(request, self.answer(mock, sent, stub, request))

    async def handle_async(self, transport: Any, request: Any) -> Any:
        if passing_through():
            return await self._real_async(transport, request)
        sent = self.api_request(request, await request.aread())
        sent.session = base.sender(self._client_globals, self.httpx.AsyncClient)
        mock = base.active_mock(sent)
        stub = mock.resolve(sent)
        if stub is None:
            with real_send():
                return await self._real_async(transport, request)
        answer = self.answer(mock, sent, stub, request, sleep=False)
        if answer.delay:  # real_delay: wait without blocking the event loop,
            await anyio.sleep(answer.delay)  # asyncio's or trio's
        return self.response(request, answer)

    def install(self) -> None:
        def handle_request(transport: Any, request: Any) -> Any:
            return self.handle(transport, request)

        async def handle_async_request(transport: Any, request: Any) -> Any:
            return await self.handle_async(transport, request)

        self.httpx.HTTPTransport.handle_request = handle_request
        self.httpx.AsyncHTTPTransport.handle_async_request = handle_async_request

    def uninstall(self) -> None:
        self.httpx.HTTPTransport.handle_request = self._real_sync
        self.httpx.AsyncHTTPTransport.handle_async_request = self._real_async


def _url_text(url: Any) -> str:
    """``str(url)``, which joins the URL's parts anew each time (about 8,000
    instructions a call): remembered by those parts, an immutable tuple the
    package's URL keeps, when it keeps one."""
    parts = getattr(url, "_uri_reference", None)
    if isinstance(parts, tuple):
        return _joined(parts)
    return str(url)


@functools.lru_cache(maxsize=1024)  # tests call the same few URLs over and over
def _joined(parts: tuple[Any, ...]) -> str:
    return str(parts)


def _raw_headers(headers: Any) -> list[tuple[bytes, ...]]:
    """A copy of the request's headers: the list of immutable triples the
    package's Headers keeps, copied whole, rather than its ``raw``, which
    builds a new pair for every header (about 5,000 instructions a call)."""
    kept = getattr(headers, "_list", None)
    if isinstance(kept, list):
        return list(kept)
    return headers.raw  # type: ignore[no-any-return]


def _pieces_type(httpx: ModuleType) -> type:
    """The package's byte stream of an answer's pieces (see
    :func:`apimock.transports.base.pieces`) as the code reads them, then the
    error the package raises when a server goes away: ReadError for a
    reset, RemoteProtocolError for a close."""

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

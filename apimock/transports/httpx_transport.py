"""``httpx``: sync and async transports, patched at the class.

Patching ``HTTPTransport.handle_request`` (and the async twin) reaches every
``Client``, including one created before the test began.
"""

from __future__ import annotations

import httpx

from apimock.request import APIRequest, APIResponse
from apimock.transports import base

CLIENT = "httpx"
_real_sync = httpx.HTTPTransport.handle_request
_real_async = httpx.AsyncHTTPTransport.handle_async_request


def _api_request(request: httpx.Request, body: bytes) -> APIRequest:
    return APIRequest(
        method=request.method,
        url=str(request.url),
        headers=dict(request.headers.items()),
        body=body,
        client=CLIENT,
    )


def _response(request: httpx.Request, answer: APIResponse) -> httpx.Response:
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
    if base.passing_through():
        return _real_sync(self, request)
    api_request = _api_request(request, request.read())
    mock = base.active_mock(str(api_request))
    stub = mock.resolve(api_request)
    if stub is None:
        with base.real_send():
            return _real_sync(self, request)
    with base.translated(lambda error: _translate(error, request)):
        answer = mock.respond(api_request, stub)
    return _response(request, answer)


async def _handle_async(
    self: httpx.AsyncHTTPTransport, request: httpx.Request
) -> httpx.Response:
    if base.passing_through():
        return await _real_async(self, request)
    api_request = _api_request(request, await request.aread())
    mock = base.active_mock(str(api_request))
    stub = mock.resolve(api_request)
    if stub is None:
        with base.real_send():
            return await _real_async(self, request)
    with base.translated(lambda error: _translate(error, request)):
        answer = mock.respond(api_request, stub)
    return _response(request, answer)


def install() -> None:
    httpx.HTTPTransport.handle_request = _handle  # type: ignore[method-assign]
    httpx.AsyncHTTPTransport.handle_async_request = _handle_async  # type: ignore[method-assign]


def uninstall() -> None:
    httpx.HTTPTransport.handle_request = _real_sync  # type: ignore[method-assign]
    httpx.AsyncHTTPTransport.handle_async_request = _real_async  # type: ignore[method-assign]

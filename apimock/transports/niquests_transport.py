"""``niquests`` (on urllib3-future), sync and async: its adapters' ``send``.

niquests keeps its own HTTP stack (urllib3-future's pools, its own
``HTTPAdapter``), which neither the requests nor the urllib3 transport sees.
Its adapters' ``send`` is where every request goes: a stubbed one is
answered with urllib3-future's own response, made into niquests' Response
by the adapter's ``build_response``, so cookies, hooks and redirects work as
for a real server. A request to an allowed host is sent by niquests.
"""

from __future__ import annotations

import http.client
import io
from typing import Any

import niquests
from niquests.adapters import AsyncHTTPAdapter, HTTPAdapter
from niquests.packages.urllib3 import HTTPResponse

from apimock.guard.passthrough import passing_through, real_send
from apimock.request import APIRequest
from apimock.stubs import faults
from apimock.transports import base

CLIENT = "niquests"
_real_send = HTTPAdapter.send
_real_async_send = AsyncHTTPAdapter.send


def _translate(error: BaseException) -> BaseException:
    return base.translate(
        error,
        niquests.RequestException,
        lambda message: niquests.ReadTimeout(message),
        lambda message: niquests.ConnectionError(message),
    )


def _answer(adapter: Any, request: Any, stream: bool, timeout: Any) -> Any:
    """The stubbed Response, or None to send ``request`` for real."""
    if passing_through():
        return None
    api_request = APIRequest(
        method=request.method or "GET",
        url=request.url,
        headers=dict(request.headers),
        body=base.body_bytes(request.body),
        client=CLIENT,
        timeout=base.seconds(timeout),
    )
    mock = base.active_mock(api_request)
    match = mock.resolve(api_request)
    if match is None:
        return None
    with base.translated(_translate):
        answer = mock.respond(api_request, match)
    if answer.fault in base.CUT_SHORT:
        kind = "reset" if answer.fault == faults.CONNECTION_RESET else "closed early"
        raise niquests.ConnectionError(f"apimock: the connection was {kind}")
    raw = HTTPResponse(
        # A stream's pieces joined, read as they are made (not chunk-framed).
        body=(
            base.body_stream(answer)
            if answer.stream is not None
            else io.BytesIO(answer.body)
        ),
        headers={
            k: v for k, v in answer.headers.items() if k.lower() != "transfer-encoding"
        },
        status=answer.status,
        reason=http.client.responses.get(answer.status, "Unknown"),
        preload_content=False,
        decode_content=True,
        request_method=api_request.method,
        request_url=api_request.url,
    )
    response = HTTPAdapter.build_response(adapter, request, raw)
    if not stream:
        response.content  # noqa: B018 - read it now, as niquests does
    return response


def _send(
    self: HTTPAdapter,
    request: Any,
    stream: bool = False,
    timeout: Any = None,
    *args: Any,
    **kwargs: Any,
) -> Any:
    response = _answer(self, request, stream, timeout)
    if response is not None:
        return response
    with real_send():
        return _real_send(self, request, stream, timeout, *args, **kwargs)


async def _async_send(
    self: AsyncHTTPAdapter,
    request: Any,
    stream: bool = False,
    timeout: Any = None,
    *args: Any,
    **kwargs: Any,
) -> Any:
    response = _answer(self, request, False, timeout)  # read whole, as a sync one
    if response is not None:
        return response
    with real_send():
        return await _real_async_send(self, request, stream, timeout, *args, **kwargs)


# setattr, not "HTTPAdapter.send = ...": mypy needs a type: ignore for that
# where niquests is installed, and calls the ignore unused where it is not.
def install() -> None:
    setattr(HTTPAdapter, "send", _send)  # noqa: B010
    setattr(AsyncHTTPAdapter, "send", _async_send)  # noqa: B010


def uninstall() -> None:
    setattr(HTTPAdapter, "send", _real_send)  # noqa: B010
    setattr(AsyncHTTPAdapter, "send", _real_async_send)  # noqa: B010

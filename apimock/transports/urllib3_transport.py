"""``urllib3`` used directly: ``PoolManager`` and connection pools.

``HTTPConnectionPool.urlopen`` is where every urllib3 request goes (a
PoolManager picks a pool, then calls it), so one patch covers both, and a
pool opened before the test. requests reaches urllib3 only for allowed hosts,
with the pass-through flag set.
"""

from __future__ import annotations

from typing import Any

import urllib3
from urllib3 import HTTPHeaderDict
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import HTTPError, ProtocolError, ReadTimeoutError

from apimock.guard.passthrough import passing_through, real_send
from apimock.request import APIRequest, APIResponse, origin
from apimock.transports import base, wire

CLIENT = "urllib3"
_real_urlopen = HTTPConnectionPool.urlopen


def _full_url(pool: HTTPConnectionPool, url: str) -> str:
    if "://" in url:  # a proxy request carries the absolute URL
        return url
    return origin(pool.scheme, pool.host or "", pool.port) + url


def _urlopen(
    self: HTTPConnectionPool,
    method: str,
    url: str,
    body: Any = None,
    headers: Any = None,
    *args: Any,
    **kwargs: Any,
) -> Any:
    if passing_through():
        return _real_urlopen(self, method, url, body, headers, *args, **kwargs)
    full_url = _full_url(self, url)
    api_request = APIRequest(
        method=method,
        url=full_url,
        headers=dict(headers if headers is not None else self.headers),
        body=base.body_bytes(body),
        client=CLIENT,
        timeout=base.seconds(kwargs.get("timeout")) or base.seconds(self.timeout),
    )
    mock = base.active_mock(api_request)
    stub = mock.resolve(api_request)
    if stub is None:
        with real_send():
            return _real_urlopen(self, method, url, body, headers, *args, **kwargs)
    with base.translated(
        lambda error: base.translate(
            error,
            HTTPError,
            lambda message: ReadTimeoutError(self, full_url, message),
            lambda message: ProtocolError(
                "Connection aborted.", ConnectionError(message)
            ),
        )
    ):
        answer = mock.respond(api_request, stub)
    preload = kwargs.get("preload_content", True)
    decode = kwargs.get("decode_content", True)
    if answer.stream is not None:
        return streamed(answer, method, full_url, preload, decode)
    return urllib3.HTTPResponse(
        body=base.body_stream(answer),
        headers=base.reset_headers(answer) if answer.fault else dict(answer.headers),
        status=answer.status,
        preload_content=preload,
        decode_content=decode,
        request_method=method,
        request_url=full_url,
    )


def streamed(
    answer: APIResponse,
    method: str,
    url: str,
    preload_content: bool = False,
    decode_content: bool = True,
) -> urllib3.HTTPResponse:
    """A streamed answer as urllib3 makes a server's: over http.client's own
    response, read a chunk at a time (``stream()`` yields each as it comes)."""
    original = wire.http_response(answer, method)
    return urllib3.HTTPResponse(
        body=original,
        headers=HTTPHeaderDict(answer.headers),
        status=answer.status,
        version=11,
        version_string="HTTP/1.1",
        reason=original.reason,
        preload_content=preload_content,
        decode_content=decode_content,
        original_response=original,
        request_method=method,
        request_url=url,
    )


def install() -> None:
    HTTPConnectionPool.urlopen = _urlopen  # type: ignore[method-assign]


def uninstall() -> None:
    HTTPConnectionPool.urlopen = _real_urlopen  # type: ignore[method-assign]

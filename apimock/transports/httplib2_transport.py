"""``httplib2`` (and so google-api-python-client): ``Http._conn_request``.

httplib2's connection classes replace ``http.client``'s ``connect()`` with
their own, so the ``http.client`` transport never sees them. Every request,
redirects and retries included, goes through ``Http._conn_request(conn,
...)`` with a connection that knows its host and scheme: the one patch. The
answer becomes httplib2's own ``Response`` and content (decompressed as
httplib2 does), so the caching, redirect and auth logic above it runs as for
a real server.
"""

from __future__ import annotations

import http.client
from typing import Any

import httplib2

from apimock.guard.passthrough import passing_through, real_send
from apimock.request import APIRequest, APIResponse, origin
from apimock.stubs import faults
from apimock.transports import base

CLIENT = "httplib2"
_real_conn_request = httplib2.Http._conn_request  # type: ignore[attr-defined]


def _translate(error: BaseException) -> BaseException:
    # httplib2 lets the socket's own errors through: so does a stub's.
    return base.translate(
        error,
        (TimeoutError, ConnectionError, httplib2.HttpLib2Error),
        lambda message: TimeoutError(message),
        lambda message: ConnectionRefusedError(message),
    )


def _body(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    return bytes(body)


def _url(conn: http.client.HTTPConnection, request_uri: str) -> str:
    if "://" in request_uri:  # through a proxy
        return request_uri
    scheme = "https" if isinstance(conn, http.client.HTTPSConnection) else "http"
    return origin(scheme, conn.host, conn.port) + request_uri


def _content(answer: APIResponse, method: str) -> bytes:
    """The body as httplib2 reads it; a faulty answer fails as a real read does."""
    if method == "HEAD":
        return b""
    data = base.body_stream(answer).read()
    if answer.fault == faults.CONNECTION_RESET:
        raise ConnectionResetError(104, "apimock: connection reset by peer")
    if answer.fault == faults.TRUNCATED_BODY:
        raise http.client.IncompleteRead(data, len(answer.body) - len(data))
    return data


def _conn_request(
    self: httplib2.Http,
    conn: http.client.HTTPConnection,
    request_uri: str,
    method: str,
    body: Any,
    headers: Any,
) -> Any:
    if passing_through():
        return _real_conn_request(self, conn, request_uri, method, body, headers)
    request = APIRequest(
        method=method,
        url=_url(conn, request_uri),
        headers=dict(headers or {}),
        body=_body(body),
        client=CLIENT,
        timeout=base.seconds(conn.timeout),
    )
    mock = base.active_mock(request)
    stub = mock.resolve(request)
    if stub is None:
        with real_send():
            return _real_conn_request(self, conn, request_uri, method, body, headers)
    with base.translated(_translate):
        answer = mock.respond(request, stub)
        content = _content(answer, method)
    response = httplib2.Response({**answer.headers, "status": str(answer.status)})
    response.reason = http.client.responses.get(answer.status, "Unknown")
    if method != "HEAD":
        # httplib2 0.31 added the limits on decompressed sizes.
        limits = getattr(self, "limit_kwargs", None)
        extra = () if limits is None else (limits,)
        decompress = httplib2._decompressContent  # type: ignore[attr-defined]
        content = decompress(response, content, *extra)
    return response, content


def install() -> None:
    httplib2.Http._conn_request = _conn_request  # type: ignore[attr-defined]


def uninstall() -> None:
    httplib2.Http._conn_request = _real_conn_request  # type: ignore[attr-defined]

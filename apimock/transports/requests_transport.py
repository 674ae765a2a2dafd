"""``requests``, through ``responses``: its adapter patch, our answers.

responses patches ``HTTPAdapter.send`` (and unpatches it, whatever else
patched it since); its request handling is replaced by one that asks the
active APIMock instead of keeping stubs of its own, so there is one source of
truth for every client, and the adapter builds real ``requests`` responses.
"""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from itertools import chain
from typing import Any

import requests
import responses
import urllib3
from requests.adapters import HTTPAdapter
from urllib3 import HTTPHeaderDict
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from apimock.guard.passthrough import real_send
from apimock.request import APIRequest, APIResponse, DecodedLater
from apimock.transports import base
from apimock.transports.urllib3_transport import streamed

CLIENT = "requests"
# The module Session.send runs in (see base.sender).
_SESSIONS = vars(requests.sessions)
_real_adapter_send = HTTPAdapter.send


def _send_for_real(adapter: HTTPAdapter, request: Any, **kwargs: Any) -> Any:
    # A request to an allowed host: the layers below must not answer it again.
    with real_send():
        return _real_adapter_send(adapter, request, **kwargs)


def to_api_request(
    request: requests.PreparedRequest, timeout: Any = None
) -> APIRequest:
    body = request.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    sent = APIRequest(
        method=request.method or "GET",
        url=request.url or "",
        # Copied now; made a mapping only if something reads them.
        headers=DecodedLater(_header_pairs(request.headers), _paired),
        body=body or b"",
        client=CLIENT,
        timeout=base.seconds(timeout),  # the adapter's, as the code gave it
    )
    sent.session = base.sender(_SESSIONS, requests.Session)
    return sent


def _header_pairs(headers: Any) -> tuple[str, ...]:
    """The headers' names and values, one after the other. requests'
    CaseInsensitiveDict keeps exactly those pairs by lower-cased name: copied
    whole rather than through its items(), which looks each name up again,
    and flat, one tuple of strings that the log keeps where it kept a list
    and a tuple per header, all for the garbage collector to count and walk."""
    store = getattr(headers, "_store", None)
    pairs = store.values() if isinstance(store, dict) else headers.items()
    return tuple(chain.from_iterable(pairs))


def _paired(flat: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """:func:`_header_pairs` as (name, value) pairs, when they are read."""
    return zip(flat[::2], flat[1::2], strict=True)


def _translate(error: BaseException) -> BaseException:
    return base.translate(
        error, requests.RequestException, requests.ReadTimeout, requests.ConnectionError
    )


class _Original:
    """What requests' cookie handling reads of the http.client response."""

    def __init__(self, headers: HTTPHeaderDict) -> None:
        self.msg = headers

    def isclosed(self) -> bool:
        return True  # no connection stands behind it

    def close(self) -> None:
        pass


def _urllib3_response(
    request: requests.PreparedRequest, answer: APIResponse
) -> urllib3.HTTPResponse:
    """The answer as urllib3's response, for the adapter to build requests' own.

    One HTTPResponse where responses builds two; a streamed answer is read as
    a server's is, a chunk at a time. requests
    reads cookies only through ``original_response``: an answer that sets
    none goes without one, sparing both of its cookie-jar passes.
    """
    if answer.stream is not None:
        return streamed(answer, request.method or "GET", request.url or "")
    if answer.fault:
        headers = HTTPHeaderDict(base.reset_headers(answer))
    else:
        headers = HTTPHeaderDict(answer.headers)
    raw = urllib3.HTTPResponse(
        body=base.body_stream(answer),
        headers=headers,
        status=answer.status,
        reason=http.client.responses.get(answer.status),
        preload_content=False,
        original_response=_Original(headers) if _sets_cookies(headers) else None,  # type: ignore[arg-type]
        request_method=request.method,
        request_url=request.url,
    )
    return raw


def _sets_cookies(headers: HTTPHeaderDict) -> bool:
    return "set-cookie" in headers or "set-cookie2" in headers


class _Mock(responses.RequestsMock):
    """responses' adapter patch, answering from the active APIMock.

    Its own request handling is replaced: it looks for a match among its own
    stubs (under its lock, with a registry, a call list and an answer object
    per request) and we keep none. What it does for every client stays: a
    file-like body is read first, a passed-through request goes to the real
    adapter, and a status the adapter's ``Retry`` retries is asked again.
    """

    def _on_request(
        self,
        adapter: HTTPAdapter,
        request: requests.PreparedRequest,
        *,
        retries: Retry | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        body = request.body
        if body is not None and type(body) is not bytes and type(body) is not str:
            request.body = self._read_filelike_body(body)  # a file's, say
        api_request = to_api_request(request, kwargs.get("timeout"))
        mock = base.active_mock(api_request)
        match = mock.resolve(api_request)
        if match is None:  # an allowed host
            sent: requests.Response = _send_for_real(adapter, request, **kwargs)
            return sent
        with base.translated(_translate):
            answer = mock.respond(api_request, match)
        response = adapter.build_response(request, _urllib3_response(request, answer))
        if answer.stream is None and not answer.fault:
            # Read already: requests need not read it from the raw stream,
            # which still holds it for stream=True. A faulty body is read and
            # fails as its fault says; a stream is read a chunk at a time.
            response._content = answer.body
        retries = retries or adapter.max_retries
        status = response.status_code
        if retries.is_retry(  # as responses does, for a Retry's status_forcelist
            method=request.method or "GET",
            status_code=status,
            # Read only where a Retry reads it: a header missing from
            # requests' headers is a KeyError raised and caught.
            has_retry_after=status in retries.RETRY_AFTER_STATUS_CODES
            and "Retry-After" in response.headers,
        ):
            try:
                retries = retries.increment(
                    method=request.method, url=response.url, response=response.raw
                )
            except MaxRetryError as error:
                if retries.raise_on_status:
                    raise requests.exceptions.RetryError(
                        error, request=request
                    ) from error
                return response
            return self._on_request(adapter, request, retries=retries, **kwargs)
        return response


_mock: responses.RequestsMock | None = None


def install() -> None:
    global _mock
    if _mock is None:
        _mock = _Mock(assert_all_requests_are_fired=False)
        _mock.start()


def uninstall() -> None:
    global _mock
    if _mock is not None:
        _mock.stop(allow_assert=False)
        _mock = None

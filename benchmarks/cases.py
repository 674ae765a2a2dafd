"""The per-call cases the benchmarks share: each sets one library up to
answer one stubbed GET and yields the call to repeat; and the per-test cases,
each yielding one whole test (set-up, a stubbed POST, tear-down) to repeat.

``bench_peers.py`` times these calls; ``count_instructions.py`` counts the
instructions they execute. Every URL is stubbed: nothing leaves the machine.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from unittest import mock

URL = "https://api.example.com/v1/items"

Call = Callable[[], Any]


def item_url(index: int) -> str:
    return f"{URL}/{index}"


def configure_django(stubs: list[dict[str, Any]]) -> None:
    """Minimal settings for apimock, with ``stubs`` as the settings stubs."""
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench",
        USE_TZ=True,
        INSTALLED_APPS=["rest_framework", "apimock"],
        APIMOCK={"STUBS": stubs},
        API_URL=URL,
    )
    django.setup()


# -- requests ----------------------------------------------------------------


@contextmanager
def floor() -> Iterator[Call]:
    """``Session.send`` patched to return a prebuilt Response: the floor."""
    import requests

    response = requests.Response()
    response.status_code = 200
    response._content = b'{"id": 1}'
    response.headers["Content-Type"] = "application/json"
    with mock.patch.object(requests.Session, "send", return_value=response):
        yield lambda: requests.get(item_url(0))


def _prebuilt_raw() -> Any:
    """A fresh urllib3 response over a prebuilt body, as a transport returns."""
    import urllib3

    return urllib3.HTTPResponse(
        body=io.BytesIO(b'{"id": 1}'),
        headers={"Content-Type": "application/json"},
        status=200,
        preload_content=False,
    )


@contextmanager
def response_floor() -> Iterator[Call]:
    """``Session.send`` patched to build a fresh Response from a prebuilt body
    (``HTTPAdapter.build_response``, then its content read): the least any
    mock that answers each call with a new Response can cost, wherever it
    answers. The floor returns one Response, built once, every time."""
    import requests

    def send(session: requests.Session, request: Any, **kwargs: Any) -> Any:
        adapter = session.get_adapter(url=request.url)
        response = adapter.build_response(request, _prebuilt_raw())
        response.content  # noqa: B018 -- Session.send reads it unless streaming
        return response

    with mock.patch.object(requests.Session, "send", send):
        yield lambda: requests.get(item_url(0))


@contextmanager
def adapter_floor() -> Iterator[Call]:
    """``HTTPAdapter.send`` patched to build the response from a prebuilt
    body: the least a mock at the adapter, where responses works, can cost,
    since requests' own ``Session.send`` still runs."""
    import requests
    from requests.adapters import HTTPAdapter

    def send(adapter: HTTPAdapter, request: Any, **kwargs: Any) -> Any:
        return adapter.build_response(request, _prebuilt_raw())

    with mock.patch.object(HTTPAdapter, "send", send):
        yield lambda: requests.get(item_url(0))


@contextmanager
def apimock_requests() -> Iterator[Call]:
    """One stub added in a test's mock, inside its class's (as
    MockedAPITestCase runs it); Django must be configured."""
    import requests

    import apimock

    with apimock.mocked(), apimock.mocked() as api:
        api.add("GET", item_url(0), json={"id": 0})
        yield lambda: requests.get(item_url(0))


@contextmanager
def responses_requests() -> Iterator[Call]:
    import requests
    import responses

    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add(responses.GET, item_url(0), json={"id": 0})
        yield lambda: requests.get(item_url(0))


@contextmanager
def requests_mock_requests() -> Iterator[Call]:
    import requests
    import requests_mock

    with requests_mock.Mocker() as mocker:
        mocker.get(item_url(0), json={"id": 0})
        yield lambda: requests.get(item_url(0))


# -- httpx -------------------------------------------------------------------


@contextmanager
def httpx_mock_transport(package: str = "httpx") -> Iterator[Call]:
    """The package's own MockTransport answering a fresh response: the floor
    for a mock at the transport (``package``: httpx, or httpx2)."""
    httpx = importlib.import_module(package)

    def handler(request: Any) -> Any:
        return httpx.Response(200, json={"id": 0})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        yield lambda: client.get(item_url(0))


@contextmanager
def apimock_httpx(package: str = "httpx") -> Iterator[Call]:
    """As :func:`apimock_requests`, through ``httpx.Client`` (or httpx2's)."""
    httpx = importlib.import_module(package)

    import apimock

    with apimock.mocked(), apimock.mocked() as api, httpx.Client() as client:
        api.add("GET", item_url(0), json={"id": 0})
        yield lambda: client.get(item_url(0))


def httpx2_mock_transport() -> AbstractContextManager[Call]:
    return httpx_mock_transport("httpx2")


def apimock_httpx2() -> AbstractContextManager[Call]:
    return apimock_httpx("httpx2")


@contextmanager
def respx_httpx() -> Iterator[Call]:
    import httpx
    import respx

    with respx.mock(assert_all_called=False) as router, httpx.Client() as client:
        router.get(item_url(0)).respond(200, json={"id": 0})
        yield lambda: client.get(item_url(0))


# -- no mock active: what the guard's audit hook costs -------------------------


@contextmanager
def _loopback_http_call() -> Iterator[Call]:
    """One real http.client GET to a listening socket on 127.0.0.1, a new
    connection each time: the audit events of a real call. The server side
    runs in the same thread (the kernel completes the handshake before
    ``accept``), so the count does not depend on thread scheduling."""
    import http.client
    import socket

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"

    def call() -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/")
            client, _ = server.accept()
            with client:
                client.recv(65536)
                client.sendall(answer)
            return connection.getresponse().read()
        finally:
            connection.close()

    with server:
        yield call


@contextmanager
def _after_one_activation(hook: str) -> Iterator[Call]:
    """The loopback call after apimock was active once, with apimock's audit
    hook ("apimock"), a do-nothing one ("no-op") or none: the only difference
    between the cases. The garbage collector is off, so its runs do not blur
    the difference."""
    import gc
    import sys

    import apimock
    from apimock.guard import sockets

    if hook == "apimock":
        with apimock.mocked():
            pass
    else:
        with mock.patch.object(sockets, "_add_audit_hook"), apimock.mocked():
            pass
    if hook == "no-op":
        sys.addaudithook(lambda event, args: None)
    gc.disable()
    try:
        with _loopback_http_call() as call:
            yield call
    finally:
        gc.enable()


@contextmanager
def unmocked_without_hook() -> Iterator[Call]:
    """A real loopback call, no mock active, the audit hook never added."""
    with _after_one_activation("none") as call:
        yield call


@contextmanager
def unmocked_with_idle_hook() -> Iterator[Call]:
    """The same call with the guard's audit hook in place, idle."""
    with _after_one_activation("apimock") as call:
        yield call


@contextmanager
def unmocked_with_noop_hook() -> Iterator[Call]:
    """The same call with an audit hook that does nothing at all: what any
    audit hook costs, to tell it from what apimock's does."""
    with _after_one_activation("no-op") as call:
        yield call


# -- per test ------------------------------------------------------------------

#: The per-test cases: what answers the test's POST.
PER_TEST = ("floor", "responses", "settings", "add", "add_distinct")
SETTINGS_STUB = {
    "method": "POST",
    "url": "{settings.API_URL}",
    "status": 201,
    "json": {"item_id": "12345678"},
}


@contextmanager
def per_test(variant: str) -> Iterator[Call]:
    """One test of a test-case class, run as the runner runs it (its class
    set up once, around all the calls), as bench_suite.py's generated suite
    writes it: ``floor`` (HTTPAdapter.send patched for the whole run),
    ``responses`` (``@responses.activate`` and ``responses.add``), and
    apimock's MockedAPISimpleTestCase with a settings stub (``settings``),
    ``self.api.add`` of the same stub (``add``) or of a new one in every
    test (``add_distinct``). Django must be configured, with SETTINGS_STUB
    as the settings stub for ``settings``."""
    import unittest

    case = _test_case(variant)
    result = unittest.TestResult()
    with _floor_patch() if variant == "floor" else _nothing():
        case.setUpClass()
        try:

            def call() -> None:
                case("test_it").run(result)
                if result.errors or result.failures:
                    raise AssertionError((result.errors + result.failures)[0][1])

            yield call
        finally:
            case.tearDownClass()
            case.doClassCleanups()


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _floor_patch() -> Iterator[None]:
    from requests.adapters import HTTPAdapter

    def send(adapter: HTTPAdapter, request: Any, **kwargs: Any) -> Any:
        raw = _prebuilt_raw()
        raw.status = 201
        return adapter.build_response(request, raw)

    with mock.patch.object(HTTPAdapter, "send", send):
        yield


def _test_case(variant: str) -> Any:
    import requests
    import responses
    from rest_framework.test import APISimpleTestCase

    import apimock

    counter = iter(range(1 << 62))

    def post(test: Any) -> None:
        response = requests.post(URL, json={"amount": 1200}, timeout=5)
        test.assertEqual(response.status_code, 201)

    if variant == "floor":
        return type("FloorTest", (APISimpleTestCase,), {"test_it": post})
    if variant == "responses":

        @responses.activate
        def with_responses(test: Any) -> None:
            responses.add(responses.POST, URL, status=201, json={"item_id": "12345678"})
            post(test)

        return type("ResponsesTest", (APISimpleTestCase,), {"test_it": with_responses})

    def added(test: Any) -> None:
        if variant == "add":
            test.api.add("POST", URL, status=201, json={"item_id": "12345678"})
        elif variant == "add_distinct":
            test.api.add("POST", URL, status=201, json={"item_id": next(counter)})
        post(test)

    return type("ApimockTest", (apimock.MockedAPISimpleTestCase,), {"test_it": added})

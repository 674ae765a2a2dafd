"""Streamed answers: chunks and server-sent events, delivered to each client's
streaming API a piece at a time, ending cleanly or with a fault."""

from __future__ import annotations

import asyncio
import tempfile
import unittest
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import httpx2
import requests
import trio
import urllib3
from django.test import override_settings

from apimock import MockedAPITestCase
from apimock.exceptions import StubError
from tests.clients import CLIENTS
from tests.helpers import problems, run_case
from tests.test_faults import RESET, TRUNCATED
from tests.test_niquests import HAS_NIQUESTS

URL = "https://stream.example.com/v1/events"
EVENT = b'event: tick\ndata: {"n": %d}\n\n'
#: (the first piece, how many pieces the stub had made when it was read, the rest)
Read = tuple[bytes, int, bytes]


class Counted:
    """A callback whose stream makes its events one by one, counting them:
    a test can tell what existed when the code read the first one."""

    def __init__(self, count: int = 3) -> None:
        self.count = count
        self.made = 0

    def __call__(self, request: Any) -> dict[str, Any]:
        def events():
            for n in range(self.count):
                self.made += 1
                yield {"event": "tick", "data": {"n": n}}

        return {"events": events()}


def read_requests(url: str, made: Callable[[], int]) -> Read:
    with requests.get(url, stream=True, timeout=5) as response:
        pieces = response.iter_content(chunk_size=None)
        first = next(pieces)
        return first, made(), b"".join(pieces)


def read_requests_lines(url: str, made: Callable[[], int]) -> Read:
    with requests.get(url, stream=True, timeout=5) as response:
        lines = response.iter_lines()
        first = b"\n".join([next(lines), next(lines)])
        return first, made(), b"\n".join(lines)


def read_httpx(module: Any) -> Callable[[str, Callable[[], int]], Read]:
    def read(url: str, made: Callable[[], int]) -> Read:
        with module.Client() as client, client.stream("GET", url) as response:
            pieces = response.iter_bytes()
            first = next(pieces)
            return first, made(), b"".join(pieces)

    return read


def read_httpx_async(
    module: Any, loop: str = "asyncio"
) -> Callable[[str, Callable[[], int]], Read]:
    def read(url: str, made: Callable[[], int]) -> Read:
        async def go() -> Read:
            async with (
                module.AsyncClient() as client,
                client.stream("GET", url) as response,
            ):
                lines = response.aiter_lines()
                first = "\n".join([await anext(lines), await anext(lines)])
                seen = made()
                rest = "\n".join([line async for line in lines])
            return first.encode(), seen, rest.encode()

        return trio.run(go) if loop == "trio" else asyncio.run(go())

    return read


def read_urllib3(url: str, made: Callable[[], int]) -> Read:
    with urllib3.PoolManager() as pool:
        response = pool.request("GET", url, preload_content=False)
        pieces = response.stream(1024)
        first = next(pieces)
        return first, made(), b"".join(pieces)


def read_urllib(url: str, made: Callable[[], int]) -> Read:
    with urllib.request.urlopen(url, timeout=5) as response:
        first = response.read(len(EVENT % 0))
        return first, made(), response.read()


def read_aiohttp(url: str, made: Callable[[], int]) -> Read:
    async def go() -> Read:
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            pieces = response.content.iter_chunked(1024)
            first = await anext(pieces)
            seen = made()
            return first, seen, b"".join([piece async for piece in pieces])

    return asyncio.run(go())


READERS: dict[str, Callable[[str, Callable[[], int]], Read]] = {
    "requests iter_content": read_requests,
    "requests iter_lines": read_requests_lines,
    "httpx iter_bytes": read_httpx(httpx),
    "httpx aiter_lines": read_httpx_async(httpx),
    "httpx2 iter_bytes": read_httpx(httpx2),
    "httpx2 aiter_lines": read_httpx_async(httpx2),
    "httpx2 aiter_lines (trio)": read_httpx_async(httpx2, "trio"),
    "urllib3 stream": read_urllib3,
    "urllib read(n)": read_urllib,
    "aiohttp iter_chunked": read_aiohttp,
}


def lines(data: bytes) -> list[bytes]:
    return [line for line in data.splitlines() if line]


class IncrementalTest(MockedAPITestCase):
    def test_every_client_reads_the_first_event_before_the_next_is_made(self):
        for name, read in READERS.items():
            with self.subTest(client=name):
                events = Counted()
                self.api.add("GET", URL, callback=events, times=1)

                first, made_then, rest = read(URL, lambda e=events: e.made)

                # Lines, for the clients that read them.
                self.assertEqual(lines(first), lines(EVENT % 0))
                self.assertEqual(made_then, 1)
                self.assertEqual(lines(rest), lines(EVENT % 1 + EVENT % 2))
                self.assertEqual(events.made, 3)

    def test_the_call_log_holds_what_the_client_has_read(self):
        self.api.add("GET", URL, callback=Counted())
        with requests.get(URL, stream=True, timeout=5) as response:
            pieces = response.iter_content(chunk_size=None)
            next(pieces)
            self.assertEqual(self.api.calls[0].response.body, EVENT % 0)
            list(pieces)
        self.assertEqual(
            self.api.calls[0].response.body, b"".join(EVENT % n for n in range(3))
        )


class EncodingTest(MockedAPITestCase):
    def test_events_are_server_sent_events_with_json_data(self):
        self.api.add(
            "POST",
            URL,
            events=[
                {"event": "delta", "id": "7", "data": {"text": "{request.json.q}"}},
                {"data": "two\nlines", "retry": 250},
                {"data": "[DONE]"},
            ],
        )
        for name, (fetch, *_) in CLIENTS.items():
            with self.subTest(client=name):
                status, headers, body = fetch("POST", URL, json={"q": "hello"})

                self.assertEqual(status, 200)
                self.assertEqual(
                    headers["content-type"], "text/event-stream; charset=utf-8"
                )
                self.assertNotIn("content-length", headers)
                self.assertEqual(
                    body,
                    b'event: delta\nid: 7\ndata: {"text": "hello"}\n\n'
                    b"data: two\ndata: lines\nretry: 250\n\n"
                    b"data: [DONE]\n\n",
                )

    def test_chunks_are_sent_as_given(self):
        self.api.add("GET", URL, chunks=["Hel", b"lo", " world"])
        self.api.add("GET", URL + "/bytes", chunks=[b"\x00\x01", b"\x02"])
        for name, (fetch, *_) in CLIENTS.items():
            with self.subTest(client=name):
                _, headers, body = fetch("GET", URL)
                self.assertEqual(body, b"Hello world")
                self.assertEqual(headers["content-type"], "text/plain; charset=utf-8")
                self.assertEqual(fetch("GET", URL + "/bytes")[2], b"\x00\x01\x02")

    def test_a_streamed_answer_read_whole_is_the_same_body(self):
        self.api.add("GET", URL, events=[{"data": {"n": 1}}], status=201)
        self.assertEqual(requests.get(URL, timeout=5).content, b'data: {"n": 1}\n\n')
        self.assertEqual(httpx2.get(URL).text, 'data: {"n": 1}\n\n')
        self.assertEqual(httpx2.get(URL).status_code, 201)

    def test_stub_files_stream_too(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "streams.yaml"
            path.write_text(
                f"- method: GET\n  url: {URL}\n  events:\n"
                "    - {event: message, data: {text: Hi}}\n"
                "    - {data: '[DONE]'}\n"
                f"- method: GET\n  url: {URL}/chunks\n  chunks: [a, b]\n"
            )
            with override_settings(APIMOCK={"STUBS": [str(path)]}):
                with httpx2.Client() as client, client.stream("GET", URL) as response:
                    lines = list(response.iter_lines())
                chunks = requests.get(URL + "/chunks", timeout=5).text
        self.assertEqual(
            lines, ["event: message", 'data: {"text": "Hi"}', "", "data: [DONE]", ""]
        )
        self.assertEqual(chunks, "ab")


class StreamFaultTest(MockedAPITestCase):
    def setUp(self):
        events = [{"data": "one"}, {"data": "two"}]
        self.api.add("GET", URL + "/reset", events=events, fault="connection_reset")
        self.api.add("GET", URL + "/cut", events=events, fault="truncated_body")

    def test_a_reset_after_the_events_is_each_clients_own_error(self):
        for name, (fetch, *_) in CLIENTS.items():
            with self.subTest(client=name), self.assertRaises(RESET[name]):
                fetch("GET", URL + "/reset")

    def test_a_stream_cut_short_is_each_clients_own_error(self):
        for name, (fetch, *_) in CLIENTS.items():
            if name in TRUNCATED:
                with self.subTest(client=name), self.assertRaises(TRUNCATED[name]):
                    fetch("GET", URL + "/cut")

    def test_the_events_before_the_fault_arrive(self):
        received = []
        with (
            self.assertRaises(requests.exceptions.ChunkedEncodingError),
            requests.get(URL + "/reset", stream=True, timeout=5) as response,
        ):
            received.extend(line for line in response.iter_lines() if line)
        self.assertEqual(received, [b"data: one", b"data: two"])

        received.clear()
        with (
            self.assertRaises(httpx2.ReadError),
            httpx2.Client() as client,
            client.stream("GET", URL + "/reset") as response,
        ):
            received.extend(line for line in response.iter_lines() if line)
        self.assertEqual(received, ["data: one", "data: two"])


class BrokenStreamTest(MockedAPITestCase):
    def test_a_bad_event_from_a_callback_fails_the_test_even_if_swallowed(self):
        def events(request):
            return {"events": iter([{"data": "fine"}, "not an event"])}

        class Swallowing(MockedAPITestCase):
            def test_it(self):
                self.api.add("GET", URL, callback=events)
                try:
                    with httpx2.Client() as client, client.stream("GET", URL) as r:
                        list(r.iter_lines())
                except StubError:
                    pass  # the code under test carries on

        [failure] = problems(run_case(Swallowing))
        self.assertIn("key 'events[1]' must be an event", failure)

    def test_a_bad_event_made_mid_stream_is_a_stub_error_for_every_client(self):
        self.api.add(
            "GET",
            URL,
            callback=lambda request: {"events": iter([{"data": "ok"}, 42])},
        )
        for name, (fetch, *_) in CLIENTS.items():
            with (
                self.subTest(client=name),
                self.assertRaisesMessage(StubError, "key 'events[1]' must be an event"),
            ):
                fetch("GET", URL)
        self.assertEqual(len(self.api.stub_errors), len(CLIENTS))
        self.api.stub_errors.clear()  # seen: the test does not fail for them

    def test_a_callback_stream_that_is_not_iterable(self):
        self.api.add("GET", URL, callback=lambda request: {"chunks": 42})
        with self.assertRaisesMessage(
            StubError, "'chunks' must be a list or an iterator"
        ):
            requests.get(URL, timeout=5)
        self.api.stub_errors.clear()


class ClientsWithoutAStreamingReadTest(MockedAPITestCase):
    """httplib2 and niquests' whole-body reads get the stream's pieces joined;
    pycurl's WRITEFUNCTION gets them one at a time, as libcurl would."""

    def setUp(self):
        self.api.add("GET", URL, events=[{"data": "one"}, {"data": "two"}])

    def test_httplib2_reads_it_whole(self):
        import httplib2

        _, content = httplib2.Http().request(URL)
        self.assertEqual(content, b"data: one\n\ndata: two\n\n")

    @unittest.skipUnless(HAS_NIQUESTS, "niquests is installed by .ci/run, not [dev]")
    def test_niquests_reads_it_whole(self):
        import niquests

        self.assertEqual(niquests.get(URL).content, b"data: one\n\ndata: two\n\n")

    def test_pycurl_writes_each_piece(self):
        import pycurl

        pieces = []
        curl = pycurl.Curl()
        curl.setopt(pycurl.URL, URL)
        curl.setopt(pycurl.WRITEFUNCTION, pieces.append)
        curl.perform()

        self.assertEqual(pieces, [b"data: one\n\n", b"data: two\n\n"])

"""Faults every client meets in its own way: delays, resets, cut bodies, bad JSON."""

from __future__ import annotations

import gc
import http.client
import json
import sys
import time
import urllib.error
import urllib.request
from unittest import mock

import aiohttp
import httpx
import httpx2
import requests
import urllib3

from apimock import MockedAPITestCase
from tests.clients import CLIENTS

URL = "https://faults.example.com/v1/things"
BODY = b'{"id": "obj_1", "object": "thing", "amount": 1000}'

#: What each client raises when the connection is reset half-way through the body.
RESET = {
    "requests": requests.exceptions.ChunkedEncodingError,
    "httpx": httpx.ReadError,
    "httpx async": httpx.ReadError,
    "httpx2": httpx2.ReadError,
    "httpx2 async": httpx2.ReadError,
    "httpx2 trio": httpx2.ReadError,
    "urllib3": urllib3.exceptions.ProtocolError,
    "urllib": ConnectionResetError,
    "http.client": ConnectionResetError,
    "aiohttp": aiohttp.ClientPayloadError,
}
#: ... and when the server closes cleanly before the promised Content-Length.
TRUNCATED = {
    "requests": requests.exceptions.ChunkedEncodingError,
    "httpx": httpx.RemoteProtocolError,
    "httpx async": httpx.RemoteProtocolError,
    "httpx2": httpx2.RemoteProtocolError,
    "httpx2 async": httpx2.RemoteProtocolError,
    "httpx2 trio": httpx2.RemoteProtocolError,
    "urllib3": urllib3.exceptions.ProtocolError,
    "aiohttp": aiohttp.ClientPayloadError,
}


class DelayTest(MockedAPITestCase):
    def setUp(self):
        # An hour: were it waited, the test would never finish.
        self.api.add("GET", URL + "/slow", json={"late": True}, delay=3600)
        self.api.add("GET", URL + "/a-bit-slow", json={"late": False}, delay=2)

    def test_a_delay_over_the_clients_timeout_raises_its_timeout_at_once(self):
        # Every client in the matrix is given timeout=5.
        for name, (fetch, _, timeout, _) in CLIENTS.items():
            with self.subTest(client=name), self.assertRaises(timeout) as caught:
                fetch("GET", URL + "/slow")
            self.assertIn(
                "longer than the client's timeout of 5 s", str(caught.exception)
            )

    def test_a_delay_under_the_timeout_answers_without_sleeping(self):
        with mock.patch("apimock.mock.answering.time.sleep") as sleep:
            for name, (fetch, *_) in CLIENTS.items():
                with self.subTest(client=name):
                    status, _, body = fetch("GET", URL + "/a-bit-slow")
                    self.assertEqual((status, json.loads(body)), (200, {"late": False}))
        sleep.assert_not_called()

    def test_no_timeout_given_means_no_timeout_raised(self):
        self.assertEqual(requests.get(URL + "/slow").json(), {"late": True})

    def test_each_clients_way_of_giving_a_timeout_is_read(self):
        self.api.add("GET", URL + "/d", json={}, delay=3)
        for timeout in (2, (10, 2), urllib3.Timeout(read=2)):
            with self.subTest(timeout=timeout), self.assertRaises(requests.Timeout):
                requests.get(URL + "/d", timeout=timeout)
        with self.assertRaises(httpx.ReadTimeout):
            httpx.get(URL + "/d", timeout=httpx.Timeout(10, read=2))
        with self.assertRaises(httpx2.ReadTimeout):
            httpx2.get(URL + "/d", timeout=httpx2.Timeout(10, read=2))
        with self.assertRaises(TimeoutError):
            urllib.request.urlopen(URL + "/d", timeout=2)
        self.assertEqual(requests.get(URL + "/d", timeout=(1, 5)).status_code, 200)

    def test_real_delay_really_waits(self):
        self.api.add("GET", URL + "/real", json={}, delay=0.1, real_delay=True)
        for name, (fetch, *_) in CLIENTS.items():
            with self.subTest(client=name):
                started = time.monotonic()
                fetch("GET", URL + "/real")
                self.assertGreaterEqual(time.monotonic() - started, 0.1)


class HTTPClientTimeoutTest(MockedAPITestCase):
    def test_a_stubbed_timeout_leaves_no_half_made_response_behind(self):
        # Python 3.13 reports a response whose __init__ raised when it is
        # collected ("Exception ignored in HTTPResponse ... no attribute 'fp'").
        self.api.add("GET", URL + "/late", error="timeout")
        ignored: list[str] = []
        self.addCleanup(setattr, sys, "unraisablehook", sys.unraisablehook)
        sys.unraisablehook = lambda report: ignored.append(repr(report.exc_value))

        with self.assertRaises(TimeoutError):
            urllib.request.urlopen(URL + "/late", timeout=2)
        connection = http.client.HTTPSConnection("faults.example.com", timeout=2)
        connection.request("GET", "/v1/things/late")
        with self.assertRaises(TimeoutError):
            connection.getresponse()
        connection.close()
        gc.collect()

        self.assertEqual(ignored, [])


class BrokenResponseTest(MockedAPITestCase):
    def setUp(self):
        self.api.add("GET", URL + "/reset", body=BODY, fault="connection_reset")
        self.api.add("GET", URL + "/cut", body=BODY, fault="truncated_body")
        self.api.add("GET", URL + "/bad-json", json={"id": 1}, fault="malformed_json")

    def test_connection_reset_mid_response(self):
        for name, (fetch, *_) in CLIENTS.items():
            with self.subTest(client=name), self.assertRaises(RESET[name]):
                fetch("GET", URL + "/reset")

    def test_truncated_body(self):
        for name, (fetch, *_) in CLIENTS.items():
            if name in TRUNCATED:
                with self.subTest(client=name), self.assertRaises(TRUNCATED[name]):
                    fetch("GET", URL + "/cut")
        # http.client's read() says so; read(n) returns what came, as with a server.
        with self.assertRaises(http.client.IncompleteRead) as caught:
            urllib.request.urlopen(URL + "/cut", timeout=5).read()
        self.assertEqual(caught.exception.partial, BODY[: len(BODY) // 2])

    def test_malformed_json_is_a_complete_response_that_does_not_parse(self):
        for name, (fetch, *_) in CLIENTS.items():
            with self.subTest(client=name):
                status, headers, body = fetch("GET", URL + "/bad-json")
                self.assertEqual(status, 200)
                self.assertEqual(headers["content-type"], "application/json")
                with self.assertRaises(ValueError):
                    json.loads(body)

    def test_rate_limit_and_server_errors_are_plain_stubs(self):
        self.api.add(
            "GET", URL + "/limited", status=429, headers={"Retry-After": "3"}, json={}
        )
        self.api.add("GET", URL + "/down", status=503, body="maintenance")

        limited = requests.get(URL + "/limited")
        self.assertEqual(
            (limited.status_code, limited.headers["Retry-After"]), (429, "3")
        )
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(URL + "/down", timeout=5)
        self.assertEqual(caught.exception.code, 503)

"""One stub set answers every client the same way."""

from __future__ import annotations

import requests

from apimock import MockedAPITestCase, UnmatchedRequest
from tests.clients import CLIENTS

URL = "https://clients.example.com/v1/things"


class EveryClientTest(MockedAPITestCase):
    def setUp(self):
        self.api.add(
            "POST",
            URL,
            status=201,
            json={"id": 7, "name": "widget"},
            headers={"X-Request-Id": "r-1"},
            match={"json": {"name": "widget"}},
        )
        self.api.add("GET", URL + "/slow", error="timeout")
        self.api.add("GET", URL + "/slow-requests", body=requests.Timeout("slow"))
        self.api.add("GET", URL + "/down", error="connection_error")

    def test_status_headers_json_and_streaming(self):
        for name, (fetch, *_) in CLIENTS.items():
            with self.subTest(client=name):
                status, headers, body = fetch("POST", URL, json={"name": "widget"})

                self.assertEqual(status, 201)
                self.assertEqual(headers["x-request-id"], "r-1")
                self.assertEqual(headers["content-type"], "application/json")
                self.assertEqual(body, b'{"id": 7, "name": "widget"}')

    def test_the_call_log_names_the_client(self):
        for name, (fetch, logged_as, *_) in CLIENTS.items():
            with self.subTest(client=name):
                self.api.calls.reset()

                fetch("POST", URL, json={"name": "widget"})

                [call] = self.api.calls
                self.assertEqual(call.client, logged_as)
                self.assertEqual(call.request.json(), {"name": "widget"})
                self.assertEqual(call.response.status, 201)
                self.assertAPICalled("POST", URL, times=1, json={"name": "widget"})

    def test_timeouts_are_the_clients_own(self):
        for name, (fetch, _, timeout, _) in CLIENTS.items():
            for path in ("/slow", "/slow-requests"):
                with self.subTest(client=name, stub=path), self.assertRaises(timeout):
                    fetch("GET", URL + path)

    def test_connection_errors_are_the_clients_own(self):
        for name, (fetch, _, _, connection_error) in CLIENTS.items():
            with self.subTest(client=name), self.assertRaises(connection_error):
                fetch("GET", URL + "/down")

    def test_a_miss_is_unmatched_request_for_every_client(self):
        for name, (fetch, logged_as, *_) in CLIENTS.items():
            with self.subTest(client=name):
                with self.assertRaises(UnmatchedRequest) as caught:
                    fetch("GET", URL + "/nope")
                self.assertIn(f"(client: {logged_as})", str(caught.exception))
        self.assertEqual(len(self.api.misses), len(CLIENTS))
        self.api.misses.clear()  # each was seen above

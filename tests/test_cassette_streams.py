"""A streamed answer is recorded event by event, readable and redacted, and
replayed as a stream to every client."""

from __future__ import annotations

import httpx2
import requests
from django.conf import settings

from tests.api_server import api_server
from tests.clients import CLIENTS
from tests.test_cassettes import SECRET, CassetteCase

RECORDED = [
    {"event": "delta", "id": "1", "data": {"text": "Hel", "auth": "Bearer <AUTH_KEY>"}},
    {"event": "delta", "data": {"text": "lo"}},
    {"data": "[DONE]"},
]


def read_stream(base: str) -> list[str]:
    """The code under test: a streamed answer, read a line at a time."""
    headers = {"Authorization": f"Bearer {settings.AUTH_KEY}"}
    with (
        httpx2.Client() as client,
        client.stream("GET", f"{base}/events", headers=headers) as response,
    ):
        return [line for line in response.iter_lines() if line]


class StreamCassetteTest(CassetteCase):
    def test_recorded_event_by_event_with_secrets_redacted(self):
        with api_server() as server:
            seen = self.run_flow("once", lambda t: read_stream(server.url))
            self.assertEqual(server.hits, 1)
        self.assertEqual(seen["problems"], [])
        [interaction] = self.interactions()
        self.assertEqual(interaction["response"]["events"], RECORDED)
        self.assertNotIn("body", interaction["response"])
        self.assertNotIn(SECRET, self.cassette_text())
        # The code saw the restored copy, as a replay will show it.
        self.assertIn(
            f'data: {{"text": "Hel", "auth": "Bearer {SECRET}"}}', seen["result"]
        )

    def test_replayed_as_a_stream_with_the_server_stopped(self):
        with api_server() as server:
            recorded = self.run_flow("once", lambda t: read_stream(server.url))
            base = server.url
        replayed = self.run_flow("none", lambda t: read_stream(base))

        self.assertEqual(replayed["problems"], [])
        self.assertEqual(replayed["result"], recorded["result"])
        self.assertEqual(
            replayed["result"],
            [
                "event: delta",
                "id: 1",
                f'data: {{"text": "Hel", "auth": "Bearer {SECRET}"}}',
                "event: delta",
                'data: {"text": "lo"}',
                "data: [DONE]",
            ],
        )

    def test_every_client_replays_the_recorded_stream(self):
        with api_server() as server:
            self.run_flow(
                "once",
                lambda t: requests.get(f"{server.url}/events", timeout=5).content,
            )
            base = server.url

        def replay(test):
            answers = {}
            for name, (fetch, *_) in CLIENTS.items():
                test.api.state.reset()  # each recording answers once
                _, headers, body = fetch("GET", f"{base}/events")
                answers[name] = (headers["content-type"], body)
            return answers

        replayed = self.run_flow("none", replay)

        self.assertEqual(replayed["problems"], [])
        expected = (
            "text/event-stream; charset=utf-8",
            b'event: delta\nid: 1\ndata: {"text": "Hel", "auth": ""}'
            b'\n\nevent: delta\ndata: {"text": "lo"}\n\ndata: [DONE]\n\n',
        )
        for name, answer in replayed["result"].items():
            with self.subTest(client=name):
                self.assertEqual(answer, expected)

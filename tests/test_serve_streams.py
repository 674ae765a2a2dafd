"""``apimock serve`` sends a streamed stub chunk by chunk over a real socket:
the real OpenAI SDK, pointed at the server, reads the sample project's
streamed answer with its own stream helper."""

from __future__ import annotations

import openai
import requests
from django.test import SimpleTestCase

from tests.test_serve import start_server, stop

COMPLETIONS = "https://api.openai.com/v1/chat/completions"


class ServeStreamTest(SimpleTestCase):
    def setUp(self) -> None:
        self.server, self.base = start_server()
        self.addCleanup(lambda: self.server.poll() is None and stop(self.server))

    def test_a_streamed_stub_arrives_as_chunked_server_sent_events(self):
        with requests.post(
            f"{self.base}/{COMPLETIONS}",
            json={"model": "m", "stream": True, "messages": [{"content": "Hi"}]},
            stream=True,
            timeout=10,
        ) as response:
            lines = [line for line in response.iter_lines() if line]

        self.assertEqual(response.headers["Transfer-Encoding"], "chunked")
        self.assertEqual(
            response.headers["Content-Type"], "text/event-stream; charset=utf-8"
        )
        self.assertNotIn("Content-Length", response.headers)
        self.assertEqual(len(lines), 5)
        self.assertEqual(lines[-1], b"data: [DONE]")

    def test_the_openai_sdk_streams_from_the_server(self):
        client = openai.OpenAI(
            base_url=f"{self.base}/https://api.openai.com/v1",
            api_key="sk-test",
            max_retries=0,
        )

        stream = client.chat.completions.create(
            model="gpt-test", messages=[{"role": "user", "content": "Hi"}], stream=True
        )
        text = "".join(chunk.choices[0].delta.content or "" for chunk in stream)

        self.assertEqual(text, "You asked: Hi. Here is a stubbed answer.")
        _, out, _ = stop(self.server)
        self.assertIn("POST https://api.openai.com/v1/chat/completions -> 200", out)

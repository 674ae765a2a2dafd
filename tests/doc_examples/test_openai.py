"""The OpenAI examples of docs/howto.rst, run as tests (the docs include them
by name). Self-contained, as a reader copies it: the chunk helper is here."""

from __future__ import annotations

from typing import Any

import openai

from apimock import MockedAPITestCase

OPENAI = "https://api.openai.com/v1"


def chat_chunk(content: str | None, finish: str | None = None) -> dict[str, Any]:
    """One event of a streamed chat completion: a piece of the answer."""
    delta = {"content": content} if content is not None else {}
    return {
        "data": {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1764547200,
            "model": "gpt-test",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
    }


class OpenAITest(MockedAPITestCase):
    def setUp(self):
        self.llm = openai.OpenAI(base_url=OPENAI, api_key="sk-test")

    def test_a_chat_completion(self):
        self.api.add(
            "POST",
            f"{OPENAI}/chat/completions",
            json={
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 1764547200,
                "model": "gpt-4.1-mini",
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": "Hi there."},
                    }
                ],
            },
        )

        answer = self.llm.chat.completions.create(
            model="gpt-test", messages=[{"role": "user", "content": "Hi"}]
        )

        self.assertEqual(answer.choices[0].message.content, "Hi there.")

    def test_a_streamed_chat_completion(self):
        self.api.add(
            "POST",
            f"{OPENAI}/chat/completions",
            events=[
                chat_chunk("Hi"),
                chat_chunk(" there."),
                chat_chunk(None, "stop"),
                {"data": "[DONE]"},
            ],
        )

        stream = self.llm.chat.completions.create(
            model="gpt-test",
            messages=[{"role": "user", "content": "Hi"}],
            stream=True,
        )
        text = "".join(c.choices[0].delta.content or "" for c in stream)

        self.assertEqual(text, "Hi there.")

    def test_rate_limited_then_answered(self):
        # retry-after-ms: the SDK's own retry waits 1 ms, not its 0.5 s back-off.
        self.api.add(
            "POST",
            f"{OPENAI}/chat/completions",
            responses=[
                {"status": 429, "headers": {"retry-after-ms": "1"}, "json": {}},
                {"events": [chat_chunk("Hi"), {"data": "[DONE]"}]},
            ],
        )

        stream = self.llm.chat.completions.create(
            model="gpt-test",
            messages=[{"role": "user", "content": "Hi"}],
            stream=True,
        )

        self.assertEqual([c.choices[0].delta.content for c in stream], ["Hi"])
        self.assertAPICalled("POST", f"{OPENAI}/chat/completions", times=2)

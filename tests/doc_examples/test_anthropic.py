"""The LLM examples of docs/howto.rst, run as tests (the docs include them by name)."""

from __future__ import annotations

import anthropic
import openai

from apimock import MockedAPITestCase
from tests.llm import chat_chunk, message_events

OPENAI = "https://api.openai.com/v1"
ANTHROPIC = "https://api.anthropic.com"


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


class AnthropicTest(MockedAPITestCase):
    def test_a_streamed_message(self):
        self.api.add(
            "POST",
            f"{ANTHROPIC}/v1/messages",
            events=message_events("Hi", " there."),
        )
        claude = anthropic.Anthropic(api_key="sk-ant-test")

        with claude.messages.stream(
            model="claude-test",
            max_tokens=100,
            messages=[{"role": "user", "content": "Hi"}],
        ) as stream:
            text = "".join(stream.text_stream)

        self.assertEqual(text, "Hi there.")
        self.assertEqual(stream.get_final_message().stop_reason, "end_turn")

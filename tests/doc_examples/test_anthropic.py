"""The Anthropic example of docs/howto.rst, run as a test (the docs include it
by name)."""

from __future__ import annotations

import anthropic

from apimock import MockedAPITestCase
from tests.llm import message_events

ANTHROPIC = "https://api.anthropic.com"


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

"""The assistant streams an LLM's answer to the browser as the LLM sends it;
the LLM is the stub in testproject/stubs/openai.yaml, or one a test adds."""

from django.conf import settings
from django.urls import reverse

from apimock import MockedAPITestCase
from testproject.assistant.answers import CUT_OFF

COMPLETIONS = f"{settings.OPENAI_BASE_URL}/chat/completions"


def piece(text: str | None, finish: str | None = None) -> dict:
    delta = {"content": text} if text is not None else {}
    return {
        "data": {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1764547200,
            "model": "gpt-4.1-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
    }


class AssistantTest(MockedAPITestCase):
    def test_the_answer_streams_to_the_browser(self):
        response = self.client.get(reverse("assistant"), {"q": "What is apimock?"})

        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(
            list(response.streaming_content),
            [b"You asked: ", b"What is apimock?", b". Here is a stubbed answer."],
        )
        self.assertAPICalled(
            "POST",
            COMPLETIONS,
            times=1,
            json={
                "model": "gpt-4.1-mini",
                "messages": [{"role": "user", "content": "What is apimock?"}],
                "stream": True,
            },
        )

    def test_each_piece_reaches_the_browser_before_the_llm_sends_the_next(self):
        sent = []

        def llm(request):
            def events():
                for event in (piece("One"), piece(" two"), piece(None, "stop")):
                    sent.append(event)
                    yield event
                yield {"data": "[DONE]"}

            return {"events": events()}

        self.api.add("POST", COMPLETIONS, callback=llm)
        response = self.client.get(reverse("assistant"), {"q": "Count."})
        pieces = iter(response.streaming_content)

        self.assertEqual(next(pieces), b"One")
        self.assertEqual(len(sent), 1)
        self.assertEqual(list(pieces), [b" two"])

    def test_a_stream_that_breaks_off_ends_with_a_notice(self):
        self.api.add(
            "POST",
            COMPLETIONS,
            events=[piece("Half an")],
            fault="connection_reset",
        )

        response = self.client.get(reverse("assistant"), {"q": "Tell me."})

        self.assertEqual(
            b"".join(response.streaming_content).decode(), "Half an" + CUT_OFF
        )

    def test_no_question(self):
        response = self.client.get(reverse("assistant"))

        self.assertEqual(response.status_code, 400)
        self.assertAPINotCalled("POST", COMPLETIONS)

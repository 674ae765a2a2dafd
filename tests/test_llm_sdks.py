"""The real OpenAI and Anthropic SDKs (on httpx2), pointed at a loopback
canary: answered by stubs with the SDKs' own parsed objects, stopped with
UnmatchedRequest when no stub answers, and never reaching the canary."""

from __future__ import annotations

import asyncio

import anthropic
import openai
import trio
from anthropic.types import Message
from openai.types.chat import ChatCompletion
from openai.types.responses import Response

from apimock import MockedAPITestCase, UnmatchedRequest
from tests import llm
from tests.test_leaks import Canary

ASK = [{"role": "user", "content": "Say hello."}]
ASK_JSON = {"model": "gpt-test", "messages": ASK}


class CanaryTestCase(MockedAPITestCase):
    """A canary on 127.0.0.2 (not an allowed host) for each test, and the
    SDK clients pointed at it."""

    def setUp(self):
        self.canary = Canary()
        self.addCleanup(self.canary.stop)
        self.base = self.canary.url
        # No retries unless a test asks: a miss is not retried anyway.
        self.openai = openai.OpenAI(base_url=f"{self.base}/v1", api_key="sk-test")
        self.async_openai = openai.AsyncOpenAI(
            base_url=f"{self.base}/v1", api_key="sk-test"
        )
        self.anthropic = anthropic.Anthropic(base_url=self.base, api_key="sk-ant-test")
        self.async_anthropic = anthropic.AsyncAnthropic(
            base_url=self.base, api_key="sk-ant-test"
        )

    def assertCanaryUntouched(self):
        self.assertEqual(self.canary.accepted, 0, "a request reached the canary")


class AnsweredTest(CanaryTestCase):
    def test_openai_chat_completion(self):
        self.api.add(
            "POST", f"{self.base}/v1/chat/completions", json=llm.CHAT_COMPLETION
        )

        answer = self.openai.chat.completions.create(model="gpt-test", messages=ASK)

        self.assertIsInstance(answer, ChatCompletion)
        self.assertEqual(answer.choices[0].message.content, "Hello from a stub.")
        self.assertEqual(answer.usage.total_tokens, 9)
        self.assertAPICalled(
            "POST",
            f"{self.base}/v1/chat/completions",
            times=1,
            json={"model": "gpt-test", "messages": ASK},
        )
        self.assertEqual(self.api.calls[0].client, "httpx2")
        self.assertCanaryUntouched()

    def test_openai_responses(self):
        self.api.add("POST", f"{self.base}/v1/responses", json=llm.RESPONSE)

        answer = self.openai.responses.create(model="gpt-test", input="Say hello.")

        self.assertIsInstance(answer, Response)
        self.assertEqual(answer.output_text, "Hello from a stub.")
        self.assertCanaryUntouched()

    def test_async_openai_chat_completion_and_responses(self):
        self.api.add(
            "POST", f"{self.base}/v1/chat/completions", json=llm.CHAT_COMPLETION
        )
        self.api.add("POST", f"{self.base}/v1/responses", json=llm.RESPONSE)

        async def ask():
            chat = await self.async_openai.chat.completions.create(
                model="gpt-test", messages=ASK
            )
            response = await self.async_openai.responses.create(
                model="gpt-test", input="Say hello."
            )
            return chat, response

        chat, response = asyncio.run(ask())

        self.assertIsInstance(chat, ChatCompletion)
        self.assertEqual(chat.choices[0].message.content, "Hello from a stub.")
        self.assertIsInstance(response, Response)
        self.assertEqual(response.output_text, "Hello from a stub.")
        self.assertCanaryUntouched()

    def test_anthropic_message(self):
        self.api.add("POST", f"{self.base}/v1/messages", json=llm.MESSAGE)

        message = self.anthropic.messages.create(
            model="claude-test", max_tokens=100, messages=ASK
        )

        self.assertIsInstance(message, Message)
        self.assertEqual(message.content[0].text, "Hello from a stub.")
        self.assertAPICalled("POST", f"{self.base}/v1/messages", times=1)
        self.assertCanaryUntouched()

    def test_async_anthropic_message_on_asyncio_and_trio(self):
        self.api.add("POST", f"{self.base}/v1/messages", json=llm.MESSAGE)

        async def ask():
            return await self.async_anthropic.messages.create(
                model="claude-test", max_tokens=100, messages=ASK
            )

        for run in (lambda: asyncio.run(ask()), lambda: trio.run(ask)):
            message = run()
            self.assertIsInstance(message, Message)
            self.assertEqual(message.content[0].text, "Hello from a stub.")
        self.assertCanaryUntouched()


class UnstubbedTest(CanaryTestCase):
    def assertMiss(self, error, method, url):
        self.assertIsInstance(error, UnmatchedRequest)
        message = str(error)
        self.assertIn(f"{method} {url}", message)
        # The client the SDK sends with, and the SDK the test called.
        self.assertRegex(
            message, r"\(client: httpx2, called through (openai|anthropic)\)"
        )
        self.assertCanaryUntouched()
        self.assertEqual(len(self.api.misses), 1)
        self.api.misses.clear()  # seen: the test does not fail for it

    def test_openai(self):
        with self.assertRaises(UnmatchedRequest) as caught:
            self.openai.chat.completions.create(model="gpt-test", messages=ASK)
        self.assertMiss(caught.exception, "POST", f"{self.base}/v1/chat/completions")

    def test_openai_responses(self):
        with self.assertRaises(UnmatchedRequest) as caught:
            self.openai.responses.create(model="gpt-test", input="Say hello.")
        self.assertMiss(caught.exception, "POST", f"{self.base}/v1/responses")

    def test_async_openai(self):
        with self.assertRaises(UnmatchedRequest) as caught:
            asyncio.run(
                self.async_openai.chat.completions.create(
                    model="gpt-test", messages=ASK
                )
            )
        self.assertMiss(caught.exception, "POST", f"{self.base}/v1/chat/completions")

    def test_anthropic_wraps_a_miss_and_the_test_still_fails_for_it(self):
        # Anthropic's SDK turns any error in sending into APIConnectionError
        # (and retries it: max_retries=0 spares the back-off here). The miss
        # is its cause, and it is recorded: the test fails for it at its end.
        client = self.anthropic.with_options(max_retries=0)
        with self.assertRaises(anthropic.APIConnectionError) as caught:
            client.messages.create(model="claude-test", max_tokens=100, messages=ASK)
        self.assertMiss(caught.exception.__cause__, "POST", f"{self.base}/v1/messages")

    def test_the_sdk_neither_retries_nor_wraps_a_miss(self):
        # UnmatchedRequest is no httpx2 error: the SDK's retry loop lets it by.
        client = self.openai.with_options(max_retries=5)
        with self.assertRaises(UnmatchedRequest):
            client.models.list()
        [call] = self.api.calls
        self.assertIsInstance(call.error, UnmatchedRequest)
        self.api.misses.clear()


class RetryTest(CanaryTestCase):
    """A 429 goes through the SDK's own retry logic. The SDKs wait the
    ``retry-after-ms`` (or ``retry-after``) a response gives when it is above
    0, so a stub that says 1 ms costs the test a millisecond."""

    def rate_limited_then(self, url, answer):
        self.api.add(
            "POST",
            url,
            responses=[
                {
                    "status": 429,
                    "headers": {"retry-after-ms": "1"},
                    "json": llm.RATE_LIMITED,
                },
                {"json": answer},
            ],
        )

    def test_openai_retries_after_the_stubbed_wait(self):
        url = f"{self.base}/v1/chat/completions"
        self.rate_limited_then(url, llm.CHAT_COMPLETION)

        with self.assertLogs("openai._base_client", "INFO") as logs:
            answer = self.openai.chat.completions.create(model="gpt-test", messages=ASK)

        self.assertEqual(answer.choices[0].message.content, "Hello from a stub.")
        self.assertAPICalled("POST", url, times=2)
        # What the SDK itself decided to wait before it retried.
        self.assertIn("Retrying request in 0.001000 seconds", logs.output[0])

    def test_async_openai_retries_after_the_stubbed_wait(self):
        url = f"{self.base}/v1/chat/completions"
        self.rate_limited_then(url, llm.CHAT_COMPLETION)

        with self.assertLogs("openai._base_client", "INFO") as logs:
            answer = asyncio.run(
                self.async_openai.chat.completions.create(
                    model="gpt-test", messages=ASK
                )
            )

        self.assertEqual(answer.choices[0].message.content, "Hello from a stub.")
        self.assertIn("Retrying request in 0.001000 seconds", logs.output[0])

    def test_anthropic_retries_after_the_stubbed_wait(self):
        url = f"{self.base}/v1/messages"
        self.rate_limited_then(url, llm.MESSAGE)

        with self.assertLogs("anthropic._base_client", "INFO") as logs:
            message = self.anthropic.messages.create(
                model="claude-test", max_tokens=100, messages=ASK
            )

        self.assertEqual(message.content[0].text, "Hello from a stub.")
        self.assertAPICalled("POST", url, times=2)
        self.assertIn(f"Retrying request to {url[len(self.base) :]}", logs.output[0])
        self.assertIn("in 0.001000 seconds", logs.output[0])

    def test_without_retries_the_429_is_the_sdks_own_error(self):
        self.api.add(
            "POST",
            f"{self.base}/v1/chat/completions",
            status=429,
            headers={"retry-after": "20"},
            json=llm.RATE_LIMITED,
        )
        client = self.openai.with_options(max_retries=0)

        with self.assertRaises(openai.RateLimitError) as caught:
            client.chat.completions.create(model="gpt-test", messages=ASK)

        self.assertEqual(caught.exception.response.headers["retry-after"], "20")
        self.assertCanaryUntouched()

    def test_x_should_retry_false_makes_the_sdk_give_up_at_once(self):
        url = f"{self.base}/v1/messages"
        self.api.add(
            "POST", url, status=503, headers={"x-should-retry": "false"}, json={}
        )

        with self.assertRaises(anthropic.InternalServerError):
            self.anthropic.messages.create(
                model="claude-test", max_tokens=100, messages=ASK
            )
        self.assertAPICalled("POST", url, times=1)

    def test_a_stubbed_timeout_is_the_sdks_timeout_error(self):
        self.api.add("POST", f"{self.base}/v1/messages", error="timeout")
        client = self.anthropic.with_options(max_retries=0)

        with self.assertRaises(anthropic.APITimeoutError):
            client.messages.create(model="claude-test", max_tokens=100, messages=ASK)
        self.assertCanaryUntouched()


class StreamingTest(CanaryTestCase):
    """Streamed answers, read through the SDKs' own stream helpers."""

    def test_openai_stream(self):
        url = f"{self.base}/v1/chat/completions"
        self.api.add("POST", url, events=llm.chat_events("Hello", " from", " a stub."))

        stream = self.openai.chat.completions.create(
            model="gpt-test", messages=ASK, stream=True
        )
        pieces = [chunk.choices[0].delta.content for chunk in stream]

        self.assertEqual(pieces, ["Hello", " from", " a stub.", None])
        self.assertAPICalled("POST", url, times=1, json={"stream": True, **ASK_JSON})
        self.assertCanaryUntouched()

    def test_openai_stream_reads_each_chunk_as_it_comes(self):
        made = []

        def answer(request):
            def events():
                for event in llm.chat_events("Hello", " again"):
                    made.append(event)
                    yield event

            return {"events": events()}

        self.api.add("POST", f"{self.base}/v1/chat/completions", callback=answer)
        stream = self.openai.chat.completions.create(
            model="gpt-test", messages=ASK, stream=True
        )

        first = next(iter(stream))
        self.assertEqual(first.choices[0].delta.content, "Hello")
        self.assertEqual(len(made), 1)
        self.assertEqual([c.choices[0].delta.content for c in stream], [" again", None])

    def test_async_openai_stream(self):
        self.api.add(
            "POST",
            f"{self.base}/v1/chat/completions",
            events=llm.chat_events("Hello", " async"),
        )

        async def ask():
            stream = await self.async_openai.chat.completions.create(
                model="gpt-test", messages=ASK, stream=True
            )
            return [chunk.choices[0].delta.content async for chunk in stream]

        self.assertEqual(asyncio.run(ask()), ["Hello", " async", None])

    def test_a_stream_that_breaks_off_is_the_sdks_connection_error(self):
        events = llm.chat_events("Hello", " world")[:1]
        self.api.add(
            "POST",
            f"{self.base}/v1/chat/completions",
            events=events,
            fault="connection_reset",
        )
        stream = self.openai.chat.completions.create(
            model="gpt-test", messages=ASK, stream=True
        )
        received = []

        with self.assertRaises(openai.APIConnectionError):
            received.extend(chunk.choices[0].delta.content for chunk in stream)
        self.assertEqual(received, ["Hello"])

    def test_anthropic_message_stream(self):
        self.api.add(
            "POST",
            f"{self.base}/v1/messages",
            events=llm.message_events("Hello", " from", " a stub."),
        )

        with self.anthropic.messages.stream(
            model="claude-test", max_tokens=100, messages=ASK
        ) as stream:
            pieces = list(stream.text_stream)
            final = stream.get_final_message()

        self.assertEqual(pieces, ["Hello", " from", " a stub."])
        self.assertIsInstance(final, Message)
        self.assertEqual(final.content[0].text, "Hello from a stub.")
        self.assertEqual(final.usage.output_tokens, 3)
        self.assertCanaryUntouched()

    def test_async_anthropic_message_stream_on_asyncio_and_trio(self):
        self.api.add(
            "POST",
            f"{self.base}/v1/messages",
            events=llm.message_events("Hello", " async"),
        )

        async def ask():
            async with self.async_anthropic.messages.stream(
                model="claude-test", max_tokens=100, messages=ASK
            ) as stream:
                return [text async for text in stream.text_stream]

        self.assertEqual(asyncio.run(ask()), ["Hello", " async"])
        self.assertEqual(trio.run(ask), ["Hello", " async"])

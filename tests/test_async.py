"""Async tests and async clients: protected, stubbed and logged as sync ones are."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp
import httpx
from django.test import SimpleTestCase

import apimock
from apimock import MockedAPISimpleTestCase, MockedAPITestCase, UnmatchedRequest
from tests.helpers import BLOCKED_URL, ExpectMisses, problems, run_case

URL = "https://api.test/v1/async"


async def get_httpx(url: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=5) as client:
        return await client.get(url)


async def get_aiohttp(url: str) -> int:
    async with (
        aiohttp.ClientSession() as session,
        session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as response,
    ):
        return response.status


class AsyncTestMethodTest(ExpectMisses, MockedAPITestCase):
    async def test_unstubbed_async_requests_are_stopped(self):
        for get in (get_httpx, get_aiohttp):
            with self.subTest(client=get.__name__), self.assertUnmatched() as caught:
                await get(BLOCKED_URL)
            self.assertIn(f"GET {BLOCKED_URL} matched no stub", str(caught.exception))

    async def test_stubs_added_in_the_test_answer_both_clients(self):
        self.api.add("GET", URL, status=202, json={"async": True})

        response = await get_httpx(URL)
        status = await get_aiohttp(URL)

        self.assertEqual(
            (response.status_code, response.json()), (202, {"async": True})
        )
        self.assertEqual(status, 202)
        clients = [call.client for call in self.assertAPICalled("GET", URL, times=2)]
        self.assertEqual(clients, ["httpx", "aiohttp"])

    async def test_concurrent_requests_in_one_loop_are_all_answered(self):
        self.api.add("GET", URL, responses=[{"json": {"n": n}} for n in range(20)])

        answers = await asyncio.gather(*(get_httpx(URL) for _ in range(20)))

        self.assertEqual(sorted(r.json()["n"] for r in answers), list(range(20)))
        self.assertEqual(len(self.api.calls), 20)


class AsyncMissReportingTest(SimpleTestCase):
    def test_a_miss_swallowed_in_an_async_test_fails_it(self):
        class Swallows(MockedAPISimpleTestCase):
            async def test_it(self):
                with contextlib.suppress(Exception):
                    await get_httpx(BLOCKED_URL)

        result = run_case(Swallows)

        self.assertEqual(len(result.failures), 1, problems(result))
        self.assertIn(
            "caught this UnmatchedRequest and carried on", result.failures[0][1]
        )


class MockedOnAsyncCodeTest(SimpleTestCase):
    def test_async_decorator_answers_an_async_client_in_the_loop(self):
        @apimock.mocked(stubs=[{"method": "GET", "url": URL, "json": {"ok": 1}}])
        async def fetch() -> object:
            return (await get_httpx(URL)).json()

        self.assertEqual(asyncio.run(fetch()), {"ok": 1})

    def test_async_context_manager_logs_and_undoes(self):
        async def go() -> int:
            async with apimock.mocked(
                stubs=[{"method": "GET", "url": URL, "status": 204}]
            ) as api:
                await get_aiohttp(URL)
                return len(api.calls)

        self.assertEqual(asyncio.run(go()), 1)
        self.assertIsNone(apimock.activation.current())

    def test_async_context_manager_raises_a_swallowed_miss_on_exit(self):
        async def go() -> None:
            async with apimock.mocked():
                with contextlib.suppress(Exception):
                    await get_aiohttp(BLOCKED_URL)

        with self.assertRaisesMessage(UnmatchedRequest, "caught this UnmatchedRequest"):
            asyncio.run(go())

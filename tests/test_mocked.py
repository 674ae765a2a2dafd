"""apimock.mocked(): context manager, decorators, nesting."""

from __future__ import annotations

import asyncio
import contextlib
import unittest

import requests
from django.test import SimpleTestCase

import apimock
from apimock import UnmatchedRequest, activation
from tests.helpers import BLOCKED_URL, problems

URL = "https://mocked.example.com/v1/things"
STUB = {"method": "GET", "url": URL, "json": {"stubbed": True}}


def fetch() -> dict:
    return requests.get(URL, timeout=1).json()


class MockedTest(SimpleTestCase):
    def test_context_manager(self):
        with apimock.mocked(stubs=[STUB]) as api:
            self.assertEqual(fetch(), {"stubbed": True})
            self.assertEqual(len(api.calls), 1)
        self.assertIsNone(activation.current())

    def test_settings_stubs_are_active(self):
        with apimock.mocked():
            response = requests.post("https://push.example.com/v1/messages", timeout=1)
        self.assertEqual(response.status_code, 201)

    def test_function_decorator(self):
        @apimock.mocked(stubs=[STUB])
        def decorated():
            return fetch()

        self.assertEqual(decorated(), {"stubbed": True})
        self.assertEqual(decorated(), {"stubbed": True})  # reusable
        self.assertIsNone(activation.current())

    def test_async_decorator_and_context_manager(self):
        @apimock.mocked(stubs=[STUB])
        async def decorated():
            return await asyncio.to_thread(fetch)

        async def with_block():
            async with apimock.mocked(stubs=[STUB]) as api:
                await asyncio.to_thread(fetch)
                return len(api.calls)

        self.assertEqual(asyncio.run(decorated()), {"stubbed": True})
        self.assertEqual(asyncio.run(with_block()), 1)

    def test_nested_sees_the_outer_stubs(self):
        with apimock.mocked(stubs=[STUB]), apimock.mocked() as inner:
            self.assertEqual(fetch(), {"stubbed": True})
            self.assertEqual(len(inner.calls), 1)

    def test_swallowed_miss_is_raised_on_exit(self):
        swallowed = contextlib.suppress(Exception)
        with self.assertRaisesMessage(UnmatchedRequest, "caught this UnmatchedRequest"):  # noqa: SIM117
            with apimock.mocked(), swallowed:
                requests.get(BLOCKED_URL, timeout=1)

    def test_clients_are_patched_inside_only(self):
        with apimock.mocked(clients={"tests.test_mocked.fetch": lambda: "patched"}):
            self.assertEqual(fetch(), "patched")
        self.assertEqual(fetch.__name__, "fetch")

    def test_class_decorator_wraps_each_test(self):
        @apimock.mocked(stubs=[STUB])
        class Decorated(unittest.TestCase):
            def test_one(self):
                assert fetch() == {"stubbed": True}

            def test_two(self):
                assert activation.current() is not None

        result = unittest.TestResult()
        unittest.TestLoader().loadTestsFromTestCase(Decorated).run(result)
        self.assertEqual((result.testsRun, problems(result)), (2, []))

    def test_class_decorator_refuses_other_classes(self):
        with self.assertRaisesMessage(TypeError, "unittest.TestCase subclass"):
            apimock.mocked()(type("NotATest", (), {}))

    def test_allowed_hosts_argument(self):
        with (
            self.assertRaises(UnmatchedRequest),
            apimock.mocked(allowed_hosts=[]) as api,
        ):
            try:
                requests.get("http://localhost:9/", timeout=1)
            finally:
                api.reset()

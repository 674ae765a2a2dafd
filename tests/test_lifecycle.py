"""Every phase of a MockedAPITestCase is protected, and nothing leaks out of it."""

from __future__ import annotations

import contextlib
import gc
import weakref

import requests
import requests.adapters
from django.test import TestCase
from rest_framework.test import APIClient, APITestCase

import apimock
from apimock import (
    APIMockMixin,
    MockedAPILiveServerTestCase,
    MockedAPISimpleTestCase,
    MockedAPITestCase,
    MockedAPITransactionTestCase,
    UnmatchedRequest,
    activation,
)
from tests.helpers import BLOCKED_URL, problems, run_case

REAL_SEND = requests.adapters.HTTPAdapter.send
REAL_GET = requests.get


def attempt(outcomes: dict[str, str], phase: str) -> None:
    """Try to reach a host nobody stubbed; note what happened."""
    try:
        requests.get(f"{BLOCKED_URL}/{phase}", timeout=1)
    except UnmatchedRequest:
        outcomes[phase] = "blocked"
    except Exception as error:  # what escapes the mock would land here
        outcomes[phase] = f"escaped: {error!r}"
    else:
        outcomes[phase] = "escaped"


class PhaseTest(TestCase):
    def test_every_phase_is_blocked_even_without_super_calls(self):
        outcomes: dict[str, str] = {}

        class Phases(MockedAPITestCase):
            @classmethod
            def setUpClass(cls):
                attempt(outcomes, "setUpClass before super")
                super().setUpClass()
                cls.addClassCleanup(attempt, outcomes, "class cleanup")

            @classmethod
            def setUpTestData(cls):
                attempt(outcomes, "setUpTestData")

            def setUp(self):  # deliberately no super().setUp()
                attempt(outcomes, "setUp")
                self.addCleanup(attempt, outcomes, "cleanup")

            def test_it(self):
                attempt(outcomes, "test")

            def tearDown(self):  # deliberately no super().tearDown()
                attempt(outcomes, "tearDown")

            @classmethod
            def tearDownClass(cls):
                super().tearDownClass()
                attempt(outcomes, "tearDownClass after super")

        result = run_case(Phases)

        phases = [
            "setUpClass before super",
            "setUpTestData",
            "setUp",
            "test",
            "tearDown",
            "cleanup",
            "tearDownClass after super",
            "class cleanup",
        ]
        self.assertEqual(outcomes, dict.fromkeys(phases, "blocked"))
        # Each phase caught its miss, so each phase fails the run: none is lost.
        self.assertGreaterEqual(len(problems(result)), 2)

    def test_every_base_class_blocks(self):
        for base in (
            MockedAPISimpleTestCase,
            MockedAPITestCase,
            MockedAPITransactionTestCase,
            MockedAPILiveServerTestCase,
        ):

            class Case(base):  # type: ignore[valid-type, misc]
                databases = {"default"}

                def test_it(self):
                    requests.get(BLOCKED_URL, timeout=1)

            with self.subTest(base=base.__name__):
                result = run_case(Case)
                self.assertEqual(len(result.failures), 1, problems(result))
                self.assertIn("UnmatchedRequest", result.failures[0][1])

    def test_the_classes_are_drf_test_cases(self):
        self.assertTrue(issubclass(MockedAPITestCase, APITestCase))
        self.assertTrue(issubclass(MockedAPITestCase, APIMockMixin))
        self.assertIs(MockedAPITestCase.client_class, APIClient)
        self.assertEqual(
            set(apimock.__all__),
            {
                "AUTOSPEC",
                "ContractViolation",
                "APIMockMixin",
                "MockedAPILiveServerTestCase",
                "MockedAPISimpleTestCase",
                "MockedAPITestCase",
                "MockedAPITransactionTestCase",
                "UnmatchedRequest",
                "cassette",
                "fresh",
                "mocked",
            },
        )


class MissReportingTest(TestCase):
    def test_a_swallowed_miss_fails_the_test(self):
        class Swallows(MockedAPITestCase):
            def test_it(self):
                # The code under test "handles" every error.
                with contextlib.suppress(Exception):
                    requests.get(BLOCKED_URL, timeout=1)

        result = run_case(Swallows)

        self.assertEqual(len(result.failures), 1, problems(result))
        message = result.failures[0][1]
        self.assertIn("caught this UnmatchedRequest and carried on", message)
        self.assertIn(f"GET {BLOCKED_URL} matched no stub", message)

    def test_an_uncaught_miss_is_reported_once(self):
        class Raises(MockedAPITestCase):
            def test_it(self):
                requests.get(BLOCKED_URL, timeout=1)

        result = run_case(Raises)

        self.assertEqual(len(problems(result)), 1, problems(result))
        self.assertIn("UnmatchedRequest", result.failures[0][1])

    def test_request_exception_handlers_cannot_hide_it(self):
        self.assertFalse(issubclass(UnmatchedRequest, requests.RequestException))
        self.assertFalse(issubclass(UnmatchedRequest, ConnectionError))

        def fetch():
            try:
                return requests.get(BLOCKED_URL, timeout=1)
            except requests.RequestException:
                return "handled"

        with self.assertRaises(UnmatchedRequest), apimock.mocked():
            fetch()


class IsolationTest(TestCase):
    """Stubs, patches and call logs end with their test, in any order."""

    class TwoTests(MockedAPITestCase):
        def test_adds(self):
            self.api.add("GET", BLOCKED_URL, json={"stubbed": True})
            self.assertEqual(
                requests.get(BLOCKED_URL, timeout=1).json(), {"stubbed": True}
            )
            self.assertEqual(len(self.api.calls), 1)

        def test_sees_nothing_of_the_other(self):
            self.assertEqual(len(self.api.calls), 0)
            self.assertNotIn(BLOCKED_URL, [stub.url for stub in self.api.stubs()])

    def test_either_order(self):
        for order in (
            ("test_adds", "test_sees_nothing_of_the_other"),
            ("test_sees_nothing_of_the_other", "test_adds"),
        ):
            with self.subTest(order=order):
                result = run_case(self.TwoTests, *order)
                self.assertEqual(problems(result), [])
                self.assertEqual(result.testsRun, 2)

    def test_everything_is_undone_after_a_run(self):
        class Fails(MockedAPITestCase):
            mock_clients = {"requests.get": lambda *a, **k: "patched"}

            def setUp(self):
                raise RuntimeError("setUp fails half-way")

            def test_it(self):
                pass

        result = run_case(Fails)

        self.assertEqual(len(result.errors), 1)
        self.assertIsNone(activation.current())
        self.assertIs(requests.adapters.HTTPAdapter.send, REAL_SEND)
        self.assertIs(requests.get, REAL_GET)

    def test_a_finished_tests_mock_is_freed_without_the_collector(self):
        # A test's mock, its call log and the sessions that log keeps go when
        # the test does, by reference counting: left to the garbage collector,
        # every test's would pile up, and its every pass over them costs.
        kept = []

        class Calls(MockedAPITestCase):
            def test_it(self):
                self.api.add("GET", BLOCKED_URL)
                with apimock.mocked() as inner:
                    requests.get(BLOCKED_URL, timeout=1)
                kept.extend(weakref.ref(mock) for mock in (self.api, inner))
                kept.append(weakref.ref(self.api.calls))

        was_enabled = gc.isenabled()
        gc.disable()
        try:
            result = run_case(Calls)
            self.assertEqual(problems(result), [])
            self.assertEqual(len(kept), 3)
            self.assertEqual([ref() for ref in kept], [None, None, None])
        finally:
            if was_enabled:
                gc.enable()

    def test_not_active_outside_a_test_case(self):
        self.assertIsNone(activation.current())
        self.assertIs(requests.adapters.HTTPAdapter.send, REAL_SEND)

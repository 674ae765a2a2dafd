"""Each test's call log holds its own calls only: run in every order and in parallel.

tests/test_runner_modes.py runs this module with the sample project's suite
under ``--shuffle``, ``--reverse``, ``--parallel 2`` and ``pytest -n 2``.
"""

from __future__ import annotations

import requests

from apimock import MockedAPITestCase

BASE = "https://api.test/v1/logs"


class _OwnCallsOnly(MockedAPITestCase):
    """Every class and test calls its own URL; each log must show only its own."""

    number = 0

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.api.add("GET", f"{BASE}/{cls.number}/class", status=204)
        requests.get(f"{BASE}/{cls.number}/class", timeout=5)

    def own_url(self) -> str:
        return f"{BASE}/{self.number}/{self._testMethodName}"

    def make_calls(self) -> None:
        self.api.add("GET", self.own_url(), json={"n": self.number})
        for _ in range(3):
            requests.get(self.own_url(), timeout=5)

    def assertOnlyOwnCalls(self) -> None:
        self.assertEqual(
            [call.request.url for call in self.api.calls], [self.own_url()] * 3
        )


class CallLogOneTest(_OwnCallsOnly):
    number = 1

    def test_first(self):
        self.make_calls()
        self.assertOnlyOwnCalls()

    def test_second(self):
        self.make_calls()
        self.assertOnlyOwnCalls()


class CallLogTwoTest(_OwnCallsOnly):
    number = 2

    def test_first(self):
        self.make_calls()
        self.assertOnlyOwnCalls()

    def test_second(self):
        self.make_calls()
        self.assertOnlyOwnCalls()

    def test_class_calls_stay_in_the_class_log(self):
        self.assertEqual(
            [call.request.url for call in type(self).api.calls],
            [f"{BASE}/2/class"],
        )
        self.assertEqual(len(self.api.calls), 0)

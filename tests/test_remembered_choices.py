"""A mock remembers which stub answered a method and URL when nothing else
decided it, and forgets as soon as a stub set or a setting changes.

Counted, not timed, as in test_registry: a remembered request compares no
stub. The time it saves is in benchmarks/bench_peers.py.
"""

from __future__ import annotations

from unittest import mock

import requests
from django.test import override_settings

from apimock import MockedAPITestCase, matchers

API = "https://api.test/v1"


def compared() -> mock._patch:  # type: ignore[type-arg]
    return mock.patch.object(matchers, "differences", wraps=matchers.differences)


def settings_stub(answer: str) -> dict:
    return {"STUBS": [{"method": "GET", "url": f"{API}/items", "json": answer}]}


class RememberedChoiceTest(MockedAPITestCase):
    def test_a_repeated_request_compares_no_stub(self):
        self.api.add("GET", f"{API}/items", json="listed")

        with compared() as differences:
            requests.get(f"{API}/items")
            self.assertEqual(differences.call_count, 1)
            self.assertEqual(requests.get(f"{API}/items").json(), "listed")
            self.assertEqual(differences.call_count, 1)

    def test_a_stub_added_after_a_call_answers_the_next_one(self):
        self.api.add("GET", f"{API}/items", json="first")
        self.assertEqual(requests.get(f"{API}/items").json(), "first")

        self.api.add("GET", f"{API}/items", json="second")

        self.assertEqual(requests.get(f"{API}/items").json(), "second")

    def test_changed_settings_stubs_answer_after_a_call(self):
        with override_settings(APIMOCK=settings_stub("before")):
            self.assertEqual(requests.get(f"{API}/items").json(), "before")
        with override_settings(APIMOCK=settings_stub("after")):
            self.assertEqual(requests.get(f"{API}/items").json(), "after")

    @override_settings(ANSWER="before")
    def test_a_changed_setting_a_stub_reads_answers_after_a_call(self):
        self.api.add("GET", f"{API}/items", json="{settings.ANSWER}")
        self.assertEqual(requests.get(f"{API}/items").json(), "before")

        with override_settings(ANSWER="after"):
            self.assertEqual(requests.get(f"{API}/items").json(), "after")

    def test_a_stub_passed_over_for_its_match_rules_is_asked_again(self):
        self.api.add("GET", f"{API}/items", json="anyone")
        self.api.add(
            "GET", f"{API}/items", json="admin", match={"headers": {"X-Role": "admin"}}
        )

        as_admin = {"X-Role": "admin"}

        answers = [
            requests.get(f"{API}/items", headers=as_admin).json(),
            requests.get(f"{API}/items").json(),
            requests.get(f"{API}/items", headers=as_admin).json(),
        ]

        self.assertEqual(answers, ["admin", "anyone", "admin"])

    def test_a_used_up_stub_is_not_remembered(self):
        self.api.add("GET", f"{API}/items", json="from now on")
        self.api.add("GET", f"{API}/items", json="once", times=1)

        answers = [requests.get(f"{API}/items").json() for _ in range(3)]

        self.assertEqual(answers, ["once", "from now on", "from now on"])

    def test_a_stub_waiting_for_its_scenario_state_is_asked_again(self):
        self.api.add("GET", f"{API}/order", json="none yet")
        self.api.add(
            "GET", f"{API}/order", json="placed", scenario="order", state="placed"
        )
        self.api.add(
            "POST", f"{API}/order", status=201, scenario="order", next_state="placed"
        )

        self.assertEqual(requests.get(f"{API}/order").json(), "none yet")
        requests.post(f"{API}/order")

        self.assertEqual(requests.get(f"{API}/order").json(), "placed")

    def test_each_request_gets_its_own_path_parameters(self):
        self.api.add("GET", f"{API}/items/{{id}}", json="{request.path.id}")
        for _ in range(3):
            requests.get(f"{API}/items/7")
            self.api.calls[-1].request.path_params["id"] = "changed by the test"

        self.assertEqual(requests.get(f"{API}/items/7").json(), "7")
        self.assertEqual(self.api.calls[-1].request.path_params, {"id": "7"})

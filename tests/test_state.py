"""What stubs remember within a test: sequences, scenarios, times, required."""

from __future__ import annotations

import requests
from django.test import override_settings

from apimock import MockedAPITestCase
from tests.helpers import ExpectMisses, problems, run_case

API = "https://api.test/v1"

#: "POST creates, GET returns it, DELETE removes it, GET is 404", declared.
LIFECYCLE = [
    {
        "name": "create",
        "method": "POST",
        "url": f"{API}/widgets",
        "scenario": "widget",
        "state": "Started",
        "next_state": "created",
        "status": 201,
        "json": {"id": "w1", "name": "{request.json.name}"},
    },
    {
        "name": "get created",
        "method": "GET",
        "url": f"{API}/widgets/w1",
        "scenario": "widget",
        "state": "created",
        "json": {"id": "w1", "name": "gear"},
    },
    {
        "name": "delete",
        "method": "DELETE",
        "url": f"{API}/widgets/w1",
        "scenario": "widget",
        "state": "created",
        "next_state": "deleted",
        "status": 204,
    },
    {
        "name": "get before create or after delete",
        "method": "GET",
        "url": f"{API}/widgets/w1",
        "status": 404,
        "json": {"error": "not found"},
    },
]


class SequenceTest(ExpectMisses, MockedAPITestCase):
    def test_served_in_order_then_the_last_repeats(self):
        self.api.add(
            "GET", f"{API}/job", responses=[{"json": "queued"}, {"json": "done"}]
        )

        answers = [requests.get(f"{API}/job").json() for _ in range(4)]

        self.assertEqual(answers, ["queued", "done", "done", "done"])

    def test_then_fail_stops_after_the_last(self):
        self.api.add(
            "GET",
            f"{API}/once",
            responses=[{"status": 503}, {"status": 200}],
            then="fail",
        )

        self.assertEqual(requests.get(f"{API}/once").status_code, 503)
        self.assertEqual(requests.get(f"{API}/once").status_code, 200)
        with self.assertUnmatched() as caught:
            requests.get(f"{API}/once")
        self.assertIn("used up: its 2 responses were served", str(caught.exception))

    def test_a_sequence_can_mix_faults(self):
        self.api.add(
            "GET",
            f"{API}/flaky",
            responses=[{"error": "timeout"}, {"json": {"ok": True}}],
        )

        with self.assertRaises(requests.Timeout):
            requests.get(f"{API}/flaky", timeout=1)
        self.assertEqual(requests.get(f"{API}/flaky").json(), {"ok": True})


@override_settings(APIMOCK={"STUBS": LIFECYCLE})
class ScenarioTest(ExpectMisses, MockedAPITestCase):
    def test_create_get_delete_get(self):
        self.assertEqual(requests.get(f"{API}/widgets/w1").status_code, 404)
        created = requests.post(f"{API}/widgets", json={"name": "gear"})
        self.assertEqual(created.status_code, 201)
        self.assertEqual(requests.get(f"{API}/widgets/w1").json()["name"], "gear")
        self.assertEqual(requests.delete(f"{API}/widgets/w1").status_code, 204)
        self.assertEqual(requests.get(f"{API}/widgets/w1").status_code, 404)
        with self.assertUnmatched() as caught:  # deleting twice: no stub for that
            requests.delete(f"{API}/widgets/w1")
        self.assertIn("scenario 'widget' is in state 'deleted'", str(caught.exception))

    def test_a_stub_in_its_state_beats_a_newer_fallback(self):
        # The fallback is added last, so it is the newest: the state still wins.
        self.api.add("POST", f"{API}/jobs", scenario="job", next_state="queued")
        self.api.add(
            "GET", f"{API}/jobs/j1", scenario="job", state="queued", json="queued"
        )
        self.api.add("GET", f"{API}/jobs/j1", status=404)

        self.assertEqual(requests.get(f"{API}/jobs/j1").status_code, 404)
        requests.post(f"{API}/jobs")
        self.assertEqual(requests.get(f"{API}/jobs/j1").json(), "queued")

    def test_state_resets_after_each_test(self):
        class Twice(MockedAPITestCase):
            def test_1(self):
                requests.post(f"{API}/widgets", json={"name": "gear"})
                self.assertEqual(requests.get(f"{API}/widgets/w1").status_code, 200)

            def test_2(self):
                self.assertEqual(requests.get(f"{API}/widgets/w1").status_code, 404)

        result = run_case(Twice, "test_1", "test_2")

        self.assertEqual(problems(result), [])
        self.assertEqual(result.testsRun, 2)


class TimesAndRequiredTest(ExpectMisses, MockedAPITestCase):
    def test_times_limits_the_uses(self):
        self.api.add("POST", f"{API}/charge", json={"id": "ch_1"}, times=1)

        requests.post(f"{API}/charge")
        with self.assertUnmatched() as caught:
            requests.post(f"{API}/charge")
        self.assertIn("used up: times=1", str(caught.exception))

    def test_a_used_up_stub_gives_way_to_the_next(self):
        self.api.add("GET", f"{API}/token", json="fallback")
        self.api.add("GET", f"{API}/token", json="first", times=1)

        answers = [requests.get(f"{API}/token").json() for _ in range(3)]

        self.assertEqual(answers, ["first", "fallback", "fallback"])

    def test_assert_all_stubs_used_names_the_unused(self):
        self.api.add("GET", f"{API}/used", json=1, name="used one")
        self.api.add("GET", f"{API}/unused", json=2, name="never called")
        requests.get(f"{API}/used")

        with self.assertRaises(AssertionError) as caught:
            self.assertAllStubsUsed()

        message = str(caught.exception)
        self.assertIn("'never called'", message)
        self.assertNotIn("'used one'", message)

    def test_assert_all_stubs_used_passes_when_all_were(self):
        self.api.add("GET", f"{API}/used", json=1)
        requests.get(f"{API}/used")

        self.assertAllStubsUsed()
        self.assertEqual(self.api.unused_stubs(), [])

    def test_required_settings_stub_must_be_called_in_every_test(self):
        stubs = [
            {
                "method": "GET",
                "url": f"{API}/health",
                "name": "health",
                "required": True,
            },
            {"method": "GET", "url": f"{API}/optional", "name": "optional"},
        ]

        class Uses(MockedAPITestCase):
            def test_calls_it(self):
                requests.get(f"{API}/health")
                self.assertAllStubsUsed()

            def test_forgets_it(self):
                self.assertAllStubsUsed()

        with override_settings(APIMOCK={"STUBS": stubs}):
            result = run_case(Uses, "test_calls_it", "test_forgets_it")

        [failure] = problems(result)
        self.assertIn("'health'", failure)
        self.assertNotIn("'optional'", failure)
        self.assertEqual(result.testsRun, 2)

    def test_assert_all_used_setting_checks_every_passing_test(self):
        class Forgetful(MockedAPITestCase):
            def test_unused(self):
                self.api.add("GET", f"{API}/x", name="forgotten stub")

            def test_used(self):
                self.api.add("GET", f"{API}/x")
                requests.get(f"{API}/x")

            def test_failing(self):
                self.api.add("GET", f"{API}/x")
                self.fail("the test's own failure")

        with override_settings(APIMOCK={"ASSERT_ALL_USED": True}):
            on = run_case(Forgetful, "test_unused", "test_used", "test_failing")
        off = run_case(Forgetful, "test_unused", "test_used")

        unused, failing = problems(on)
        self.assertIn("'forgotten stub'", unused)
        self.assertIn("the test's own failure", failing)
        self.assertNotIn("never called", failing)  # one failure, not two
        self.assertEqual(problems(off), [])

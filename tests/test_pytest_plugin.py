"""The pytest plugin as a user runs it: pytest in a subprocess on pytest_cases/."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

from django.test import SimpleTestCase

from tests.pytest_runs import Outcomes, pytest_process, run_pytest

CASES = "tests/pytest_cases"
ELSEWHERE = "https://elsewhere.example.com/v1/things"
TEST_CASE_CLASS = "TestCaseClassesMockThemselves"


def in_both_modes(
    *args: str, settings: str
) -> Iterator[tuple[tuple[str, ...], subprocess.CompletedProcess[str]]]:
    """pytest on ``args`` in one process, then with two xdist workers (where
    the session's start runs in the controller only): each run's options
    and result."""
    for workers in ((), ("-n", "2")):
        yield workers, pytest_process(*workers, *args, settings=settings)


class PluginTest(SimpleTestCase):
    outcomes: Outcomes

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.outcomes = run_pytest(f"{CASES}/cases_plugin.py").under(
            "tests.pytest_cases.cases_plugin"
        )

    def test_fixtures_marker_and_django_fixtures_work(self):
        self.assertEqual(
            self.outcomes.names("passed"),
            {
                "test_fixture_answers_from_the_settings_stubs",
                "test_fixture_adds_stubs_for_every_client",
                "test_marker_alone_activates_with_its_stubs",
                "test_marker_allowed_hosts_replace_the_settings_ones",
                "test_marker_clients_are_patched",
                "TestMockClientsFixture.test_overridden_fixture_patches_for_this_class",
                "test_a_test_overriding_its_fixtures_stub_is_not_warned",
                "test_patches_are_undone_after_the_test",
                "test_settings_fixture_is_seen_by_settings_stubs",
                "test_client_fixture_reaches_a_view_that_calls_stripe",
                "test_async_client_fixture_reaches_an_async_view",
                "test_rf_fixture_builds_requests_for_a_view_called_directly",
                "test_plain_test_is_mocked_by_default",
                "test_no_apimock_marker_leaves_the_test_unmocked",
                "test_marker_cassette_replays_the_recording",
            },
            self.outcomes.output,
        )

    def test_an_unmatched_request_fails_the_test_with_the_near_misses(self):
        name = "test_unmatched_request_fails_the_test"
        self.assertEqual(self.outcomes.status[name], "failed")
        message = self.outcomes.messages[name]
        self.assertIn(
            "GET https://elsewhere.example.com/v1/things matched no stub", message
        )
        # No stub is for its host: one line says so instead of unrelated stubs.
        self.assertIn("No stub for host elsewhere.example.com; ", message)
        # The line to paste is the fixture's, not a test case's self.api.
        self.assertIn("add in the test (it takes the apimock fixture):", message)
        self.assertIn(
            'apimock.add("GET", "https://elsewhere.example.com/v1/things", '
            "status=200, json={})",
            message,
        )
        self.assertNotIn("self.api.add", message)

    def test_assertions_fail_with_the_call_log(self):
        name = "test_fixture_assertion_failure_reads_like_the_test_case_one"
        self.assertEqual(self.outcomes.status[name], "failed")
        self.assertIn("No API calls were made.", self.outcomes.messages[name])

    def test_a_caught_miss_fails_the_test_with_the_message_alone(self):
        for name in (
            "test_swallowed_miss_fails_the_test",
            "test_expected_miss_caught_with_pytest_raises_still_fails_the_test",
        ):
            with self.subTest(name):
                # The test fails, not its teardown, and no plugin frames:
                # apimock's message names the test's own line.
                self.assertEqual(self.outcomes.status[name], "failed")
                message = self.outcomes.messages[name]
                self.assertTrue(message.startswith("UnmatchedRequest: GET "), message)
                self.assertIn("caught this UnmatchedRequest and carried on", message)
                self.assertIn("Sent from tests/pytest_cases/cases_plugin.py:", message)
                self.assertNotIn("pytest_plugin.py", message)

    def test_a_miss_swallowed_in_a_fixtures_teardown_fails_at_teardown(self):
        name = "test_miss_swallowed_in_a_fixtures_teardown_fails_at_teardown"
        self.assertEqual(self.outcomes.status[name], "error")
        self.assertIn(
            "caught this UnmatchedRequest and carried on", self.outcomes.messages[name]
        )

    def test_a_plain_test_is_guarded_and_its_swallowed_miss_fails_it(self):
        name = "test_plain_test_swallowing_a_miss_fails_by_default"
        self.assertEqual(self.outcomes.status[name], "failed")
        message = self.outcomes.messages[name]
        self.assertIn(f"GET {ELSEWHERE} matched no stub", message)
        # The test did not ask for the fixture: the paste line says to.
        self.assertIn("giving it the apimock fixture (def test_...(apimock))", message)

    def test_a_bad_marker_is_a_clear_error(self):
        expected = {
            "test_marker_rejects_positional_arguments": "takes keyword arguments only",
            "test_marker_rejects_unknown_arguments": "got stub; it takes stubs",
        }
        for name, text in expected.items():
            with self.subTest(name):
                self.assertEqual(self.outcomes.status[name], "error")
                self.assertIn(text, self.outcomes.messages[name])


class GuardAllTest(SimpleTestCase):
    def test_every_test_is_mocked_and_unused_stubs_are_reported(self):
        outcomes = run_pytest(
            f"{CASES}/cases_guard_all.py",
            settings="tests.pytest_cases.settings_guard_all",
        ).under("tests.pytest_cases.cases_guard_all")

        self.assertEqual(
            outcomes.status,
            {
                "test_plain_test_is_answered_by_the_settings_stubs": "passed",
                "test_plain_test_unmatched_request_fails": "failed",
                "test_unused_stub_fails_a_passing_test": "error",
                "test_unused_stub_is_not_reported_on_a_failing_test": "failed",
                f"{TEST_CASE_CLASS}.test_one_class_and_one_test_activation": "passed",
            },
            outcomes.output,
        )
        self.assertIn(
            "matched no stub",
            outcomes.messages["test_plain_test_unmatched_request_fails"],
        )
        self.assertIn(
            "1 stub was never called",
            outcomes.messages["test_unused_stub_fails_a_passing_test"],
        )
        self.assertNotIn(
            "were never called",
            outcomes.messages["test_unused_stub_is_not_reported_on_a_failing_test"],
        )

    def test_a_project_without_apimock_installed_is_left_alone(self):
        outcomes = run_pytest(
            f"{CASES}/cases_without_apimock.py",
            settings="tests.pytest_cases.settings_without_apimock",
        ).under("tests.pytest_cases.cases_without_apimock")

        self.assertEqual(
            outcomes.status,
            {
                "test_plain_test_is_left_alone_even_with_guard_all": "passed",
                "test_the_marker_still_mocks": "passed",
                "MockedTestCaseWithoutTheApp.test_never_runs_half_set_up": "error",
            },
            outcomes.output,
        )
        self.assertIn(
            "MockedTestCaseWithoutTheApp is an apimock test case but "
            '"apimock" is not in INSTALLED_APPS, so apimock\'s system checks '
            'never run. Add "apimock" to INSTALLED_APPS.',
            outcomes.messages[
                "MockedTestCaseWithoutTheApp.test_never_runs_half_set_up"
            ],
        )

    def test_apimock_set_but_not_installed_stops_the_session(self):
        for workers, result in in_both_modes(
            f"{CASES}/cases_without_apimock.py",
            settings="tests.pytest_cases.settings_apimock_not_installed",
        ):
            with self.subTest(workers=workers):
                self.assertEqual(result.returncode, 4, result.stdout + result.stderr)
                self.assertIn(
                    'ERROR: apimock: settings.APIMOCK is set but "apimock" is not '
                    "in INSTALLED_APPS",
                    result.stderr,
                )
                self.assertIn('Add "apimock" to INSTALLED_APPS.', result.stderr)
                self.assertNotIn("passed", result.stdout)


class SystemChecksTest(SimpleTestCase):
    """pytest-django runs no system checks; the plugin runs apimock's own."""

    def run_misconfigured(self, *args: str) -> subprocess.CompletedProcess[str]:
        return pytest_process(
            *args,
            f"{CASES}/cases_misconfigured.py",
            settings="tests.pytest_cases.settings_misconfigured",
        )

    def test_every_error_stops_the_session_before_the_first_test(self):
        result = self.run_misconfigured()

        self.assertEqual(result.returncode, 4, result.stdout + result.stderr)
        self.assertNotIn("passed", result.stdout)
        where = "tests/pytest_cases/misconfigured_stubs.yaml:3, stubs[0]"
        for line in (
            "ERROR: apimock: its system checks found errors, so no test ran",
            "?: (apimock.E002) APIMOCK has an unknown key 'ASSERT_ALL_USE'.\n"
            "\tHINT: did you mean 'ASSERT_ALL_USED'?",
            f"?: (apimock.E009) {where}: unknown key 'stauts'",
            "HINT: did you mean 'status'?",
            f"?: (apimock.E009) {where}: unknown key 'jsno'",
            "HINT: did you mean 'json'?",
            "System check identified 3 issues (0 silenced).",
        ):
            with self.subTest(line):
                self.assertIn(line, result.stderr)

    def test_the_option_skips_them(self):
        result = self.run_misconfigured("--no-apimock-checks")

        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("1 passed", result.stdout)

    def test_a_warning_is_said_in_the_header_and_the_tests_run(self):
        for workers, result in in_both_modes(
            f"{CASES}/cases_misconfigured.py",
            settings="tests.pytest_cases.settings_wide_open",
        ):
            with self.subTest(workers=workers):
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
                self.assertIn(
                    'apimock: (apimock.W002) APIMOCK["ALLOWED_HOSTS"] has '
                    "'10.0.0.0/8': an unstubbed request",
                    result.stdout,
                )
                self.assertIn("apimock: HINT: Allow the hosts", result.stdout)
                self.assertIn("1 passed", result.stdout)

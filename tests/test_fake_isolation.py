"""A fake's store is per test: the same outcomes in every order and in
parallel processes (each case would fail if another test's objects leaked
into its store, or the ids it was given depended on what ran before)."""

from __future__ import annotations

from django.test import SimpleTestCase

from tests.pytest_runs import Outcomes, run_manage_test

CASES = "tests.fake_isolation_cases"


class FakeIsolationTest(SimpleTestCase):
    baseline: Outcomes

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.baseline = run_manage_test(CASES)

    def test_every_case_passes_in_order(self):
        self.assertEqual(len(self.baseline.status), 10, self.baseline.output)
        self.assertEqual(self.baseline.names("passed"), set(self.baseline.status))

    def test_shuffled_and_in_two_processes(self):
        for options in (
            ["--parallel", "2", "--shuffle", "1"],
            ["--parallel", "2", "--shuffle", "7", "--reverse"],
        ):
            with self.subTest(options=options):
                outcomes = run_manage_test(CASES, *options)
                self.assertIn(
                    "Cloning test database", outcomes.output
                )  # really parallel
                self.assertEqual(outcomes.status, self.baseline.status, outcomes.output)

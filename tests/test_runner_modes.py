"""Nothing leaks between tests: the sample project's suite gives the same
outcome for every test in any order, in parallel processes and under pytest.
"""

from __future__ import annotations

from django.test import SimpleTestCase

from tests.pytest_runs import Outcomes, run_manage_test, run_pytest

# The sample project's tests patch clients, add stubs and override settings;
# test_call_logs checks each log holds only its own test's calls. Whatever
# one test left behind would break another in some order or process.
MODULES = [
    "testproject",
    "tests.test_stubs",
    "tests.test_clients",
    "tests.test_call_logs",
]
PATHS = [
    "testproject",
    "tests/test_stubs.py",
    "tests/test_clients.py",
    "tests/test_call_logs.py",
]


class RunnerModesTest(SimpleTestCase):
    baseline: Outcomes

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.baseline = run_manage_test(*MODULES)

    def test_the_baseline_passes(self):
        self.assertEqual(self.baseline.names("passed"), set(self.baseline.status))
        self.assertGreater(len(self.baseline.status), 50, self.baseline.output)

    def assertSameOutcomes(self, outcomes: Outcomes) -> None:
        self.assertEqual(outcomes.status, self.baseline.status, outcomes.output)

    def test_manage_py_test_in_every_order(self):
        for options in (["--reverse"], ["--shuffle", "1"], ["--shuffle", "2"]):
            with self.subTest(options=options):
                self.assertSameOutcomes(run_manage_test(*MODULES, *options))

    def test_manage_py_test_parallel(self):
        outcomes = run_manage_test(*MODULES, "--parallel", "2")

        self.assertIn("Cloning test database", outcomes.output)  # really parallel
        self.assertSameOutcomes(outcomes)

    def test_pytest(self):
        self.assertSameOutcomes(run_pytest(*PATHS))

    def test_pytest_xdist(self):
        outcomes = run_pytest(*PATHS, "-n", "2")

        self.assertIn("2 workers", outcomes.output)
        self.assertSameOutcomes(outcomes)

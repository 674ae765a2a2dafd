"""Every deliberately broken test in tests/broken/ fails with a report that
has what the checklist asks of it (method, full URL, client, closest stub,
field difference, a line to paste, the user's own file:line, short, fails),
and the examples on docs/failures.rst are those reports as they are today."""

from __future__ import annotations

import re

from django.test import TestCase

from tests.broken import checklist, examples, misses
from tests.broken.registry import COLUMNS, Scenario


class MessagesTest(TestCase):
    rows: list[tuple[Scenario, checklist.Outcome, dict[str, bool | None]]]
    reports: dict[str, checklist.Outcome]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.rows = checklist.run_all()
        cls.reports = {scenario.name: outcome for scenario, outcome, _ in cls.rows}

    def report(self, name: str) -> str:
        return self.reports[name].report

    def test_there_are_at_least_25_scenarios(self):
        self.assertGreaterEqual(len(self.rows), 25)

    def test_every_report_meets_every_applicable_column(self):
        for scenario, outcome, marks in self.rows:
            with self.subTest(scenario.name):
                missed = [column for column in COLUMNS if marks[column] is False]
                self.assertEqual(missed, [], f"{scenario.expect}\n{outcome.report}")

    def test_the_examples_on_the_page_are_the_reports_of_today(self):
        for name, scenario in examples.EXAMPLES.items():
            with self.subTest(name):
                path = examples.FOLDER / f"{name}.txt"
                self.assertTrue(path.exists(), f"{path} is missing")
                self.assertEqual(
                    path.read_text(),
                    examples.text(self.reports[scenario]),
                    f"{path} is out of date: python -m tests.broken --write-docs",
                )

    def test_every_example_is_on_the_page(self):
        page = (examples.ROOT / "docs" / "failures.rst").read_text()
        included = set(re.findall(r"literalinclude:: failures/([\w-]+)\.txt", page))
        self.assertEqual(included, set(examples.EXAMPLES))

    # -- the parts each kind of report must show, beyond the columns ------

    def test_a_swallowed_miss_says_so_second_and_where_third(self):
        lines = self.report("swallowed miss").splitlines()

        self.assertEqual(
            lines[1],
            "The code under test caught this UnmatchedRequest and carried on, but "
            "the request would have left the process.",
        )
        line = misses.notify_quietly.__code__.co_firstlineno + 3
        self.assertEqual(
            lines[2], f"Sent from tests/broken/misses.py:{line}, in notify_quietly"
        )
        self.assertIn("requests.post(MAILGUN", lines[3])
        # The test method that called the helper, and nothing beyond it (the
        # runner's frames are not the test's).
        self.assertRegex(
            lines[4], r"^  called from tests/broken/misses.py:\d+, in test_it$"
        )
        self.assertEqual(lines[5], "")

    def test_a_thread_that_died_of_a_miss_is_reported_once_as_a_death(self):
        outcome = self.reports["miss kills a thread"]

        self.assertRegex(
            outcome.report.splitlines()[1],
            r"^Thread 'mailer' died of this "
            r"UnmatchedRequest; the test fails for it here\.$",
        )
        # Python's thread hook printed nothing: one report, not two.
        self.assertNotIn("Exception in thread", outcome.output)
        self.assertEqual(outcome.report.count("matched no stub"), 1)

    def test_a_future_that_kept_the_miss_is_told_apart(self):
        self.assertIn(
            "was raised in a thread pool's worker and did not reach the test",
            self.report("miss in a future nobody read"),
        )

    def test_no_stub_for_the_host_is_one_line_instead_of_unrelated_stubs(self):
        report = self.report("no stub for the host")

        # The settings stubs' hosts, three named and the rest counted.
        self.assertRegex(
            report,
            r"No stub for host api\.mailgun\.net; \d+ stubs are for other hosts "
            r"\(api\.example\.com, [\w., ]+\)\.\n",
        )
        self.assertNotIn("push: message created", report)

    def test_a_host_one_typo_away_is_named_and_a_sibling_is_not(self):
        self.assertIn("Did you mean api.stripe.com?", self.report("host typo"))
        # mailer.example.com is not a typo of api.example.com.
        self.assertNotIn("Did you mean", self.report("miss in setUpTestData"))

    def test_stubs_for_other_hosts_are_counted_not_listed(self):
        report = self.report("path typo")

        self.assertRegex(report, r"\n  \(\d+ stubs for other hosts not shown\.\)\n")
        self.assertNotIn("api.stripe.com", report)

    def test_a_contracted_typo_shows_the_miss_and_the_contract_note(self):
        report = self.report("contracted host, typo'd path")

        self.assertTrue(
            report.startswith(
                "GET https://api.example.com/v1/itemz/42 matched no stub and breaks "
                "its contract (client: requests)."
            ),
            report,
        )
        self.assertIn("/itemz/42 is not a path of the contract", report)
        self.assertIn("Closest stubs:", report)
        self.assertIn(
            'self.api.add("GET", "https://api.example.com/v1/itemz/42"', report
        )

    def test_an_sdk_call_names_the_sdk_and_the_client(self):
        self.assertIn(
            "(client: requests, called through stripe)",
            self.report("miss through the stripe SDK"),
        )

    def test_unused_stubs_are_told_apart_by_line_and_rules(self):
        report = self.report("two unused stubs, same method and URL")

        first, second = re.findall(
            r"\[api\.add\(\) at (tests/broken/assertions.py:\d+)\]", report
        )
        self.assertNotEqual(first, second)
        self.assertIn('match: headers {"Authorization": "Bearer a"}', report)
        self.assertIn('match: headers {"Authorization": "Bearer b"}', report)

    def test_an_unused_stub_names_the_closest_call_and_how_it_differs(self):
        report = self.report("unused stub")

        self.assertRegex(
            report,
            r"closest call: 1\. POST https://push.example.com/v1/messages/batch "
            r"from tests/broken/assertions.py:\d+\n"
            r"         - path differs: /v1/messages/batch vs /v1/messages",
        )

    def test_times_lists_each_call_with_its_body(self):
        report = self.report("times= mismatch lists each call")

        self.assertTrue(
            report.startswith(
                "Expected POST https://mailer.example.com/v1/send to be called "
                "twice; it was called 3 times:"
            )
        )
        for to in ("alice", "bob", "carol"):
            self.assertIn(f'body: {{"to": "{to}@example.com"}}', report)

    def test_setting_checks_paste_the_fix(self):
        self.assertIn(
            'HINT: Write a list: "ALLOWED_HOSTS": ["localhost", "127.0.0.1"],',
            self.report("ALLOWED_HOSTS given as a string"),
        )
        self.assertIn(
            "HINT: Did you mean {settings.FORECAST_API_BASE}?",
            self.report("undefined {settings.NAME}"),
        )
        self.assertIn(
            "HINT: Did you mean 'testproject/stubs/stripe.yaml'?",
            self.report("stub file path typo"),
        )

    def test_a_guarded_pytest_test_fails_for_a_request_it_swallowed(self):
        report = self.report("pytest plain test, swallowed request")

        self.assertIn("caught this UnmatchedRequest and carried on", report)
        self.assertIn("giving it the apimock fixture (def test_...(apimock))", report)

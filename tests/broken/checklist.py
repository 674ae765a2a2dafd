"""Run every broken scenario and score its report against the checklist.

``python -m tests.broken`` prints the table; ``tests/test_messages.py``
asserts every applicable column holds.
"""

from __future__ import annotations

import contextlib
import io
import re
import textwrap
import traceback
import unittest
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.test import override_settings

from tests.broken import (  # noqa: F401 - each registers its scenarios
    assertions,
    errors,
    misses,
    project,
    settings_errors,
)
from tests.broken.registry import COLUMNS, SCENARIOS, Scenario

#: Under this many lines, and no line said twice: "short".
MAX_LINES = 25
_FRAME = re.compile(r'^  File "[^"]+", line \d+, in .*\n(?:    .*\n)*', re.M)


@dataclass
class Outcome:
    """How a scenario ended: did it fail, the report, the whole output."""

    failed: bool
    #: The messages of the errors that failed it, and what apimock printed.
    report: str
    #: The report with the tracebacks, as the person reading it sees it.
    output: str


class _Recorder(unittest.TestResult):
    def __init__(self) -> None:
        super().__init__()
        self.raised: list[BaseException] = []

    def addError(self, test: Any, err: Any) -> None:
        super().addError(test, err)
        self.raised.append(err[1])

    def addFailure(self, test: Any, err: Any) -> None:
        super().addFailure(test, err)
        self.raised.append(err[1])


def run_case(case: type[unittest.TestCase]) -> Outcome:
    suite = unittest.TestLoader().loadTestsFromTestCase(case)
    result = _Recorder()
    printed = io.StringIO()
    with contextlib.redirect_stderr(printed):
        suite.run(result)
    texts = [text for _, text in result.failures + result.errors]
    return _outcome(
        not result.wasSuccessful(),
        [str(error) for error in result.raised],
        texts,
        printed.getvalue(),
    )


def run_callable(function: Callable[[], Any]) -> Outcome:
    printed = io.StringIO()
    try:
        with contextlib.redirect_stderr(printed):
            returned = function()
    except BaseException as error:
        text = "".join(traceback.format_exception(error))
        return _outcome(True, [str(error)], [text], printed.getvalue())
    # A check scenario returns what `manage.py check` printed.
    text = returned or ""
    return _outcome(bool(text), [text], [text], printed.getvalue())


def _outcome(
    failed: bool, messages: list[str], texts: list[str], printed: str
) -> Outcome:
    stray = _FRAME.sub("", printed).replace("Traceback (most recent call last):\n", "")
    report = "\n".join([*messages, stray]).strip()
    output = "\n".join([*texts, printed])
    return Outcome(failed, report, output)


def run_pytest_cases() -> dict[str, Outcome]:
    from tests.pytest_runs import run_pytest

    ran = run_pytest(
        "tests/broken/pytest_cases.py",
        "-W",
        "ignore",
        settings="tests.broken.pytest_settings",
    )
    found = {}
    for name, status in ran.under("tests.broken.pytest_cases").status.items():
        text = ran.messages.get(f"tests.broken.pytest_cases.{name}", "")
        # junit gives the failure text whole: the message is what follows
        # the "E   " markers, as pytest prints the exception.
        message = textwrap.dedent(
            "\n".join(line[1:] for line in text.splitlines() if line.startswith("E "))
        )
        found[name] = Outcome(status != "passed", message or text, text)
    return found


def run(scenario: Scenario, pytest_outcomes: dict[str, Outcome]) -> Outcome:
    target = scenario.target
    if scenario.kind == "pytest":
        return pytest_outcomes.get(target.__name__, Outcome(False, "", "(did not run)"))
    # The scenarios' own stubs, whatever the sample project's are today.
    with override_settings(APIMOCK=project.APIMOCK):
        if isinstance(target, type):
            return run_case(target)
        return run_callable(target)


def score(scenario: Scenario, outcome: Outcome) -> dict[str, bool | None]:
    """Column -> met (True), missed (False) or not applicable (None)."""
    report, output = outcome.report, outcome.output
    marks: dict[str, bool | None] = dict.fromkeys(COLUMNS)
    expect = scenario.expect
    if "method" in expect:
        marks["method"] = bool(re.search(rf"\b{expect['method']}\b", report))
    for column in ("url", "client", "closest", "diff", "paste"):
        if column in expect:
            marks[column] = expect[column] in report
    where = scenario.where()
    if where is not None:
        marks["where"] = _names_line(where, output)
    lines = [line.strip() for line in report.splitlines() if line.strip()]
    marks["short"] = len(lines) < MAX_LINES and len(set(lines)) == len(lines)
    marks["fails"] = outcome.failed
    for column, text in scenario.absent.items():
        if text in report and marks[column] is not None:
            marks[column] = False
    return marks


def _names_line(where: str, output: str) -> bool:
    if ":" not in where or not where.rsplit(":", 1)[1].isdigit():
        return where in output
    file, line = where.rsplit(":", 1)
    return bool(re.search(rf"{re.escape(file)}(?::{line}\b|\", line {line}\b)", output))


def run_all() -> list[tuple[Scenario, Outcome, dict[str, bool | None]]]:
    pytest_outcomes = (
        run_pytest_cases() if any(s.kind == "pytest" for s in _all()) else {}
    )
    rows = []
    for scenario in _all():
        outcome = run(scenario, pytest_outcomes)
        rows.append((scenario, outcome, score(scenario, outcome)))
    return rows


def _all() -> list[Scenario]:
    from tests.broken import pytest_cases  # noqa: F401 - registers its scenarios

    return SCENARIOS


def table(rows: list[tuple[Scenario, Outcome, dict[str, bool | None]]]) -> str:
    symbol = {True: "yes", False: "NO", None: "-"}
    width = max(len(scenario.name) for scenario, _, _ in rows)
    head = f"| {'scenario':<{width}} | " + " | ".join(COLUMNS) + " |"
    lines = [
        head,
        "|"
        + "-" * (width + 2)
        + "|"
        + "|".join("-" * (len(c) + 2) for c in COLUMNS)
        + "|",
    ]
    met = applicable = 0
    for scenario, _, marks in rows:
        cells = [f"{symbol[marks[c]]:^{len(c)}}" for c in COLUMNS]
        lines.append(f"| {scenario.name:<{width}} | " + " | ".join(cells) + " |")
        met += sum(1 for v in marks.values() if v)
        applicable += sum(1 for v in marks.values() if v is not None)
    lines.append(
        f"\n{len(rows)} scenarios; {met} of {applicable} applicable checks met "
        f"({100 * met / applicable:.0f}%)."
    )
    return "\n".join(lines)

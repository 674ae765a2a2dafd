"""Run pytest or ``manage.py test`` in a subprocess; read each test's outcome."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Subprocess suites are bounded: a hang fails the test instead of CI.
TIMEOUT = 300


@dataclass
class Outcomes:
    """Each test's outcome ("passed", "failed", "error") and its messages."""

    status: dict[str, str] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    output: str = ""

    def names(self, outcome: str) -> set[str]:
        return {name for name, status in self.status.items() if status == outcome}

    def under(self, module: str) -> Outcomes:
        """The tests of ``module``, named without it (``Class.test`` or ``test``)."""
        prefix = module + "."
        return Outcomes(
            {k.removeprefix(prefix): v for k, v in self.status.items()},
            {k.removeprefix(prefix): v for k, v in self.messages.items()},
            self.output,
        )


def run_pytest(*args: str, settings: str = "testproject.settings") -> Outcomes:
    """``python -m pytest`` on ``args``; outcomes keyed by dotted test name."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        result = pytest_process(
            f"--junitxml={report}",
            "-o",
            "junit_family=xunit2",
            *args,
            settings=settings,
        )
        if not report.exists():
            raise AssertionError(f"pytest wrote no report:\n{result.stdout}")
        outcomes = _read_junit(report)
    outcomes.output = result.stdout + result.stderr
    return outcomes


def pytest_process(
    *args: str, settings: str = "testproject.settings"
) -> subprocess.CompletedProcess[str]:
    """``python -m pytest`` on ``args``, for a run that stops before any test."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            f"--ds={settings}",
            *args,
        ],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def _read_junit(path: Path) -> Outcomes:
    outcomes = Outcomes()
    for case in ET.parse(path).iter("testcase"):
        name = f"{case.get('classname')}.{case.get('name')}"
        status = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                status = {"failure": "failed"}.get(child.tag, child.tag)
                # The element's text is the whole report; its message
                # attribute only the report's first lines again.
                text = (child.text or child.get("message") or "") + "\n"
                outcomes.messages[name] = outcomes.messages.get(name, "") + text
        # A teardown error is reported besides the test's own pass or failure.
        if outcomes.status.get(name) != "error":
            outcomes.status[name] = status
    return outcomes


def run_manage_test(*args: str) -> Outcomes:
    """``manage.py test -v 2`` on ``args``; outcomes keyed by dotted test name."""
    result = subprocess.run(
        [sys.executable, "manage.py", "test", "-v", "2", *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    outcomes = Outcomes(output=result.stdout + result.stderr)
    # "test_x (package.module.Class.test_x) ... ok", as unittest prints it,
    # with the docstring's first line between the two parts if there is one.
    line = re.compile(r"^\w+ \(([\w.]+)\)(?:\n[^\n]*)? \.\.\. (ok|FAIL|ERROR)$", re.M)
    for dotted, verdict in line.findall(outcomes.output):
        status = {"ok": "passed", "FAIL": "failed", "ERROR": "error"}[verdict]
        outcomes.status[dotted] = status
    if result.returncode not in (0, 1) or not outcomes.status:
        raise AssertionError(f"manage.py test did not run:\n{outcomes.output}")
    return outcomes


def _env() -> dict[str, str]:
    # The children's warnings are not this test's business; their outcomes are.
    return {**os.environ, "PYTHONWARNINGS": "ignore"}

"""The examples on docs/failures.rst: real reports of the broken scenarios.

``python -m tests.broken --write-docs`` writes them to docs/failures/;
tests/test_messages.py fails when a file differs from what the scenario
says today, so the page cannot drift from the messages.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from tests.broken.checklist import Outcome
from tests.broken.registry import MARK, TEMP_PREFIX

ROOT = Path(__file__).resolve().parent.parent.parent
FOLDER = ROOT / "docs" / "failures"

#: docs/failures/<file>.txt -> the scenario whose report it shows.
EXAMPLES = {
    "near-miss": "path typo",
    "header-missing": "header missing",
    "no-stub-for-host": "no stub for the host",
    "swallowed": "swallowed miss",
    "thread": "miss kills a thread",
    "future": "miss in a future nobody read",
    "set-up-test-data": "miss in setUpTestData",
    "contract-typo": "contracted host, typo'd path",
    "contract-request": "request breaks its contract",
    "blocked": "raw socket blocked",
    "cassette-miss": "cassette has no such request",
    "cassette-broken": "broken cassette file",
    "stub-error": "stub cannot answer: a {request.json} value the request lacks",
    "setting-typo": "{settings.NAME} typo in api.add",
    "patch": "mock_clients path typo",
    "called-body": "called once, different JSON body",
    "called-times": "times= mismatch lists each call",
    "called-neighbour": "expected call made to a neighbouring URL",
    "not-called": "call made that must not be",
    "unused": "unused stub",
    "check-setting": "undefined {settings.NAME}",
    "check-file": "stub file path typo",
    "check-list": "ALLOWED_HOSTS given as a string",
    "check-key": "stub key typo",
    "pytest-guarded": "pytest plain test, swallowed request",
}
_TEMP = re.compile(re.escape(tempfile.gettempdir()) + rf"/{TEMP_PREFIX}[\w-]+/")


def text(outcome: Outcome) -> str:
    """The report as the page shows it: paths from the checkout's root."""
    report = outcome.report.replace(str(ROOT) + "/", "").replace(f"  {MARK}", "")
    return _TEMP.sub("", report).rstrip() + "\n"


def write(reports: dict[str, Outcome]) -> None:
    FOLDER.mkdir(exist_ok=True)
    for name, scenario in EXAMPLES.items():
        (FOLDER / f"{name}.txt").write_text(text(reports[scenario]))

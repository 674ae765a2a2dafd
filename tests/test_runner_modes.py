"""Nothing leaks between tests: the sample project's suite passes in any order."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
# The sample project's tests patch clients, add stubs and override settings:
# whatever one test leaves behind would break another in some order.
SUITE = ["testproject", "tests.test_stubs", "tests.test_clients"]


def run_suite(*options: str) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "manage.py", "test", *SUITE, *options],
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, result.stderr


class OrderTest(SimpleTestCase):
    def assertPasses(self, *options: str) -> int:
        code, output = run_suite(*options)
        self.assertEqual(code, 0, output)
        self.assertRegex(output, r"\nOK")
        return int(re.search(r"Ran (\d+) tests", output).group(1))

    def test_same_results_in_every_order(self):
        counts = {
            "default": self.assertPasses(),
            "reverse": self.assertPasses("--reverse"),
            "shuffle 1": self.assertPasses("--shuffle", "1"),
            "shuffle 2": self.assertPasses("--shuffle", "2"),
        }
        self.assertEqual(len(set(counts.values())), 1, counts)
        self.assertGreater(counts["default"], 40)

"""The README keeps exactly two commands, and CI runs the test one verbatim."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import SimpleTestCase

from apimock.conf import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.rst").read_text()


def console_commands() -> list[str]:
    blocks = re.findall(r"\.\. code-block:: console\n\n((?:    .+\n)+)", README)
    return [line.strip() for block in blocks for line in block.splitlines()]


class ReadmeTest(SimpleTestCase):
    def test_exactly_two_commands(self):
        self.assertEqual(
            console_commands(),
            [
                'python -m pip install -e ".[dev]" && python manage.py runserver',
                'python -m pip install -e ".[dev]" && python manage.py test',
            ],
        )

    def test_ci_runs_the_readme_test_command(self):
        ci = (ROOT / ".ci" / "run").read_text().splitlines()
        self.assertIn(console_commands()[1], ci)

    def test_every_setting_is_documented(self):
        reference = (ROOT / "docs" / "settings.rst").read_text()
        documented = set(re.findall(r"^``([A-Z_]+)`` \(", reference, re.MULTILINE))
        self.assertEqual(documented, set(DEFAULTS))


class CheckReferenceTest(SimpleTestCase):
    def test_every_check_id_is_documented_and_every_documented_one_exists(self):
        source = "\n".join(
            path.read_text() for path in (ROOT / "apimock").rglob("*.py")
        )
        used = set(re.findall(r"apimock\.(E\d{3})", source))
        reference = (ROOT / "docs" / "settings.rst").read_text()
        documented = set(
            re.findall(r"^   \* - ``apimock\.(E\d{3})``", reference, re.MULTILINE)
        )
        self.assertEqual(used, documented)

"""The Django versions we claim are the ones tox tests, and CI runs the extremes."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent


def claimed_django_versions() -> list[str]:
    setup = (ROOT / "setup.cfg").read_text()
    return re.findall(r"Framework :: Django :: (\d)\.(\d+)", setup)


class SupportedVersionsTest(SimpleTestCase):
    def test_tox_tests_every_claimed_django_on_python_311(self):
        tox = configparser.ConfigParser()
        tox.read(ROOT / "tox.ini")
        deps = tox["testenv"]["deps"]
        for major, minor in claimed_django_versions():
            with self.subTest(django=f"{major}.{minor}"):
                self.assertIn(f"django{major}{minor}: Django>={major}.{minor},", deps)
        self.assertIn("py311-django{42,51,52}", tox["tox"]["env_list"])

    def test_ci_runs_the_oldest_and_newest_with_tox(self):
        versions = [f"{major}{minor}" for major, minor in claimed_django_versions()]
        ci = (ROOT / ".ci" / "run").read_text()
        command = re.search(r"^tox -e (\S+)$", ci, re.MULTILINE)
        self.assertIsNotNone(command, "CI does not run tox")
        environments = command.group(1).split(",")
        self.assertIn(f"py311-django{versions[0]}", environments)
        self.assertIn(f"py311-django{versions[-1]}", environments)

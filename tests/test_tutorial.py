"""The tutorial, followed as a new user would: a fresh ``django-admin
startproject``, every file and setting from docs/tutorial.rst's own blocks,
its commands run in order, green under ``manage.py test`` and pytest."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = (ROOT / "docs" / "tutorial.rst").read_text()
_BLOCK = re.compile(
    r"^\.\. code-block:: (\w+)\n((?:   :\w+: .*\n)*)\n((?:    .*\n|\n)+)", re.M
)
# A settings block's caption says where it goes in the generated file.
_INSTALLED_APPS = " (INSTALLED_APPS, in full)"
_AT_THE_END = " (at the end)"


def blocks() -> list[tuple[str, str | None, str]]:
    """Each code block in order: its language, its caption, its code."""
    found = []
    for language, options, body in _BLOCK.findall(TUTORIAL):
        caption = re.search(r":caption: (.+)", options)
        code = textwrap.dedent(body).strip("\n") + "\n"
        found.append((language, caption.group(1) if caption else None, code))
    return found


class TutorialTest(SimpleTestCase):
    project: Path
    ran: dict[str, subprocess.CompletedProcess[str]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        folder = tempfile.TemporaryDirectory()
        cls.addClassCleanup(folder.cleanup)
        cls.cwd = Path(folder.name)
        cls.ran = {}
        for language, caption, code in blocks():
            if language == "console":
                for line in code.splitlines():
                    cls.run_command(line)
            elif caption is not None:
                cls.write(caption, code)

    @classmethod
    def run_command(cls, line: str) -> None:
        """Run one of the tutorial's commands as its reader would."""
        words = line.split()
        if words[:4] == ["python", "-m", "pip", "install"]:
            # What it installs is installed here already; the command itself
            # is checked by test_it_installs_only_what_the_suite_has.
            return
        if words[0] == "cd":
            cls.cwd = cls.cwd / words[1]
            return
        if words[0] == "mkdir":
            (cls.cwd / words[1]).mkdir(parents=True)
            return
        if words[0] == "django-admin":
            command = [sys.executable, "-m", "django", *words[1:]]
        elif words[0] == "python":
            command = [sys.executable, *words[1:]]
        else:
            raise AssertionError(f"the tutorial runs an unknown command: {line}")
        env = {**os.environ, "PYTHONWARNINGS": "ignore"}
        env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py sets its own
        env.pop("PYTHONPATH", None)  # only the project and what pip installed
        done = subprocess.run(
            command,
            cwd=cls.cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        cls.ran[line] = done

    @classmethod
    def write(cls, caption: str, code: str) -> None:
        if caption.endswith(_INSTALLED_APPS):
            path = cls.cwd / caption.removesuffix(_INSTALLED_APPS)
            text = path.read_text()
            start = text.index("INSTALLED_APPS = [")
            end = text.index("]\n", start) + 2
            path.write_text(text[:start] + code + text[end:])
        elif caption.endswith(_AT_THE_END):
            path = cls.cwd / caption.removesuffix(_AT_THE_END)
            path.write_text(path.read_text() + "\n" + code)
        else:
            (cls.cwd / caption).write_text(code)

    def output(self, command: str) -> str:
        done = self.ran[command]
        return done.stdout + done.stderr

    def test_every_command_succeeds(self):
        for line, done in self.ran.items():
            with self.subTest(line):
                self.assertEqual(done.returncode, 0, self.output(line))

    def test_manage_py_test_runs_the_five_tests_green(self):
        output = self.output("python manage.py test")

        self.assertIn("Ran 5 tests", output)
        self.assertIn("OK", output)

    def test_pytest_runs_the_eight_tests_green(self):
        output = self.output("python -m pytest")

        self.assertIn("8 passed", output)

    def test_it_installs_only_what_the_suite_has(self):
        installs = re.findall(r"python -m pip install ([\w/-]+)", TUTORIAL)

        # django-apimock is not published: from a checkout, as the README says.
        self.assertEqual(installs, ["/path/to/django-apimock", "pytest-django"])
        readme = (ROOT / "README.rst").read_text()
        self.assertIn(f"``pip install {installs[0]}``", readme)

    def test_the_settings_are_whole_lists_not_fragments(self):
        for _, caption, code in blocks():
            with self.subTest(caption):
                self.assertNotIn("...", code)

    def test_its_stubs_and_settings_do_not_meet_the_readmes(self):
        # Both in one project: neither one's stubs answer the other's calls.
        readme = (ROOT / "README.rst").read_text()

        def hosts(text: str) -> set[str]:
            return set(re.findall(r"https://([\w.-]+)", text))

        def settings(text: str) -> set[str]:
            shared = {"INSTALLED_APPS", "APIMOCK"}
            return set(re.findall(r"^ *([A-Z_]+) = ", text, re.M)) - shared

        self.assertEqual(hosts(TUTORIAL) & hosts(readme), set())
        self.assertEqual(settings(TUTORIAL) & settings(readme), set())
        self.assertTrue(settings(TUTORIAL))

    def test_the_broken_test_it_describes_fails_as_it_says(self):
        rates = self.cwd / "orders" / "rates.py"
        code = rates.read_text()
        headers = (
            '        headers={"Authorization": f"Bearer {settings.RATES_API_KEY}"},\n'
        )
        self.assertIn(headers, code)
        rates.write_text(code.replace(headers, ""))
        self.addCleanup(rates.write_text, code)
        command = "python manage.py test orders.tests.EurPriceTest"
        self.run_command(command)
        output = self.output(command)

        self.assertIn("FAIL: test_converts_at_todays_rate", output)
        self.assertIn("Sent from orders/rates.py:7, in eur_price", output)
        self.assertIn(
            "header Authorization is missing (expected 'Bearer test-rates-key')",
            output,
        )
        self.assertIn(
            'self.api.add("GET", "https://rates.example.net/v1/latest', output
        )

"""The README keeps exactly two commands, and CI runs the test one verbatim."""

from __future__ import annotations

import ast
import configparser
import importlib.metadata
import os
import re
import subprocess
import sys
import tempfile
import textwrap
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
                'python -m pip install -e ".[demo]" && python manage.py runserver',
                'python -m pip install -e ".[dev]" && python manage.py test',
            ],
        )

    def test_the_demo_extra_has_what_the_sample_project_imports(self):
        # The run command installs apimock with [demo] only, so every package
        # the sample project's code imports (its tests aside) must come with
        # it; the settings' CONTRACTS need the contracts extra's validators.
        setup = configparser.ConfigParser()
        setup.read(ROOT / "setup.cfg")
        extras = setup["options.extras_require"]
        installed = {
            canonical(requirement)
            for requirement in (
                setup["options"]["install_requires"] + extras["demo"]
            ).split()
        }
        distributions = importlib.metadata.packages_distributions()
        imported = set()
        for path in (ROOT / "testproject").rglob("*.py"):
            if path.name != "tests.py":
                imported |= top_level_imports(path.read_text())
        for module in sorted(imported - set(sys.stdlib_module_names)):
            if module in {"apimock", "testproject"}:
                continue
            with self.subTest(module=module):
                names = {canonical(d) for d in distributions.get(module, [module])}
                self.assertTrue(names & installed, f"{module} is not in [demo]")
        self.assertIn("CONTRACTS", (ROOT / "testproject" / "settings.py").read_text())
        for requirement in extras["contracts"].split():
            self.assertIn(canonical(requirement), installed)

    def test_ci_runs_the_readme_test_command(self):
        ci = (ROOT / ".ci" / "run").read_text().splitlines()
        self.assertIn(console_commands()[1], ci)

    def test_every_setting_is_documented(self):
        reference = (ROOT / "docs" / "settings.rst").read_text()
        documented = set(re.findall(r"^``([A-Z_]+)`` \(", reference, re.MULTILINE))
        self.assertEqual(documented, set(DEFAULTS))


class ApiReferenceTest(SimpleTestCase):
    def test_every_public_name_has_an_autodoc_entry(self):
        import apimock

        reference = (ROOT / "docs" / "api.rst").read_text()
        documented = set(
            re.findall(r"^\.\. auto\w+:: apimock\.(\w+)$", reference, re.M)
        )
        self.assertLessEqual(set(apimock.__all__), documented)


class CheckReferenceTest(SimpleTestCase):
    def test_every_check_id_is_documented_and_every_documented_one_exists(self):
        source = "\n".join(
            path.read_text() for path in (ROOT / "apimock").rglob("*.py")
        )
        used = set(re.findall(r"apimock\.([EW]\d{3})", source))
        reference = (ROOT / "docs" / "settings.rst").read_text()
        documented = set(
            re.findall(r"^   \* - ``apimock\.([EW]\d{3})``", reference, re.MULTILINE)
        )
        self.assertEqual(used, documented)


def canonical(requirement: str) -> str:
    """A requirement's distribution name, normalized: "PyYAML>=6" -> "pyyaml"."""
    name = re.split(r"[<>=!~\[;]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def top_level_imports(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.partition(".")[0])
    return found


def first_test_blocks() -> list[str]:
    """The README's "A first test" code blocks, dedented."""
    section = README.split(".. first-test-start")[1].split(".. first-test-end")[0]
    blocks = re.findall(r"\.\. code-block:: python\n\n((?:    .*\n|\n)+)", section)
    return [textwrap.dedent(block) for block in blocks]


class ReadmeFirstTestRunsTest(SimpleTestCase):
    """The README's first test, run as a new user would: its settings and tests
    in a project of their own, under ``django test`` and under pytest."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        project = tempfile.TemporaryDirectory()
        cls.addClassCleanup(project.cleanup)
        cls.project = Path(project.name)
        unittest_block, pytest_block = first_test_blocks()
        settings_part, tests_part = unittest_block.split("# tests.py\n")
        # What the README leaves as "...": the apps any Django project has.
        settings_part = settings_part.replace(
            "[...,", '["django.contrib.contenttypes", "django.contrib.auth",'
        )
        (cls.project / "readme_settings.py").write_text(
            'SECRET_KEY = "readme"\nUSE_TZ = True\n'
            'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n'
            + settings_part
        )
        (cls.project / "readme_tests.py").write_text(tests_part)
        (cls.project / "test_items.py").write_text(pytest_block)

    def run_in_project(self, *command: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "readme_settings"}
        env.pop("PYTHONPATH", None)  # only the project and what pip installed
        return subprocess.run(
            [sys.executable, "-m", *command],
            cwd=self.project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def test_with_django_test(self):
        done = self.run_in_project("django", "test", "readme_tests", "-v", "2")

        output = done.stdout + done.stderr
        self.assertEqual(done.returncode, 0, output)
        self.assertIn("test_create (readme_tests.ItemTest", output)
        self.assertIn("test_api_down (readme_tests.ItemTest", output)
        self.assertIn("Ran 2 tests", output)

    def test_with_pytest(self):
        done = self.run_in_project(
            "pytest", "-p", "no:cacheprovider", "-q", "test_items.py"
        )

        output = done.stdout + done.stderr
        self.assertEqual(done.returncode, 0, output)
        self.assertIn("2 passed", output)

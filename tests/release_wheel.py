"""The package as a user gets it: built, checked, installed from the wheel (not
editable) with pip's own resolver into a new virtualenv with Django 6.1 on
Python 3.12, in a project made by ``django-admin startproject``, where the
README's first test and the quick start's pytest configuration must pass.

Slow (a build and a pip install, from pip's cache when it has them), so its
name keeps it out of the suite's discovery (``test*.py``): .ci/run runs it on
its own, as ``python manage.py test tests.release_wheel``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import zipfile
from pathlib import Path

from django.test import SimpleTestCase

from tests.test_readme import first_test_blocks

ROOT = Path(__file__).resolve().parent.parent
PYTHON = "python3.12"
DJANGO = "Django==6.1.*"


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = done.stdout + done.stderr
    if done.returncode:
        raise AssertionError(f"{' '.join(map(str, command))} failed:\n{output}")
    return output


def quickstart_pytest_config() -> str:
    text = (ROOT / "docs" / "quickstart.rst").read_text()
    block = text.split(".. pytest-config-start")[1].split(".. pytest-config-end")[0]
    return textwrap.dedent(block.split(".. code-block:: ini\n")[1]).strip() + "\n"


class BuiltWheelTest(SimpleTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        folder = tempfile.TemporaryDirectory()
        cls.addClassCleanup(folder.cleanup)
        cls.tmp = Path(folder.name)
        if shutil.which(PYTHON) is None:
            raise AssertionError(f"{PYTHON} is not on PATH (.ci/run puts it there)")
        # python -m build: the sdist, then the wheel built from the sdist, so
        # a file the sdist forgets is missing from the wheel too.
        run(sys.executable, "-m", "build", "--outdir", cls.tmp / "dist", ROOT, cwd=ROOT)
        (cls.wheel,) = (cls.tmp / "dist").glob("*.whl")
        (cls.sdist,) = (cls.tmp / "dist").glob("*.tar.gz")
        cls.env = cls.user_environment()

    @classmethod
    def user_environment(cls) -> dict[str, str]:
        """A new virtualenv on Python 3.12 with the wheel, Django 6.1 and
        pytest-django, resolved by pip as for any user; its environment."""
        venv = cls.tmp / "venv"
        run(PYTHON, "-m", "venv", venv, cwd=cls.tmp)
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV"}
        }
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
        run(
            "python", "-m", "pip", "install", cls.wheel, DJANGO,
            "pytest", "pytest-django", cwd=cls.tmp, env=env,
        )  # fmt: skip
        return env

    def test_twine_check_passes(self):
        output = run(
            sys.executable, "-m", "twine", "check", "--strict", self.wheel, self.sdist,
            cwd=self.tmp,
        )  # fmt: skip
        self.assertEqual(output.count("PASSED"), 2, output)

    def test_the_wheel_holds_every_file_of_the_package(self):
        with zipfile.ZipFile(self.wheel) as wheel:
            names = set(wheel.namelist())
        source = {
            path.relative_to(ROOT).as_posix()
            for path in (ROOT / "apimock").rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
        self.assertEqual(source - names, set())
        self.assertIn("apimock/py.typed", names)
        self.assertTrue(
            any(
                re.fullmatch(r"apimock/(.+/)?child/sitecustomize\.py", n) for n in names
            )
        )

    def test_the_metadata_says_what_pypi_shows(self):
        with zipfile.ZipFile(self.wheel) as wheel:
            (metadata,) = (
                n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")
            )
            text = wheel.read(metadata).decode()
        for line in (
            "Classifier: Typing :: Typed",
            "Classifier: Framework :: Django :: 6.0",
            "Classifier: Framework :: Django :: 6.1",
            "Classifier: Programming Language :: Python :: 3.13",
            "Requires-Python: >=3.11",
            "Requires-Dist: Django<7,>=5.2",
        ):
            with self.subTest(line=line):
                self.assertIn(f"\n{line}\n", text)
        for url in ("Documentation", "Source", "Issues", "Changelog"):
            with self.subTest(url=url):
                self.assertRegex(text, rf"\nProject-URL: {url}, https://\S+\n")
        # The description is the README and then the changelog.
        self.assertIn("A first test\n============", text)
        self.assertIn("Changelog\n=========", text)
        with tarfile.open(self.sdist) as sdist:
            names = sdist.getnames()
        self.assertTrue(any(n.endswith("/CHANGELOG.rst") for n in names))

    def test_the_readme_first_test_passes_in_a_new_project(self):
        project = self.tmp / "project"
        project.mkdir()
        run("django-admin", "startproject", "mysite", ".", cwd=project, env=self.env)
        unittest_block, pytest_block = first_test_blocks()
        settings_part, tests_part = unittest_block.split("# tests.py\n")
        settings_part = settings_part.replace("# settings.py\n", "")
        # What the README writes as [..., "apimock"].
        settings_part = settings_part.replace(
            'INSTALLED_APPS = [..., "apimock"]', 'INSTALLED_APPS += ["apimock"]'
        )
        self.assertIn("INSTALLED_APPS +=", settings_part)
        settings = project / "mysite" / "settings.py"
        settings.write_text(settings.read_text() + "\n" + settings_part)
        (project / "tests.py").write_text(tests_part)
        (project / "test_items.py").write_text(pytest_block)
        (project / "pytest.ini").write_text(quickstart_pytest_config())

        output = run(
            "python", "-W", "error", "manage.py", "test", "-v", "2",
            cwd=project, env=self.env,
        )  # fmt: skip
        self.assertIn("Ran 2 tests", output)
        self.assertIn("test_api_down (tests.ItemTest", output)
        self.assertIn("System check identified no issues", output)

        output = run(
            "python", "-W", "error", "-m", "pytest", "-W", "error",
            "-p", "no:cacheprovider", cwd=project, env=self.env,
        )  # fmt: skip
        self.assertIn("2 passed", output)
        self.assertIn("settings: mysite.settings (from ini)", output)
        # The wheel, not this checkout: the project imports apimock from the venv.
        where = run(
            "python", "-c", "import apimock; print(apimock.__file__)",
            cwd=project, env=self.env,
        )  # fmt: skip
        self.assertIn(str(self.tmp / "venv"), where)

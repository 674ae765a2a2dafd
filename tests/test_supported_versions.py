"""The Django and Python versions we claim are the ones the docs state, the
package admits, tox tests and CI runs: one list, said the same everywhere."""

from __future__ import annotations

import configparser
import re
import textwrap
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
SETUP = configparser.ConfigParser()
SETUP.read(ROOT / "setup.cfg")
TOX = configparser.ConfigParser(interpolation=None)
TOX.read(ROOT / "tox.ini")


def classifiers(prefix: str) -> list[str]:
    lines = SETUP["metadata"]["classifiers"].strip().splitlines()
    found = [re.fullmatch(rf"{re.escape(prefix)}(\d+\.\d+)", line) for line in lines]
    return [match[1] for match in found if match]


def documented() -> dict[str, list[str]]:
    """docs/overview.rst's table: Django version -> its Pythons."""
    text = (ROOT / "docs" / "overview.rst").read_text()
    table = text.split(".. supported-versions-start")[1].split(
        ".. supported-versions-end"
    )[0]
    rows = re.findall(r"\* - (\d\.\d+)[^\n]*\n\s+- ([\d., ]+)\n", table)
    return {django: pythons.replace(" ", "").split(",") for django, pythons in rows}


def tox_environments() -> list[tuple[str, str]]:
    """(Python, Django) of each tox environment, as "3.12", "6.1"."""
    names = TOX["tox"]["env_list"].split()
    pairs = [re.fullmatch(r"py3(\d+)-django(\d)(\d)", name) for name in names]
    assert all(pairs), names
    return [(f"3.{m[1]}", f"{m[2]}.{m[3]}") for m in pairs if m]


class SupportedVersionsTest(SimpleTestCase):
    def test_classifiers_say_what_the_docs_say(self):
        table = documented()
        self.assertEqual(classifiers("Framework :: Django :: "), list(table))
        self.assertEqual(
            classifiers("Programming Language :: Python :: "),
            sorted({python for pythons in table.values() for python in pythons}),
        )
        self.assertIn("Typing :: Typed", SETUP["metadata"]["classifiers"])

    def test_the_pins_admit_exactly_the_supported_range(self):
        oldest_django = classifiers("Framework :: Django :: ")[0]
        newest_major = int(classifiers("Framework :: Django :: ")[-1].split(".")[0])
        requires = SETUP["options"]["install_requires"].split()
        self.assertIn(f"Django>={oldest_django},<{newest_major + 1}", requires)
        oldest_python = classifiers("Programming Language :: Python :: ")[0]
        self.assertEqual(SETUP["options"]["python_requires"], f">={oldest_python}")

    def test_upper_bounds_only_where_a_major_version_is_known_to_break_us(self):
        requirements = SETUP["options"]["install_requires"].split()
        for extra in SETUP["options.extras_require"].values():
            requirements += extra.split()
        capped = {r.split("<")[0].split(">")[0] for r in requirements if "<" in r}
        self.assertEqual(capped, {"Django", "httpx"})
        self.assertIn("httpx>=0.24,<1", requirements)

    def test_tox_runs_every_supported_django_and_python_and_nothing_else(self):
        table = documented()
        environments = tox_environments()
        for python, django in environments:
            with self.subTest(python=python, django=django):
                self.assertIn(python, table[django])
        self.assertEqual({django for _, django in environments}, set(table))
        self.assertEqual(
            {python for python, _ in environments},
            {python for pythons in table.values() for python in pythons},
        )
        deps = TOX["testenv"]["deps"]
        for django in table:
            major, minor = django.split(".")
            with self.subTest(django=django):
                self.assertIn(
                    f"django{major}{minor}: Django>={django},<{major}.{int(minor) + 1}",
                    deps,
                )

    def test_tox_fails_on_a_missing_python_instead_of_skipping_it(self):
        self.assertEqual(TOX["tox"]["skip_missing_interpreters"], "false")

    def test_warnings_are_errors_and_only_the_named_third_party_one_is_filtered(self):
        # The suite once per environment, warnings as errors in Python and
        # in pytest (whose own -W replaces its filterwarnings).
        commands = TOX["testenv"]["commands"]
        self.assertEqual(commands.count("python -W error "), 1)
        self.assertIn("-m pytest", commands)
        self.assertEqual(commands.count('-W error -W "{env:STRIPE_HTTPX_DATA}"'), 2)
        filters = re.findall(
            r"(?<=\n)\s*(\w+) = (ignore:.*)", TOX["testenv"]["set_env"]
        )
        self.assertEqual(
            filters,
            [
                (
                    "STRIPE_HTTPX_DATA",
                    "ignore:Use 'content=<...>' to upload raw bytes/text content."
                    ":DeprecationWarning:httpx._models",
                )
            ],
        )
        # The same filters, copied into the Stripe how-to for users.
        howto = (ROOT / "docs" / "howto.rst").read_text()
        command = f'-W "{filters[0][1]}" manage.py test'
        self.assertTrue(command in howto, command)
        ini = SETUP["tool:pytest"]["filterwarnings"]
        block = f"    filterwarnings ={textwrap.indent(ini, ' ' * 8)}\n"
        self.assertTrue(block in howto, block)

    def test_ci_runs_every_tox_environment(self):
        ci = (ROOT / ".ci" / "run").read_text()
        command = re.search(r"^tox -e (\S+)$", ci, re.MULTILINE)
        self.assertIsNotNone(command, "CI does not run tox")
        assert command is not None
        self.assertEqual(command.group(1).split(","), TOX["tox"]["env_list"].split())

    def test_w001_admits_the_versions_the_extras_ask_for(self):
        from apimock.transports.versions import SUPPORTED

        requirements = SETUP["options"]["install_requires"].split()
        for extra in SETUP["options.extras_require"].values():
            requirements += extra.split()
        for client, (distribution, oldest, broken) in SUPPORTED.items():
            if client == "urllib3":
                continue  # no extra: requests asks for it (urllib3>=1.21.1)
            wanted = f"{distribution}>={'.'.join(map(str, oldest))}"
            if broken is not None:
                wanted += f",<{'.'.join(map(str, broken))}"
            with self.subTest(client=client):
                self.assertIn(wanted, requirements)

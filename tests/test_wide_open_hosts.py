"""ALLOWED_HOSTS that open a swathe of the internet: refused where dev mode
runs (apimock.E031), warned about everywhere else (apimock.W002)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import requests
from django.core import checks
from django.test import SimpleTestCase, override_settings

from apimock import UnmatchedRequest
from apimock.dev import mode as devmode
from apimock.guard.hosts import wide_open
from tests.test_devmode import as_runserver, free_port, runserver_command

ROOT = Path(__file__).resolve().parent.parent
WIDE = ["0.0.0.0/0", "::/0", "10.0.0.0/8", "2001:db8::/32", "::ffff:0:0/96"]
NARROW = ["127.0.0.0/8", "::1", "10.0.0.0/9", "2001:db8::/33", "localhost", "1.2.3.4"]


def found(apimock_setting: dict) -> list[tuple[str, str]]:
    with override_settings(APIMOCK=apimock_setting):
        return [(m.id, m.msg) for m in checks.run_checks(tags=["apimock"])]


class WideOpenTest(SimpleTestCase):
    def test_what_counts_as_wide_open(self):
        self.assertEqual(wide_open([*WIDE, *NARROW, "*", 5]), WIDE)

    def test_a_test_run_is_warned(self):
        messages = found({"ALLOWED_HOSTS": ["localhost", "0.0.0.0/0", "::/0"]})
        self.assertEqual([id_ for id_, _ in messages], ["apimock.W002"])
        self.assertIn("'0.0.0.0/0', '::/0'", messages[0][1])
        self.assertEqual(found({"ALLOWED_HOSTS": NARROW}), [])

    def test_star_stays_an_error(self):
        self.assertIn("apimock.E014", [i for i, _ in found({"ALLOWED_HOSTS": ["*"]})])

    def test_where_dev_mode_runs_it_is_an_error(self):
        with (
            override_settings(DEBUG=True),
            as_runserver(),
        ):
            messages = found({"ACTIVE_IN_DEV": True, "ALLOWED_HOSTS": ["::/0"]})
        self.assertEqual([id_ for id_, _ in messages], ["apimock.E031"])

    def test_dev_mode_leaves_wide_entries_out_even_if_checks_are_skipped(self):
        setting = {"ACTIVE_IN_DEV": True, "STUBS": [], "ALLOWED_HOSTS": ["0.0.0.0/0"]}
        with override_settings(DEBUG=True, APIMOCK=setting), as_runserver():
            with self.assertLogs("apimock", "WARNING") as logs:
                devmode._activate()
            self.assertIn("'0.0.0.0/0' would let unstubbed requests", logs.output[0])
            # 192.0.2.1 (TEST-NET-1) is never reached: it is refused first.
            with (
                self.assertLogs("apimock", "WARNING"),
                self.assertRaises(UnmatchedRequest),
            ):
                requests.get("http://192.0.2.1/x", timeout=1)

    def test_runserver_refuses_to_start(self):
        result = subprocess.run(
            runserver_command(free_port()),
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.devmode_cases.wide_settings",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("apimock.E031", result.stderr)

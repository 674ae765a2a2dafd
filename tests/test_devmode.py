"""Offline dev mode: runserver answers outbound calls from the settings stubs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from apimock import UnmatchedRequest
from apimock.dev import mode as devmode
from tests.helpers import loopback_server

ROOT = Path(__file__).resolve().parent.parent
CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def runserver_command(port: int) -> list[str]:
    return [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]


class RunserverTest(SimpleTestCase):
    def start_server(self) -> str:
        port = free_port()
        server = subprocess.Popen(
            runserver_command(port),
            cwd=ROOT,
            env={**os.environ, "DJANGO_DEBUG": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.addCleanup(server.stdout.close)
        self.addCleanup(server.wait, timeout=10)
        self.addCleanup(server.terminate)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return f"http://127.0.0.1:{port}"
            except OSError:
                if server.poll() is not None:
                    self.fail(f"runserver exited: {server.stdout.read()}")
                time.sleep(0.2)
        self.fail("runserver did not start within 60 s")

    def test_payments_work_without_a_stripe_account(self):
        base = self.start_server()

        ok = requests.post(f"{base}/payments/", json=CARD, timeout=10)
        declined = requests.post(
            f"{base}/payments/", json={**CARD, "number": "4000000000000002"}, timeout=10
        )
        invalid = requests.post(f"{base}/payments/", json={"number": "x"}, timeout=10)

        self.assertEqual(ok.status_code, 201, ok.text)
        self.assertEqual(ok.json()["last4"], "4242")
        self.assertEqual(declined.status_code, 400, declined.text)
        self.assertEqual(declined.json()["code"], "card_declined")
        self.assertEqual(invalid.status_code, 400)

    def test_runserver_refuses_to_start_with_debug_off(self):
        result = subprocess.run(
            runserver_command(free_port()),
            cwd=ROOT,
            env={**os.environ, "DJANGO_DEBUG": "0"},
            capture_output=True,
            text=True,
            timeout=60,
        )

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("apimock.E013", result.stderr)


class NotInTestsTest(SimpleTestCase):
    def test_a_test_client_request_does_not_start_dev_mode(self):
        self.client.post(reverse("payments"), {"number": "x"})

        self.assertFalse(devmode.active())


@contextmanager
def dev_mode_restored() -> Iterator[None]:
    """Put dev mode's start-up decision back as it was after the block."""
    saved = {key: devmode._state[key] for key in ("debug_at_startup", "allowed")}
    try:
        yield
    finally:
        devmode.deactivate()
        devmode._state.update(saved)


@contextmanager
def as_runserver() -> Iterator[None]:
    """Decide dev mode as ``manage.py runserver`` would, for the block."""
    with dev_mode_restored():
        devmode.configure(argv=["manage.py", "runserver"])
        yield


class DecidedOnceTest(SimpleTestCase):
    def test_only_runserver_may_start_it(self):
        with (
            override_settings(DEBUG=True, APIMOCK={"ACTIVE_IN_DEV": True}),
            dev_mode_restored(),
        ):
            for argv in (["manage.py", "test"], ["pytest"], ["manage.py", "shell"]):
                devmode.configure(argv=argv)
                devmode._activate()
                self.assertFalse(devmode.active(), argv)
            with as_runserver(), self.assertLogs("apimock", "WARNING"):
                devmode._activate()
                self.assertTrue(devmode.active())

    def test_it_stops_when_debug_turns_false(self):
        with (
            override_settings(DEBUG=True, APIMOCK={"ACTIVE_IN_DEV": True}),
            as_runserver(),
        ):
            with self.assertLogs("apimock", "WARNING"):
                devmode._activate()
            with override_settings(DEBUG=False):
                self.assertFalse(devmode.active())
                devmode._activate()  # a request with DEBUG off
                self.assertFalse(devmode.active())


class LeakBetweenTestsTest(SimpleTestCase):
    """The real runner, in a subprocess, in every order: a test that makes a
    request with DEBUG=True leaves no dev mode behind for the next test."""

    def test_no_order_lets_a_debug_request_switch_dev_mode_on(self):
        with loopback_server() as server:
            probe = f"http://127.0.0.1:{server.server_address[1]}/probe"
            for order in ([], ["--reverse"], ["--shuffle", "1"]):
                with self.subTest(order=order):
                    result = subprocess.run(
                        [
                            sys.executable,
                            "manage.py",
                            "test",
                            "tests.devmode_cases.cases",
                            "--settings",
                            "tests.devmode_cases.settings",
                            "-v",
                            "2",
                            *order,
                        ],
                        cwd=ROOT,
                        env={**os.environ, "APIMOCK_PROBE_URL": probe},
                        capture_output=True,
                        text=True,
                        timeout=120,
                    )
                    self.assertEqual(result.returncode, 0, result.stderr[-3000:])
                    self.assertIn("Ran 2 tests", result.stderr)
            self.assertEqual(server.hits, 3)  # once per run: never a stub


class DevModeMissTest(SimpleTestCase):
    @override_settings(DEBUG=True, APIMOCK={"ACTIVE_IN_DEV": True, "STUBS": []})
    def test_a_miss_names_only_settings_as_the_place_to_add_a_stub(self):
        # There is no test to add a stub in: the report must not suggest one.
        stack = ExitStack()
        self.addCleanup(stack.close)
        stack.enter_context(as_runserver())
        with self.assertLogs("apimock", "WARNING"):
            devmode._activate()

        with (
            self.assertLogs("apimock", "WARNING"),
            self.assertRaises(UnmatchedRequest) as caught,
        ):
            requests.get("https://api.example.com/v1/new", timeout=1)

        message = str(caught.exception)
        self.assertIn(
            'To answer it, add to settings.APIMOCK["STUBS"]:\n'
            '    {"method": "GET", "url": "https://api.example.com/v1/new", ',
            message,
        )
        self.assertNotIn(".add(", message)

"""The journal records every call a long-lived mock answers or refuses:
newest first, bounded, redacted as cassettes are, from any thread, and not
at all when dev mode is off."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import types
from pathlib import Path

import httpx
import requests
from django.test import SimpleTestCase

from apimock import UnmatchedRequest
from apimock.dev import mode as devmode
from apimock.dev.journal import recording
from apimock.dev.journal.entries import ANSWERED, MISSED, RAISED
from tests.journaling import journaled
from tests.test_devmode import as_runserver

ROOT = Path(__file__).resolve().parent.parent
API = "https://api.example.com/v2"
ECHO = {"method": "ANY", "url": f"{API}/echo", "json": {"ok": True}}


class RecordingTest(SimpleTestCase):
    def test_every_call_newest_first_with_client_status_stub_and_duration(self):
        with journaled([ECHO]) as journal:
            requests.get(f"{API}/echo", timeout=5)
            httpx.post(f"{API}/echo", json={"n": 1})

        newest, oldest = journal.entries()
        self.assertEqual(
            (newest.number, newest.client, newest.method), (2, "httpx", "POST")
        )
        self.assertEqual(
            (oldest.number, oldest.client, oldest.method), (1, "requests", "GET")
        )
        self.assertEqual((newest.outcome, newest.status), (ANSWERED, 200))
        self.assertEqual(newest.stub_key, "stubs[0]")
        self.assertEqual(newest.host, "api.example.com")
        self.assertGreaterEqual(newest.duration, 0)

    def test_a_stub_from_a_file_is_named_by_file_and_line(self):
        with journaled() as journal:
            requests.post(
                "https://api.stripe.com/v1/tokens",
                data={"card[number]": "4000000000000002"},
                timeout=5,
            )

        [entry] = journal.entries()
        self.assertEqual(entry.stub_name, "stripe: card declined")
        self.assertEqual(entry.stub_where, "testproject/stubs/stripe.yaml:4")
        self.assertEqual(entry.status, 402)

    def test_the_duration_includes_a_stubs_real_delay(self):
        slow = {**ECHO, "delay": 0.2, "real_delay": True}
        with journaled([slow]) as journal:
            requests.get(f"{API}/echo", timeout=5)

        self.assertGreaterEqual(journal.entries()[0].duration, 0.2)

    def test_a_miss_keeps_its_report_and_the_stub_to_paste(self):
        with (
            journaled() as journal,
            self.assertLogs("apimock", "WARNING"),
            self.assertRaises(UnmatchedRequest),
        ):
            requests.get(f"{API}/new?page=2", timeout=5)

        [entry] = journal.entries()
        self.assertEqual(
            (entry.outcome, entry.status, entry.stub_key), (MISSED, None, None)
        )
        self.assertIn("matched no stub (client: requests)", entry.report)
        self.assertIn("Closest stubs:", entry.report)
        self.assertEqual(
            entry.paste,
            '{"method": "GET", "url": "https://api.example.com/v2/new?page=2", '
            '"status": 200, "json": {}}',
        )
        self.assertEqual(json.loads(entry.paste)["url"], f"{API}/new?page=2")

    def test_a_stub_that_raises_is_recorded_with_its_error(self):
        down = {"method": "GET", "url": f"{API}/down", "error": "connection_error"}
        with journaled([down]) as journal, self.assertRaises(requests.ConnectionError):
            requests.get(f"{API}/down", timeout=5)

        [entry] = journal.entries()
        self.assertEqual((entry.outcome, entry.stub_key), (RAISED, "stubs[0]"))
        self.assertEqual(
            entry.error, "connection_error: apimock: stubbed connection error"
        )

    def test_bodies_are_kept_pretty_printed_and_cut_past_the_limit(self):
        big = {"method": "GET", "url": f"{API}/big", "body": "x" * 200_000}
        with journaled([ECHO, big]) as journal:
            requests.post(f"{API}/echo", json={"b": [1, 2], "a": "é"}, timeout=5)
            requests.get(f"{API}/big", timeout=5)

        cut, pretty = journal.entries()
        self.assertEqual(
            pretty.request_body.text, '{\n  "a": "é",\n  "b": [\n    1,\n    2\n  ]\n}'
        )
        self.assertEqual(pretty.request_body.kind, "json")
        self.assertEqual(pretty.response_body.text, '{\n  "ok": true\n}')
        self.assertEqual(cut.response_body.size, 200_000)
        self.assertTrue(cut.response_body.cut)
        self.assertLess(len(cut.response_body.text), 100_000)


class RedactionTest(SimpleTestCase):
    """Secrets are out as they are out of cassettes (the same Redactor)."""

    def test_secret_settings_headers_and_fields_are_replaced(self):
        secret = {**ECHO, "json": {"echo": "push-test-key", "password": "hunter2"}}
        with journaled([secret]) as journal:
            requests.post(
                f"{API}/echo?api_key=zzz",
                headers={"Authorization": "Bearer push-test-key", "X-Api-Key": "abc"},
                json={"token": "push-test-key", "password": "hunter2"},
                timeout=5,
            )

        [entry] = journal.entries()
        headers = dict(entry.request_headers)
        self.assertEqual(headers["Authorization"], "Bearer <PUSH_API_KEY>")
        self.assertEqual(headers["X-Api-Key"], "<REDACTED>")
        self.assertEqual(entry.url, f"{API}/echo?api_key=<REDACTED>")
        sent = json.loads(entry.request_body.text)
        self.assertEqual(sent, {"password": "<REDACTED>", "token": "<PUSH_API_KEY>"})
        answered = json.loads(entry.response_body.text)
        self.assertEqual(answered, {"echo": "<PUSH_API_KEY>", "password": "<REDACTED>"})
        self.assertNotIn("push-test-key", repr(entry))
        self.assertNotIn("hunter2", repr(entry))

    def test_a_miss_report_and_paste_line_hold_no_secret(self):
        with (
            journaled() as journal,
            self.assertLogs("apimock", "WARNING"),
            self.assertRaises(UnmatchedRequest),
        ):
            requests.get(f"{API}/items?key=test-key", timeout=5)

        [entry] = journal.entries()
        self.assertNotIn("test-key", entry.report)
        self.assertIn("key=<AUTH_KEY>", entry.report)
        # Pasted, the stub matches the request again: the secret is a setting.
        self.assertIn(
            '"url": "https://api.example.com/v2/items?key={settings.AUTH_KEY}"',
            entry.paste,
        )


class BoundsTest(SimpleTestCase):
    def test_only_the_newest_calls_are_kept_and_numbers_carry_on(self):
        with journaled([ECHO], size=3) as journal:
            for _ in range(5):
                requests.get(f"{API}/echo", timeout=5)
            kept = [entry.number for entry in journal.entries()]
            journal.clear()
            requests.get(f"{API}/echo", timeout=5)

        self.assertEqual(kept, [5, 4, 3])
        self.assertEqual([entry.number for entry in journal.entries()], [6])
        self.assertEqual(journal.total, 6)

    def test_calls_from_many_threads_are_each_recorded_once(self):
        def calls() -> None:
            with requests.Session() as session:
                for _ in range(25):
                    session.get(f"{API}/echo", timeout=5)

        with journaled([ECHO], size=100) as journal:
            threads = [threading.Thread(target=calls) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)

        numbers = [entry.number for entry in journal.entries()]
        self.assertEqual(journal.total, 200)
        self.assertEqual(numbers, list(range(200, 100, -1)))
        self.assertEqual(journal.answered("stubs[0]"), 200)


class DevModeTest(SimpleTestCase):
    def setUp(self):
        # Dev mode mounts the journal in the root URLconf: give it its own.
        urls = types.ModuleType("dev_urls")
        urls.urlpatterns = []
        self.urls = urls
        self.enterContext(self.settings(ROOT_URLCONF=urls))

    def test_dev_mode_has_a_journal_for_its_lifetime_only(self):
        with (
            self.settings(DEBUG=True, APIMOCK={"ACTIVE_IN_DEV": True, "STUBS": [ECHO]}),
            as_runserver(),  # dev mode runs only where runserver started it
        ):
            with self.assertLogs("apimock", "WARNING") as started:
                devmode._activate()
            self.addCleanup(devmode.deactivate)
            requests.get(f"{API}/echo", timeout=5)
            during = recording.current()
            mounted = len(self.urls.urlpatterns)
            devmode.deactivate()

        self.assertIn(
            "The journal of every call is at /__apimock__/", started.output[0]
        )
        self.assertEqual([entry.url for entry in during.entries()], [f"{API}/echo"])
        self.assertEqual(mounted, 1)
        self.assertIsNone(recording.current())
        self.assertEqual(self.urls.urlpatterns, [])

    def test_journal_path_none_means_no_journal(self):
        apimock = {"ACTIVE_IN_DEV": True, "STUBS": [ECHO], "JOURNAL_PATH": None}
        with self.settings(DEBUG=True, APIMOCK=apimock), as_runserver():
            with self.assertLogs("apimock", "WARNING") as started:
                devmode._activate()
            self.addCleanup(devmode.deactivate)

            self.assertIsNone(recording.current())
            self.assertIsNone(devmode._state["session"].mock.calls.observer)
        self.assertNotIn("journal", started.output[0])

    def test_outside_dev_mode_nothing_of_the_journal_is_imported(self):
        # A fresh process: other tests here import the journal.
        script = (
            "import sys, django, requests; django.setup();"
            "from apimock import mocked;"
            "api = mocked(stubs=[{'method': 'GET', 'url': 'https://a.test/x'}]);"
            "api.__enter__(); requests.get('https://a.test/x', timeout=5);"
            "api.__exit__(None, None, None);"
            "print(sorted(m for m in sys.modules"
            " if m.startswith('apimock.dev.journal') or m == 'debug_toolbar'))"
        )
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={"DJANGO_SETTINGS_MODULE": "testproject.settings", "PATH": ""},
            capture_output=True,
            text=True,
            timeout=60,
        )

        self.assertEqual(result.stdout.strip(), "[]", result.stderr)

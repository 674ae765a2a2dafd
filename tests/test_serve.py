"""``manage.py apimock serve`` and ``list``, run as a user runs them."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from io import StringIO
from pathlib import Path

import requests
from django.core.management import call_command
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
ITEMS = "https://api.example.com/v1/items"


def start_server(*options: str, settings: str = "testproject.settings"):
    """``apimock serve --port 0`` in a subprocess; the process and its base URL."""
    server = subprocess.Popen(
        [sys.executable, "manage.py", "apimock", "serve", "--port", "0", *options],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.append(server.stdout.readline()), daemon=True
    )
    reader.start()
    reader.join(60)  # bounded: a server that never starts fails the test
    first = lines[0] if lines else "(nothing printed in 60 s)"
    found = re.search(r"Serving apimock stubs on (http://127\.0\.0\.1:\d+)/", first)
    if found is None:
        server.kill()
        server.communicate(timeout=10)
        raise AssertionError(f"apimock serve did not start: {first}")
    return server, found.group(1)


def stop(server: subprocess.Popen) -> tuple[int, str, str]:
    """Ctrl-C, as a user stops it; its exit code and output."""
    server.send_signal(signal.SIGINT)
    out, err = server.communicate(timeout=30)
    return server.returncode, out, err


class ServeTest(SimpleTestCase):
    def setUp(self) -> None:
        self.server, self.base = start_server(
            "--origin", "https://api.example.com", settings="tests.serve_settings"
        )
        self.addCleanup(self._kill)

    def _kill(self) -> None:
        if self.server.poll() is None:
            self.server.kill()
            self.server.communicate(timeout=10)

    def test_answers_with_stubs_templates_and_sequences_then_stops(self):
        key = {"Authorization": "Key test-key"}
        by_path = requests.get(f"{self.base}/v1/items/5", headers=key, timeout=5)
        by_url = requests.get(f"{self.base}/{ITEMS}/6", headers=key, timeout=5)
        signups = [
            requests.post(
                f"{self.base}/v2/signup", json={"email": "a@example.com"}, timeout=5
            )
            for _ in range(2)
        ]
        miss = requests.get(f"{self.base}/v2/nothing", timeout=5)

        self.assertEqual(by_path.json(), {"item_id": "5", "name": "widget"})
        self.assertEqual(by_url.json(), {"item_id": "6", "name": "widget"})
        self.assertEqual([r.status_code for r in signups], [201, 409])
        self.assertEqual(signups[0].json(), {"user": "a@example.com"})
        self.assertEqual(miss.status_code, 404)
        self.assertIn("Closest stubs:", miss.json()["report"])

        code, out, err = stop(self.server)
        self.assertEqual(code, 0, err)
        self.assertIn(
            "GET https://api.example.com/v1/items/5 -> 200 ['items: one item'", out
        )
        self.assertIn("POST https://api.example.com/v2/signup -> 409", out)
        self.assertIn("GET https://api.example.com/v2/nothing -> 404 no stub", out)
        self.assertIn("GET https://api.example.com/v2/nothing matched no stub", err)
        self.assertTrue(out.rstrip().endswith("Stopped."), out)

    def test_faults_reach_the_client_as_a_broken_connection(self):
        with self.assertRaises(requests.ConnectionError):
            requests.get(f"{self.base}/v2/down", timeout=5)
        with self.assertRaises(requests.exceptions.ChunkedEncodingError):
            requests.get(f"{self.base}/v2/cut", timeout=5)

        _, out, _ = stop(self.server)
        self.assertIn("GET https://api.example.com/v2/down -> connection dropped", out)
        self.assertIn("GET https://api.example.com/v2/cut -> 200", out)

    def test_a_request_the_contract_does_not_describe_is_a_400_with_the_report(self):
        # The items API's contract says an id is digits.
        bad = requests.get(
            f"{self.base}/v1/items/abc",
            headers={"Authorization": "Key test-key"},
            timeout=5,
        )

        _, out, err = stop(self.server)
        self.assertEqual(bad.status_code, 400)
        self.assertIn(
            "request path parameter 'id': 'abc' does not match '^[0-9]+$'",
            bad.json()["report"],
        )
        self.assertIn(
            "GET https://api.example.com/v1/items/abc -> 400 breaks the contract", out
        )
        self.assertIn("does not conform to its contract", err)

    def test_a_stub_answer_that_breaks_the_contract_is_a_500_with_the_report(self):
        broken = requests.get(f"{self.base}/v1/items/99", timeout=5)

        _, out, _ = stop(self.server)
        self.assertEqual(broken.status_code, 500)
        self.assertIn(
            "response 200 body $: 'item_id' is a required property",
            broken.json()["report"],
        )
        self.assertIn(
            "GET https://api.example.com/v1/items/99 -> 500 breaks the contract", out
        )


class ServeWithoutOriginTest(SimpleTestCase):
    def test_a_plain_path_without_origin_says_how_to_name_the_api(self):
        server, base = start_server()
        try:
            answer = requests.get(f"{base}/v1/items", timeout=5)
        finally:
            code, _, err = stop(server)
        self.assertEqual(code, 0, err)
        self.assertEqual(answer.status_code, 400)
        self.assertIn("--origin", answer.json()["detail"])


class ListTest(SimpleTestCase):
    def test_every_settings_stub_is_a_row(self):
        output = StringIO()
        call_command("apimock", "list", stdout=output)

        lines = output.getvalue().splitlines()
        self.assertEqual(lines[0].split(), ["SOURCE", "METHOD", "URL", "STATUS"])
        self.assertRegex(
            output.getvalue(),
            r'APIMOCK\["STUBS"\]\[2\] +GET +'
            r"https://api.example.com/v1/items/\{id\} +200",
        )
        self.assertRegex(
            output.getvalue(),
            r"testproject/stubs/stripe.yaml:4, stubs\[0\] +POST +"
            r"https://api.stripe.com/v1/tokens +402",
        )

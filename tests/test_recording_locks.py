"""A recording cassette sends its real request outside every lock, never
records a host that is allowed, and never records a live server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests
from django.test import override_settings

from apimock import MockedAPILiveServerTestCase, MockedAPISimpleTestCase
from tests.helpers import problems, run_case, serving
from tests.test_cassettes import CassetteCase

CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}
TOKEN = {
    "id": "tok_live_server",
    "object": "token",
    "card": {"last4": "4242", "brand": "Visa"},
}
STUBBED = "https://stubbed.example.com/v1/ping"


class _Slow(BaseHTTPRequestHandler):
    """Answers only once the test's other thread got its stubbed answer."""

    def do_GET(self) -> None:
        self.server.arrived.set()  # type: ignore[attr-defined]
        answered = self.server.stubbed_answered.wait(timeout=5)  # type: ignore[attr-defined]
        body = b'{"waited": true}' if answered else b'{"waited": false}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class RecordingCase(CassetteCase):
    """A temporary CASSETTE_DIR (``self.dir``), recording mode on."""

    def recording(self, **more: Any) -> override_settings:
        return override_settings(
            APIMOCK={"CASSETTE_DIR": str(self.dir), "RECORD_MODE": "once", **more}
        )

    def written(self) -> str:
        return "".join(
            p.read_text(errors="replace") for p in self.dir.rglob("*") if p.is_file()
        )


class NoLockDuringFetchTest(RecordingCase):
    def test_a_stubbed_call_is_answered_while_a_recording_waits_for_its_server(self):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
        server.stubbed_answered = threading.Event()  # type: ignore[attr-defined]
        server.arrived = threading.Event()  # type: ignore[attr-defined]
        seen: dict[str, Any] = {}

        class Flow(MockedAPISimpleTestCase):
            cassette = "slow"

            def test_it(self) -> None:
                self.api.add("GET", STUBBED, json={"stubbed": True})

                def stubbed_call() -> None:
                    seen["stubbed"] = requests.get(STUBBED, timeout=5).json()
                    server.stubbed_answered.set()  # type: ignore[attr-defined]

                other = threading.Thread(target=stubbed_call)
                with serving(server):
                    url = f"http://127.0.0.1:{server.server_address[1]}/slow"
                    recording = threading.Thread(
                        target=lambda: seen.update(
                            slow=requests.get(url, timeout=10).json()
                        )
                    )
                    recording.start()
                    # The recording's request is at its server, which waits
                    # for the stubbed call to be answered before it answers.
                    server.arrived.wait(timeout=5)  # type: ignore[attr-defined]
                    other.start()
                    other.join(timeout=10)
                    recording.join(timeout=10)

        with self.recording(ALLOWED_HOSTS=[]):
            result = run_case(Flow)
        self.assertEqual(problems(result), [])
        self.assertEqual(seen, {"stubbed": {"stubbed": True}, "slow": {"waited": True}})


class AllowedHostsFirstTest(RecordingCase):
    def test_an_allowed_host_passes_through_and_is_never_recorded(self):
        from tests.helpers import loopback_server

        class Flow(MockedAPISimpleTestCase):
            cassette = "allowed"

            def test_it(self) -> None:
                with loopback_server() as local:
                    port = local.server_address[1]
                    requests.get(f"http://127.0.0.1:{port}/local", timeout=5)
                [call] = self.api.calls
                assert call.passthrough

        with self.recording():  # 127.0.0.1 is allowed by default
            self.assertEqual(problems(run_case(Flow)), [])
        self.assertFalse((self.dir / "allowed.yaml").exists())


class LiveServerRecordingTest(RecordingCase):
    databases = {"default"}  # the live server test case flushes it after

    def run_live(self, **settings_: Any) -> tuple[list[str], dict[str, Any]]:
        seen: dict[str, Any] = {}

        class Live(MockedAPILiveServerTestCase):
            cassette = "live"

            def test_it(self) -> None:
                self.api.add("POST", "https://api.stripe.com/v1/tokens", json=TOKEN)
                response = requests.post(
                    f"{self.live_server_url}/payments/", json=CARD, timeout=10
                )
                seen["status"] = response.status_code
                seen["body"] = response.text
                seen["url"] = self.live_server_url

        with self.recording(**settings_):
            return problems(run_case(Live)), seen

    def test_the_live_server_is_reached_not_recorded_and_nothing_waits(self):
        for allowed in ({}, {"ALLOWED_HOSTS": []}):
            with self.subTest(allowed=allowed):
                found, seen = self.run_live(**allowed)
                self.assertEqual(found, [])
                self.assertEqual(seen["status"], 201, seen)
                self.assertEqual(json.loads(seen["body"])["last4"], "4242")
                self.assertFalse((self.dir / "live.yaml").exists())
                port = seen["url"].rsplit(":", 1)[1]
                self.assertNotIn(f":{port}", self.written())

"""Cassettes: record from a real server on 127.0.0.1, replay with it stopped.

Each scenario runs a MockedAPITestCase (defined in the test, run with
run_case) that drives requests, httpx and urllib3 against tests/api_server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import warnings
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import requests
import urllib3
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, override_settings

import apimock
from apimock import MockedAPISimpleTestCase, UnmatchedRequest
from apimock.exceptions import CassetteError
from tests.api_server import PNG, APIServer, api_server
from tests.clients import CLIENTS
from tests.helpers import problems, run_case

SECRET = "sk_live_recorded_secret_123"
QUERY_SECRET = "query-secret-77"
PASSWORD = "hunter2-secret"
COOKIE_SECRET = "cookie-secret-42"
ROOT = Path(__file__).resolve().parent.parent


def exercise(base: str) -> list[Any]:
    """The code under test: three clients, secrets in headers, query and body."""
    first = requests.get(
        f"{base}/items/1",
        params={"api_key": QUERY_SECRET},
        headers={"Authorization": f"Bearer {settings.AUTH_KEY}"},
        timeout=5,
    )
    second = httpx.post(
        f"{base}/items", json={"name": "widget", "password": PASSWORD}, timeout=5
    )
    logo = urllib3.request("GET", f"{base}/logo.png", timeout=5)
    return [
        (first.status_code, first.json(), first.headers.get("Set-Cookie")),
        (second.status_code, second.json(), second.headers.get("set-cookie")),
        (logo.status, logo.headers.get("Content-Type"), logo.data),
    ]


class CassetteCase(SimpleTestCase):
    """Helpers: a temporary CASSETTE_DIR and a way to run a test that uses it."""

    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.dir = Path(folder.name)
        environment = mock.patch.dict(os.environ)
        environment.start()
        self.addCleanup(environment.stop)
        os.environ.pop("APIMOCK_RECORD_MODE", None)

    def settings(self, mode: str, **more: Any) -> override_settings:
        return override_settings(
            AUTH_KEY=SECRET,
            # 127.0.0.1 is not allowed: only a recording may reach the server.
            APIMOCK={
                "CASSETTE_DIR": str(self.dir),
                "RECORD_MODE": mode,
                "ALLOWED_HOSTS": [],
                **more,
            },
        )

    def run_flow(self, mode: str, body, name: str = "flow", **more: Any) -> dict:
        """Run ``body(test)`` in a test with cassette ``name``; what it saw."""
        seen: dict[str, Any] = {}

        class Flow(MockedAPISimpleTestCase):
            cassette = name

            def test_it(self) -> None:
                seen["result"] = body(self)
                seen["calls"] = [
                    (c.client, c.request.method, c.request.url, c.response.status)
                    for c in self.api.calls
                ]

        with self.settings(mode, **more):
            result = run_case(Flow)
        seen["problems"] = problems(result)
        return seen

    def cassette_text(self, name: str = "flow") -> str:
        return (self.dir / f"{name}.yaml").read_text()

    def interactions(self, name: str = "flow") -> list[dict[str, Any]]:
        return yaml.safe_load(self.cassette_text(name))["interactions"]


class RecordThenReplayTest(CassetteCase):
    def test_replay_with_the_server_stopped_gives_the_same_answers_and_log(self):
        with api_server() as server:
            recorded = self.run_flow("once", lambda t: exercise(server.url))
            self.assertEqual(recorded["problems"], [])
            self.assertEqual(server.hits, 3)
            base = server.url
        replayed = self.run_flow("none", lambda t: exercise(base))

        self.assertEqual(replayed["problems"], [])
        self.assertEqual(replayed["result"], recorded["result"])
        self.assertEqual(replayed["calls"], recorded["calls"])
        self.assertEqual(replayed["result"][2], (200, "image/png", PNG))  # binary
        self.assertEqual(
            [call[0] for call in replayed["calls"]], ["requests", "httpx", "urllib3"]
        )

    def test_the_file_is_readable_yaml_with_structured_and_binary_bodies(self):
        with api_server() as server:
            self.run_flow("once", lambda t: exercise(server.url))
        get, post, logo = self.interactions()

        self.assertEqual(list(get), ["request", "response"])
        self.assertEqual(list(get["request"])[:3], ["method", "url", "headers"])
        self.assertEqual(list(post["request"]["json"]), ["name", "password"])
        self.assertRegex(post["request"]["json"]["password"], r"^<REDACTED_\d+>$")
        self.assertEqual(post["response"]["json"]["path"], "/items")
        self.assertEqual(logo["response"]["headers"]["Content-Type"], "image/png")
        self.assertIn("body_base64", logo["response"])
        self.assertTrue(self.cassette_text().startswith("# apimock cassette"))


class RedactionTest(CassetteCase):
    def test_no_secret_reaches_any_written_file(self):
        with api_server() as server:
            self.run_flow("once", lambda t: exercise(server.url))

        for path in self.dir.rglob("*"):
            if path.is_file():
                text = path.read_bytes().decode("utf-8", "replace")
                for secret in (SECRET, QUERY_SECRET, PASSWORD, COOKIE_SECRET):
                    with self.subTest(file=path.name, secret=secret):
                        self.assertEqual(text.count(secret), 0)
        text = self.cassette_text()
        self.assertIn("Bearer <AUTH_KEY>", text)  # request header and echoed body
        self.assertRegex(text, r"api_key=<REDACTED_\d+>")

    def test_the_code_sees_the_same_values_recorded_or_replayed(self):
        with api_server() as server:
            recorded = self.run_flow("once", lambda t: exercise(server.url))
            base = server.url
        replayed = self.run_flow("none", lambda t: exercise(base))

        for run in (recorded, replayed):
            (status, item, cookie), (_, created, _), _ = run["result"]
            self.assertEqual(status, 200)
            # A setting's value is restored from the settings...
            self.assertEqual(item["authorization"], f"Bearer {SECRET}")
            # ...anything else secret reads as its numbered placeholder, the
            # same in both runs (the code sees equal values as equal).
            self.assertRegex(cookie, r"^session=<REDACTED_\d+>; Path=/$")
            self.assertRegex(item["query"]["api_key"][0], r"^<REDACTED_\d+>$")
            self.assertRegex(created["sent"]["password"], r"^<REDACTED_\d+>$")
        self.assertEqual(recorded["result"], replayed["result"])

    def test_replay_restores_the_settings_as_they_are_now(self):
        with api_server() as server:
            self.run_flow("once", lambda t: exercise(server.url))
            base = server.url
        with override_settings(AUTH_KEY="sk_live_rotated_key_456"):
            seen: dict[str, Any] = {}

            class Flow(MockedAPISimpleTestCase):
                cassette = "flow"

                def test_it(self) -> None:
                    seen["result"] = exercise(base)

            with override_settings(
                APIMOCK={
                    "CASSETTE_DIR": str(self.dir),
                    "RECORD_MODE": "none",
                    "ALLOWED_HOSTS": [],
                }
            ):
                self.assertEqual(problems(run_case(Flow)), [])
        self.assertEqual(
            seen["result"][0][1]["authorization"], "Bearer sk_live_rotated_key_456"
        )

    def test_a_setting_that_warns_when_read_is_redacted_and_the_scan_warns_not(self):
        # Django 6.1 warns on every settings.EMAIL_* read (deprecated for
        # MAILERS). Defining one is the project's own warning; the scan that
        # looks at it for secrets must raise none.
        mail_password = "smtp-secret-9876"
        defined = override_settings(EMAIL_HOST_PASSWORD=mail_password)

        def quietly(step: Callable[[], None]) -> None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                step()

        quietly(defined.enable)
        self.addCleanup(quietly, defined.disable)  # it reads the setting back

        def send(base: str) -> Any:
            headers = {"Authorization": f"Bearer {mail_password}"}
            return requests.get(f"{base}/items/1", headers=headers, timeout=5).json()

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with api_server() as server:
                recorded = self.run_flow("once", lambda t: send(server.url))
                base = server.url
            replayed = self.run_flow("none", lambda t: send(base))

        self.assertEqual((recorded["problems"], replayed["problems"]), ([], []))
        self.assertNotIn(mail_password, self.cassette_text())
        self.assertIn("Bearer <EMAIL_HOST_PASSWORD>", self.cassette_text())
        self.assertEqual(replayed["result"]["authorization"], f"Bearer {mail_password}")


def get_counter(base: str, times: int) -> list[int]:
    return [
        requests.get(f"{base}/counter", timeout=5).json()["count"] for _ in range(times)
    ]


class ModesTest(CassetteCase):
    def record(self, mode: str, paths: list[str], server: APIServer) -> dict:
        return self.run_flow(
            mode,
            lambda t: [
                requests.get(server.url + p, timeout=5).status_code for p in paths
            ],
        )

    def test_none_without_a_cassette_names_it(self):
        seen = self.run_flow(
            "none", lambda t: requests.get("https://api.example.com/x", timeout=5)
        )
        [problem] = seen["problems"]
        self.assertIn("Cassette 'flow' does not exist", problem)
        self.assertIn("APIMOCK_RECORD_MODE=once", problem)

    def test_none_refuses_an_unrecorded_request_without_sending_it(self):
        with api_server() as server:
            self.record("once", ["/a"], server)
            seen = self.record("none", ["/a", "/b"], server)

            self.assertEqual(server.hits, 1)
        [problem] = seen["problems"]
        self.assertIn(f"GET {server.url}/b matched no stub", problem)
        self.assertIn("Cassette 'flow'", problem)
        self.assertIn("APIMOCK_RECORD_MODE=new_episodes", problem)
        self.assertIn("cassette", problem.split("Closest stubs:")[1])

    def test_once_records_only_when_the_file_is_missing(self):
        with api_server() as server:
            self.record("once", ["/a"], server)
            again = self.record("once", ["/a"], server)
            self.assertEqual((server.hits, again["problems"]), (1, []))
            new = self.record("once", ["/b"], server)
            self.assertEqual(server.hits, 1)
        self.assertIn("matched no stub", new["problems"][0])

    def test_new_episodes_replays_what_it_has_and_records_the_rest(self):
        with api_server() as server:
            self.record("once", ["/a"], server)
            seen = self.record("new_episodes", ["/a", "/b"], server)

            self.assertEqual((server.hits, seen["problems"]), (2, []))
        urls = [i["request"]["url"] for i in self.interactions()]
        self.assertEqual(urls, [f"{server.url}/a", f"{server.url}/b"])

    def test_all_never_replays_and_keeps_the_old_interactions(self):
        with api_server() as server:
            self.record("once", ["/a"], server)
            self.record("all", ["/a"], server)

            self.assertEqual(server.hits, 2)
        self.assertEqual(len(self.interactions()), 2)

    def test_rewrite_keeps_only_this_runs_interactions(self):
        with api_server() as server:
            self.record("once", ["/a", "/b"], server)
            self.record("rewrite", ["/c"], server)

            self.assertEqual(server.hits, 3)
        urls = [i["request"]["url"] for i in self.interactions()]
        self.assertEqual(urls, [f"{server.url}/c"])

    def test_the_environment_variable_wins_over_the_setting_and_the_test(self):
        os.environ["APIMOCK_RECORD_MODE"] = "none"
        with api_server() as server:
            seen: dict[str, Any] = {}

            class Forced(MockedAPISimpleTestCase):
                @apimock.cassette("forced", mode="all")
                def test_it(self) -> None:
                    with self.assertRaises(UnmatchedRequest) as caught:
                        requests.get(server.url + "/a", timeout=5)
                    seen["message"] = str(caught.exception)

            with self.settings("all"):
                run_case(Forced)
            self.assertEqual(server.hits, 0)
        self.assertIn("record mode is 'none'", seen["message"])

    def test_repeated_identical_requests_replay_in_recorded_order(self):
        with api_server() as server:
            recorded = self.run_flow("once", lambda t: get_counter(server.url, 3))
            base = server.url
        replayed = self.run_flow("none", lambda t: get_counter(base, 3))
        extra = self.run_flow("none", lambda t: get_counter(base, 4))

        self.assertEqual(recorded["result"], [1, 2, 3])
        self.assertEqual(replayed["result"], [1, 2, 3])
        self.assertIn("used up: times=1", extra["problems"][0])

    def test_match_on_body_picks_the_recording_with_the_same_body(self):
        def post(base: str, names: list[str]) -> list[str]:
            return [
                requests.post(f"{base}/items", json={"name": n}, timeout=5).json()[
                    "sent"
                ]["name"]
                for n in names
            ]

        match_on = {"CASSETTE_MATCH_ON": ["method", "url", "body"]}
        with api_server() as server:
            self.run_flow("once", lambda t: post(server.url, ["a", "b"]), **match_on)
            base = server.url
        replayed = self.run_flow("none", lambda t: post(base, ["b", "a"]), **match_on)
        by_order = self.run_flow("none", lambda t: post(base, ["b", "a"]))

        self.assertEqual(replayed["result"], ["b", "a"])
        self.assertEqual(by_order["result"], ["a", "b"])  # method + URL only

    def test_match_on_a_header(self):
        def get(base: str, version: str) -> int:
            response = requests.get(
                f"{base}/v", headers={"X-Version": version}, timeout=5
            )
            return response.json()["count"]

        with api_server() as server:
            self.run_flow(
                "once",
                lambda t: [get(server.url, "1"), get(server.url, "2")],
            )
            base = server.url
        seen = self.run_flow(
            "none",
            lambda t: [get(base, "2")],
            CASSETTE_MATCH_ON=["method", "url", "header:X-Version"],
        )
        self.assertEqual(seen["result"], [2])


class BadCassetteTest(CassetteCase):
    def test_a_corrupt_cassette_is_an_error_naming_file_and_line_never_rewritten(self):
        path = self.dir / "flow.yaml"
        broken = "version: 1\ninteractions:\n- request: {method: GET\n  url: x\n"
        path.write_text(broken)

        for mode in ("none", "once", "new_episodes", "all"):
            with self.subTest(mode=mode):
                seen = self.run_flow(mode, lambda t: None)
                [problem] = seen["problems"]
                self.assertIn("CassetteError", problem)
                self.assertIn(f"cassette {path}, line ", problem)
                self.assertEqual(path.read_text(), broken)

    def test_an_interrupted_write_leaves_the_old_cassette(self):
        with api_server() as server:
            self.record_one(server, "/a")
            before = self.cassette_text()
            with mock.patch(
                "apimock.cassettes.files.os.fsync",
                side_effect=OSError(28, "No space left on device"),
            ):
                seen = self.run_flow(
                    "all", lambda t: requests.get(server.url + "/b", timeout=5)
                )
        self.assertIn("No space left on device", seen["problems"][0])

        self.assertEqual(self.cassette_text(), before)
        self.assertEqual(
            sorted(p.name for p in self.dir.iterdir()), [".apimock-usage", "flow.yaml"]
        )

    def record_one(self, server: APIServer, path: str) -> None:
        self.run_flow("once", lambda t: requests.get(server.url + path, timeout=5))

    def test_unknown_record_mode(self):
        seen = self.run_flow("sometimes", lambda t: None)
        self.assertIn(
            "record mode 'sometimes' is not one of none, once", seen["problems"][0]
        )

    def test_a_file_that_is_not_a_cassette(self):
        (self.dir / "flow.yaml").write_text("- just\n- a list\n")
        with (
            self.settings("none"),
            self.assertRaisesMessage(
                CassetteError, "expected a mapping with an 'interactions' list"
            ),
        ):
            from apimock.cassettes.recorder import Cassette, CassetteOptions

            Cassette(CassetteOptions("flow"))


RECORDER = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "testproject.settings"
django.setup()
import requests
from django.test import override_settings
from apimock.cassettes.recorder import CassetteOptions
from apimock.testing.session import MockSession

folder, base, tag = sys.argv[1:4]
# 127.0.0.1 is left out of ALLOWED_HOSTS: an allowed host is never recorded.
with override_settings(APIMOCK={"CASSETTE_DIR": folder, "ALLOWED_HOSTS": []}):
    for n in range(10):
        session = MockSession(cassette=CassetteOptions("shared", mode="new_episodes"))
        session.start()
        try:
            requests.get(f"{base}/{tag}/{n}", timeout=5)
        finally:
            session.finish()
"""


class ConcurrentWritersTest(CassetteCase):
    def test_two_processes_recording_into_one_cassette_both_land(self):
        with api_server() as server:
            children = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        textwrap.dedent(RECORDER),
                        str(self.dir),
                        server.url,
                        tag,
                    ],
                    cwd=ROOT,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for tag in ("left", "right")
            ]
            errors = [child.communicate(timeout=120)[1] for child in children]
        self.assertEqual([c.returncode for c in children], [0, 0], errors)

        urls = sorted(i["request"]["url"] for i in self.interactions("shared"))
        self.assertEqual(
            urls,
            sorted(
                f"{server.url}/{tag}/{n}"
                for tag in ("left", "right")
                for n in range(10)
            ),
        )


class CassettesCommandTest(CassetteCase):
    def test_lists_what_the_last_run_never_replayed_and_never_used(self):
        def get(base: str, *paths: str) -> list[int]:
            return [requests.get(base + p, timeout=5).status_code for p in paths]

        with api_server() as server:
            self.run_flow("once", lambda t: get(server.url, "/a", "/b"), name="two")
            self.run_flow("once", lambda t: get(server.url, "/c"), name="unused")
            base = server.url
        (self.dir / "broken.yaml").write_text("interactions: [\n")
        os.environ["APIMOCK_RUN_ID"] = "20990101T000000-last"  # a later run
        self.run_flow("none", lambda t: get(base, "/a"), name="two")

        output = StringIO()
        with (
            self.settings("none"),
            self.assertRaisesMessage(CommandError, "1 cassette(s) cannot be read"),
        ):
            call_command("apimock", "cassettes", stdout=output)

        text = output.getvalue()
        self.assertIn("as used by the last test run (20990101T000000-last)", text)
        self.assertIn("two: 2 interaction(s), 1 never replayed:", text)
        self.assertRegex(text, rf"#2 GET {base}/b \(line \d+\)")
        self.assertIn("unused: 1 interaction(s), not used by any test", text)
        self.assertIn("broken: cassette", text)


class EveryClientTest(CassetteCase):
    def test_each_client_records_and_replays_through_the_same_layer(self):
        with api_server() as server:
            recorded = {
                name: self.run_flow(
                    "once",
                    lambda t, fetch=fetch: fetch("POST", server.url + "/x", {"n": 1}),
                    name=f"clients/{name}",
                )
                for name, (fetch, *_) in CLIENTS.items()
            }
            self.assertEqual(server.hits, len(CLIENTS))
            base = server.url
        for name, (fetch, logged_as, *_) in CLIENTS.items():
            with self.subTest(client=name):
                replayed = self.run_flow(
                    "none",
                    lambda t, fetch=fetch: fetch("POST", base + "/x", {"n": 1}),
                    name=f"clients/{name}",
                )
                self.assertEqual(recorded[name]["problems"], [])
                self.assertEqual(replayed["problems"], [])
                status, _, body = replayed["result"]
                self.assertEqual((status, body), recorded[name]["result"][::2])
                self.assertEqual(json.loads(body)["sent"], {"n": 1})
                self.assertEqual(replayed["calls"][0][0], logged_as)

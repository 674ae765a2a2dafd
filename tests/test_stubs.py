"""Stubs from settings, from files and per test: matching, precedence, placeholders."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import requests
from django.conf import settings
from django.test import override_settings

from apimock import MockedAPITestCase, UnmatchedRequest
from apimock.exceptions import ShadowedStubWarning, StubError, mark_reported

# Not the project's items API: its settings stubs would answer what these miss.
URL = "https://stubs.example.com/v1/things"


def stubs_setting(*stubs):
    return override_settings(APIMOCK={**settings.APIMOCK, "STUBS": list(stubs)})


class ResponseTest(MockedAPITestCase):
    def test_status_json_and_headers(self):
        self.api.add("GET", URL, status=202, json={"ok": True}, headers={"X-Id": "7"})

        response = requests.get(URL, timeout=1)

        self.assertEqual(response.status_code, 202)
        self.assertEqual(response.json(), {"ok": True})
        self.assertEqual(response.headers["X-Id"], "7")
        self.assertEqual(response.headers["Content-Type"], "application/json")

    def test_text_and_bytes_bodies(self):
        self.api.add("GET", URL, body="plain text")
        self.api.add(
            "GET", URL + "/raw", body=b"\x00\x01", headers={"Content-Type": "x/y"}
        )

        self.assertEqual(requests.get(URL, timeout=1).text, "plain text")
        raw = requests.get(URL + "/raw", timeout=1)
        self.assertEqual(
            (raw.content, raw.headers["Content-Type"]), (b"\x00\x01", "x/y")
        )

    def test_exception_instance_and_class_are_raised(self):
        self.api.add("GET", URL, body=requests.Timeout("too slow"))
        self.api.add("POST", URL, body=requests.ConnectionError)

        with self.assertRaisesMessage(requests.Timeout, "too slow"):
            requests.get(URL, timeout=1)
        with self.assertRaises(requests.ConnectionError):
            requests.post(URL, timeout=1)
        self.assertIsInstance(self.api.calls[0].error, requests.Timeout)

    def test_head_request_has_no_body(self):
        self.api.add("HEAD", URL, headers={"X-Count": "3"})

        response = requests.head(URL, timeout=1)

        self.assertEqual(
            (response.status_code, response.headers["X-Count"]), (200, "3")
        )


class MatchTest(MockedAPITestCase):
    def test_json_partial_match(self):
        self.api.add("POST", URL, json={"id": 1}, match={"json": {"amount": 10}})

        ok = requests.post(URL, json={"amount": 10, "currency": "eur"}, timeout=1)
        self.assertEqual(ok.json(), {"id": 1})
        with self.assertRaises(UnmatchedRequest):
            requests.post(URL, json={"amount": 11}, timeout=1)
        self.api.reset()

    def test_form_match_with_a_json_field(self):
        self.api.add(
            "POST",
            URL,
            match={"form": {"kind": "a", "params": {"auth": "k"}}},
            status=201,
        )

        data = {"kind": "a", "params": json.dumps({"auth": "k", "data": 1})}
        self.assertEqual(requests.post(URL, data=data, timeout=1).status_code, 201)
        with self.assertRaises(UnmatchedRequest):
            requests.post(URL, data={**data, "kind": "b"}, timeout=1)
        self.api.reset()

    def test_query_match_from_url_and_from_match(self):
        self.api.add("GET", URL + "?page=2", json=["url query"])
        self.api.add("GET", URL, match={"query": {"limit": 5}}, json=["match query"])

        self.assertEqual(
            requests.get(URL, params={"page": 2, "x": 1}, timeout=1).json(),
            ["url query"],
        )
        self.assertEqual(
            requests.get(URL, params={"limit": 5}, timeout=1).json(), ["match query"]
        )
        with self.assertRaises(UnmatchedRequest):
            requests.get(URL, params={"page": 3}, timeout=1)
        self.api.reset()

    def test_header_match_is_case_insensitive_on_names(self):
        self.api.add("GET", URL, match={"headers": {"x-api-key": "secret"}}, json=[])

        self.assertEqual(
            requests.get(URL, headers={"X-API-Key": "secret"}, timeout=1).json(), []
        )
        with self.assertRaises(UnmatchedRequest):
            requests.get(URL, headers={"X-API-Key": "other"}, timeout=1)
        self.api.reset()

    def test_host_is_case_insensitive_and_default_port_implied(self):
        self.api.add("GET", "https://STUBS.example.com:443/v1/things", json=[1])

        self.assertEqual(requests.get(URL, timeout=1).json(), [1])


class PrecedenceTest(MockedAPITestCase):
    def test_per_test_stub_wins_over_settings_stub(self):
        self.api.add("POST", settings.PUSH_API_URL, status=500)

        self.assertEqual(
            requests.post(settings.PUSH_API_URL, timeout=1).status_code, 500
        )

    def test_later_add_wins_over_earlier(self):
        self.api.add("GET", URL, json="first")
        self.api.add("GET", URL, json="second")

        # Said out loud: responses would have answered "first" (see
        # tests/test_responses_semantics.py).
        with self.assertWarns(ShadowedStubWarning):
            self.assertEqual(requests.get(URL, timeout=1).json(), "second")

    def test_more_specific_stub_wins(self):
        self.api.add("POST", URL, match={"json": {"a": 1}}, json="specific")
        self.api.add("POST", URL, json="general")

        self.assertEqual(
            requests.post(URL, json={"a": 1}, timeout=1).json(), "specific"
        )
        self.assertEqual(requests.post(URL, json={"a": 2}, timeout=1).json(), "general")

    @stubs_setting(
        {"method": "GET", "url": URL, "json": "declared first"},
        {"method": "GET", "url": URL, "json": "declared second"},
    )
    def test_first_declared_settings_stub_wins(self):
        self.assertEqual(requests.get(URL, timeout=1).json(), "declared first")

    def test_class_stubs_are_seen_by_every_test(self):
        self.assertEqual(
            requests.get(URL + "/class", timeout=1).json(), "from setUpClass"
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api.add("GET", URL + "/class", json="from setUpClass")


class SettingsPlaceholderTest(MockedAPITestCase):
    @stubs_setting(
        {
            "method": "GET",
            "url": "{settings.PUSH_API_URL}/{{id}}",
            "json": "{settings.AUTH_KEY}",
        }
    )
    def test_placeholders_and_escaped_braces(self):
        response = requests.get(settings.PUSH_API_URL + "/{id}", timeout=1)

        self.assertEqual(response.json(), settings.AUTH_KEY)

    @stubs_setting(
        {
            "method": "GET",
            "url": "{settings.PUSH_API_URL}",
            "json": {"n": "{settings.LIMIT}"},
        }
    )
    @override_settings(LIMIT=25)
    def test_a_lone_placeholder_keeps_its_type(self):
        self.assertEqual(
            requests.get(settings.PUSH_API_URL, timeout=1).json(), {"n": 25}
        )

    def test_settings_changed_inside_a_test_are_seen(self):
        with self.settings(PUSH_API_URL="https://push.other.example/v2"):
            response = requests.post("https://push.other.example/v2", timeout=1)
        self.assertEqual(response.status_code, 201)

    @stubs_setting({"method": "GET", "url": "{settings.NOPE_URL}"})
    def test_a_missing_setting_is_a_clear_error(self):
        with self.assertRaisesMessage(
            StubError, "there is no setting NOPE_URL"
        ) as caught:
            requests.get(URL, timeout=1)
        mark_reported(caught.exception)  # seen here: not a swallowed one


class StubFileTest(MockedAPITestCase):
    def write(self, name: str, text: str) -> str:
        directory = Path(tempfile.mkdtemp())
        self.addCleanup(
            lambda: [p.unlink() for p in directory.iterdir()] and directory.rmdir()
        )
        path = directory / name
        path.write_text(text)
        return str(path)

    def test_yaml_file(self):
        path = self.write(
            "s.yaml",
            "stubs:\n"
            "  - method: GET\n"
            "    url: '{settings.PUSH_API_URL}'\n"
            "    json: {from: yaml}\n",
        )
        with stubs_setting(path):
            self.assertEqual(
                requests.get(settings.PUSH_API_URL, timeout=1).json(), {"from": "yaml"}
            )

    def test_json_file(self):
        path = self.write(
            "s.json", json.dumps([{"method": "GET", "url": URL, "status": 204}])
        )
        with stubs_setting(path):
            self.assertEqual(requests.get(URL, timeout=1).status_code, 204)

    def test_relative_paths_start_at_base_dir(self):
        self.assertEqual(
            requests.post("https://api.stripe.com/v1/tokens", timeout=1).json()[
                "object"
            ],
            "token",
        )


class AddValidationTest(MockedAPITestCase):
    def test_bad_add_is_a_clear_error(self):
        with self.assertRaisesMessage(StubError, "unknown method 'FETCH'"):
            self.api.add("FETCH", URL)
        with self.assertRaisesMessage(StubError, "'url' must be an absolute URL"):
            self.api.add("GET", "/v1/items")
        with self.assertRaisesMessage(StubError, "unknown key 'jsn' in 'match'"):
            self.api.add("GET", URL, match={"jsn": {}})
        with self.assertRaisesMessage(StubError, "not 'json' and 'body'"):
            self.api.add("GET", URL, json={}, body="x")

"""System checks: every malformed part of APIMOCK is an apimock.E0xx naming it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core import checks
from django.test import SimpleTestCase, override_settings

ROOT = Path(__file__).resolve().parent.parent
URL = "https://api.example.com/v1/items"


def errors(apimock_setting) -> list[tuple[str, str]]:
    with override_settings(APIMOCK=apimock_setting):
        return [(e.id, e.msg) for e in checks.run_checks(tags=["apimock"])]


class CheckTest(SimpleTestCase):
    def assertError(self, apimock_setting, error_id, *fragments):
        found = errors(apimock_setting)
        messages = [msg for id_, msg in found if id_ == error_id]
        self.assertTrue(messages, f"no {error_id} in {found}")
        for fragment in fragments:
            self.assertTrue(
                any(fragment in msg for msg in messages),
                f"{fragment!r} not in {messages}",
            )

    def test_the_project_settings_are_clean(self):
        self.assertEqual(errors(settings.APIMOCK), [])

    def test_not_a_dict(self):
        self.assertError(["x"], "apimock.E001", "APIMOCK must be a dict, got list")

    def test_unknown_key_with_did_you_mean(self):
        found = errors({"STUB": []})
        self.assertEqual(found[0][0], "apimock.E002")
        with override_settings(APIMOCK={"STUB": []}):
            [error] = checks.run_checks(tags=["apimock"])
        self.assertEqual(error.hint, "did you mean 'STUBS'?")

    def test_wrong_types(self):
        self.assertError(
            {"STUBS": {"a": 1}}, "apimock.E003", 'APIMOCK["STUBS"] must be'
        )
        self.assertError({"CLIENTS": []}, "apimock.E003", 'APIMOCK["CLIENTS"] must be')
        self.assertError(
            {"ALLOWED_HOSTS": "localhost"}, "apimock.E003", "ALLOWED_HOSTS"
        )
        self.assertError({"ACTIVE_IN_DEV": "yes"}, "apimock.E003", "ACTIVE_IN_DEV")
        for key in ("ASSERT_ALL_USED", "PYTEST_GUARD_ALL"):
            self.assertError(
                {key: "yes"}, "apimock.E003", f'APIMOCK["{key}"] must be True or False'
            )

    def test_cassette_settings(self):
        self.assertError({"RECORD_MODE": "sometimes"}, "apimock.E019", "'sometimes'")
        self.assertError({"REDACT_HEADERS": "Authorization"}, "apimock.E003")
        self.assertError({"CASSETTE_DIR": 3}, "apimock.E003", "a folder path")
        self.assertError(
            {"CASSETTE_MATCH_ON": ["method", "uri"]}, "apimock.E020", "'uri'"
        )
        with mock.patch.dict(os.environ, {"APIMOCK_RECORD_MODE": "recrod"}):
            self.assertError(
                {}, "apimock.E019", "The APIMOCK_RECORD_MODE environment variable"
            )

    def test_allowed_hosts_entries(self):
        for bad in (3, "", "http://localhost", "local host", "10.0.0.0/33", "a:99999"):
            with self.subTest(entry=bad):
                self.assertError({"ALLOWED_HOSTS": [bad]}, "apimock.E014", repr(bad))
        # (10.0.0.0/8 would be apimock.W002: a range that wide is warned about.)
        good = ["localhost", "127.0.0.1", "::1", "[::1]:8000", "10.1.0.0/16", "db:5432"]
        self.assertEqual(errors({"ALLOWED_HOSTS": good}), [])

    def test_stub_not_a_dict(self):
        self.assertError({"STUBS": [42]}, "apimock.E004", 'APIMOCK["STUBS"][0]')

    def test_missing_stub_file(self):
        self.assertError(
            {"STUBS": ["stubs/missing.yaml"]},
            "apimock.E005",
            "'stubs/missing.yaml' does not exist",
        )

    def test_unparsable_stub_files_name_the_line(self):
        with tempfile.TemporaryDirectory() as directory:
            bad_yaml = Path(directory, "bad.yaml")
            bad_yaml.write_text("- method: GET\n  url: [unclosed\n")
            bad_json = Path(directory, "bad.json")
            bad_json.write_text('[\n  {"method": "GET",}\n]')
            self.assertError(
                {"STUBS": [str(bad_yaml)]}, "apimock.E006", "not valid YAML: line 3"
            )
            self.assertError(
                {"STUBS": [str(bad_json)]}, "apimock.E006", "not valid JSON: line 2"
            )

    def test_stub_in_a_file_is_named_by_file_index_and_line(self):
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory, "s.yaml")
            path.write_text(
                f"- method: GET\n  url: {URL}\n- method: GTE\n  url: {URL}\n"
            )
            self.assertError(
                {"STUBS": [str(path)]},
                "apimock.E008",
                f"{path}:3, stubs[1]: unknown method 'GTE'",
            )

    def test_missing_url_and_method(self):
        self.assertError(
            {"STUBS": [{"status": 200}]}, "apimock.E007", "missing required key 'url'"
        )
        self.assertError(
            {"STUBS": [{"url": URL}]}, "apimock.E007", "missing required key 'method'"
        )

    def test_unknown_method(self):
        self.assertError(
            {"STUBS": [{"method": "FETCH", "url": URL}]},
            "apimock.E008",
            "APIMOCK[\"STUBS\"][0]: unknown method 'FETCH' in key 'method'",
        )

    def test_unknown_stub_key_with_did_you_mean(self):
        with override_settings(
            APIMOCK={"STUBS": [{"method": "GET", "url": URL, "jsno": {}}]}
        ):
            [error] = checks.run_checks(tags=["apimock"])
        self.assertEqual(
            (error.id, error.hint), ("apimock.E009", "did you mean 'json'?")
        )
        self.assertIn("unknown key 'jsno'", error.msg)

    def test_wrong_stub_values(self):
        stub = {"method": "GET", "url": URL}
        self.assertError(
            {"STUBS": [{**stub, "status": 999}]}, "apimock.E010", "'status'"
        )
        self.assertError(
            {"STUBS": [{**stub, "headers": {"a": 1}}]}, "apimock.E010", "'headers'"
        )
        self.assertError(
            {"STUBS": [{**stub, "url": "/relative"}]}, "apimock.E010", "absolute URL"
        )
        self.assertError(
            {"STUBS": [{**stub, "match": {"form": 3}}]}, "apimock.E010", "match.form"
        )

    def test_urls_that_can_never_match(self):
        rates = "https://rates.example.net/v1/latest"
        for url, fragment, hint in (
            (
                "htps://rates.example.net/v1/latest",
                "key 'url': scheme 'htps' is not one a stub answers; it must be "
                "http or https (ws or wss with method WEBSOCKET, grpc with method "
                "GRPC)",
                f"did you mean {rates!r}?",
            ),
            (
                "https:///v1/latest",
                "key 'url' has no host after https://, got 'https:///v1/latest'.",
                'Write the host, e.g. "https://api.example.com/v1/latest".',
            ),
            (
                "https://rates example.net/v1/latest",
                "key 'url': the host 'rates example.net' has a space in it",
                f"did you mean {rates!r}?",
            ),
            (
                "{settings.RATES_API_URL/latest",
                "key 'url' has an unclosed brace: {settings.RATES_API_URL in "
                "'{settings.RATES_API_URL/latest' has no closing }.",
                "did you mean '{settings.RATES_API_URL}/latest'?",
            ),
            (
                "wss://rates.example.net/v1/latest",
                "key 'url': scheme 'wss' is not one a stub answers",
                'A wss:// URL is for "method": "WEBSOCKET".',
            ),
        ):
            with self.subTest(url), override_settings(RATES_API_URL=rates):
                stub = {"method": "GET", "url": url}
                with override_settings(APIMOCK={"STUBS": [stub]}):
                    [error] = [
                        e
                        for e in checks.run_checks(tags=["apimock"])
                        if e.level >= checks.ERROR
                    ]
                self.assertEqual((error.id, error.hint), ("apimock.E010", hint))
                self.assertIn(f'APIMOCK["STUBS"][0]: {fragment}', error.msg)

    def test_a_setting_that_resolves_to_a_bad_url_is_named_as_resolved(self):
        with override_settings(RATES_API_URL="htps://rates.example.net/v1"):
            self.assertError(
                {"STUBS": [{"method": "GET", "url": "{settings.RATES_API_URL}/x"}]},
                "apimock.E010",
                "got '{settings.RATES_API_URL}/x' (resolved: "
                "'htps://rates.example.net/v1/x')",
            )

    def test_unknown_setting_placeholder(self):
        self.assertError(
            {"STUBS": [{"method": "GET", "url": "{settings.MISSING_URL}"}]},
            "apimock.E011",
            "key 'url' uses {settings.MISSING_URL} but there is no setting MISSING_URL",
        )
        self.assertError(
            {"STUBS": [{"method": "GET", "url": URL, "body": "{setting.API_URL}"}]},
            "apimock.E011",
            "{setting.API_URL} in '{setting.API_URL}' is not a placeholder: did you "
            "mean {settings.API_URL}?",
        )

    def test_clients_that_do_not_exist(self):
        self.assertError(
            {"CLIENTS": {"stripe.Tokn": "apimock.AUTOSPEC"}},
            "apimock.E012",
            "'stripe.Tokn' does not exist",
        )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


class ManagePyTest(SimpleTestCase):
    """What a user sees from the command line."""

    def test_check_lists_every_error(self):
        result = manage("check", "--settings=tests.broken_settings")

        self.assertNotEqual(result.returncode, 0)
        self.assertIn(
            "(apimock.E002) APIMOCK has an unknown key 'ALLOWED_HOST'", result.stderr
        )
        self.assertIn("did you mean 'ALLOWED_HOSTS'?", result.stderr)
        self.assertIn(
            "(apimock.E007) APIMOCK[\"STUBS\"][0]: missing required key 'url'",
            result.stderr,
        )
        self.assertIn("(apimock.E005)", result.stderr)

    def test_test_run_stops_before_any_test(self):
        result = manage(
            "test", "testproject.integrations", "--settings=tests.broken_settings"
        )

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SystemCheckError", result.stderr)
        self.assertNotIn("Ran ", result.stderr)

    def test_dev_mode_with_debug_off_is_refused(self):
        result = manage("check", DJANGO_DEBUG="0")

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("(apimock.E013)", result.stderr)

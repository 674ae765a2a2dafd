"""Settings that crashed ``manage.py check`` (or passed it and then broke the
first request) are reported as apimock.E0xx naming the stub and the key."""

from __future__ import annotations

import tempfile
from pathlib import Path

import requests
from django.core import checks
from django.test import SimpleTestCase, override_settings

import apimock
from apimock.exceptions import StubError

URL = "https://api.example.com/v1/items"


def reported(setting: object) -> list[tuple[str, str]]:
    with override_settings(APIMOCK=setting):
        return [(e.id, e.msg) for e in checks.run_checks(tags=["apimock"])]


class BadSettingTest(SimpleTestCase):
    def assertReported(self, setting, error_id, *fragments):
        found = reported(setting)
        messages = [msg for id_, msg in found if id_ == error_id]
        self.assertTrue(messages, f"no {error_id} in {found}")
        for fragment in fragments:
            self.assertTrue(
                any(fragment in m for m in messages), f"{fragment!r} not in {messages}"
            )

    def stub(self, **more):
        return {"STUBS": [{"method": "GET", "url": URL, **more}]}

    def test_headers_regex_that_is_not_a_dict(self):
        for value in ("^x$", 5, ["^x$"]):
            with self.subTest(value=value):
                self.assertReported(
                    self.stub(match={"headers_regex": value}),
                    "apimock.E010",
                    'APIMOCK["STUBS"][0]',
                    "'match.headers_regex' must be a dict of strings",
                )

    def test_regexes_re_cannot_compile(self):
        for pattern, reason in (
            ("a{99999999999}", "a repeat count is too large"),
            ("(" * 1200 + ")" * 1200, "too many nested groups"),
            ("(unclosed", "missing )"),
        ):
            with self.subTest(reason=reason):
                self.assertReported(
                    self.stub(match={"headers_regex": {"X-Id": pattern}}),
                    "apimock.E015",
                    "'match.headers_regex.X-Id' is not a valid regex",
                )
                self.assertReported(
                    {
                        "STUBS": [
                            {
                                "method": "GET",
                                "url_regex": pattern.replace("{", "{{").replace(
                                    "}", "}}"
                                ),
                            }
                        ]
                    },
                    "apimock.E015",
                    "'url_regex' is not a valid regex",
                )

    def test_stub_file_paths_the_filesystem_refuses(self):
        for path in ("stubs\x00.yaml", "stubs\ud800.yaml", "/dev/null", "tests"):
            with self.subTest(path=path):
                self.assertReported({"STUBS": [path]}, "apimock.E005", "stub file")

    def test_contracts_that_are_not_paths(self):
        for contracts in (
            {URL: 5},
            {URL: ["a.yaml"]},
            {5: "a.yaml"},
            {URL: "a\x00.yaml"},
        ):
            with self.subTest(contracts=contracts):
                self.assertReported(
                    {"CONTRACTS": contracts}, "apimock.E021", "CONTRACTS"
                )

    def test_contract_documents_no_reader_can_use(self):
        # Each is read here (CACHE_DIR off): a parser's RecursionError or a
        # decoding error must be the check's error naming the file.
        with tempfile.TemporaryDirectory() as folder:
            for name, content, fragment in (
                ("deep.yaml", "a: " + "[" * 5000 + "]" * 5000, "maximum nesting depth"),
                ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deep"),
                ("latin.yaml", "openapi: 3.0.0\ntitle: caf\xe9\n".encode("latin-1"),
                 "not valid YAML/JSON"),
                ("folder.yaml", None, "not a file"),
            ):  # fmt: skip
                with self.subTest(name):
                    path = Path(folder) / name
                    if content is None:
                        path.mkdir()
                    elif isinstance(content, bytes):
                        path.write_bytes(content)
                    else:
                        path.write_text(content, encoding="utf-8")
                    self.assertReported(
                        {"CONTRACTS": {URL: str(path)}, "CACHE_DIR": None},
                        "apimock.E021",
                        name,
                        fragment,
                    )

    def test_json_nested_deeper_than_apimock_reads(self):
        deep: object = "x"
        for _ in range(500):
            deep = {"a": deep}
        self.assertReported(
            self.stub(json=deep),
            "apimock.E010",
            "key 'json' is nested deeper than 100 levels",
        )

    def test_urls_that_passed_the_check_and_broke_every_request(self):
        for url, fragment in (
            ("https://[::1/", "is not a valid URL: Invalid IPv6 URL"),
            ("https://a.com/{id}/{id}", "a parameter name is used twice"),
            ("https://a.com/x?q={id}", "may only stand in the path"),
        ):
            with self.subTest(url=url):
                self.assertReported(
                    {"STUBS": [{"method": "GET", "url": url}]},
                    "apimock.E010",
                    "APIMOCK[\"STUBS\"][0]: key 'url': ",
                    fragment,
                )

    def test_a_setting_placeholder_that_cannot_be_sent_is_e032(self):
        self.assertReported(
            self.stub(json={"where": "{settings.BASE_DIR}"}),
            "apimock.E032",
            "key 'json' cannot be sent as JSON",
            "PosixPath",
        )
        self.assertReported(
            self.stub(headers={"X-Db": "{settings.DATABASES}"}),
            "apimock.E032",
            "header 'X-Db' is {'default'",
        )

    def test_a_number_from_a_setting_in_a_header_is_written_out(self):
        url = "https://pages.example.com/v1/things"
        with override_settings(PAGE_SIZE=50), apimock.mocked() as api:
            api.add("GET", url, headers={"X-Page-Size": "{settings.PAGE_SIZE}"})
            response = requests.get(url, timeout=5)
        self.assertEqual(response.headers["X-Page-Size"], "50")

    def test_redaction_lists_hold_names(self):
        for key in ("REDACT_SETTINGS", "REDACT_HEADERS", "REDACT_FIELDS"):
            with self.subTest(key=key):
                self.assertReported(
                    {key: ["ok", 5, ""]},
                    "apimock.E003",
                    f'APIMOCK["{key}"][1] must be a non-empty string, got 5.',
                    f'APIMOCK["{key}"][2] must be a non-empty string',
                )

    def test_huge_and_odd_values_are_shown_short(self):
        found = reported(self.stub(status="x" * 100_000))
        [message] = [msg for id_, msg in found if id_ == "apimock.E010"]
        self.assertLess(len(message), 300)

    def test_api_add_reports_the_same_problems_as_a_stub_error(self):
        with (
            apimock.mocked() as api,
            self.assertRaisesMessage(StubError, "a parameter name is used twice"),
        ):
            api.add("GET", "https://a.com/{id}/{id}")


class StubFileRobustnessTest(SimpleTestCase):
    def check_file(self, text: str, suffix: str = ".yaml") -> list[tuple[str, str]]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"stubs{suffix}"
            path.write_text(text, encoding="utf-8")
            return reported({"STUBS": [str(path)]})

    def test_deep_duplicate_and_exploding_documents_are_e006(self):
        bomb = (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n"
                for p, n in zip("abcde", "bcdef", strict=True)
            )
            + "stubs: [*f]\n"
        )
        for text, fragment in (
            ("stubs: " + "[" * 3000 + "]" * 3000, "nested deeper than 100 levels"),
            ("- method: GET\n  method: POST\n  url: " + URL, "'method' is given twice"),
            (bomb, "more than 1,000,000 values"),
        ):
            with self.subTest(fragment):
                found = self.check_file(text)
                self.assertIn("apimock.E006", [id_ for id_, _ in found], found)
                self.assertTrue(any(fragment in msg for _, msg in found), found)

    def test_deep_json_file_is_e006(self):
        found = self.check_file("[" * 5000 + "]" * 5000, suffix=".json")
        self.assertEqual([id_ for id_, _ in found], ["apimock.E006"])

"""``manage.py apimock import`` (OpenAPI, HAR, cassettes) and ``export har``:
stub files that pass the check and answer the same requests, an export that
imports back, and every bad file a CommandError naming it and the entry."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import requests
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, override_settings
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from apimock import MockedAPISimpleTestCase, mocked
from apimock.checks import check_apimock_setting
from tests.helpers import problems, run_case
from tests.pytest_runs import run_pytest
from tests.test_fakes import DOCUMENT, FAKED, LAMP, SHOP

ROOT = Path(__file__).resolve().parent.parent
PAYMENTS = ROOT / "testproject" / "contracts" / "payments.yaml"


def command(*args: str) -> str:
    out = StringIO()
    call_command("apimock", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


class _Folder(SimpleTestCase):
    def setUp(self) -> None:
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def stubs(self, path: Path) -> list[dict[str, Any]]:
        return list(yaml.safe_load(path.read_text())["stubs"])

    def assertChecked(self, stub_file: Path, **apimock: Any) -> None:
        with override_settings(APIMOCK={"STUBS": [str(stub_file)], **apimock}):
            self.assertEqual([e.msg for e in check_apimock_setting()], [])


class ImportOpenAPITest(_Folder):
    def test_a_stub_per_operation_that_conforms_and_answers(self):
        output = self.folder / "shop.yaml"

        said = command(
            "import", "openapi", str(DOCUMENT), "--base-url", SHOP, "-o", str(output)
        )

        stubs = self.stubs(output)
        self.assertIn(f"Wrote {len(stubs)} stub(s) to {output}", said)
        self.assertEqual(len(stubs), 23)  # every operation of the document
        self.assertIn(
            {
                "name": "createItem",
                "method": "POST",
                "url": f"{SHOP}/items",
                "status": 201,
            },
            [{k: s[k] for k in ("name", "method", "url", "status")} for s in stubs],
        )
        contract = {"CONTRACTS": {SHOP: str(DOCUMENT)}}
        self.assertChecked(output, **contract)  # each body conforms to its schema
        with override_settings(APIMOCK={"STUBS": [str(output)], **contract}), mocked():
            self.assertEqual(requests.get(f"{SHOP}/stats").json(), {"items": 12})
            shipped = requests.post(
                f"{SHOP}/orders/{'a' * 8}-aaaa-4aaa-8aaa-{'a' * 12}/ship"
            )
            self.assertEqual(shipped.status_code, 202)
            self.assertEqual(requests.delete(f"{SHOP}/items/3").status_code, 204)

    def test_the_servers_url_and_a_file_url(self):
        output = self.folder / "payments.yaml"

        command("import", "openapi", PAYMENTS.as_uri(), "-o", str(output))

        self.assertEqual(
            self.stubs(output)[0]["url"], "https://pay.example.com/v1/customers"
        )
        self.assertChecked(
            output, CONTRACTS={settings.PAYMENTS_API_BASE: str(PAYMENTS)}
        )

    def test_a_generated_id_is_in_the_apis_style(self):
        output = self.folder / "payments.yaml"

        command("import", "openapi", str(PAYMENTS), "-o", str(output))

        ids = {
            s["name"]: s["json"].get("id") for s in self.stubs(output) if "json" in s
        }
        # The document's examples show pm_1Q0PsIJvEtkwdCNY; its schema, no id.
        attached, read = ids["attachPaymentMethod"], ids["getPaymentMethod"]
        self.assertRegex(attached, r"^pm_[A-Za-z0-9]{16}$")
        self.assertEqual(read, attached)  # a read answers the created one
        self.assertEqual(ids["createCustomer"], ids["getCustomer"])

    def test_the_same_seed_writes_the_same_file(self):
        one, two, other = (self.folder / f"{n}.yaml" for n in ("one", "two", "other"))
        for path, seed in ((one, "3"), (two, "3"), (other, "4")):
            command("import", "openapi", str(PAYMENTS), "--seed", seed, "-o", str(path))

        self.assertEqual(one.read_text(), two.read_text())
        self.assertNotEqual(one.read_text(), other.read_text())

    def test_a_large_body_goes_to_a_file_beside_it(self):
        document = self.folder / "big.yaml"
        document.write_text(
            yaml.safe_dump(
                {
                    "openapi": "3.0.3",
                    "info": {"title": "big", "version": "1"},
                    "servers": [{"url": "https://big.test"}],
                    "paths": {
                        "/report": {
                            "get": {
                                "operationId": "report",
                                "responses": {
                                    "200": {
                                        "description": "A report.",
                                        "content": {
                                            "application/json": {
                                                "example": {"rows": ["x" * 100] * 50}
                                            }
                                        },
                                    }
                                },
                            }
                        }
                    },
                }
            )
        )
        output = self.folder / "big.stubs.yaml"

        command("import", "openapi", str(document), "-o", str(output))

        [stub] = self.stubs(output)
        self.assertEqual(stub["body_file"], "big.stubs_bodies/report.json")
        self.assertEqual(stub["content_type"], "application/json")
        self.assertChecked(output)
        with override_settings(APIMOCK={"STUBS": [str(output)]}), mocked():
            self.assertEqual(
                len(requests.get("https://big.test/report").json()["rows"]), 50
            )

    def test_files_that_are_not_openapi(self):
        not_yaml = self.folder / "a.yaml"
        not_yaml.write_text("paths: [unclosed\n")
        not_openapi = self.folder / "b.yaml"
        not_openapi.write_text("swagger: '2.0'\npaths: {}\n")
        invalid = self.folder / "c.yaml"
        invalid.write_text("openapi: 3.0.3\npaths: {/x: {get: {}}}\n")
        no_server = self.folder / "d.yaml"
        no_server.write_text(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        )
        cases = {
            not_yaml: f"contract {not_yaml} is not valid YAML/JSON",
            not_openapi: f"contract {not_openapi} is not an OpenAPI 3.0 or 3.1",
            invalid: f"{invalid} is not valid OpenAPI 3.0",
            no_server: f"{no_server} names no absolute server URL",
            self.folder / "none.yaml": "cannot read contract",
        }
        for path, message in cases.items():
            with (
                self.subTest(path.name),
                self.assertRaisesMessage(CommandError, message),
            ):
                command(
                    "import", "openapi", str(path), "-o", str(self.folder / "out.yaml")
                )

    def test_nothing_is_fetched_or_overwritten(self):
        with self.assertRaisesMessage(
            CommandError, "only a file (or a file:// URL) is imported"
        ):
            command("import", "openapi", "https://example.com/openapi.yaml")
        output = self.folder / "kept.yaml"
        output.write_text("mine")
        with self.assertRaisesMessage(CommandError, f"{output} exists; pass --force"):
            command("import", "openapi", str(PAYMENTS), "-o", str(output))
        self.assertEqual(output.read_text(), "mine")


def har_of(*entries: dict[str, Any]) -> dict[str, Any]:
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "t", "version": "1"},
            "entries": list(entries),
        }
    }


def entry(
    method: str = "GET",
    url: str = "https://api.test/v1/things",
    *,
    status: int = 200,
    text: str = '{"ok": true}',
    mime: str = "application/json",
    sent: dict[str, Any] | None = None,
    headers: list[dict[str, str]] | None = None,
    **content: Any,
) -> dict[str, Any]:
    request: dict[str, Any] = {"method": method, "url": url, "headers": headers or []}
    if sent is not None:
        request["postData"] = sent
    return {
        "request": request,
        "response": {
            "status": status,
            "headers": [{"name": "Content-Type", "value": mime}],
            "content": {"mimeType": mime, "text": text, **content},
        },
    }


@override_settings(AUTH_KEY="sk_live_secret_value")
class ImportHarTest(_Folder):
    def imported(self, *entries: dict[str, Any]) -> Path:
        source = self.folder / "calls.har"
        source.write_text(json.dumps(har_of(*entries)))
        output = self.folder / "calls.yaml"
        command("import", "har", str(source), "-o", str(output), "--force")
        return output

    def test_each_exchange_answers_the_same_request(self):
        png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(40))).decode()
        output = self.imported(
            entry(),
            entry(
                url="https://api.test/v1/readme", text="hello {name}", mime="text/plain"
            ),
            entry(
                url="https://api.test/v1/logo",
                text=png,
                mime="image/png",
                encoding="base64",
            ),
            entry("DELETE", "https://api.test/v1/things/1", status=204, text=""),
            entry(url="https://api.test/v1/never", status=0),  # blocked: no answer
        )

        self.assertEqual(len(self.stubs(output)), 4)
        self.assertChecked(output)
        with override_settings(APIMOCK={"STUBS": [str(output)]}), mocked():
            self.assertEqual(
                requests.get("https://api.test/v1/things").json(), {"ok": True}
            )
            self.assertEqual(
                requests.get("https://api.test/v1/readme").text, "hello {name}"
            )
            logo = requests.get("https://api.test/v1/logo")
            self.assertEqual(logo.content, base64.b64decode(png))
            self.assertEqual(logo.headers["Content-Type"], "image/png")
            self.assertEqual(
                requests.delete("https://api.test/v1/things/1").status_code, 204
            )

    def test_a_request_made_twice_answers_in_order_and_bodies_tell_requests_apart(self):
        output = self.imported(
            entry(text='{"n": 1}'),
            entry(text='{"n": 2}'),
            entry(
                "POST",
                sent={"mimeType": "application/json", "text": '{"a": 1}'},
                text='{"for": 1}',
            ),
            entry(
                "POST",
                sent={"mimeType": "application/json", "text": '{"a": 2}'},
                text='{"for": 2}',
            ),
        )

        self.assertChecked(output)
        with override_settings(APIMOCK={"STUBS": [str(output)]}), mocked():
            url = "https://api.test/v1/things"
            self.assertEqual(
                [requests.get(url).json()["n"] for _ in range(3)], [1, 2, 2]
            )
            self.assertEqual(requests.post(url, json={"a": 2}).json(), {"for": 2})
            self.assertEqual(requests.post(url, json={"a": 1}).json(), {"for": 1})

    def test_secrets_are_redacted_and_settings_come_back_as_placeholders(self):
        output = self.imported(
            entry(
                url="https://api.test/v1/things?api_key=abc123&page=2",
                headers=[
                    {"name": "Authorization", "value": "Bearer sk_live_secret_value"}
                ],
                text=json.dumps({"key": "sk_live_secret_value", "password": "hunter2"}),
            )
        )

        text = output.read_text()
        self.assertNotIn("sk_live_secret_value", text)
        self.assertNotIn("hunter2", text)
        self.assertNotIn("abc123", text)
        [stub] = self.stubs(output)
        self.assertEqual(stub["url"], "https://api.test/v1/things?page=2")
        self.assertEqual(
            stub["json"], {"key": "{settings.AUTH_KEY}", "password": "<REDACTED>"}
        )
        with override_settings(APIMOCK={"STUBS": [str(output)]}), mocked():
            answer = requests.get(
                "https://api.test/v1/things", params={"api_key": "x", "page": 2}
            )
            self.assertEqual(answer.json()["key"], "sk_live_secret_value")

    def test_a_large_body_goes_to_a_file(self):
        output = self.imported(entry(text=json.dumps({"rows": ["x" * 100] * 40})))

        [stub] = self.stubs(output)
        self.assertEqual(stub["body_file"], "calls_bodies/1.json")
        self.assertTrue((self.folder / "calls_bodies" / "1.json").exists())
        self.assertChecked(output)

    def test_bad_files_name_the_file_and_the_entry(self):
        source = self.folder / "bad.har"
        one = json.dumps(entry(text="x")).replace('"text": "x"', '"text": "\\ud800"')
        lone_surrogate = '{"log": {"entries": [' + one + "]}}"
        cases = {
            "not json": "is not a HAR file: it is not valid JSON",
            json.dumps({"log": {}}): "is not a HAR file: it has no log.entries list",
            json.dumps(har_of(entry(), "x")): "entry 2 is not an object",
            json.dumps(
                har_of({"request": {"url": "https://x"}, "response": {}})
            ): "entry 1: the request needs a 'method' and a 'url'",
            json.dumps(
                har_of(entry(url="ftp://x/y"))
            ): "entry 1: the request's url 'ftp://x/y' is not an http(s) URL",
            json.dumps(
                har_of(entry(status="200"))
            ): "entry 1: the response's status '200' is not a number",  # type: ignore[arg-type]
            json.dumps(
                har_of(entry(headers="x"))
            ): "entry 1: the request's headers are not a list",  # type: ignore[arg-type]
            json.dumps(
                har_of(entry(text="@@@", encoding="base64"))
            ): "entry 1: the response body is not valid base64",
            json.dumps(
                har_of(entry(encoding="gzip"))
            ): "entry 1: the response body's encoding 'gzip' is unknown",
            json.dumps(
                har_of(entry(sent={"text": 5}))
            ): "entry 1: the request body is not text",
            lone_surrogate: "entry 1: the response body cannot be decoded as text",
            json.dumps(har_of(entry(status=0))): "holds no answered request",
        }
        for text, message in cases.items():
            source.write_text(text)
            with (
                self.subTest(message),
                self.assertRaisesMessage(CommandError, f"{source}"),
            ):
                try:
                    command(
                        "import", "har", str(source), "-o", str(self.folder / "o.yaml")
                    )
                except CommandError as error:
                    self.assertIn(message, str(error))
                    raise

    @examples(deadline=None, max_examples=150)  # a shared machine is slow at times
    @given(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=8),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(
                    st.sampled_from(
                        [
                            "log",
                            "entries",
                            "request",
                            "response",
                            "method",
                            "url",
                            "status",
                            "headers",
                            "content",
                            "text",
                            "encoding",
                            "postData",
                            "name",
                            "value",
                            "mimeType",
                            "params",
                        ]
                    ),
                    inner,
                    max_size=5,
                )
            ),
            max_leaves=25,
        )
    )
    def test_any_json_is_stubs_or_a_command_error(self, data: Any):
        source = Path(tempfile.mkdtemp(dir=self.folder)) / "any.har"
        source.write_text(json.dumps(data))
        with contextlib.suppress(CommandError):  # anything else fails the test
            command(
                "import", "har", str(source), "-o", str(source.with_suffix(".yaml"))
            )

    @examples(deadline=None, max_examples=100)  # a shared machine is slow at times
    @given(
        st.lists(
            st.fixed_dictionaries(
                {
                    "method": st.sampled_from(["GET", "POST", "PUT", "delete"]),
                    "path": st.text("abc/{}%?=&<>", max_size=8),
                    "status": st.integers(100, 599),
                    "text": st.text(max_size=30),
                    "mime": st.sampled_from(
                        ["application/json", "text/plain", "", "image/png"]
                    ),
                }
            ),
            min_size=1,
            max_size=4,
        )
    )
    def test_any_answered_entries_pass_the_check(self, drafted: list[dict[str, Any]]):
        listed = [
            entry(
                d["method"],
                f"https://api.test/{d['path']}",
                status=d["status"],
                text=d["text"],
                mime=d["mime"],
            )
            for d in drafted
        ]
        folder = Path(tempfile.mkdtemp(dir=self.folder))
        source = folder / "any.har"
        source.write_text(json.dumps(har_of(*listed)))
        command("import", "har", str(source), "-o", str(folder / "any.yaml"))
        self.assertChecked(folder / "any.yaml")


class ImportCassetteTest(_Folder):
    def test_the_sample_cassette_as_stubs(self):
        output = self.folder / "tokens.yaml"

        command("import", "cassette", "stripe/create_token", "-o", str(output))

        stubs = self.stubs(output)
        self.assertEqual(
            len(stubs), 2
        )  # one card, one declined card: told apart by body
        self.assertTrue(all("body" in stub["match"] for stub in stubs))
        self.assertNotIn(settings.STRIPE_API_KEY, output.read_text())
        self.assertChecked(output)
        with override_settings(APIMOCK={"STUBS": [str(output)]}), mocked():
            import stripe

            token = stripe.Token.create(
                card={
                    "number": "4242424242424242",
                    "exp_month": 12,
                    "exp_year": 2030,
                    "cvc": "123",
                },
                api_key=settings.STRIPE_API_KEY,
                max_network_retries=0,
            )
            self.assertEqual(token.id, "tok_1Recorded4242")

    def test_a_cassette_that_is_missing_or_broken(self):
        with self.assertRaisesMessage(
            CommandError, "cassette 'nothing/here' does not exist"
        ):
            command("import", "cassette", "nothing/here")
        broken = self.folder / "broken.yaml"
        broken.write_text("interactions: [unclosed\n")
        with (
            override_settings(APIMOCK={"CASSETTE_DIR": str(self.folder)}),
            self.assertRaisesMessage(CommandError, f"cassette {broken}, line"),
        ):
            command("import", "cassette", "broken")


class ExportTest(_Folder):
    def run_faked_tests(self) -> Path:
        folder = self.folder / "calls"

        @override_settings(APIMOCK={**FAKED, "HAR_DIR": str(folder)})
        class Case(MockedAPISimpleTestCase):
            def test_flow(self):
                item = requests.post(f"{SHOP}/items", json=LAMP).json()
                requests.patch(f"{SHOP}/items/{item['id']}", json={"name": "Big"})
                requests.post(f"{SHOP}/items/{item['id']}/reviews", json={"stars": 4})
                requests.get(f"{SHOP}/items/{item['id']}/reviews")
                requests.post(f"{SHOP}/items", json={"name": ""})  # the documented 422
                requests.get(f"{SHOP}/items/{item['id']}")

            def test_nothing(self):
                pass

        result = run_case(Case)
        self.assertEqual(problems(result), [])
        return folder

    def test_each_test_writes_its_calls_and_export_joins_them(self):
        folder = self.run_faked_tests()

        [written] = list(folder.glob("*.har"))  # a test without calls writes nothing
        self.assertIn("Case.test_flow", written.name)
        output = self.folder / "all.har"
        said = command("export", "har", "--from", str(folder), "-o", str(output))
        document = json.loads(output.read_text())

        self.assertIn(f"Wrote 6 call(s) of 1 test(s) from {folder} to {output}", said)
        log = document["log"]
        self.assertEqual(
            (log["version"], len(log["pages"]), len(log["entries"])), ("1.2", 1, 6)
        )
        first = log["entries"][0]
        self.assertEqual(
            (first["request"]["method"], first["response"]["status"]), ("POST", 201)
        )
        self.assertEqual(json.loads(first["request"]["postData"]["text"]), LAMP)
        self.assertEqual(first["pageref"], log["pages"][0]["id"])

    def test_export_then_import_answers_the_same_requests(self):
        folder = self.run_faked_tests()
        exported = self.folder / "all.har"
        command("export", "har", "--from", str(folder), "-o", str(exported))
        stubs = self.folder / "replay.yaml"

        command("import", "har", str(exported), "-o", str(stubs))

        recorded = json.loads(exported.read_text())["log"]["entries"]
        contract = {"CONTRACTS": {SHOP: str(DOCUMENT)}}
        self.assertChecked(stubs, **contract)
        # The 422's request breaks the contract, and no fake answers it now.
        replay = {"STUBS": [str(stubs)], **contract, "CONTRACT_MODE": "off"}
        with override_settings(APIMOCK=replay), mocked():
            for item in recorded:
                request = item["request"]
                data = request.get("postData", {}).get("text")
                answer = requests.request(
                    request["method"],
                    request["url"],
                    data=data,
                    headers={"Content-Type": "application/json"} if data else {},
                )
                with self.subTest(request["method"], url=request["url"]):
                    self.assertEqual(answer.status_code, item["response"]["status"])
                    self.assertEqual(
                        answer.text, item["response"]["content"].get("text", "")
                    )

    def test_a_test_filter_stdout_and_the_errors(self):
        folder = self.run_faked_tests()
        out, err = StringIO(), StringIO()

        call_command(
            "apimock",
            "export",
            "har",
            "--from",
            str(folder),
            "--test",
            "*flow",
            stdout=out,
            stderr=err,
        )

        self.assertEqual(len(json.loads(out.getvalue())["log"]["entries"]), 6)
        with self.assertRaisesMessage(
            CommandError, "holds no test's call log matching 'nope'"
        ):
            command("export", "har", "--from", str(folder), "--test", "nope")
        with self.assertRaisesMessage(CommandError, "APIMOCK_HAR_DIR"):
            command("export", "har")
        with self.assertRaisesMessage(CommandError, "is not a folder of call logs"):
            command("export", "har", "--from", str(self.folder / "none"))

    def test_pytest_tests_write_their_calls_too(self):
        folder = self.folder / "pytest-calls"

        with mock.patch.dict(os.environ, {"APIMOCK_HAR_DIR": str(folder)}):
            outcomes = run_pytest("tests/pytest_cases/cases_fakes.py")

        self.assertEqual(set(outcomes.status.values()), {"passed"}, outcomes.output)
        [written] = list(folder.glob("*.har"))
        self.assertIn("test_a_customer_made_and_read", written.name)
        entries = json.loads(written.read_text())["log"]["entries"]
        self.assertEqual([e["response"]["status"] for e in entries], [201, 200])

    def test_calls_to_har_in_a_test(self):
        with (
            override_settings(APIMOCK=FAKED, AUTH_KEY="sk_live_secret_value"),
            mocked() as api,
        ):
            requests.post(
                f"{SHOP}/items",
                json=LAMP,
                headers={"Authorization": "Bearer sk_live_secret_value"},
            )
            with self.assertRaises(AssertionError):
                requests.get("https://unstubbed.test/x")
            api.misses.clear()
            document = api.calls.to_har(page="my test")

        answered, missed = document["log"]["entries"]
        headers = {h["name"]: h["value"] for h in answered["request"]["headers"]}
        self.assertEqual(headers["Authorization"], "Bearer <AUTH_KEY>")
        self.assertNotIn("sk_live_secret_value", json.dumps(document))
        self.assertEqual(missed["response"]["status"], 0)
        self.assertIn(
            "apimock: no answer (GET https://unstubbed.test/x matched no stub",
            missed["comment"],
        )

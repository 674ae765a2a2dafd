"""OpenAPI contracts: stubs checked before tests, requests and answers during them."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import requests
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import SimpleTestCase, override_settings

from apimock import ContractViolation, MockedAPISimpleTestCase, MockedAPITestCase
from apimock.checks import check_apimock_setting
from apimock.exceptions import ContractWarning
from tests.helpers import problems, run_case

SHOP = "https://shop.test/api"

SHOP_DOCUMENT = """
openapi: {version}
info: {{title: Shop, version: "1"}}
paths:
  /orders:
    get:
      parameters:
        - {{name: limit, in: query, schema: {{type: integer, maximum: 100}}}}
        - {{name: X-Shop, in: header, required: true, schema: {{type: string}}}}
      responses:
        "200":
          description: The orders.
          content:
            application/json:
              schema: {{type: array, items: {{$ref: "#/components/schemas/Order"}}}}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/NewOrder"}}
      responses:
        "201":
          description: Created.
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Order"}}
        "4XX":
          description: Refused.
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Error"}}
  /orders/{{id}}:
    parameters:
      - {{name: id, in: path, required: true, schema: {{type: integer}}}}
    get:
      responses:
        "200":
          description: One order.
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Order"}}
        "404": {{description: No such order.}}
  /orders/export:
    get:
      responses:
        "200":
          description: CSV.
          content:
            text/csv:
              schema: {{type: string}}
  /uploads:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {{type: string, format: binary}}
                note: {{type: string}}
      responses:
        "204": {{description: Stored.}}
components:
  schemas:
    NewOrder:
      type: object
      required: [amount, currency]
      properties:
        amount: {{type: integer, minimum: 1}}
        currency: {{type: string, enum: [eur, usd]}}
        note: {{type: string}}
      additionalProperties: false
    Order:
      type: object
      required: [id, amount]
      properties:
        id: {{type: integer}}
        amount: {{type: integer}}
    Error:
      type: object
      required: [error]
      properties:
        error: {{type: string}}
"""

VERSIONS = ("3.0.3", "3.1.0")


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text)
    return str(path)


class ContractFolder:
    """A temporary folder holding the shop's contract, for the test's lifetime."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)  # type: ignore[attr-defined]
        self.folder = Path(folder.name)
        self.document = write(
            self.folder, "shop.yaml", SHOP_DOCUMENT.format(version="3.1.0")
        )

    def apimock_setting(self, *stubs: Any, document: str | None = None, **more: Any):
        return override_settings(
            APIMOCK={
                "STUBS": list(stubs),
                "CONTRACTS": {SHOP: document or self.document},
                **more,
            }
        )


def check_messages() -> list[str]:
    return [f"{error.id} {error.msg}" for error in check_apimock_setting()]


CONFORMING = [
    {
        "method": "GET",
        "url": f"{SHOP}/orders",
        "match": {"query": {"limit": "10"}, "headers": {"X-Shop": "north"}},
        "json": [{"id": 1, "amount": 5}],
    },
    {
        "method": "POST",
        "url": f"{SHOP}/orders",
        "match": {"json": {"amount": 5}},
        "status": 201,
        "json": {"id": 2, "amount": 5},
    },
    {
        "method": "POST",
        "url": f"{SHOP}/orders",
        "match": {"json_exact": {"amount": 5, "currency": "eur"}},
        "status": 409,  # documented as 4XX
        "json": {"error": "duplicate"},
    },
    {
        # Known only with the request: checked when it answers.
        "method": "GET",
        "url": f"{SHOP}/orders/{{id}}",
        "json": {"id": "{request.path.id}", "amount": 3},
    },
    {"method": "GET", "url": f"{SHOP}/orders/7", "status": 404},
    {"method": "GET", "url": f"{SHOP}/orders/8", "error": "timeout"},
    {"method": "GET", "url": f"{SHOP}/orders/9", "json": {}, "fault": "malformed_json"},
    {
        "method": "GET",
        "url": f"{SHOP}/orders/export",
        "body": "id,amount\n1,5\n",
        "content_type": "text/csv",
    },
    {
        "method": "POST",
        "url": f"{SHOP}/uploads",
        "match": {"multipart": {"file": "x"}},
        "status": 204,
    },
]

# Each drifted stub, and the one problem it must be reported with.
DRIFTS = [
    (
        {"method": "GET", "url": f"{SHOP}/refunds"},
        "request path: /refunds is not a path of the contract",
    ),
    (
        {"method": "DELETE", "url": f"{SHOP}/orders"},
        "request method: DELETE is not an operation of /orders (the contract: "
        "/orders takes GET, POST)",
    ),
    (
        {
            "method": "GET",
            "url": f"{SHOP}/orders",
            "match": {"query": {"page": "2"}},
            "json": [],
        },
        "match query 'page': is not a query parameter of GET /orders (the contract: "
        "it takes limit)",
    ),
    (
        {
            "method": "GET",
            "url": f"{SHOP}/orders",
            "match": {"query": {"limit": "ten"}},
            "json": [],
        },
        "request query parameter 'limit': 'ten' is not of type 'integer' "
        "(the contract: "
        'type: "integer")',
    ),
    (
        {
            "method": "GET",
            "url": f"{SHOP}/orders",
            "match": {"headers": {"X-Trace": "1"}},
            "json": [],
        },
        "match header 'X-Trace': is not a header parameter of GET /orders",
    ),
    (
        {
            "method": "POST",
            "url": f"{SHOP}/orders",
            "match": {"json": {"amount": 5, "colour": "red"}},
            "status": 201,
            "json": {"id": 1, "amount": 5},
        },
        "match json $.colour: is not a field of the request body (the contract: its "
        "fields are amount, currency, note)",
    ),
    (
        {
            "method": "POST",
            "url": f"{SHOP}/orders",
            "match": {"json": {"amount": "5"}},
            "status": 201,
            "json": {"id": 1, "amount": 5},
        },
        "match json $.amount: '5' is not of type 'integer'",
    ),
    (
        {
            "method": "POST",
            "url": f"{SHOP}/orders",
            "match": {"json_exact": {"amount": 5}},
            "status": 201,
            "json": {"id": 1, "amount": 5},
        },
        "match json_exact $: 'currency' is a required property",
    ),
    (
        {
            "method": "POST",
            "url": f"{SHOP}/orders",
            "match": {"form": {"amount": "5"}},
            "status": 201,
            "json": {"id": 1, "amount": 5},
        },
        "match form: matches a application/x-www-form-urlencoded body (the contract: "
        "POST /orders takes application/json)",
    ),
    (
        {"method": "GET", "url": f"{SHOP}/orders", "status": 500, "json": []},
        "response status 500: is not documented for GET /orders (the contract: "
        "documented: 200)",
    ),
    (
        {
            "method": "GET",
            "url": f"{SHOP}/orders/{{id}}",
            "json": {"id": "x", "amount": 1},
        },
        "response 200 body $.id: 'x' is not of type 'integer'",
    ),
    (
        {"method": "GET", "url": f"{SHOP}/orders/{{id}}", "json": {"id": 1}},
        "response 200 body $: 'amount' is a required property",
    ),
    (
        {
            "method": "GET",
            "url": f"{SHOP}/orders",
            "match": {"headers": {"X-Shop": "n"}},
        },
        "response 200 body: is empty "
        "(the contract: 200 has a body of application/json)",
    ),
    (
        {"method": "GET", "url": f"{SHOP}/orders/abc", "status": 404},
        "request path parameter 'id': 'abc' is not of type 'integer'",
    ),
    (
        {"method": "GET", "url": f"{SHOP}/orders/export", "json": {"id": 1}},
        "response 200 body: is application/json (the contract: 200 is text/csv)",
    ),
    (
        {
            "method": "POST",
            "url": f"{SHOP}/orders",
            "responses": [
                {"status": 201, "json": {"id": 1, "amount": 5}},
                {"status": 201, "json": {"id": 1}},
            ],
        },
        "responses[1] response 201 body $: 'amount' is a required property",
    ),
]


class StaticCheckTest(ContractFolder, SimpleTestCase):
    def test_conforming_stubs_pass_under_openapi_3_0_and_3_1(self):
        for version in VERSIONS:
            with self.subTest(version=version):
                document = write(
                    self.folder,
                    f"shop-{version}.yaml",
                    SHOP_DOCUMENT.format(version=version),
                )
                with self.apimock_setting(*CONFORMING, document=document):
                    self.assertEqual(check_messages(), [])

    def test_each_kind_of_drift_is_named_with_the_stub_and_json_path(self):
        for stub, expected in DRIFTS:
            with (
                self.subTest(expected=expected),
                self.apimock_setting(*CONFORMING, stub),
            ):
                messages = check_messages()
                self.assertEqual(len(messages), 1, messages)
                self.assertIn(
                    f'apimock.E022 APIMOCK["STUBS"][{len(CONFORMING)}] drifts from its '
                    f"contract {self.document}: {expected}",
                    messages[0],
                )

    def test_a_stub_file_is_named_with_index_and_line(self):
        stubs = write(
            self.folder,
            "stubs.yaml",
            "- {method: GET, url: 'https://shop.test/api/orders/{id}',\n"
            "   json: {id: 1, amount: 1}}\n"
            "- method: GET\n"
            "  url: https://shop.test/api/orders/{id}\n"
            "  json: {id: 1, amount: big}\n",
        )
        with self.apimock_setting(stubs):
            [message] = check_messages()
        self.assertIn(
            f"{stubs}:3, stubs[1] drifts from its contract {self.document}: "
            "response 200 body $.amount: 'big' is not of type 'integer'",
            message,
        )

    def test_contract_false_leaves_a_stub_unchecked(self):
        outage = {
            "method": "GET",
            "url": f"{SHOP}/orders",
            "status": 503,
            "contract": False,
        }
        with self.apimock_setting(outage):
            self.assertEqual(check_messages(), [])
        with self.apimock_setting({**outage, "contract": "no"}):
            self.assertIn("'contract' must be True or False", check_messages()[0])

    def test_a_stub_for_any_method_is_checked_for_its_path_only(self):
        with self.apimock_setting({"method": "ANY", "url": f"{SHOP}/uploads"}):
            self.assertEqual(check_messages(), [])
        with self.apimock_setting({"method": "ANY", "url": f"{SHOP}/refunds"}):
            self.assertIn("/refunds is not a path", check_messages()[0])

    def test_a_stub_for_another_api_is_not_checked(self):
        with self.apimock_setting({"method": "GET", "url": "https://shop.test/other"}):
            self.assertEqual(check_messages(), [])

    def test_a_contract_that_cannot_be_used_is_e021(self):
        cases = {
            "missing.yaml": (None, "cannot read contract"),
            "broken.yaml": ("openapi: [3.1\n", "is not valid YAML/JSON"),
            "swagger.yaml": (
                "swagger: '2.0'\npaths: {}\n",
                "is not an OpenAPI 3.0 or 3.1",
            ),
            "invalid.yaml": (
                "openapi: 3.1.0\npaths:\n  /x:\n    get: {}\n",
                "is not valid OpenAPI 3.1: 'info' is a required property",
            ),
            "dangling.yaml": (
                "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x:\n"
                "    get:\n      responses:\n        '200': {$ref: '#/nowhere'}\n",
                "is not valid OpenAPI: '/nowhere' does not exist",
            ),
        }
        for name, (text, expected) in cases.items():
            path = (
                str(self.folder / name)
                if text is None
                else write(self.folder, name, text)
            )
            with self.subTest(name), self.apimock_setting(document=path):
                messages = check_messages()
                self.assertTrue(messages, name)
                self.assertTrue(messages[0].startswith("apimock.E021 "), messages)
                self.assertIn(expected, messages[0])
                self.assertNotIn("paths", messages[0])  # not the whole document

    def test_the_extra_not_installed_is_e021_naming_it(self):
        with (
            mock.patch.dict(sys.modules, {"openapi_schema_validator": None}),
            self.apimock_setting(),
        ):
            [message] = check_messages()
        self.assertIn('pip install "django-apimock[contracts]"', message)

    def test_mode_and_types_are_checked(self):
        with self.apimock_setting(CONTRACT_MODE="strict"):
            self.assertEqual([e.id for e in check_apimock_setting()], ["apimock.E023"])
        with override_settings(APIMOCK={"CONTRACTS": [self.document]}):
            self.assertIn("apimock.E003", check_messages()[0])
        with override_settings(
            APIMOCK={"CONTRACTS": {"{settings.NOPE}": self.document}}
        ):
            self.assertIn("there is no such setting", check_messages()[0])

    def test_a_base_url_may_name_a_setting(self):
        drifted = {"method": "GET", "url": "https://shop.test/v9/refunds"}
        with (
            override_settings(SHOP_BASE="https://shop.test/v9"),
            override_settings(
                APIMOCK={
                    "STUBS": [drifted],
                    "CONTRACTS": {"{settings.SHOP_BASE}": self.document},
                }
            ),
        ):
            self.assertIn("/refunds is not a path", check_messages()[0])


class ApimockCheckCommandTest(ContractFolder, SimpleTestCase):
    def test_apimock_check_says_what_conforms(self):
        out = StringIO()
        with self.apimock_setting(*CONFORMING):
            call_command("apimock", "check", stdout=out)
        # Every stub under the contract, those checked only at run time included.
        self.assertIn(f"{SHOP}: {len(CONFORMING)} stub(s) conform to", out.getvalue())

    def test_apimock_check_fails_on_drift(self):
        stub, expected = DRIFTS[0]
        with self.apimock_setting(stub), self.assertRaises(SystemCheckError) as caught:
            call_command("apimock", "check", stdout=StringIO(), stderr=StringIO())
        self.assertIn(expected, str(caught.exception))


class RuntimeCheckTest(ContractFolder, MockedAPITestCase):
    def setUp(self) -> None:
        super().setUp()
        setting = self.apimock_setting(*CONFORMING)
        setting.enable()
        self.addCleanup(setting.disable)

    def violation(self, send) -> str:
        with self.api.expect_violation() as expected:
            send()
        return str(expected.exception)

    def test_conforming_requests_and_answers_pass_through_every_client(self):
        shop = {"X-Shop": "north"}
        self.assertEqual(
            requests.get(
                f"{SHOP}/orders", params={"limit": 10}, headers=shop, timeout=5
            ).json(),
            [{"id": 1, "amount": 5}],
        )
        created = httpx.post(f"{SHOP}/orders", json={"amount": 5, "currency": "usd"})
        self.assertEqual(created.status_code, 201)
        upload = requests.post(
            f"{SHOP}/uploads", files={"file": ("a.txt", b"x")}, timeout=5
        )
        self.assertEqual(upload.status_code, 204)
        self.assertEqual(self.api.violations, [])

    def test_each_kind_of_bad_request_is_caught(self):
        cases = [
            (
                lambda: requests.get(f"{SHOP}/refunds", timeout=5),
                "request path: /refunds is not a path of the contract",
            ),
            (
                lambda: requests.put(f"{SHOP}/orders", timeout=5),
                "request method: PUT is not an operation of /orders",
            ),
            (
                lambda: requests.get(f"{SHOP}/orders", timeout=5),
                "request header parameter 'X-Shop': is required and missing",
            ),
            (
                lambda: httpx.get(f"{SHOP}/orders?limit=many", headers={"X-Shop": "n"}),
                "request query parameter 'limit': 'many' is not of type 'integer'",
            ),
            (
                lambda: httpx.get(f"{SHOP}/orders?limit=500", headers={"X-Shop": "n"}),
                "request query parameter 'limit': 500 is greater than the maximum "
                "of 100",
            ),
            (
                lambda: requests.post(f"{SHOP}/orders", json={"amount": 5}, timeout=5),
                "request body $: 'currency' is a required property",
            ),
            (
                lambda: requests.post(
                    f"{SHOP}/orders", json={"amount": 0, "currency": "gbp"}, timeout=5
                ),
                "request body $.amount: 0 is less than the minimum of 1",
            ),
            (
                lambda: requests.post(
                    f"{SHOP}/orders",
                    json={"amount": 1, "currency": "eur", "x": 1},
                    timeout=5,
                ),
                "request body $: Additional properties are not allowed "
                "('x' was unexpected)",
            ),
            (
                lambda: requests.post(
                    f"{SHOP}/orders",
                    data=b"{nope",
                    timeout=5,
                    headers={"Content-Type": "application/json"},
                ),
                "request body: is not valid JSON",
            ),
            (
                lambda: requests.post(f"{SHOP}/orders", data={"amount": 1}, timeout=5),
                "request body: is sent as application/x-www-form-urlencoded "
                "(the contract: "
                "POST /orders takes application/json)",
            ),
            (
                lambda: requests.post(f"{SHOP}/orders", timeout=5),
                "request body: is required and missing",
            ),
            (
                lambda: requests.get(f"{SHOP}/orders/7", data=b"x", timeout=5),
                "request body: GET /orders/{id} takes no request body",
            ),
            (
                lambda: requests.post(
                    f"{SHOP}/uploads", files={"note": ("n", b"hi")}, timeout=5
                ),
                "request body $: 'file' is a required property",
            ),
        ]
        for send, expected in cases:
            with self.subTest(expected=expected):
                message = self.violation(send)
                self.assertIn(expected, message)
        self.assertIn(
            f"apimock: GET {SHOP}/refunds does not conform to its contract "
            f"({self.document}, /refunds):",
            self.violation(lambda: requests.get(f"{SHOP}/refunds", timeout=5)),
        )

    def test_the_code_under_test_sees_the_violation_and_nothing_is_answered(self):
        with self.api.expect_violation(), self.assertRaises(ContractViolation):
            requests.post(f"{SHOP}/orders", json={"amount": 5}, timeout=5)
        [call] = self.api.calls
        self.assertIsNone(call.response)
        self.assertIsInstance(call.error, ContractViolation)

    def test_a_template_that_answers_the_wrong_type_is_caught_when_it_answers(self):
        # {request.path.id} is text; the contract's id is an integer.
        message = self.violation(lambda: requests.get(f"{SHOP}/orders/12", timeout=5))
        self.assertIn(
            f'The response stub APIMOCK["STUBS"][3] gave to GET {SHOP}/orders/12 does '
            "not conform to its contract",
            message,
        )
        self.assertIn("response 200 body $.id: '12' is not of type 'integer'", message)
        self.assertIn('give it "contract": False', message)

    def test_stubs_added_in_the_test_and_callbacks_are_checked(self):
        self.api.add("GET", f"{SHOP}/orders/1", json={"id": 1, "amount": "lots"})
        self.api.add(
            "GET",
            f"{SHOP}/orders/2",
            callback=lambda request: {"status": 200, "json": {"id": 2}},
        )
        self.assertIn(
            "$.amount: 'lots' is not of type 'integer'",
            self.violation(lambda: requests.get(f"{SHOP}/orders/1", timeout=5)),
        )
        self.assertIn(
            "$: 'amount' is a required property",
            self.violation(lambda: httpx.get(f"{SHOP}/orders/2")),
        )

    def test_a_stub_with_contract_false_and_faults_are_not_checked(self):
        self.api.add("GET", f"{SHOP}/orders/5", status=503, contract=False)
        self.api.add("GET", f"{SHOP}/orders/6", json={"id": 6}, fault="malformed_json")

        self.assertEqual(requests.get(f"{SHOP}/orders/5", timeout=5).status_code, 503)
        self.assertEqual(requests.get(f"{SHOP}/orders/6", timeout=5).status_code, 200)
        self.assertEqual(self.api.violations, [])

    def test_a_violation_the_code_swallows_still_fails_the_test(self):
        class Swallowing(MockedAPITestCase):
            def test_it(self):
                with contextlib.suppress(Exception):
                    requests.post(f"{SHOP}/orders", json={}, timeout=5)

        [problem] = problems(run_case(Swallowing))
        self.assertIn("The code under test caught this ContractViolation", problem)
        self.assertIn("'amount' is a required property", problem)

    def test_expect_violation_fails_when_nothing_breaks(self):
        shop = {"X-Shop": "north"}
        with (
            self.assertRaisesMessage(AssertionError, "No request in the block broke"),
            self.api.expect_violation(),
        ):
            requests.get(
                f"{SHOP}/orders", params={"limit": 10}, headers=shop, timeout=5
            )

    def test_warn_mode_warns_and_answers(self):
        with (
            override_settings(
                APIMOCK={**self.settings_value(), "CONTRACT_MODE": "warn"}
            ),
            self.assertWarnsMessage(ContractWarning, "'currency' is a required"),
        ):
            response = requests.post(f"{SHOP}/orders", json={"amount": 5}, timeout=5)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(self.api.violations, [])

    def test_off_mode_checks_nothing(self):
        with override_settings(
            APIMOCK={**self.settings_value(), "CONTRACT_MODE": "off"}
        ):
            response = requests.post(f"{SHOP}/orders", json={"amount": 5}, timeout=5)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(self.api.violations, [])

    def settings_value(self) -> dict[str, Any]:
        from django.conf import settings

        return dict(settings.APIMOCK)


class CassetteReplayTest(ContractFolder, SimpleTestCase):
    def test_a_replayed_answer_that_breaks_the_contract_is_caught(self):
        (self.folder / "orders.yaml").write_text(
            "version: 1\ninteractions:\n- request:\n    method: GET\n"
            f"    url: {SHOP}/orders/3\n  response:\n    status: 200\n"
            "    json: {id: 3, amount: '3.00'}\n"
        )
        seen = {}

        class Replay(MockedAPISimpleTestCase):
            cassette = "orders"

            def test_it(self) -> None:
                with self.api.expect_violation() as expected:
                    requests.get(f"{SHOP}/orders/3", timeout=5)
                seen["message"] = str(expected.exception)

        with self.apimock_setting(CASSETTE_DIR=str(self.folder)):
            self.assertEqual(problems(run_case(Replay)), [])
        self.assertIn("cassette", seen["message"])
        self.assertIn("$.amount: '3.00' is not of type 'integer'", seen["message"])

"""What a stub answers: response keys, request templating, body files, callbacks."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import requests
from django.test import TestCase, override_settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from apimock import MockedAPITestCase
from apimock.exceptions import StubError, mark_reported
from apimock.request import APIRequest, APIResponse
from tests.helpers import problems, run_case

API = "https://api.test/v1"


def echo_callback(request: APIRequest) -> dict[str, object]:
    """A callback referred to by dotted path: answers with what was posted."""
    return {"status": 201, "json": {"echo": request.json()}}


class ResponseKeysTest(MockedAPITestCase):
    def test_content_type_and_headers(self):
        self.api.add(
            "GET",
            f"{API}/csv",
            body="a,b\n1,2\n",
            content_type="text/csv",
            headers={"X-Total": "1"},
        )

        response = requests.get(f"{API}/csv")

        self.assertEqual(response.headers["Content-Type"], "text/csv")
        self.assertEqual(response.headers["X-Total"], "1")
        self.assertEqual(response.text, "a,b\n1,2\n")

    def test_body_file_is_relative_to_the_stub_file(self):
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "bodies").mkdir()
            (Path(folder) / "bodies" / "logo.png").write_bytes(b"\x89PNG\x00\xff")
            stub_file = Path(folder) / "stubs.yaml"
            stub_file.write_text(
                f"- method: GET\n  url: {API}/logo\n"
                "  body_file: bodies/logo.png\n  content_type: image/png\n"
            )
            with override_settings(APIMOCK={"STUBS": [str(stub_file)]}):
                response = requests.get(f"{API}/logo")

        self.assertEqual(response.content, b"\x89PNG\x00\xff")
        self.assertEqual(response.headers["Content-Type"], "image/png")


class RequestTemplateTest(MockedAPITestCase):
    def test_a_created_object_echoes_the_posted_amount(self):
        self.api.add(
            "POST",
            "https://api.stripe.com/v1/customers/{customer}/charges",
            status=201,
            json={
                "object": "charge",
                "customer": "{request.path.customer}",
                "amount": "{request.json.amount}",
                "currency": "{request.json.currency}",
                "description": "{request.json.amount} {request.json.currency}",
            },
        )

        response = requests.post(
            "https://api.stripe.com/v1/customers/cus_9/charges",
            json={"amount": 1999, "currency": "eur"},
        )

        self.assertEqual(
            response.json(),
            {
                "object": "charge",
                "customer": "cus_9",
                "amount": 1999,  # a lone placeholder keeps the number a number
                "currency": "eur",
                "description": "1999 eur",
            },
        )

    def test_a_url_regex_named_group_is_a_path_parameter(self):
        self.api.add(
            "GET",
            url_regex=r"https://shop\.test/sku-(?P<sku>[a-z]+)",
            body="{request.path.sku}",
        )

        response = requests.get("https://shop.test/sku-gear")

        self.assertEqual(response.text, "gear")
        self.assertEqual(self.api.calls[0].request.path_params, {"sku": "gear"})

    def test_query_headers_and_nested_json(self):
        self.api.add(
            "POST",
            f"{API}/things",
            json={
                "limit": "{request.query.limit}",
                "request_id": "{request.headers.X-Request-Id}",
                "first_tag": "{request.json.tags.0}",
                "city": "{request.json.address.city}",
            },
            headers={"X-Request-Id": "{request.headers.X-Request-Id}"},
        )

        response = requests.post(
            f"{API}/things?limit=5",
            json={"tags": ["red", "blue"], "address": {"city": "Oslo"}},
            headers={"X-Request-Id": "req-7"},
        )

        self.assertEqual(
            response.json(),
            {"limit": "5", "request_id": "req-7", "first_tag": "red", "city": "Oslo"},
        )
        self.assertEqual(response.headers["X-Request-Id"], "req-7")

    def test_form_method_and_url(self):
        self.api.add(
            "POST",
            f"{API}/f",
            body="{request.method} {request.url} {request.form.name}",
        )

        response = requests.post(f"{API}/f", data={"name": "Ada"})

        self.assertEqual(response.text, f"POST {API}/f Ada")

    def test_a_part_the_request_lacks_is_a_clear_error(self):
        self.api.add("POST", f"{API}/m", json={"amount": "{request.json.amount}"})

        with self.assertRaisesMessage(
            StubError, "{request.json.amount} is not in the"
        ) as caught:
            requests.post(f"{API}/m", json={"total": 1})
        mark_reported(caught.exception)  # seen here: not a swallowed one


@override_settings(
    APIMOCK={
        "STUBS": [
            {
                "method": "POST",
                "url": f"{API}/echo",
                "callback": "tests.test_answers.echo_callback",
            }
        ]
    }
)
class CallbackTest(MockedAPITestCase):
    def test_a_dotted_path_from_settings(self):
        response = requests.post(f"{API}/echo", json={"n": 1})

        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json(), {"echo": {"n": 1}})

    def test_a_callable_returning_a_tuple_or_a_response(self):
        self.api.add("GET", f"{API}/t", callback=lambda r: (202, {"X-A": "1"}, "text"))
        self.api.add(
            "GET",
            f"{API}/r",
            callback=lambda r: APIResponse(status=418, body=r.params["q"].encode()),
        )

        tupled = requests.get(f"{API}/t")
        self.assertEqual((tupled.status_code, tupled.headers["X-A"]), (202, "1"))
        self.assertEqual(tupled.text, "text")
        answered = requests.get(f"{API}/r?q=teapot")
        self.assertEqual((answered.status_code, answered.text), (418, "teapot"))

    def test_a_callback_returning_nonsense_is_a_clear_error(self):
        self.api.add("GET", f"{API}/bad", callback=lambda request: 42)

        with self.assertRaisesMessage(StubError, "the callback returned 42") as caught:
            requests.get(f"{API}/bad")
        mark_reported(caught.exception)


class StubErrorReportingTest(TestCase):
    """A stub that cannot answer fails its test, even if the code catches it."""

    def test_a_stub_error_the_code_swallows_fails_the_test(self):
        class Swallows(MockedAPITestCase):
            def test_it(self):
                self.api.add("POST", f"{API}/m", json={"id": "{request.json.id}"})
                # The code under test "handles" every error.
                with contextlib.suppress(Exception):
                    requests.post(f"{API}/m", json={"total": 1})

        [problem] = problems(run_case(Swallows))

        self.assertIn("The code under test caught this StubError", problem)
        self.assertIn("{request.json.id} is not in the request", problem)

    def test_a_failing_custom_matcher_the_code_swallows_fails_the_test(self):
        class Swallows(MockedAPITestCase):
            def test_it(self):
                self.api.add("GET", f"{API}/m", match={"custom": lambda r: None})
                with contextlib.suppress(Exception):
                    requests.get(f"{API}/m")

        [problem] = problems(run_case(Swallows))

        self.assertIn("caught this StubError", problem)
        self.assertIn("returned None", problem)

    def test_a_stub_error_that_reaches_the_test_is_reported_once(self):
        class Raises(MockedAPITestCase):
            def test_it(self):
                self.api.add("GET", f"{API}/bad", callback=lambda request: 42)
                requests.get(f"{API}/bad")

        [problem] = problems(run_case(Raises))

        self.assertIn("StubError", problem)
        self.assertNotIn("caught this StubError", problem)


class CookieTest(MockedAPITestCase):
    def test_set_cookie_reaches_a_requests_session(self):
        self.api.add("POST", f"{API}/login", headers={"Set-Cookie": "sid=abc; Path=/"})
        self.api.add(
            "GET", f"{API}/me", match={"headers": {"Cookie": "sid=abc"}}, json=1
        )

        with requests.Session() as session:
            session.post(f"{API}/login")
            self.assertEqual(session.cookies["sid"], "abc")
            self.assertEqual(session.get(f"{API}/me").json(), 1)

    def test_a_cookie_set_in_any_case_is_kept_on_the_response(self):
        # Answers without Set-Cookie skip requests' cookie passes; the check
        # that decides it must not depend on how the stub spells the header.
        self.api.add("GET", f"{API}/hello", headers={"set-cookie": "lang=en; Path=/"})

        response = requests.get(f"{API}/hello")

        self.assertEqual(response.cookies["lang"], "en")


class RetryTest(MockedAPITestCase):
    """A status the adapter's Retry retries is asked again, as a server is."""

    def session(self, retry: Retry) -> requests.Session:
        session = requests.Session()
        session.mount("https://", HTTPAdapter(max_retries=retry))
        self.addCleanup(session.close)
        return session

    def test_a_retried_status_asks_the_stub_again(self):
        self.api.add(
            "GET",
            f"{API}/flaky",
            responses=[{"status": 503}, {"status": 503}, {"json": {"ok": True}}],
        )
        retry = Retry(total=3, status_forcelist=[503], backoff_factor=0)

        response = self.session(retry).get(f"{API}/flaky", timeout=1)

        self.assertEqual((response.status_code, response.json()), (200, {"ok": True}))
        self.assertEqual(len(self.api.calls), 3)

    def test_retries_used_up_raise_retry_error_or_give_the_last_answer(self):
        self.api.add("GET", f"{API}/down", status=503)
        retry = Retry(total=1, status_forcelist=[503], backoff_factor=0)

        with self.assertRaises(requests.exceptions.RetryError):
            self.session(retry).get(f"{API}/down", timeout=1)
        quiet = Retry(
            total=1, status_forcelist=[503], backoff_factor=0, raise_on_status=False
        )
        response = self.session(quiet).get(f"{API}/down", timeout=1)

        self.assertEqual(response.status_code, 503)
        self.assertEqual(len(self.api.calls), 4)

    def test_a_retry_after_answer_is_retried_without_a_status_list(self):
        self.api.add(
            "GET",
            f"{API}/busy",
            responses=[
                {"status": 503, "headers": {"Retry-After": "0"}},
                {"json": {"ok": True}},
            ],
        )

        response = self.session(Retry(total=1, backoff_factor=0)).get(
            f"{API}/busy", timeout=1
        )

        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.api.calls), 2)

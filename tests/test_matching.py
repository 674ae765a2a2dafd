"""What a stub can match: URLs, query, headers, bodies, custom matchers, priority."""

from __future__ import annotations

import requests
from django.test import override_settings

from apimock import MockedAPITestCase
from apimock.exceptions import StubError, mark_reported
from apimock.request import APIRequest
from tests.helpers import ExpectMisses

API = "https://api.test/v1"


def has_idempotency_key(request: APIRequest) -> tuple[bool, str]:
    """A custom matcher referred to by dotted path from settings."""
    if request.headers.get("Idempotency-Key"):
        return True, ""
    return False, "no Idempotency-Key header"


class UrlTest(ExpectMisses, MockedAPITestCase):
    def test_exact_url(self):
        self.api.add("GET", f"{API}/items", json=["exact"])

        self.assertEqual(requests.get(f"{API}/items").json(), ["exact"])
        with self.assertUnmatched():
            requests.get(f"{API}/items/1")

    def test_path_template_captures_parameters_for_the_response(self):
        self.api.add(
            "GET",
            "https://api.stripe.com/v1/customers/{id}",
            json={"id": "{request.path.id}", "object": "customer"},
        )

        response = requests.get("https://api.stripe.com/v1/customers/cus_42")

        self.assertEqual(response.json(), {"id": "cus_42", "object": "customer"})
        self.assertEqual(self.api.calls[0].request.path_params, {"id": "cus_42"})

    def test_a_path_parameter_is_one_segment(self):
        self.api.add("GET", f"{API}/customers/{{id}}", json={})

        with self.assertUnmatched():
            requests.get(f"{API}/customers/cus_42/cards")

    def test_a_parameter_may_be_part_of_a_segment(self):
        # The index files "{id}.json" under any segment; the rest of the
        # segment must still match.
        self.api.add(
            "GET", f"{API}/reports/{{id}}.json", json={"id": "{request.path.id}"}
        )

        self.assertEqual(requests.get(f"{API}/reports/r7.json").json(), {"id": "r7"})
        with self.assertUnmatched():
            requests.get(f"{API}/reports/r7.csv")

    def test_exact_segment_beats_a_parameter(self):
        self.api.add("GET", f"{API}/customers/me", json={"who": "me"})
        self.api.add(
            "GET", f"{API}/customers/{{id}}", json={"who": "{request.path.id}"}
        )

        self.assertEqual(requests.get(f"{API}/customers/me").json(), {"who": "me"})
        self.assertEqual(requests.get(f"{API}/customers/c1").json(), {"who": "c1"})

    def test_url_regex(self):
        self.api.add("GET", url_regex=rf"{API}/orders/\d+", json={"ok": True})

        self.assertEqual(requests.get(f"{API}/orders/123").status_code, 200)
        with self.assertUnmatched():
            requests.get(f"{API}/orders/abc")

    def test_url_prefix(self):
        self.api.add("ANY", url_prefix=f"{API}/files/", status=204)

        self.assertEqual(requests.get(f"{API}/files/a/b.txt").status_code, 204)
        self.assertEqual(requests.delete(f"{API}/files/c").status_code, 204)
        with self.assertUnmatched():
            requests.get(f"{API}/filesystem")

    def test_host_only(self):
        self.api.add("GET", host="cdn.example.com", body="anything")

        self.assertEqual(
            requests.get("https://cdn.example.com/x/y?z=1").text, "anything"
        )
        self.assertEqual(requests.get("http://cdn.example.com/").text, "anything")
        with self.assertUnmatched():
            requests.get("https://other.example.com/")

    def test_url_query_is_a_partial_query_match(self):
        self.api.add("GET", f"{API}/items?limit=10", json=["ten"])

        self.assertEqual(requests.get(f"{API}/items?limit=10&page=2").json(), ["ten"])
        with self.assertUnmatched():
            requests.get(f"{API}/items?limit=5")


class QueryAndHeaderTest(ExpectMisses, MockedAPITestCase):
    def test_query_partial_and_strict(self):
        self.api.add("GET", f"{API}/a", match={"query": {"q": "x"}}, json="partial")
        self.api.add(
            "GET", f"{API}/b", match={"query_exact": {"q": "x"}}, json="strict"
        )

        self.assertEqual(requests.get(f"{API}/a?q=x&extra=1").json(), "partial")
        self.assertEqual(requests.get(f"{API}/b?q=x").json(), "strict")
        with self.assertUnmatched() as caught:
            requests.get(f"{API}/b?q=x&extra=1")
        self.assertIn("query has unexpected extra", str(caught.exception))

    def test_repeated_query_values_as_a_list(self):
        self.api.add("GET", f"{API}/a", match={"query": {"tag": ["a", "b"]}}, json=1)

        self.assertEqual(requests.get(f"{API}/a?tag=a&tag=b").json(), 1)

    def test_headers_exact_and_regex_with_any_case_names(self):
        self.api.add("GET", f"{API}/h", match={"headers": {"x-api-key": "k1"}}, json=1)
        self.api.add(
            "GET",
            f"{API}/r",
            match={"headers_regex": {"Authorization": r"Bearer sk_test_\w+"}},
            json=2,
        )

        self.assertEqual(
            requests.get(f"{API}/h", headers={"X-API-KEY": "k1"}).json(), 1
        )
        auth = {"authorization": "Bearer sk_test_abc123"}
        self.assertEqual(requests.get(f"{API}/r", headers=auth).json(), 2)
        with self.assertUnmatched():
            requests.get(f"{API}/r", headers={"Authorization": "Bearer sk_live_abc"})


class BodyTest(ExpectMisses, MockedAPITestCase):
    def test_json_partial_and_strict(self):
        self.api.add("POST", f"{API}/p", match={"json": {"a": 1}}, json="partial")
        self.api.add("POST", f"{API}/s", match={"json_exact": {"a": 1}}, json="strict")

        self.assertEqual(
            requests.post(f"{API}/p", json={"a": 1, "b": 2}).json(), "partial"
        )
        self.assertEqual(requests.post(f"{API}/s", json={"a": 1}).json(), "strict")
        with self.assertUnmatched() as caught:
            requests.post(f"{API}/s", json={"a": 1, "b": 2})
        self.assertIn("$.b is not expected", str(caught.exception))

    def test_json_arrays_in_order_or_any_order(self):
        self.api.add("POST", f"{API}/ordered", match={"json": {"ids": [1, 2]}}, json=1)
        self.api.add(
            "POST",
            f"{API}/any",
            match={"json": {"ids": [1, 2]}, "json_any_order": True},
            json=2,
        )

        self.assertEqual(requests.post(f"{API}/any", json={"ids": [2, 1]}).json(), 2)
        self.assertEqual(
            requests.post(f"{API}/ordered", json={"ids": [1, 2]}).json(), 1
        )
        with self.assertUnmatched():
            requests.post(f"{API}/ordered", json={"ids": [2, 1]})

    def test_true_is_not_one(self):
        self.api.add("POST", f"{API}/b", match={"json": {"flag": True}}, json=1)

        with self.assertUnmatched():
            requests.post(f"{API}/b", json={"flag": 1})

    def test_form_body(self):
        self.api.add("POST", f"{API}/f", match={"form": {"card": "4242"}}, json=1)

        self.assertEqual(
            requests.post(f"{API}/f", data={"card": "4242", "x": "y"}).json(), 1
        )
        with self.assertUnmatched():
            requests.post(f"{API}/f", data={"card": "0000"})

    def test_multipart_fields(self):
        self.api.add(
            "POST",
            f"{API}/upload",
            match={
                "multipart": {
                    "title": "Report",
                    "file": {"filename": "r.csv", "content": "a,b\n"},
                }
            },
            status=201,
        )

        files = {"file": ("r.csv", b"a,b\n", "text/csv")}
        response = requests.post(f"{API}/upload", data={"title": "Report"}, files=files)
        self.assertEqual(response.status_code, 201)
        with self.assertUnmatched() as caught:
            requests.post(f"{API}/upload", data={"title": "Other"}, files=files)
        self.assertIn("multipart title content differs", str(caught.exception))

    def test_raw_body_equals_and_contains(self):
        self.api.add("POST", f"{API}/eq", match={"body": "exact text"}, json=1)
        self.api.add(
            "POST", f"{API}/in", match={"body_contains": ["<id>7</id>"]}, json=2
        )

        self.assertEqual(requests.post(f"{API}/eq", data="exact text").json(), 1)
        self.assertEqual(requests.post(f"{API}/in", data="<a><id>7</id></a>").json(), 2)
        with self.assertUnmatched():
            requests.post(f"{API}/eq", data="exact text!")


class CustomMatcherTest(ExpectMisses, MockedAPITestCase):
    def test_a_callable(self):
        def small_amount(request):
            amount = request.json().get("amount", 0)
            return amount < 100, f"amount {amount} is not under 100"

        self.api.add("POST", f"{API}/pay", match={"custom": small_amount}, json="ok")

        self.assertEqual(requests.post(f"{API}/pay", json={"amount": 5}).json(), "ok")
        with self.assertUnmatched() as caught:
            requests.post(f"{API}/pay", json={"amount": 500})
        self.assertIn("amount 500 is not under 100", str(caught.exception))

    def test_a_bare_bool_is_a_verdict_too(self):
        def is_admin(request):
            return request.headers.get("X-Role") == "admin"

        self.api.add("GET", f"{API}/admin", match={"custom": is_admin}, json="ok")

        admin = {"X-Role": "admin"}
        self.assertEqual(requests.get(f"{API}/admin", headers=admin).json(), "ok")
        with self.assertUnmatched() as caught:
            requests.get(f"{API}/admin", headers={"X-Role": "user"})
        self.assertIn("is_admin: did not match", str(caught.exception))

    def test_a_matcher_that_returns_nonsense_or_raises_is_named(self):
        def returns_none(request):
            return None

        def raises(request):
            return request.json()["amount"] < 100, "too much"

        self.api.add("GET", f"{API}/none", match={"custom": returns_none})
        self.api.add("POST", f"{API}/pay", match={"custom": raises})

        for method, url, fragments in (
            ("GET", f"{API}/none", ["returns_none returned None", "a bare bool"]),
            ("POST", f"{API}/pay", ["raises raised KeyError('amount')"]),
        ):
            with self.subTest(url), self.assertRaises(StubError) as caught:
                requests.request(method, url, json={})
            mark_reported(caught.exception)
            for fragment in fragments:
                self.assertIn(fragment, str(caught.exception))

    def test_a_matcher_failing_on_another_stubs_request_does_not_break_a_miss(self):
        def needs_json(request):
            return request.json()["amount"] < 100, "too much"

        # Compared with every stub, a GET with no body reaches this matcher only
        # in the miss report, which shows the failure as a difference.
        self.api.add("POST", f"{API}/pay", match={"custom": needs_json})

        with self.assertUnmatched() as caught:
            requests.get(f"{API}/pay")
        self.assertIn("custom matcher", str(caught.exception))
        self.assertIn("needs_json raised", str(caught.exception))

    @override_settings(
        APIMOCK={
            "STUBS": [
                {
                    "method": "POST",
                    "url": f"{API}/charges",
                    "match": {"custom": "tests.test_matching.has_idempotency_key"},
                    "json": {"id": "ch_1"},
                }
            ]
        }
    )
    def test_a_dotted_path_from_settings(self):
        headers = {"Idempotency-Key": "k-1"}
        self.assertEqual(
            requests.post(f"{API}/charges", headers=headers).json(), {"id": "ch_1"}
        )
        with self.assertUnmatched() as caught:
            requests.post(f"{API}/charges")
        self.assertIn("no Idempotency-Key header", str(caught.exception))


@override_settings(
    APIMOCK={
        "STUBS": [
            {"method": "GET", "url": f"{API}/p", "json": "settings"},
            {
                "method": "GET",
                "url": f"{API}/p",
                "json": "settings, urgent",
                "priority": 1,
            },
        ]
    }
)
class PriorityTest(ExpectMisses, MockedAPITestCase):
    def test_explicit_priority_beats_a_per_test_stub(self):
        self.api.add("GET", f"{API}/p", json="per-test")

        self.assertEqual(requests.get(f"{API}/p").json(), "settings, urgent")

    def test_lower_number_is_higher_priority(self):
        self.api.add("GET", f"{API}/p", json="per-test, first", priority=0)

        self.assertEqual(requests.get(f"{API}/p").json(), "per-test, first")

    def test_then_per_test_over_settings_then_most_specific(self):
        self.api.add("GET", f"{API}/q", json="general")
        self.api.add("GET", f"{API}/q", match={"query": {"a": "1"}}, json="specific")

        self.assertEqual(requests.get(f"{API}/q?a=1").json(), "specific")
        self.assertEqual(requests.get(f"{API}/q?a=2").json(), "general")

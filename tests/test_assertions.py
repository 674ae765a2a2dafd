"""assertAPICalled: partial parts, URL forms, files; calls.last; assertNoAPICalls."""

from __future__ import annotations

import re
from unittest import mock

import httpx
import requests

from apimock import MockedAPITestCase

API = "https://assert.example.com/v1"
PDF = b"%PDF-1.4 }{ \xff"


class PartialPartsTest(MockedAPITestCase):
    def setUp(self):
        self.api.add("POST", url_prefix=API, status=202)

    def test_json_contains_passes_on_the_keys_given(self):
        requests.post(
            f"{API}/mail",
            json={"Subject": "Hi", "To": ["a@x"], "Meta": {"id": 1, "tag": "t"}},
        )

        self.assertAPICalled(
            "POST", f"{API}/mail", json_contains={"Subject": "Hi", "Meta": {"id": 1}}
        )
        self.assertAPICalled("POST", f"{API}/mail", json_contains={"To": ["a@x"]})

    def test_json_contains_says_which_key_differs(self):
        requests.post(f"{API}/mail", json={"Subject": "Hi", "Meta": {"id": 1}})

        with self.assertRaises(AssertionError) as caught:
            self.assertAPICalled(
                "POST", f"{API}/mail", json_contains={"Meta": {"id": 2}, "From": "x"}
            )

        message = str(caught.exception)
        self.assertIn("it was called once, but with a different JSON body:", message)
        self.assertIn("JSON body differs:", message)
        self.assertIn("- $.Meta.id is 1, expected 2", message)
        self.assertIn("- $.From is missing", message)

    def test_exact_json_takes_mock_any(self):
        requests.post(f"{API}/mail", json={"id": "generated-7", "name": "Ada"})

        self.assertAPICalled(
            "POST", f"{API}/mail", json={"id": mock.ANY, "name": "Ada"}, times=1
        )

    def test_data_with_a_list_matches_a_field_requests_sent_once(self):
        requests.post(f"{API}/mail", data={"to": ["a@x"], "subject": "Hi"})

        self.assertAPICalled(
            "POST", f"{API}/mail", data={"to": ["a@x"], "subject": "Hi"}
        )
        self.assertAPICalled("POST", f"{API}/mail", data={"to": "a@x", "subject": "Hi"})
        self.assertAPICalled("POST", f"{API}/mail", data_contains={"to": ["a@x"]})

    def test_exact_data_fails_for_a_field_it_does_not_name(self):
        requests.post(f"{API}/mail", data={"to": ["a@x", "b@x"], "subject": "Hi"})

        with self.assertRaises(AssertionError) as caught:
            self.assertAPICalled("POST", f"{API}/mail", data={"to": ["a@x", "b@x"]})

        self.assertIn("form has unexpected subject='Hi'", str(caught.exception))

    def test_a_one_value_expectation_fails_for_a_field_sent_twice(self):
        requests.post(f"{API}/mail", data={"to": ["a@x", "b@x"]})

        with self.assertRaises(AssertionError) as caught:
            self.assertAPICalled("POST", f"{API}/mail", data_contains={"to": "a@x"})

        self.assertIn("form to was sent 2 times", str(caught.exception))

    def test_params_with_a_list(self):
        requests.post(f"{API}/search", params={"tag": ["a"]})

        self.assertAPICalled("POST", f"{API}/search", params={"tag": ["a"]})


class UrlFormsTest(MockedAPITestCase):
    def setUp(self):
        self.api.add("ANY", url_prefix=API)
        requests.get(f"{API}/customers/cus_42/cards?limit=3")
        httpx.delete(f"{API}/customers/cus_7")

    def test_a_template_with_path_parameters(self):
        self.assertAPICalled("GET", API + "/customers/{id}/cards", times=1)
        self.assertAPICalled("DELETE", API + "/customers/{id}", times=1)
        self.assertAPINotCalled("GET", API + "/customers/{id}")

    def test_a_regex_string_or_compiled_pattern(self):
        self.assertAPICalled("GET", url_regex=API + r"/customers/cus_\d+/cards.*")
        self.assertAPICalled("GET", re.compile(API + r"/CUSTOMERS/.*", re.IGNORECASE))

    def test_a_regex_must_match_the_whole_url_query_included(self):
        with self.assertRaises(AssertionError):
            self.assertAPICalled("GET", url_regex=API + r"/customers/cus_\d+/cards")

    def test_a_prefix(self):
        self.assertAPICalled("ANY", url_prefix=f"{API}/customers", times=2)
        self.assertAPINotCalled("GET", url_prefix=f"{API}/invoices")

    def test_the_url_is_given_once(self):
        with self.assertRaisesMessage(TypeError, "got url, url_prefix"):
            self.assertAPICalled("GET", API, url_prefix=API)
        with self.assertRaisesMessage(TypeError, "got none"):
            self.assertAPICalled("GET")


class FilesTest(MockedAPITestCase):
    def setUp(self):
        self.api.add("POST", API)
        requests.post(
            API,
            data={"subject": "Hi"},
            files=[
                ("attachment", ("a.txt", b"alpha", "text/plain")),
                ("attachment", (None, PDF, "application/pdf")),
                ("logo", ("logo.png", b"\x89PNG")),
            ],
        )

    def test_files_as_given_to_requests(self):
        self.assertAPICalled(
            "POST",
            API,
            files=[
                ("attachment", ("a.txt", b"alpha", "text/plain")),
                ("attachment", (None, PDF, "application/pdf")),
            ],
        )
        self.assertAPICalled(
            "POST", API, files={"logo": ("logo.png", b"\x89PNG", None)}
        )
        self.assertAPICalled("POST", API, files={"logo": b"\x89PNG"})
        self.assertAPICalled("POST", API, files={"logo": {"filename": "logo.png"}})

    def test_every_part_of_a_name_is_listed(self):
        with self.assertRaises(AssertionError) as caught:
            self.assertAPICalled(
                "POST", API, files={"attachment": ("a.txt", b"alpha", "text/plain")}
            )

        self.assertIn(
            "2 part(s) named 'attachment' were sent, 1 expected", str(caught.exception)
        )

    def test_a_differing_part_is_named_with_its_place(self):
        with self.assertRaises(AssertionError) as caught:
            self.assertAPICalled(
                "POST",
                API,
                files=[
                    ("attachment", ("a.txt", b"alpha", "text/plain")),
                    ("attachment", (None, b"other", "application/pdf")),
                ],
            )

        self.assertIn("part 'attachment'[1]: content differs", str(caught.exception))


class LastCallAndNoCallsTest(MockedAPITestCase):
    def test_last_is_the_most_recent_call(self):
        self.api.add("ANY", url_prefix=API)
        requests.get(f"{API}/one")
        httpx.post(f"{API}/two", json={"n": 2})

        self.assertEqual(self.api.calls.last.request.json(), {"n": 2})
        self.assertEqual(self.api.calls.last.client, "httpx")

    def test_last_without_calls_fails_the_test(self):
        with self.assertRaisesMessage(AssertionError, "No API calls were made."):
            self.api.calls.last  # noqa: B018

    def test_assert_no_api_calls(self):
        self.assertNoAPICalls()
        self.api.add("GET", API)
        requests.get(API)

        with self.assertRaises(AssertionError) as caught:
            self.assertNoAPICalls()

        self.assertIn("Expected no API calls; 1 was made:", str(caught.exception))
        self.assertIn(f"1. GET {API} [requests] -> 200", str(caught.exception))

"""The UnmatchedRequest message: what was sent, the closest stubs, what to paste."""

from __future__ import annotations

import requests
from django.test import SimpleTestCase, override_settings

import apimock
from apimock import UnmatchedRequest

ITEMS = "https://api.example.com/v1/items"


def miss(**request) -> str:
    """The message of the miss a request causes under settings stubs plus these."""
    with apimock.mocked() as api:
        api.add("GET", ITEMS, json=[], name="list items")
        api.add("POST", ITEMS, match={"json": {"amount": 10}}, name="create items")
        api.add("GET", "https://api.example.com/v1/orders?page=2", name="orders page 2")
        try:
            requests.request(timeout=1, **request)
        except UnmatchedRequest as error:
            api.reset()  # seen here: do not raise it again on exit
            return str(error)
    raise AssertionError("the request was answered")


@override_settings(APIMOCK={"STUBS": []})
class MessageTest(SimpleTestCase):
    def test_names_method_url_and_client(self):
        message = miss(method="GET", url="https://api.example.com/v1/itemz?x=1")

        self.assertTrue(
            message.startswith(
                "GET https://api.example.com/v1/itemz?x=1 matched no stub "
                "(client: requests)."
            ),
            message,
        )

    def test_path_difference_is_spelled_out(self):
        message = miss(method="GET", url="https://api.example.com/v1/itemz")

        self.assertIn("1. GET https://api.example.com/v1/items  ['list items'", message)
        self.assertIn("- path differs: /v1/itemz vs /v1/items", message)

    def test_method_difference(self):
        message = miss(method="DELETE", url=ITEMS)

        self.assertIn("- method differs: DELETE vs GET", message)

    def test_body_difference(self):
        message = miss(method="POST", url=ITEMS, json={"amount": 11})

        self.assertIn(
            "1. POST https://api.example.com/v1/items  ['create items'", message
        )
        self.assertIn("- json differs: $.amount is 11, expected 10", message)

    def test_query_difference(self):
        message = miss(method="GET", url="https://api.example.com/v1/orders?page=3")

        self.assertIn("- query page differs: '3' vs '2'", message)

    def test_at_most_three_closest_and_no_repeats(self):
        with apimock.mocked() as api:
            for _ in range(5):
                api.add("GET", ITEMS + "/same")
            try:
                requests.get(ITEMS + "/sam", timeout=1)
            except UnmatchedRequest as error:
                message = str(error)
            api.reset()

        self.assertEqual(message.count("GET https://api.example.com/v1/items/same "), 1)
        self.assertNotIn("2. ", message)

    def test_paste_lines(self):
        message = miss(method="PUT", url="https://api.example.com/v1/new")

        self.assertIn(
            'self.api.add("PUT", "https://api.example.com/v1/new", '
            "status=200, json={})",
            message,
        )
        self.assertIn(
            '{"method": "PUT", "url": "https://api.example.com/v1/new", '
            '"status": 200, "json": {}},',
            message,
        )

    def test_no_stubs_at_all(self):
        with apimock.mocked() as api:
            with self.assertRaises(UnmatchedRequest) as caught:
                requests.get(ITEMS, timeout=1)
            api.reset()

        self.assertIn("No stubs are registered.", str(caught.exception))
        self.assertIn("localhost", str(caught.exception))

    def test_ranking_puts_the_nearest_first(self):
        message = miss(method="GET", url="https://api.example.com/v1/orderz?page=2")

        first = message.index("1. ")
        self.assertIn("orders page 2", message[first : message.index("\n", first)])

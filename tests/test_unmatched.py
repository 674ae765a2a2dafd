"""The UnmatchedRequest message: what was sent, the closest stubs, what to paste."""

from __future__ import annotations

import requests
from django.test import SimpleTestCase, override_settings

import apimock
from apimock import MockedAPITestCase, UnmatchedRequest
from tests.helpers import ExpectMisses

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
class PasteLinesInATestCaseTest(ExpectMisses, MockedAPITestCase):
    def test_paste_lines_name_self_api(self):
        with self.assertUnmatched() as caught:
            requests.get("https://api.example.com/v1/new", timeout=1)

        message = str(caught.exception)
        self.assertIn(
            "To answer it, add in the test:\n"
            '    self.api.add("GET", "https://api.example.com/v1/new", '
            "status=200, json={})",
            message,
        )

    def test_a_nested_mocked_block_pastes_as_its_test_does(self):
        with apimock.mocked(), self.assertUnmatched() as caught:
            requests.get("https://api.example.com/v1/new", timeout=1)

        self.assertIn('self.api.add("GET"', str(caught.exception))


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

    def test_a_regex_is_shown_as_written(self):
        # Not as its repr: every backslash doubled would not paste back.
        with apimock.mocked() as api:
            api.add("GET", url_regex=r"https://api\.example\.com/v1/items/\d+")
            try:
                requests.get(ITEMS + "/new", timeout=1)
            except UnmatchedRequest as error:
                message = str(error)
            api.reset()

        self.assertIn(
            "- url https://api.example.com/v1/items/new does not match regex "
            r"https://api\.example\.com/v1/items/\d+" + "\n",
            message,
        )

    def test_a_header_regex_is_shown_as_written(self):
        with apimock.mocked() as api:
            api.add("GET", ITEMS, match={"headers_regex": {"X-Key": r"k-\d+"}})
            try:
                requests.get(ITEMS, headers={"X-Key": "k-a"}, timeout=1)
            except UnmatchedRequest as error:
                message = str(error)
            api.reset()

        self.assertIn(
            r"- header X-Key 'k-a' does not match regex k-\d+" + "\n", message
        )

    def test_paste_lines_outside_a_test_name_the_mock(self):
        message = miss(method="PUT", url="https://api.example.com/v1/new")

        self.assertIn(
            "To answer it, add to the mock (with apimock.mocked() as api):\n"
            '    api.add("PUT", "https://api.example.com/v1/new", '
            "status=200, json={})\n"
            'or to settings.APIMOCK["STUBS"]:\n'
            '    {"method": "PUT", "url": "https://api.example.com/v1/new", '
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


def miss_with(stubs: list[dict], **request) -> str:
    """The message of the miss ``request`` causes under exactly ``stubs``."""
    with apimock.mocked(stubs=stubs) as api:
        try:
            requests.request(timeout=1, **request)
        except UnmatchedRequest as error:
            api.reset()
            return str(error)
    raise AssertionError("the request was answered")


def closest_section(message: str) -> list[str]:
    lines = message.splitlines()
    start = lines.index("Closest stubs:") + 1
    return lines[start : lines.index("", start)]


@override_settings(APIMOCK={"STUBS": []})
class NearMissTest(SimpleTestCase):
    def test_ranks_over_method_host_path_query_headers_and_body(self):
        target = "https://pay.example.com/v1/charges"
        stubs = [
            {"method": "POST", "url": "https://other.example.org/v9/x", "name": "far"},
            {
                "method": "POST",
                "url": target,
                "match": {"json": {"amount": 5}},
                "name": "body",
            },
            {"method": "GET", "url": target, "name": "method"},
            {
                "method": "POST",
                "url": target,
                "match": {"headers": {"X-Key": "a"}},
                "name": "header",
            },
            {"method": "POST", "url": target + "?v=2", "name": "query"},
        ]

        message = miss_with(
            stubs,
            method="POST",
            url=target,
            json={"amount": 7},
            headers={"X-Key": "b"},
        )

        shown = [line for line in closest_section(message) if line[2:3].isdigit()]
        self.assertEqual(len(shown), 3)
        self.assertNotIn("'far'", message)
        self.assertNotIn("'method'", message)  # a method difference weighs most
        self.assertIn("- json differs: $.amount is 7, expected 5", message)
        self.assertIn("- header X-Key differs: 'b' vs 'a'", message)
        self.assertIn("- query lacks v='2'", message)

    def test_a_line_is_never_printed_twice(self):
        stubs = [
            {"method": "POST", "url": ITEMS, "match": {"json": {"n": i}}}
            for i in range(3)
        ]

        message = miss_with(stubs, method="GET", url=ITEMS, json={"n": 9})

        section = closest_section(message)
        self.assertEqual(len(section), len(set(section)), section)
        self.assertEqual(sum("method differs: GET vs POST" in s for s in section), 1)
        self.assertEqual(section[0], "  all of them: method differs: GET vs POST")

    def test_a_reason_some_share_is_referred_to(self):
        stubs = [
            {"method": "POST", "url": ITEMS, "match": {"json": {"n": 1}}},
            {"method": "POST", "url": ITEMS, "match": {"json": {"n": 2}}},
            {"method": "GET", "url": ITEMS, "match": {"json": {"n": 3}}},
        ]

        message = miss_with(stubs, method="GET", url=ITEMS, json={"n": 9})

        section = closest_section(message)
        self.assertEqual(len(section), len(set(section)), section)
        self.assertEqual(sum("method differs: GET vs POST" in s for s in section), 1)
        self.assertIn("       - and its method as in 2 above", section)

    def test_no_diff_of_identical_strings(self):
        long_prefix = "x" * 80
        long_miss = miss_with(
            [
                {
                    "method": "POST",
                    "url": ITEMS,
                    "match": {"json": {"note": long_prefix + "A"}},
                }
            ],
            method="POST",
            url=ITEMS,
            json={"note": long_prefix + "B"},
        )
        typed_miss = miss_with(
            [{"method": "GET", "url": ITEMS, "match": {"query": {"a": "1 "}}}],
            method="GET",
            url=ITEMS + "?a=1",
        )

        [long_line] = [s for s in closest_section(long_miss) if "$.note" in s]
        got, wanted = long_line.split(" is ", 1)[1].split(", expected ")
        self.assertNotEqual(got, wanted)
        self.assertIn("B'", got)
        self.assertIn("A'", wanted)
        for line in closest_section(long_miss) + closest_section(typed_miss):
            if " vs " in line:
                left, right = line.split(" vs ")
                self.assertNotEqual(left.rsplit(": ", 1)[-1], right)

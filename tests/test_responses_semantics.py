"""What a suite written for ``responses`` means, kept or said out loud."""

from __future__ import annotations

import re
import warnings

import requests

import apimock
from apimock import MockedAPITestCase
from apimock.exceptions import ShadowedStubWarning, StubError
from tests.helpers import ExpectMisses

ADFS = "https://adfs.example.com"


class CompiledPatternTest(ExpectMisses, MockedAPITestCase):
    def test_a_compiled_url_is_a_url_regex_with_its_flags(self):
        self.api.add("GET", re.compile(ADFS + r"/.*/OAUTH2/TOKEN", re.I), json="tok")

        response = requests.get(ADFS + "/adfs/oauth2/token", timeout=1)

        self.assertEqual(response.json(), "tok")

    def test_url_regex_takes_a_compiled_pattern_too(self):
        self.api.add("GET", url_regex=re.compile(ADFS + r"/keys"), json="keys")

        self.assertEqual(requests.get(ADFS + "/keys", timeout=1).json(), "keys")

    def test_a_path_parameter_from_a_compiled_group(self):
        self.api.add(
            "GET", re.compile(ADFS + r"/users/(?P<id>\d+)"), json="{request.path.id}"
        )

        self.assertEqual(requests.get(ADFS + "/users/7", timeout=1).json(), "7")

    def test_a_compiled_pattern_in_url_of_a_stub_dict_says_where_it_goes(self):
        stub = {"method": "GET", "url": re.compile(ADFS)}
        with self.assertRaisesMessage(StubError, "a pattern goes in 'url_regex'"):
            apimock.mocked(stubs=[stub]).__enter__()

    def test_a_miss_says_the_regex_matched_only_the_start(self):
        self.api.add("GET", re.compile(ADFS + r"/adfs/oauth2/token"))

        with self.assertUnmatched() as caught:
            requests.get(ADFS + "/adfs/oauth2/token/v2", timeout=1)

        self.assertIn(
            "(its start does: the regex must match the whole URL, query included, "
            "where responses' re.match let anything follow; end it with .* to do "
            "the same)",
            str(caught.exception),
        )

    def test_a_miss_says_the_query_is_part_of_what_the_regex_sees(self):
        self.api.add("GET", url_regex=ADFS + r"/adfs/[a-z]+/keys")

        with self.assertUnmatched() as caught:
            requests.get(ADFS + "/adfs/discovery/keys", params={"v": "2"}, timeout=1)

        self.assertIn(
            "(the URL without its query does: the query ?v=2 is part of what the "
            "regex sees",
            str(caught.exception),
        )


class CallbackTest(MockedAPITestCase):
    def test_the_stubs_content_type_is_kept_for_a_callback(self):
        self.api.add(
            "GET",
            ADFS + "/meta",
            callback=lambda request: (200, [], "<xml/>"),
            content_type="application/xml",
            headers={"X-Stub": "1"},
        )

        response = requests.get(ADFS + "/meta", timeout=1)

        self.assertEqual(response.headers["Content-Type"], "application/xml")
        self.assertEqual(response.headers["X-Stub"], "1")

    def test_headers_the_callback_sets_win(self):
        self.api.add(
            "GET",
            ADFS + "/meta",
            callback=lambda request: (200, {"content-type": "text/html"}, "<p/>"),
            content_type="application/xml",
        )

        response = requests.get(ADFS + "/meta", timeout=1)

        self.assertEqual(response.headers["Content-Type"], "text/html")


class ErrorTest(MockedAPITestCase):
    def test_error_takes_an_exception_as_body_does(self):
        self.api.add("GET", ADFS + "/a", error=requests.exceptions.SSLError("bad cert"))
        self.api.add("GET", ADFS + "/b", error=requests.exceptions.ConnectTimeout)

        with self.assertRaisesMessage(requests.exceptions.SSLError, "bad cert"):
            requests.get(ADFS + "/a", timeout=1)
        with self.assertRaises(requests.exceptions.ConnectTimeout):
            requests.get(ADFS + "/b", timeout=1)

    def test_anything_else_says_what_error_takes(self):
        with self.assertRaisesMessage(
            StubError, "or an exception instance or class (as body= takes)"
        ):
            self.api.add("GET", ADFS, error="timout")


class SameUrlTwiceTest(MockedAPITestCase):
    def test_two_alike_stubs_added_together_warn_when_the_newer_answers(self):
        self.api.add("POST", ADFS + "/token", json="guest")
        self.api.add("POST", ADFS + "/token", json="member")

        with self.assertWarns(ShadowedStubWarning) as caught:
            first = requests.post(ADFS + "/token", timeout=1).json()
        second = requests.post(ADFS + "/token", timeout=1).json()

        self.assertEqual((first, second), ("member", "member"))
        message = str(caught.warning)
        test = type(
            self
        ).test_two_alike_stubs_added_together_warn_when_the_newer_answers
        first_line = test.__code__.co_firstlineno
        self.assertIn(
            f"api.add() at tests/test_responses_semantics.py:{first_line + 2} answers "
            "POST https://adfs.example.com/token in place of api.add() at "
            f"tests/test_responses_semantics.py:{first_line + 1}",
            message,
        )
        self.assertIn("responses=[{...}, {...}]", message)
        self.assertEqual(caught.filename, __file__)

    def test_a_sequence_answers_in_turn(self):
        self.api.add(
            "POST", ADFS + "/token", responses=[{"json": "guest"}, {"json": "member"}]
        )

        answers = [requests.post(ADFS + "/token", timeout=1).json() for _ in "ab"]

        self.assertEqual(answers, ["guest", "member"])

    def test_no_warning_for_an_override_of_a_used_stub(self):
        self.api.add("GET", ADFS, json="first")
        requests.get(ADFS, timeout=1)
        self.api.add("GET", ADFS, json="then")

        with warnings.catch_warnings():
            warnings.simplefilter("error", ShadowedStubWarning)
            self.assertEqual(requests.get(ADFS, timeout=1).json(), "then")

    def test_no_warning_when_the_newer_has_times(self):
        self.api.add("GET", ADFS, json="later")
        self.api.add("GET", ADFS, json="first", times=1)

        with warnings.catch_warnings():
            warnings.simplefilter("error", ShadowedStubWarning)
            answers = [requests.get(ADFS, timeout=1).json() for _ in "ab"]

        self.assertEqual(answers, ["first", "later"])


class OverrideOfSetUpTest(MockedAPITestCase):
    def setUp(self):
        self.api.add("GET", ADFS, json="default")

    def test_a_test_overriding_its_setup_stub_is_not_warned(self):
        self.api.add("GET", ADFS, status=503)

        with warnings.catch_warnings():
            warnings.simplefilter("error", ShadowedStubWarning)
            self.assertEqual(requests.get(ADFS, timeout=1).status_code, 503)


class DefaultsTestCase(MockedAPITestCase):
    def setUp(self):
        self.api.add("GET", ADFS, json="default")


class SubclassOverrideTest(DefaultsTestCase):
    def setUp(self):
        super().setUp()
        self.api.add("GET", ADFS, status=503)

    def test_a_subclass_setup_overriding_its_base_is_not_warned(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error", ShadowedStubWarning)
            self.assertEqual(requests.get(ADFS, timeout=1).status_code, 503)

    def test_alike_stubs_from_one_helper_are_warned(self):
        def stub_tokens():
            self.api.add("POST", ADFS + "/token", json="guest")
            self.api.add("POST", ADFS + "/token", json="member")

        stub_tokens()

        with self.assertWarns(ShadowedStubWarning):
            requests.post(ADFS + "/token", timeout=1)

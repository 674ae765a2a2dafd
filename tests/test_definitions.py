"""A stub is validated and compiled once per distinct definition, and the
caching never shows: each test's stubs still answer, count and follow the
settings as their own."""

from __future__ import annotations

from unittest import mock

import requests
from django.test import SimpleTestCase, override_settings

from apimock import MockedAPISimpleTestCase, mocked
from apimock.stubs import definitions, model
from tests.helpers import problems, run_case

URL = "https://things.example.org/v1/things"


def validations() -> mock._patch[mock.MagicMock]:
    """A spy on stub validation: how often a stub is validated."""
    return mock.patch.object(model, "validate_stub", wraps=model.validate_stub)


def validated(spy: mock.MagicMock) -> int:
    """How often the spy saw a stub for URL validated: the settings stubs are
    validated too the first time a mock of the process reads them, which
    depends on the tests run before (alone, or in an xdist worker)."""
    stubs = [call.args[0] for call in spy.call_args_list]
    return sum(1 for stub in stubs if isinstance(stub, dict) and stub.get("url") == URL)


class ContentKeyTests(SimpleTestCase):
    def test_equal_content_gives_equal_keys(self) -> None:
        first = {"method": "GET", "url": URL, "json": {"a": [1, "x", None]}}
        second = {"method": "GET", "url": URL, "json": {"a": [1, "x", None]}}
        self.assertEqual(
            definitions.content_key(first), definitions.content_key(second)
        )

    def test_values_python_finds_equal_are_told_apart(self) -> None:
        keys = {
            definitions.content_key({"json": value})
            for value in (1, True, 1.0, "1", 0.0, -0.0, [1], (1,))
        }
        self.assertEqual(len(keys), 8)

    def test_key_order_is_content(self) -> None:
        # The JSON a stub answers keeps its keys' order.
        self.assertNotEqual(
            definitions.content_key({"json": {"a": 1, "b": 2}}),
            definitions.content_key({"json": {"b": 2, "a": 1}}),
        )

    def test_objects_and_files_are_not_keyed(self) -> None:
        for raw in (
            {"method": "GET", "url": URL, "body": requests.ConnectionError()},
            {"method": "GET", "url": URL, "callback": print},
            {"method": "GET", "url": URL, "body_file": "x.json"},
            {"method": "GET", "url": URL, "responses": [{"body_file": "x.json"}]},
        ):
            with self.subTest(raw=raw):
                self.assertIsNone(definitions.content_key(raw))


class DefinitionCacheTests(SimpleTestCase):
    def setUp(self) -> None:
        definitions.clear()

    def test_a_stub_added_in_every_test_is_validated_once(self) -> None:
        class Suite(MockedAPISimpleTestCase):
            def _test(self) -> None:
                self.api.add("GET", URL, json={"id": 1})
                self.assertEqual(requests.get(URL, timeout=5).json(), {"id": 1})

            test_a = test_b = test_c = _test

        with validations() as spy:
            result = run_case(Suite)
        self.assertEqual(problems(result), [])
        self.assertEqual(result.testsRun, 3)
        self.assertEqual(validated(spy), 1)

    def test_a_changed_stub_is_validated_again(self) -> None:
        with validations() as spy, mocked() as api:
            api.add("GET", URL, json={"id": 1})
            api.add("GET", URL, json={"id": 2})
        self.assertEqual(validated(spy), 2)

    def test_an_invalid_stub_is_refused_every_time(self) -> None:
        for _ in range(2):
            with mocked() as api, self.assertRaisesMessage(Exception, "status"):
                api.add("GET", URL, status="teapot")

    def test_stubs_holding_objects_are_validated_each_time(self) -> None:
        with validations() as spy, mocked() as api:
            for error in (requests.ConnectionError("a"), requests.Timeout("b")):
                api.add("GET", URL, body=error)
                with self.assertRaises(type(error)):
                    requests.get(URL, timeout=5)
        self.assertEqual(validated(spy), 2)

    def test_changing_the_dict_passed_changes_no_later_stub(self) -> None:
        answer = {"id": 1}
        with mocked() as api:
            api.add("GET", URL, json=answer)
            requests.get(URL, timeout=5)
        answer["id"] = 2  # after the add: the first test's own object
        with mocked() as api:
            api.add("GET", URL, json={"id": 1})
            self.assertEqual(requests.get(URL, timeout=5).json(), {"id": 1})

    def test_two_equal_stubs_in_one_test_are_two_stubs(self) -> None:
        with mocked() as api:
            api.add("GET", URL, json={"n": 1}, times=1)
            api.add("GET", URL, json={"n": 1}, times=1)
            requests.get(URL, timeout=5)
            requests.get(URL, timeout=5)  # the second stub's one use
            self.assertEqual(len(api.unused_stubs()), 0)

    @override_settings(THINGS_URL=URL)
    def test_a_cached_stub_follows_the_settings_it_reads(self) -> None:
        stub = {"method": "GET", "url": "{settings.THINGS_URL}", "json": {"n": 1}}
        with mocked(stubs=[stub]):
            self.assertEqual(requests.get(URL, timeout=5).json(), {"n": 1})
        other = "https://other.example.com/v1/things"
        with override_settings(THINGS_URL=other), mocked(stubs=[stub]) as api:
            self.assertEqual(requests.get(other, timeout=5).json(), {"n": 1})
            self.assertEqual(api.stubs()[0].url, other)
        with mocked(stubs=[stub]) as api:
            self.assertEqual(api.stubs()[0].url, URL)

    def test_what_resolving_gives_is_shared_while_settings_hold(self) -> None:
        stub = {"method": "GET", "url": URL, "json": {"n": 1}}
        with mocked(stubs=[stub]) as first:
            kept = first.stubs()[0].resolved
        with mocked(stubs=[stub]) as second:
            self.assertIs(second.stubs()[0].resolved, kept)

    def test_the_cache_is_bounded(self) -> None:
        memo: definitions.Memo[int] = definitions.Memo(limit=3)
        for number in range(5):
            memo.put(number, number)
        self.assertEqual(len(memo), 3)
        self.assertIsNone(memo.get(0))
        self.assertEqual(memo.get(4), 4)

"""Class stubs, a nested mocked()'s calls and labels, which session sent a call."""

from __future__ import annotations

import gc
import weakref

import httpx
import requests

import apimock
from apimock import MockedAPITestCase
from tests.helpers import ExpectMisses, problems, run_case

API = "https://nest.example.com/v1"


class ClassStubsTest(ExpectMisses, MockedAPITestCase):
    stubs = [
        {"method": "GET", "url": f"{API}/groups", "json": ["admins"]},
        {"method": "GET", "url": f"{API}/me", "json": {"name": "Ada"}},
    ]

    @classmethod
    def setUpTestData(cls):
        cls.groups = requests.get(f"{API}/groups", timeout=1).json()
        cls.api.add("GET", f"{API}/flags", json={"beta": True})

    def test_the_class_stubs_answered_set_up_test_data(self):
        self.assertEqual(self.groups, ["admins"])

    def test_the_class_stubs_and_adds_answer_every_test(self):
        self.assertEqual(requests.get(f"{API}/me", timeout=1).json(), {"name": "Ada"})
        self.assertEqual(requests.get(f"{API}/flags", timeout=1).json(), {"beta": True})

    def test_a_test_stub_wins_over_a_class_stub(self):
        self.api.add("GET", f"{API}/me", status=404)

        self.assertEqual(requests.get(f"{API}/me", timeout=1).status_code, 404)

    def test_a_miss_names_class_stubs_by_where_they_are(self):
        with self.assertUnmatched() as caught:
            requests.get(f"{API}/m", timeout=1)

        message = str(caught.exception)
        self.assertIn("[ClassStubsTest.stubs[1]]", message)
        self.assertRegex(
            message,
            r"\[cls\.api\.add\(\) at tests/test_class_stubs_and_nesting.py:\d+\]",
        )


class BrokenClassStubsTest(MockedAPITestCase):
    def test_a_broken_class_stub_fails_the_class_saying_which(self):
        class Broken(MockedAPITestCase):
            stubs = [{"method": "GET", "url": API, "jsno": {}}]

            def test_it(self):
                pass

        [problem] = problems(run_case(Broken))

        self.assertIn("Broken.stubs[0]: unknown key 'jsno'", problem)


class NestedMockedTest(ExpectMisses, MockedAPITestCase):
    def test_a_nested_blocks_calls_are_the_tests_calls_too(self):
        self.api.add("GET", f"{API}/outer")
        requests.get(f"{API}/outer", timeout=1)
        with apimock.mocked(stubs=[{"method": "GET", "url": f"{API}/inner"}]) as api:
            requests.get(f"{API}/inner", timeout=1)

        self.assertEqual([str(c) for c in api.calls], [f"GET {API}/inner"])
        self.assertEqual(
            [str(c) for c in self.api.calls], [f"GET {API}/outer", f"GET {API}/inner"]
        )
        self.assertAPICalled("GET", f"{API}/inner", times=1)

    def test_nested_stubs_are_labelled_as_nested(self):
        with apimock.mocked(stubs=[{"method": "GET", "url": f"{API}/a"}]) as api:
            api.add("GET", f"{API}/b")
            with self.assertUnmatched() as caught:
                requests.get(f"{API}/c", timeout=1)

        message = str(caught.exception)
        self.assertIn("[mocked(stubs=...)[0]]", message)
        self.assertRegex(
            message,
            r"\[mocked\(\) api\.add\(\) at tests/test_class_stubs_and_nesting.py:\d+\]",
        )


class SessionTest(MockedAPITestCase):
    def test_which_session_or_client_sent_each_call(self):
        self.api.add("GET", url_prefix=API)
        with requests.Session() as session, httpx.Client() as client:
            session.get(f"{API}/1", timeout=1)
            session.get(f"{API}/2", timeout=1)
            requests.get(f"{API}/3", timeout=1)
            client.get(f"{API}/4")

        first, second, third, fourth = self.api.calls
        self.assertIs(first.session, session)
        self.assertIs(second.session, session)
        # requests.get() made a session for its one call and dropped it: the
        # log keeps a dead reference in its place.
        self.assertIsInstance(third.session, weakref.ref)
        self.assertIsNone(third.session())
        self.assertIsNot(third.session, session)
        self.assertIs(fourth.session, client)

    def test_a_dropped_session_is_told_apart_from_others_by_identity(self):
        self.api.add("GET", url_prefix=API)

        def reused():
            session = requests.Session()
            session.get(f"{API}/1", timeout=1)
            session.get(f"{API}/2", timeout=1)

        reused()
        requests.get(f"{API}/3", timeout=1)
        requests.get(f"{API}/4", timeout=1)

        first, second, third, fourth = self.api.calls
        self.assertIs(first.session, second.session)
        self.assertIsNot(second.session, third.session)
        self.assertIsNot(third.session, fourth.session)
        self.assertIsNotNone(third.session)

    def test_a_redirect_is_sent_by_the_same_session(self):
        self.api.add(
            "GET", f"{API}/old", status=302, headers={"Location": f"{API}/new"}
        )
        self.api.add("GET", f"{API}/new", json={"moved": True})
        with requests.Session() as session:
            session.get(f"{API}/old", timeout=1)
            requests.get(f"{API}/old", timeout=1)

        first, second, third, fourth = self.api.calls
        self.assertEqual([first.session, second.session], [session, session])
        self.assertIs(third.session, fourth.session)
        self.assertIsNot(third.session, session)

    def test_the_log_does_not_keep_a_session_alive(self):
        self.api.add("GET", url_prefix=API)
        session = requests.Session()
        session.get(f"{API}/1", timeout=1)
        gone = weakref.ref(session)
        was_enabled = gc.isenabled()
        gc.disable()  # freed by reference counting, as it is without a log
        try:
            del session
            self.assertIsNone(gone())
        finally:
            if was_enabled:
                gc.enable()
        self.assertIs(self.api.calls[0].session, gone)

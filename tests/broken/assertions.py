"""Call assertions and unused-stub reports that fail."""

from __future__ import annotations

import requests
from django.test import override_settings

from apimock import MockedAPITestCase
from tests.broken.registry import scenario

PUSH = "https://push.example.com/v1/messages"
MAILER = "https://mailer.example.com/v1/send"


def send(to: str) -> None:
    requests.post(MAILER, json={"to": to}, timeout=5)  # <- the line


@scenario(
    "called once, different JSON body",
    "assertion",
    method="POST",
    url=MAILER,
    closest="called once, but with a different JSON body",
    diff='-  "to": "alice@example.com"',
    absent={"closest": "it was called 0 time(s)"},
)
class CalledWithADifferentBody(MockedAPITestCase):
    def test_it(self):
        self.api.add("POST", MAILER, json={"ok": True})
        send("bob@example.com")
        self.assertAPICalled(  # <- the line
            "POST", MAILER, json={"to": "alice@example.com"}
        )


@scenario(
    "times= mismatch lists each call",
    "assertion",
    method="POST",
    url=MAILER,
    closest="called 3 times",
    diff='{"to": "carol@example.com"}',
    where=f"assertions.py:{send.__code__.co_firstlineno + 1}",
)
class CalledTooOften(MockedAPITestCase):
    def test_it(self):
        self.api.add("POST", MAILER, json={"ok": True})
        for to in ("alice@example.com", "bob@example.com", "carol@example.com"):
            send(to)
        self.assertAPICalled("POST", MAILER, times=2)


@scenario(
    "expected call never made",
    "assertion",
    method="POST",
    url=MAILER,
    closest="No API calls were made",
)
class NeverCalled(MockedAPITestCase):
    def test_it(self):
        self.assertAPICalled("POST", MAILER)  # <- the line


@scenario(
    "expected call made to a neighbouring URL",
    "assertion",
    method="POST",
    url=MAILER,
    closest=f"POST {MAILER}/batch",
    diff="path differs: /v1/send/batch vs /v1/send",
)
class CalledANeighbour(MockedAPITestCase):
    def test_it(self):
        self.api.add("POST", f"{MAILER}/batch", json={"ok": True})
        requests.post(f"{MAILER}/batch", json=[], timeout=5)
        self.assertAPICalled("POST", MAILER)  # <- the line


@scenario(
    "call made that must not be",
    "assertion",
    method="POST",
    url=MAILER,
    closest="called once",
    diff='{"to": "bob@example.com"}',
    where=f"assertions.py:{send.__code__.co_firstlineno + 1}",
)
class CalledButMustNotBe(MockedAPITestCase):
    def test_it(self):
        self.api.add("POST", MAILER, json={"ok": True})
        send("bob@example.com")
        self.assertAPINotCalled("POST", MAILER)


@scenario(
    "unused stub",
    "unused",
    method="POST",
    url=PUSH,
    closest=f"POST {PUSH}/batch",
    diff="path differs: /v1/messages/batch vs /v1/messages",
)
class UnusedStub(MockedAPITestCase):
    def test_it(self):
        self.api.add(  # <- the line
            "POST", PUSH, match={"json": {"to": "device-1"}}, status=201
        )
        self.api.add("POST", f"{PUSH}/batch", status=201)
        requests.post(f"{PUSH}/batch", json=[{"to": "device-1"}], timeout=5)
        self.assertAllStubsUsed()


@scenario(
    "two unused stubs, same method and URL",
    "unused",
    method="GET",
    url=f"{MAILER}/status",
    closest="Authorization",
    diff='headers {"Authorization": "Bearer b"}',
)
class TwoAlikeUnusedStubs(MockedAPITestCase):
    def test_it(self):
        self.api.add(
            "GET", f"{MAILER}/status", match={"headers": {"Authorization": "Bearer a"}}
        )
        self.api.add(  # <- the line
            "GET", f"{MAILER}/status", match={"headers": {"Authorization": "Bearer b"}}
        )
        self.assertAllStubsUsed()


@override_settings(APIMOCK={"ASSERT_ALL_USED": True})
@scenario(
    "ASSERT_ALL_USED names the stub",
    "unused",
    method="DELETE",
    url=f"{MAILER}/1",
    closest="never called",
)
class AssertAllUsedSetting(MockedAPITestCase):
    def test_it(self):
        self.api.add("DELETE", f"{MAILER}/1", status=204)  # <- the line

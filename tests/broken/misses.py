"""Requests no stub answers: typos, near misses, other hosts, swallowed ones."""

from __future__ import annotations

import socket
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import httpx
import requests
import stripe
from django.conf import settings

import apimock
from apimock import MockedAPITestCase
from tests.broken.registry import miss, scenario

PUSH = "https://push.example.com/v1/messages"
PUSH_TYPO = "https://push.example.com/v1/mesages"
MAILGUN = "https://api.mailgun.net/v3/mg.example.com/messages"
MAILER = "https://mailer.example.com/v1/send"
STIPE = "https://api.stipe.com/v1/tokens"  # a typo of api.stripe.com


def notify_quietly(text: str) -> bool:
    """Code under test that swallows every error, as real code often does."""
    try:
        requests.post(MAILGUN, data={"text": text}, timeout=5)  # <- the line
    except Exception:
        return False
    return True


@miss(
    "path typo",
    "miss",
    "POST",
    PUSH_TYPO,
    closest="'push: message created'",
    diff="path differs: /v1/mesages vs /v1/messages",
)
class PathTypo(MockedAPITestCase):
    def test_it(self):
        requests.post(PUSH_TYPO, json={"to": "device-1"}, timeout=5)  # <- the line


@miss(
    "wrong method",
    "miss",
    "GET",
    PUSH,
    closest="'push: message created'",
    diff="method differs: GET vs POST",
)
class WrongMethod(MockedAPITestCase):
    def test_it(self):
        requests.get(PUSH, timeout=5)  # <- the line


@miss(
    "JSON body differs",
    "miss",
    "POST",
    MAILER,
    closest="'send to alice'",
    diff="json differs: $.to is 'bob@example.com', expected 'alice@example.com'",
)
class JsonBodyDiffers(MockedAPITestCase):
    def test_it(self):
        self.api.add(
            "POST",
            MAILER,
            match={"json": {"to": "alice@example.com"}},
            name="send to alice",
        )
        requests.post(MAILER, json={"to": "bob@example.com"}, timeout=5)  # <- the line


@miss(
    "header missing",
    "miss",
    "GET",
    f"{MAILER}/status",
    closest=f"GET {MAILER}/status",
    diff="header Authorization is missing (expected 'Bearer mailer-key')",
)
class HeaderMissing(MockedAPITestCase):
    def test_it(self):
        self.api.add(
            "GET",
            f"{MAILER}/status",
            match={"headers": {"Authorization": "Bearer mailer-key"}},
        )
        requests.get(f"{MAILER}/status", timeout=5)  # <- the line


@miss(
    "query differs",
    "miss",
    "GET",
    f"{MAILER}/log?page=3",
    closest=f"GET {MAILER}/log?page=2",
    diff="page",
)
class QueryDiffers(MockedAPITestCase):
    def test_it(self):
        self.api.add("GET", f"{MAILER}/log?page=2", json=[])
        requests.get(f"{MAILER}/log", params={"page": 3}, timeout=5)  # <- the line


@miss(
    "no stub for the host",
    "miss",
    "POST",
    MAILGUN,
    closest="No stub for host api.mailgun.net",
    absent={"closest": "Closest stubs"},
)
class NoStubForHost(MockedAPITestCase):
    def test_it(self):
        requests.post(MAILGUN, data={"text": "hi"}, timeout=5)  # <- the line


@miss(
    "host typo",
    "miss",
    "POST",
    STIPE,
    closest="No stub for host api.stipe.com",
    diff="Did you mean api.stripe.com?",
)
class HostTypo(MockedAPITestCase):
    def test_it(self):
        requests.post(STIPE, data={}, timeout=5)  # <- the line


@miss(
    "swallowed miss",
    "swallowed",
    "POST",
    MAILGUN,
    closest="No stub for host api.mailgun.net",
    where=f"misses.py:{notify_quietly.__code__.co_firstlineno + 3}",
)
class SwallowedMiss(MockedAPITestCase):
    def test_it(self):
        self.assertFalse(notify_quietly("hi"))


def _fetch_in_thread() -> None:
    requests.get(f"{MAILGUN}/1", timeout=5)  # <- the line


@miss(
    "miss kills a thread",
    "thread",
    "GET",
    f"{MAILGUN}/1",
    closest="No stub for host api.mailgun.net",
    where=f"misses.py:{_fetch_in_thread.__code__.co_firstlineno + 1}",
    absent={"short": "caught the error and carried on"},
)
class MissKillsAThread(MockedAPITestCase):
    def test_it(self):
        thread = threading.Thread(target=_fetch_in_thread, name="mailer")
        thread.start()
        thread.join(timeout=10)


@miss(
    "miss in a future nobody read",
    "thread",
    "GET",
    f"{MAILGUN}/1",
    closest="No stub for host api.mailgun.net",
    where=f"misses.py:{_fetch_in_thread.__code__.co_firstlineno + 1}",
)
class MissInAFutureNobodyRead(MockedAPITestCase):
    def test_it(self):
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(_fetch_in_thread)


@miss(
    "urlopen names urllib.request",
    "miss",
    "GET",
    f"{PUSH}/7",
    client="urllib.request",
    closest="'push: message created'",
    diff="path differs: /v1/messages/7 vs /v1/messages",
    absent={"client": "client: http.client"},
)
class UrlopenMiss(MockedAPITestCase):
    def test_it(self):
        urllib.request.urlopen(f"{PUSH}/7", timeout=5)  # <- the line


@miss(
    "httpx miss",
    "miss",
    "DELETE",
    PUSH,
    client="httpx",
    closest="'push: message created'",
    diff="method differs: DELETE vs POST",
)
class HttpxMiss(MockedAPITestCase):
    def test_it(self):
        httpx.delete(PUSH, timeout=5)  # <- the line


@miss(
    "miss in setUpTestData",
    "class",
    "GET",
    f"{MAILER}/templates",
    add="cls.api.add",
    absent={"paste": "self.api.add"},
)
class MissInSetUpTestData(MockedAPITestCase):
    @classmethod
    def setUpTestData(cls):
        requests.get(f"{MAILER}/templates", timeout=5)  # <- the line

    def test_it(self):
        pass


@miss(
    "miss in setUpClass",
    "class",
    "GET",
    f"{MAILER}/quota",
    add="cls.api.add",
    absent={"paste": "self.api.add"},
)
class MissInSetUpClass(MockedAPITestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        requests.get(f"{MAILER}/quota", timeout=5)  # <- the line

    def test_it(self):
        pass


@miss(
    "contracted host, typo'd path",
    "contract",
    "GET",
    "https://api.example.com/v1/itemz/42",
    closest="'items: one item'",
    diff="path differs: /v1/itemz/42 vs /v1/items/{id}",
)
class ContractedHostTypo(MockedAPITestCase):
    def test_it(self):
        requests.get("https://api.example.com/v1/itemz/42", timeout=5)  # <- the line


@scenario("raw socket blocked", "blocked", url="blocked.example.com:443")
class RawSocketBlocked(MockedAPITestCase):
    def test_it(self):
        socket.create_connection(("blocked.example.com", 443), timeout=5)  # <- the line


@miss(
    "miss through the stripe SDK",
    "sdk",
    "POST",
    "https://api.stripe.com/v1/customers",
    closest="'stripe: token created'",
    diff="path differs: /v1/customers vs /v1/tokens",
)
class StripeMiss(MockedAPITestCase):
    def test_it(self):
        stripe.Customer.create(  # <- the line
            api_key=settings.STRIPE_API_KEY, email="a@example.com"
        )


@miss(
    "miss in apimock.mocked()",
    "mocked",
    "PUT",
    f"{MAILER}/settings",
    add="api.add",
    absent={"paste": "self.api.add"},
)
def miss_in_mocked() -> None:
    with apimock.mocked():
        requests.put(f"{MAILER}/settings", json={}, timeout=5)  # <- the line


@miss(
    "cassette has no such request",
    "cassette",
    "POST",
    "https://api.stripe.com/v1/refunds",
    closest="POST https://api.stripe.com/v1/tokens",
    diff="path differs: /v1/refunds vs /v1/tokens",
    paste="create_token.yaml",
)
class CassetteMiss(MockedAPITestCase):
    cassette = "stripe/create_token"

    def test_it(self):
        requests.post(  # <- the line
            "https://api.stripe.com/v1/refunds", data={"charge": "ch_1"}, timeout=5
        )


@scenario(
    "stub cannot answer: a {request.json} value the request lacks",
    "stub error",
    method="POST",
    url=MAILER,
    closest="'echo the subject'",
    diff="{request.json.subject}",
)
class StubCannotAnswer(MockedAPITestCase):
    def test_it(self):
        self.api.add(
            "POST",
            MAILER,
            json={"echo": "{request.json.subject}"},
            name="echo the subject",
        )
        requests.post(MAILER, json={"to": "a@example.com"}, timeout=5)  # <- the line

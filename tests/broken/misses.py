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
from tests.broken.registry import scenario

PUSH = "https://push.example.com/v1/messages"
PUSH_TYPO = "https://push.example.com/v1/mesages"
MAILGUN = "https://api.mailgun.net/v3/mg.example.com/messages"
MAILER = "https://mailer.example.com/v1/send"


def notify_quietly(text: str) -> bool:
    """Code under test that swallows every error, as real code often does."""
    try:
        requests.post(MAILGUN, data={"text": text}, timeout=5)  # <- the line
    except Exception:
        return False
    return True


@scenario(
    "path typo",
    "miss",
    method="POST",
    url=PUSH_TYPO,
    client="client: requests",
    closest="'push: message created'",
    diff="path differs: /v1/mesages vs /v1/messages",
    paste=f'self.api.add("POST", "{PUSH_TYPO}", status=200, json={{}})',
)
class PathTypo(MockedAPITestCase):
    def test_it(self):
        requests.post(PUSH_TYPO, json={"to": "device-1"}, timeout=5)  # <- the line


@scenario(
    "wrong method",
    "miss",
    method="GET",
    url=PUSH,
    client="client: requests",
    closest="'push: message created'",
    diff="method differs: GET vs POST",
    paste=f'self.api.add("GET", "{PUSH}"',
)
class WrongMethod(MockedAPITestCase):
    def test_it(self):
        requests.get(PUSH, timeout=5)  # <- the line


@scenario(
    "JSON body differs",
    "miss",
    method="POST",
    url=MAILER,
    client="client: requests",
    closest="'send to alice'",
    diff="json differs: $.to is 'bob@example.com', expected 'alice@example.com'",
    paste=f'self.api.add("POST", "{MAILER}"',
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


@scenario(
    "header missing",
    "miss",
    method="GET",
    url=f"{MAILER}/status",
    client="client: requests",
    closest=f"GET {MAILER}/status",
    diff="header Authorization is missing (expected 'Bearer mailer-key')",
    paste=f'self.api.add("GET", "{MAILER}/status"',
)
class HeaderMissing(MockedAPITestCase):
    def test_it(self):
        self.api.add(
            "GET",
            f"{MAILER}/status",
            match={"headers": {"Authorization": "Bearer mailer-key"}},
        )
        requests.get(f"{MAILER}/status", timeout=5)  # <- the line


@scenario(
    "query differs",
    "miss",
    method="GET",
    url=f"{MAILER}/log?page=3",
    client="client: requests",
    closest=f"GET {MAILER}/log?page=2",
    diff="page",
    paste=f'self.api.add("GET", "{MAILER}/log?page=3"',
)
class QueryDiffers(MockedAPITestCase):
    def test_it(self):
        self.api.add("GET", f"{MAILER}/log?page=2", json=[])
        requests.get(f"{MAILER}/log", params={"page": 3}, timeout=5)  # <- the line


@scenario(
    "no stub for the host",
    "miss",
    method="POST",
    url=MAILGUN,
    client="client: requests",
    closest="No stub for host api.mailgun.net",
    paste=f'self.api.add("POST", "{MAILGUN}"',
    absent={"closest": "Closest stubs"},
)
class NoStubForHost(MockedAPITestCase):
    def test_it(self):
        requests.post(MAILGUN, data={"text": "hi"}, timeout=5)  # <- the line


@scenario(
    "swallowed miss",
    "swallowed",
    method="POST",
    url=MAILGUN,
    client="client: requests",
    closest="No stub for host api.mailgun.net",
    paste=f'self.api.add("POST", "{MAILGUN}"',
    where=f"misses.py:{notify_quietly.__code__.co_firstlineno + 3}",
)
class SwallowedMiss(MockedAPITestCase):
    def test_it(self):
        self.assertFalse(notify_quietly("hi"))


def _fetch_in_thread() -> None:
    requests.get(f"{MAILGUN}/1", timeout=5)  # <- the line


@scenario(
    "miss kills a thread",
    "thread",
    method="GET",
    url=f"{MAILGUN}/1",
    client="client: requests",
    closest="No stub for host api.mailgun.net",
    paste=f'self.api.add("GET", "{MAILGUN}/1"',
    where=f"misses.py:{_fetch_in_thread.__code__.co_firstlineno + 1}",
    absent={"short": "caught the error and carried on"},
)
class MissKillsAThread(MockedAPITestCase):
    def test_it(self):
        thread = threading.Thread(target=_fetch_in_thread, name="mailer")
        thread.start()
        thread.join(timeout=10)


@scenario(
    "miss in a future nobody read",
    "thread",
    method="GET",
    url=f"{MAILGUN}/1",
    client="client: requests",
    closest="No stub for host api.mailgun.net",
    paste=f'self.api.add("GET", "{MAILGUN}/1"',
    where=f"misses.py:{_fetch_in_thread.__code__.co_firstlineno + 1}",
)
class MissInAFutureNobodyRead(MockedAPITestCase):
    def test_it(self):
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(_fetch_in_thread)


@scenario(
    "urlopen names urllib.request",
    "miss",
    method="GET",
    url=f"{PUSH}/7",
    client="client: urllib.request",
    closest="'push: message created'",
    diff="path differs: /v1/messages/7 vs /v1/messages",
    paste=f'self.api.add("GET", "{PUSH}/7"',
    absent={"client": "client: http.client"},
)
class UrlopenMiss(MockedAPITestCase):
    def test_it(self):
        urllib.request.urlopen(f"{PUSH}/7", timeout=5)  # <- the line


@scenario(
    "httpx miss",
    "miss",
    method="DELETE",
    url=PUSH,
    client="client: httpx",
    closest="'push: message created'",
    diff="method differs: DELETE vs POST",
    paste=f'self.api.add("DELETE", "{PUSH}"',
)
class HttpxMiss(MockedAPITestCase):
    def test_it(self):
        httpx.delete(PUSH, timeout=5)  # <- the line


@scenario(
    "miss in setUpTestData",
    "class",
    method="GET",
    url=f"{MAILER}/templates",
    client="client: requests",
    paste=f'cls.api.add("GET", "{MAILER}/templates"',
    absent={"paste": "self.api.add"},
)
class MissInSetUpTestData(MockedAPITestCase):
    @classmethod
    def setUpTestData(cls):
        requests.get(f"{MAILER}/templates", timeout=5)  # <- the line

    def test_it(self):
        pass


@scenario(
    "miss in setUpClass",
    "class",
    method="GET",
    url=f"{MAILER}/quota",
    client="client: requests",
    paste=f'cls.api.add("GET", "{MAILER}/quota"',
    absent={"paste": "self.api.add"},
)
class MissInSetUpClass(MockedAPITestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        requests.get(f"{MAILER}/quota", timeout=5)  # <- the line

    def test_it(self):
        pass


@scenario(
    "contracted host, typo'd path",
    "contract",
    method="GET",
    url="https://api.example.com/v1/itemz/42",
    client="client: requests",
    closest="'items: one item'",
    diff="path differs: /v1/itemz/42 vs /v1/items/{id}",
    paste='self.api.add("GET", "https://api.example.com/v1/itemz/42"',
)
class ContractedHostTypo(MockedAPITestCase):
    def test_it(self):
        requests.get("https://api.example.com/v1/itemz/42", timeout=5)  # <- the line


@scenario("raw socket blocked", "blocked", url="blocked.example.com:443")
class RawSocketBlocked(MockedAPITestCase):
    def test_it(self):
        socket.create_connection(("blocked.example.com", 443), timeout=5)  # <- the line


@scenario(
    "miss through the stripe SDK",
    "sdk",
    method="POST",
    url="https://api.stripe.com/v1/customers",
    client="client: requests",
    closest="'stripe: token created'",
    diff="path differs: /v1/customers vs /v1/tokens",
    paste='self.api.add("POST", "https://api.stripe.com/v1/customers"',
)
class StripeMiss(MockedAPITestCase):
    def test_it(self):
        stripe.Customer.create(  # <- the line
            api_key=settings.STRIPE_API_KEY, email="a@example.com"
        )


@scenario(
    "miss in apimock.mocked()",
    "mocked",
    method="PUT",
    url=f"{MAILER}/settings",
    client="client: requests",
    paste=f'api.add("PUT", "{MAILER}/settings"',
    absent={"paste": "self.api.add"},
)
def miss_in_mocked() -> None:
    with apimock.mocked():
        requests.put(f"{MAILER}/settings", json={}, timeout=5)  # <- the line


@scenario(
    "cassette has no such request",
    "cassette",
    method="POST",
    url="https://api.stripe.com/v1/refunds",
    client="client: requests",
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

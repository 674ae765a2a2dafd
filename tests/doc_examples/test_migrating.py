"""The "after" side of docs/migrating.rst: each peer's idiom in apimock.

The docs include these tests by name, so an example that stops working
fails the suite.
"""

from __future__ import annotations

from unittest import mock

import requests
from django.conf import settings

from apimock import AUTOSPEC, MockedAPITestCase
from testproject.integrations.api import send_request_to_api
from testproject.reminders.reminders import send_reminder

USERS = "https://api.test/v1/users"


class FromResponsesTest(MockedAPITestCase):
    def test_add_and_assert(self):
        self.api.add("GET", f"{USERS}/1", json={"id": 1, "name": "Ada"})

        response = requests.get(f"{USERS}/1", timeout=5)

        self.assertEqual(response.json()["name"], "Ada")
        self.assertAPICalled("GET", f"{USERS}/1", times=1)

    def test_match_the_json_body(self):
        self.api.add(
            "POST", USERS, match={"json": {"name": "Ada"}}, status=201, json={"id": 2}
        )

        response = requests.post(USERS, json={"name": "Ada", "admin": False}, timeout=5)

        self.assertEqual(response.status_code, 201)


class FromRequestsMockTest(MockedAPITestCase):
    def test_a_sequence_of_answers(self):
        self.api.add(
            "GET",
            f"{USERS}/1",
            responses=[{"status": 503}, {"status": 200, "json": {"id": 1}}],
        )

        first = requests.get(f"{USERS}/1", timeout=5)
        second = requests.get(f"{USERS}/1", timeout=5)

        self.assertEqual([first.status_code, second.status_code], [503, 200])
        self.assertEqual(self.api.calls[1].request.method, "GET")

    def test_a_timeout(self):
        self.api.add("GET", f"{USERS}/1", error="timeout")

        with self.assertRaises(requests.Timeout):
            requests.get(f"{USERS}/1", timeout=5)


class FromVcrpyTest(MockedAPITestCase):
    # vcrpy's @vcr.use_cassette("...yaml") -> a cassette for the class.
    cassette = "stripe/create_token"

    def test_replays_the_recorded_token(self):
        response = requests.post(
            "https://api.stripe.com/v1/tokens",
            data={
                "card[number]": "4242424242424242",
                "card[exp_month]": "12",
                "card[exp_year]": "2030",
                "card[cvc]": "123",
            },
            headers={"Authorization": f"Bearer {settings.STRIPE_API_KEY}"},
            timeout=5,
        )

        self.assertEqual(response.json()["id"], "tok_1Recorded4242")


class FromMockPatchTest(MockedAPITestCase):
    # @mock.patch("...PushService.create_message") on every test, and undone
    # even when the test fails: declared once for the class.
    mock_clients = {"testproject.reminders.push.PushService.create_message": AUTOSPEC}

    def test_the_client_method_was_called(self):
        send_reminder(user_id=5, text="Hi")

        self.mocks[
            "testproject.reminders.push.PushService.create_message"
        ].assert_called_once_with(
            mock.ANY, [{"text": "Hi", "conditions": ["UserID", "EQ", 5]}]
        )

    def test_the_http_call_itself(self):
        # Instead of patching requests.post with a MagicMock: the real
        # requests call, answered by the settings stub for the items API.
        response = send_request_to_api({"name": "widget"})

        self.assertEqual(response.json(), {"item_id": "12345678"})
        self.assertAPICalled("POST", settings.API_URL, times=1)

"""The "after" side of docs/migrating.rst for vcrpy and mock.patch (the
responses and requests-mock pairs run both sides: test_from_responses.py,
test_from_requests_mock.py).

The docs include these tests by name, so an example that stops working
fails the suite.
"""

from __future__ import annotations

import uuid
from unittest import mock

import requests
from django.conf import settings

from apimock import AUTOSPEC, MockedAPITestCase, fresh
from testproject.integrations.api import send_request_to_api
from testproject.reminders.reminders import send_reminder


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


class FreshMockTest(MockedAPITestCase):
    # A MagicMock(side_effect=[...]) would be one object for every test: the
    # second test would get StopIteration (apimock.E024 says so). fresh()
    # makes one for each test.
    mock_clients = {"uuid.uuid4": fresh(lambda: mock.MagicMock(side_effect=["a", "b"]))}

    def test_one(self):
        self.assertEqual([uuid.uuid4(), uuid.uuid4()], ["a", "b"])

    def test_two(self):
        self.assertEqual([uuid.uuid4(), uuid.uuid4()], ["a", "b"])

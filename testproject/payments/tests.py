"""POST /payments/: the stripe SDK, mocked two ways."""

import asyncio
from types import SimpleNamespace

import requests
import stripe
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from apimock import MockedAPITestCase

TOKENS_URL = "https://api.stripe.com/v1/tokens"
VALID_CARD = {
    "number": "4242424242424242",
    "exp_month": 12,
    "exp_year": 2030,
    "cvc": "123",
}
DECLINED_CARD = {**VALID_CARD, "number": "4000000000000002"}
TOKEN = {"id": "tok_1", "object": "token", "card": {"last4": "4242", "brand": "Visa"}}


class MockToken:
    """Stands in for ``stripe.Token``: only Stripe's test card 4242... works."""

    @classmethod
    def create(cls, card, **options):
        if card["number"] != "4242424242424242":
            raise stripe.CardError("Your card was declined.", "number", "card_declined")
        return SimpleNamespace(
            id="tok_mock", card=SimpleNamespace(last4=card["number"][-4:], brand="Visa")
        )


class PaymentWithMockedClientTest(MockedAPITestCase):
    """Technique 1: replace the client library's class for the test."""

    mock_clients = {"stripe.Token": MockToken}

    def test_invalid_card_returns_400(self):
        response = self.client.post(reverse("payments"), DECLINED_CARD, format="json")

        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["code"], "card_declined")

    def test_valid_card_returns_201(self):
        response = self.client.post(reverse("payments"), VALID_CARD, format="json")

        self.assertEqual(response.status_code, 201)
        self.assertEqual(
            response.json(), {"token": "tok_mock", "last4": "4242", "brand": "Visa"}
        )
        self.assertIs(self.mocks["stripe.Token"], MockToken)


class PaymentOverHTTPTest(MockedAPITestCase):
    """Technique 3: the real stripe SDK, its HTTP call answered by stubs."""

    def test_valid_card_is_answered_by_the_settings_stub(self):
        response = self.client.post(reverse("payments"), VALID_CARD, format="json")

        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["token"], "tok_1Apimock4242")
        [call] = self.assertAPICalled("POST", TOKENS_URL, times=1)
        self.assertEqual(call.request.form["card[number]"], "4242424242424242")
        self.assertEqual(
            call.request.headers["Authorization"], "Bearer sk_test_apimock_sample"
        )

    def test_invalid_card_returns_400(self):
        self.api.add(
            "POST",
            TOKENS_URL,
            status=402,
            json={
                "error": {
                    "type": "card_error",
                    "code": "incorrect_number",
                    "message": "Your card number is incorrect.",
                    "param": "number",
                }
            },
        )

        response = self.client.post(reverse("payments"), VALID_CARD, format="json")

        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["detail"], "Your card number is incorrect.")

    def test_declined_test_card_from_the_stub_file(self):
        response = self.client.post(reverse("payments"), DECLINED_CARD, format="json")

        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["code"], "card_declined")

    def test_malformed_input_returns_400_without_calling_stripe(self):
        card = {**VALID_CARD, "number": "not-a-card", "exp_month": 13}

        response = self.client.post(reverse("payments"), card, format="json")

        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()), {"number", "exp_month"})
        self.assertAPINotCalled("POST", TOKENS_URL)


class PaymentFromCassetteTest(MockedAPITestCase):
    """Record and replay: Stripe's answers come from a cassette, not from stubs.

    ``testproject/cassettes/stripe/create_token.yaml`` holds two interactions,
    replayed in order; its API key is a placeholder filled in from settings.
    """

    cassette = "stripe/create_token"

    def test_a_valid_then_a_declined_card(self):
        created = self.client.post(reverse("payments"), VALID_CARD, format="json")
        declined = self.client.post(reverse("payments"), DECLINED_CARD, format="json")

        self.assertEqual(created.status_code, 201)
        self.assertEqual(created.json()["token"], "tok_1Recorded4242")
        self.assertEqual(declined.status_code, 400)
        self.assertEqual(declined.json()["code"], "card_declined")
        self.assertAPICalled("POST", TOKENS_URL, times=2)


class StripeDownTest(MockedAPITestCase):
    """Stripe unavailable: the endpoint answers 502, whatever the failure."""

    def assert_bad_gateway(self):
        response = self.client.post(reverse("payments"), VALID_CARD, format="json")
        self.assertEqual(response.status_code, 502)
        self.assertAPICalled("POST", TOKENS_URL, times=1)

    def test_server_error(self):
        self.api.add(
            "POST",
            TOKENS_URL,
            status=503,
            json={"error": {"type": "api_error", "message": "Service unavailable."}},
        )
        self.assert_bad_gateway()

    def test_timeout(self):
        self.api.add("POST", TOKENS_URL, body=requests.Timeout("read timed out"))
        self.assert_bad_gateway()

    def test_connection_error(self):
        self.api.add("POST", TOKENS_URL, body=requests.ConnectionError)
        self.assert_bad_gateway()

    def test_slower_than_the_sdks_timeout(self):
        # The SDK's HTTP clients time out after 80 s; nothing is waited here.
        self.api.add("POST", TOKENS_URL, json={}, delay=120)
        self.assert_bad_gateway()

    def test_connection_reset_mid_response(self):
        self.api.add("POST", TOKENS_URL, json=TOKEN, fault="connection_reset")
        self.assert_bad_gateway()

    def test_truncated_body(self):
        self.api.add("POST", TOKENS_URL, json=TOKEN, fault="truncated_body")
        self.assert_bad_gateway()

    def test_malformed_json(self):
        self.api.add("POST", TOKENS_URL, json=TOKEN, fault="malformed_json")
        self.assert_bad_gateway()

    def test_rate_limited(self):
        self.api.add(
            "POST",
            TOKENS_URL,
            status=429,
            headers={"Retry-After": "1"},
            json={"error": {"type": "rate_limit_error", "message": "Too many."}},
        )
        self.assert_bad_gateway()


@override_settings(STRIPE_HTTP_CLIENT="httpx")
class PaymentOverHTTPXTest(PaymentOverHTTPTest):
    """The same tests with stripe.HTTPXClient: the same stubs answer httpx."""

    def test_the_sdk_really_used_httpx(self):
        self.client.post(reverse("payments"), VALID_CARD, format="json")

        self.assertEqual(self.api.calls[0].client, "httpx")

    def test_async_token_creation(self):
        token = asyncio.run(
            stripe.Token.create_async(
                card={"number": "4242424242424242", "exp_month": 12, "exp_year": 2030},
                api_key=settings.STRIPE_API_KEY,
            )
        )

        self.assertEqual(token.id, "tok_1Apimock4242")
        self.assertEqual(self.api.calls[0].client, "httpx")


@override_settings(STRIPE_HTTP_CLIENT="httpx")
class StripeDownOverHTTPXTest(StripeDownTest):
    """The same failures reach stripe.HTTPXClient as httpx's own errors."""

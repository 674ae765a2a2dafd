"""send_request_to_api: the HTTP request itself, stubbed from settings."""

import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from apimock import MockedAPITestCase
from testproject.integrations.api import send_request_to_api


class SendRequestToAPITest(MockedAPITestCase):
    def test_posts_to_api_url_with_the_auth_key(self):
        response = send_request_to_api({"name": "widget"})

        self.assertEqual(response.json(), {"item_id": "12345678"})
        request = self.api.calls[0].request
        self.assertEqual(request.url, settings.API_URL)
        sent = json.loads(request.form["params"])
        self.assertEqual(sent, {"auth": settings.AUTH_KEY, "data": {"name": "widget"}})

    @override_settings(AUTH_KEY="wrong")
    def test_wrong_key_gets_401(self):
        response = send_request_to_api({"name": "widget"})

        self.assertEqual(response.status_code, 401)
        self.assertEqual(
            json.loads(self.api.calls[0].request.form["params"])["auth"], "wrong"
        )

    @override_settings(API_URL="https://staging.example.com/v2/items")
    def test_stubs_follow_api_url(self):
        response = send_request_to_api({"name": "widget"})

        self.assertEqual(response.json(), {"item_id": "12345678"})
        self.assertAPICalled("POST", "https://staging.example.com/v2/items", times=1)
        self.assertAPINotCalled("POST", "https://api.example.com/v1/items")


@override_settings(
    API_URL="https://eu.example.com/v1/items",
    AUTH_KEY="eu-key",
    ITEMS_API_ACCEPTED_KEY="eu-key",
)
class ClassLevelOverrideTest(MockedAPITestCase):
    def test_stubs_follow_class_level_override(self):
        response = send_request_to_api({"name": "widget"})

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.api.calls[0].request.url, "https://eu.example.com/v1/items"
        )


class AsyncItemViewTest(MockedAPITestCase):
    """Async tests, async views, async clients: the same stubs and assertions."""

    async def test_httpx_view_is_answered_by_the_settings_stub(self):
        response = await self.async_client.get("/items/42/")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"id": "42", "name": "widget"})
        call = self.assertAPICalled("GET", f"{settings.API_URL}/42", times=1)[0]
        self.assertEqual(call.client, "httpx")

    async def test_aiohttp_view_is_answered_by_the_settings_stub(self):
        response = await self.async_client.get("/items/7/aiohttp/")

        self.assertEqual(response.json(), {"id": "7", "name": "widget"})
        call = self.assertAPICalled("GET", f"{settings.API_URL}/7", times=1)[0]
        self.assertEqual(call.client, "aiohttp")

    async def test_a_stub_added_in_the_async_test_wins(self):
        self.api.add(
            "GET", f"{settings.API_URL}/404", status=404, json={"error": "not found"}
        )

        for path in ("/items/404/", "/items/404/aiohttp/"):
            with self.subTest(path=path):
                response = await self.async_client.get(path)
                self.assertEqual(response.status_code, 404)
        self.assertAPICalled("GET", f"{settings.API_URL}/404", times=2)


class ItemsContractTest(MockedAPITestCase):
    """The items API's OpenAPI document (testproject/contracts/items.yaml) at work:
    APIMOCK["CONTRACTS"] checks stubs before tests and requests during them."""

    def test_a_malformed_request_is_caught_at_run_time(self):
        # A bug: the item's data sent as a string where the API takes an object.
        with self.api.expect_violation() as expected:
            send_request_to_api("widget")  # type: ignore[arg-type]

        self.assertIn(
            "request body $.params.data: 'widget' is not of type 'object'",
            str(expected.exception),
        )

    async def test_an_item_id_the_api_does_not_take_is_caught_in_an_async_view(self):
        with self.api.expect_violation() as expected:
            await self.async_client.get("/items/abc/")

        self.assertIn(
            "request path parameter 'id': 'abc' does not match '^[0-9]+$'",
            str(expected.exception),
        )

    def test_a_drifted_settings_stub_fails_manage_py_check(self):
        drifted = {
            "name": "items: one item, old shape",
            "method": "GET",
            "url": "{settings.API_URL}/{id}",
            "json": {"id": 7, "name": "widget"},
        }
        stubs = [*settings.APIMOCK["STUBS"], drifted]

        with (
            override_settings(APIMOCK={**settings.APIMOCK, "STUBS": stubs}),
            self.assertRaises(SystemCheckError) as caught,
        ):
            call_command("check")

        report = str(caught.exception)
        self.assertIn("apimock.E022", report)
        self.assertIn(
            f"'items: one item, old shape' (APIMOCK[\"STUBS\"][{len(stubs) - 1}]) "
            "drifts from its contract testproject/contracts/items.yaml: "
            "response 200 body $: 'item_id' is a required property",
            report,
        )

    async def test_a_drifted_stub_added_in_a_test_fails_when_it_answers(self):
        self.api.add("GET", f"{settings.API_URL}/7", json={"id": 7, "name": "widget"})

        with self.api.expect_violation() as expected:
            await self.async_client.get("/items/7/")

        self.assertIn(
            "response 200 body $: 'item_id' is a required property",
            str(expected.exception),
        )

"""The examples of docs/howto.rst, run as tests (the docs include them by name)."""

from __future__ import annotations

import requests
from django.conf import settings
from django.test import override_settings

from apimock import MockedAPITestCase

ORDERS = "https://api.test/v1/orders"


class FailuresTest(MockedAPITestCase):
    def test_a_timeout_without_waiting(self):
        # Longer than the 2 s the code allows: its client's own timeout, at once.
        self.api.add("GET", ORDERS, delay=30, json=[])

        with self.assertRaises(requests.Timeout):
            requests.get(ORDERS, timeout=2)

    def test_a_server_error_then_recovery(self):
        self.api.add("GET", ORDERS, responses=[{"status": 502}, {"json": []}])

        statuses = [requests.get(ORDERS, timeout=5).status_code for _ in range(3)]

        self.assertEqual(statuses, [502, 200, 200])  # the last answer repeats

    def test_rate_limited(self):
        self.api.add(
            "GET",
            ORDERS,
            responses=[
                {"status": 429, "headers": {"Retry-After": "3"}, "json": {}},
                {"json": []},
            ],
        )

        first = requests.get(ORDERS, timeout=5)
        second = requests.get(ORDERS, timeout=5)

        self.assertEqual((first.status_code, first.headers["Retry-After"]), (429, "3"))
        self.assertEqual(second.status_code, 200)


class ScenarioTest(MockedAPITestCase):
    def test_create_then_read_then_delete(self):
        item = f"{ORDERS}/o1"
        self.api.add("GET", item, scenario="order", status=404, json={})
        self.api.add(
            "POST",
            ORDERS,
            scenario="order",
            next_state="created",
            status=201,
            json={"id": "o1"},
        )
        self.api.add("GET", item, scenario="order", state="created", json={"id": "o1"})
        self.api.add(
            "DELETE",
            item,
            scenario="order",
            state="created",
            next_state="deleted",
            status=204,
        )
        self.api.add(
            "GET", item, scenario="order", state="deleted", status=404, json={}
        )

        statuses = [
            requests.get(item, timeout=5).status_code,
            requests.post(ORDERS, json={}, timeout=5).status_code,
            requests.get(item, timeout=5).status_code,
            requests.delete(item, timeout=5).status_code,
            requests.get(item, timeout=5).status_code,
        ]

        self.assertEqual(statuses, [404, 201, 200, 204, 404])


@override_settings(ORDERS_URL=ORDERS, ORDERS_KEY="k-123")
class AuthKeyFromSettingsTest(MockedAPITestCase):
    # A stub that answers only requests carrying the key from settings, and
    # follows the setting when a test changes it.
    def setUp(self) -> None:
        self.api.add(
            "GET",
            "{settings.ORDERS_URL}",
            match={"headers": {"Authorization": "Bearer {settings.ORDERS_KEY}"}},
            json=[{"id": "o1"}],
        )

    def test_the_key_from_settings_is_sent(self):
        response = requests.get(
            settings.ORDERS_URL,
            headers={"Authorization": f"Bearer {settings.ORDERS_KEY}"},
            timeout=5,
        )

        self.assertEqual(response.json(), [{"id": "o1"}])
        self.assertAPICalled(
            "GET", ORDERS, headers={"Authorization": "Bearer k-123"}, times=1
        )

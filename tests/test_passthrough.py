"""Allowed hosts pass through for real; others never reach the network."""

from __future__ import annotations

import requests
from django.conf import settings
from django.test import override_settings

from apimock import MockedAPILiveServerTestCase, MockedAPITestCase, UnmatchedRequest
from tests.helpers import loopback_server

CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}


class AllowedHostsTest(MockedAPITestCase):
    def test_loopback_passes_through_to_a_real_server(self):
        with loopback_server() as server:
            port = server.server_address[1]
            response = requests.get(f"http://127.0.0.1:{port}/ping", timeout=5)

        self.assertEqual(response.json(), {"served": "/ping"})
        self.assertEqual(server.hits, 1)
        [call] = self.api.calls
        self.assertTrue(call.passthrough)

    def test_a_stub_answers_before_an_allowed_host_passes(self):
        with loopback_server() as server:
            url = f"http://127.0.0.1:{server.server_address[1]}/ping"
            self.api.add("GET", url, json={"stubbed": True})
            response = requests.get(url, timeout=5)

        self.assertEqual(response.json(), {"stubbed": True})
        self.assertEqual(server.hits, 0)

    @override_settings(APIMOCK={**settings.APIMOCK, "ALLOWED_HOSTS": []})
    def test_a_host_left_out_of_allowed_hosts_is_blocked(self):
        with loopback_server() as server:
            with self.assertRaises(UnmatchedRequest) as caught:
                requests.get(f"http://127.0.0.1:{server.server_address[1]}/", timeout=5)
            self.api.reset()  # the miss is the point of this test

        self.assertEqual(server.hits, 0)
        self.assertIn("Hosts allowed to pass through: none", str(caught.exception))


class LiveServerTest(MockedAPILiveServerTestCase):
    def test_the_live_server_is_reached_and_its_outbound_call_is_stubbed(self):
        response = requests.post(
            f"{self.live_server_url}/payments/", json=CARD, timeout=10
        )

        self.assertEqual(response.status_code, 201, response.text)
        # The server thread's stripe call is logged in this test's mock.
        self.assertAPICalled("POST", "https://api.stripe.com/v1/tokens", times=1)

"""A test that makes a request with DEBUG=True, and a plain test after (or
before) it whose outbound request must reach the loopback probe server, not
a settings stub."""

from __future__ import annotations

import requests
from django.conf import settings
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from apimock.dev import mode as devmode


class DebugRequestTest(SimpleTestCase):
    @override_settings(DEBUG=True)
    def test_a_request_with_debug_on(self) -> None:
        self.client.post(reverse("payments"), {"number": "x"})
        self.assertFalse(devmode.active())


class PlainTest(SimpleTestCase):
    def test_an_outbound_request_reaches_the_real_server(self) -> None:
        answer = requests.get(settings.PROBE_URL, timeout=5).json()
        self.assertEqual(answer, {"served": "/probe"})
        self.assertFalse(devmode.active())

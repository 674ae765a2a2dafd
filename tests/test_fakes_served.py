"""A fake outside the tests: the dev server and ``apimock serve`` keep what
is created for as long as they run, and their stores can be emptied."""

from __future__ import annotations

import requests
from django.conf import settings
from django.test import SimpleTestCase, override_settings

from apimock.dev import mode as devmode
from tests import test_devmode
from tests.test_fakes import FAKED, LAMP, SHOP
from tests.test_serve import start_server, stop

CHECKOUT = {"email": "jenny@example.com", "card_token": "tok_visa", "amount": 2000}


class DevServerTest(test_devmode.RunserverTest):
    def test_the_billing_flow_keeps_its_objects_between_requests(self):
        base = self.start_server()

        first = requests.post(f"{base}/billing/checkout/", json=CHECKOUT, timeout=10)
        second = requests.post(
            f"{base}/billing/checkout/", json={**CHECKOUT, "amount": 700}, timeout=10
        )
        customer = first.json()["customer"]
        refund = requests.post(
            f"{base}/billing/charges/{first.json()['charge']}/refund/", timeout=10
        )
        listed = requests.get(
            f"{base}/billing/customers/{customer}/charges/", timeout=10
        )

        self.assertEqual(first.status_code, 201, first.text)
        self.assertNotEqual(customer, second.json()["customer"])
        self.assertEqual(refund.status_code, 201, refund.text)
        self.assertEqual(
            listed.json(),
            {
                "charges": [
                    {"id": first.json()["charge"], "amount": 2000, "refunded": True}
                ]
            },
        )

    # Every other RunserverTest test runs again here: not this class's concern.
    test_payments_work_without_a_stripe_account = None  # type: ignore[assignment]
    test_runserver_refuses_to_start_with_debug_off = None  # type: ignore[assignment]


class DevModeResetTest(SimpleTestCase):
    @override_settings(DEBUG=True, APIMOCK={**FAKED, "ACTIVE_IN_DEV": True})
    def test_the_dev_mock_holds_the_store_and_resets_it(self):
        self.enterContext(test_devmode.as_runserver())
        with self.assertLogs("apimock", "WARNING"):
            devmode._activate()
        mock = devmode.mock()
        assert mock is not None

        requests.post(f"{SHOP}/items", json=LAMP, timeout=5)
        requests.post(f"{SHOP}/items", json=LAMP, timeout=5)
        kept = requests.get(f"{SHOP}/items", timeout=5).json()
        mock.fakes.reset()

        self.assertEqual([item["id"] for item in kept], [1, 2])
        self.assertEqual(requests.get(f"{SHOP}/items", timeout=5).json(), [])
        devmode.deactivate()
        self.assertIsNone(devmode.mock())


class ServeTest(SimpleTestCase):
    def test_serve_keeps_objects_until_reset(self):
        server, base = start_server("--origin", "https://pay.example.com")
        self.addCleanup(lambda: server.poll() is None and server.kill())
        made = requests.post(
            f"{base}/v1/customers", json={"email": "jo@example.com"}, timeout=5
        )
        listed = requests.get(f"{base}/v1/customers", timeout=5).json()
        fakes = requests.get(f"{base}/__apimock__/fakes", timeout=5).json()
        reset = requests.post(f"{base}/__apimock__/fakes/reset", timeout=5)
        after = requests.get(f"{base}/v1/customers", timeout=5).json()
        wrong = requests.delete(f"{base}/__apimock__/fakes", timeout=5)
        _, out, _ = stop(server)

        self.assertEqual(made.status_code, 201)
        self.assertEqual(listed["data"], [made.json()])
        [fake] = fakes["fakes"]
        self.assertEqual(fake["base_url"], settings.PAYMENTS_API_BASE)
        self.assertEqual(fake["objects"]["customers"], 1)
        self.assertEqual((reset.status_code, after["data"]), (200, []))
        self.assertEqual(wrong.status_code, 405)
        self.assertIn(
            f"POST https://pay.example.com/v1/customers -> 201 [fake of "
            f"{settings.PAYMENTS_API_BASE}: POST /customers]",
            out,
        )
        self.assertIn("every fake's store emptied", out)

"""The billing flow against the payments API's fake: no stub at all, except
where a test forces what the fake would not do (a declined card)."""

from django.conf import settings
from django.urls import reverse

from apimock import MockedAPITestCase

CHECKOUT = {"email": "jenny@example.com", "card_token": "tok_visa", "amount": 2000}


class BillingFlowTest(MockedAPITestCase):
    def setUp(self):
        self.payments = self.api.fake(settings.PAYMENTS_API_BASE)

    def checkout(self, **changes):
        return self.client.post(
            reverse("checkout"), data={**CHECKOUT, **changes}, format="json"
        )

    def test_checkout_creates_a_customer_and_charges_their_card(self):
        response = self.checkout()

        self.assertEqual(response.status_code, 201, response.data)
        [customer] = self.payments.objects("customers")
        self.assertEqual(customer["email"], "jenny@example.com")
        self.assertTrue(customer["id"].startswith("cus_"))  # the API's own style
        [card] = self.payments.objects(f"/customers/{customer['id']}/payment_methods")
        [charge] = self.payments.objects("charges")
        self.assertEqual(response.data["charge"], charge["id"])
        self.assertEqual(
            (charge["amount"], charge["customer"], charge["payment_method"]),
            (2000, customer["id"], card["id"]),
        )

    def test_create_charge_refund_and_list(self):
        first = self.checkout().data
        second = self.checkout(email="omar@example.com", amount=500).data

        refund = self.client.post(reverse("refund", args=[first["charge"]]))
        listed = self.client.get(reverse("customer-charges", args=[first["customer"]]))

        self.assertEqual(refund.status_code, 201, refund.data)
        self.assertEqual(refund.data["amount"], 2000)
        self.assertEqual(
            listed.data["charges"],
            [{"id": first["charge"], "amount": 2000, "refunded": True}],
        )
        other = self.client.get(reverse("customer-charges", args=[second["customer"]]))
        self.assertEqual(other.data["charges"][0]["refunded"], False)
        self.assertEqual(len(self.payments.objects("refunds")), 1)
        self.assertAPICalled("POST", f"{settings.PAYMENTS_API_BASE}/refunds", times=1)

    def test_a_declined_card(self):
        # One operation stubbed; the rest of the API stays fake.
        self.api.add(
            "POST",
            "{settings.PAYMENTS_API_BASE}/charges",
            status=402,
            json={
                "error": {
                    "type": "card_error",
                    "code": "card_declined",
                    "message": "Your card was declined.",
                }
            },
        )

        response = self.checkout()

        self.assertEqual(response.status_code, 402)
        self.assertEqual(response.data["code"], "card_declined")
        self.assertEqual(len(self.payments.objects("customers")), 1)
        self.assertEqual(self.payments.objects("charges"), [])

    def test_an_amount_the_api_refuses(self):
        # The document's minimum is 50: the fake answers its documented 400.
        response = self.checkout(amount=10)

        self.assertEqual(response.status_code, 400)
        self.assertIn("less than the minimum of 50", response.data["detail"])
        self.assertEqual(self.payments.objects("charges"), [])

    def test_an_unknown_customer(self):
        response = self.client.get(reverse("customer-charges", args=["cus_nobody"]))

        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.data["detail"], "No such customer: 'cus_nobody'")

    def test_a_charge_refunded_twice(self):
        charge = self.checkout().data["charge"]
        self.client.post(reverse("refund", args=[charge]))

        again = self.client.post(reverse("refund", args=[charge]))

        self.assertEqual(again.status_code, 400)
        self.assertEqual(again.data["detail"], f"Charge {charge} is already refunded.")

    def test_a_refund_of_a_charge_that_does_not_exist(self):
        response = self.client.post(reverse("refund", args=["ch_nothing"]))

        self.assertEqual(response.status_code, 404)

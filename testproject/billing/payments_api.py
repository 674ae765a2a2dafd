"""A small client of the payments API (settings.PAYMENTS_API_BASE)."""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings


class PaymentsError(Exception):
    """The API said no: its status and its error object."""

    def __init__(self, status: int, error: dict[str, Any]) -> None:
        super().__init__(error.get("message", f"HTTP {status}"))
        self.status = status
        self.code = error.get("code")


def _call(method: str, path: str, **options: Any) -> dict[str, Any]:
    response = requests.request(
        method,
        f"{settings.PAYMENTS_API_BASE}{path}",
        headers={"Authorization": f"Bearer {settings.PAYMENTS_API_KEY}"},
        timeout=10,
        **options,
    )
    body = response.json()
    if response.status_code >= 400:
        raise PaymentsError(response.status_code, body.get("error", {}))
    return dict(body)


def create_customer(email: str) -> dict[str, Any]:
    return _call("POST", "/customers", json={"email": email})


def customer(customer_id: str) -> dict[str, Any]:
    return _call("GET", f"/customers/{customer_id}")


def add_card(customer_id: str, token: str) -> dict[str, Any]:
    return _call(
        "POST",
        f"/customers/{customer_id}/payment_methods",
        json={"type": "card", "card": {"token": token}},
    )


def charge(customer_id: str, payment_method: str, amount: int) -> dict[str, Any]:
    return _call(
        "POST",
        "/charges",
        json={
            "amount": amount,
            "currency": "eur",
            "customer": customer_id,
            "payment_method": payment_method,
        },
    )


def refund(charge_id: str) -> dict[str, Any]:
    return _call("POST", "/refunds", json={"charge": charge_id})


def charges(customer_id: str) -> list[dict[str, Any]]:
    return list(_call("GET", "/charges", params={"customer": customer_id})["data"])

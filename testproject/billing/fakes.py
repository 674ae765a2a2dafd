"""What the payments API's document cannot tell its fake: a refund changes
the charge it refunds. APIMOCK["FAKES"] gives createRefund this handler."""

from __future__ import annotations

from typing import Any

from apimock.request import APIRequest


def _refused(status: int, code: str, message: str) -> dict[str, Any]:
    error = {"type": "invalid_request_error", "code": code, "message": message}
    return {"status": status, "json": {"error": error}}


def refund(request: APIRequest, fake: Any) -> dict[str, Any]:
    charge_id = request.json()["charge"]
    charge = fake.get("charges", charge_id)
    if charge is None:
        return _refused(404, "resource_missing", f"No such charge: {charge_id!r}")
    left = charge["amount"] - charge["amount_refunded"]
    if left <= 0:
        return _refused(
            400, "charge_already_refunded", f"Charge {charge_id} is already refunded."
        )
    amount = request.json().get("amount", left)
    made = fake.add("refunds", {"charge": charge_id, "amount": amount})
    refunded = charge["amount_refunded"] + amount
    fake.update(
        "charges",
        charge_id,
        {"amount_refunded": refunded, "refunded": refunded >= charge["amount"]},
    )
    return {"status": 201, "json": made}

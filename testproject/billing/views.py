"""Checkout, refund and a customer's charges, over the payments API."""

from __future__ import annotations

from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from testproject.billing import payments_api as api


def _refused(error: api.PaymentsError) -> Response:
    if error.status == 402:
        return Response(
            {"detail": str(error), "code": error.code},
            status=status.HTTP_402_PAYMENT_REQUIRED,
        )
    code = status.HTTP_404_NOT_FOUND if error.status == 404 else 400
    return Response({"detail": str(error)}, status=code)


@api_view(["POST"])
def checkout(request: Request) -> Response:
    """Make a customer, attach their card and charge it."""
    try:
        customer = api.create_customer(request.data["email"])
        card = api.add_card(customer["id"], request.data["card_token"])
        charge = api.charge(customer["id"], card["id"], int(request.data["amount"]))
    except api.PaymentsError as error:
        return _refused(error)
    return Response(
        {
            "customer": customer["id"],
            "charge": charge["id"],
            "amount": charge["amount"],
        },
        status=status.HTTP_201_CREATED,
    )


@api_view(["POST"])
def refund(request: Request, charge_id: str) -> Response:
    try:
        made = api.refund(charge_id)
    except api.PaymentsError as error:
        return _refused(error)
    return Response(
        {"refund": made["id"], "amount": made["amount"]}, status=status.HTTP_201_CREATED
    )


@api_view(["GET"])
def customer_charges(request: Request, customer_id: str) -> Response:
    try:
        api.customer(customer_id)
        found = api.charges(customer_id)
    except api.PaymentsError as error:
        return _refused(error)
    return Response(
        {
            "charges": [
                {"id": c["id"], "amount": c["amount"], "refunded": c["refunded"]}
                for c in found
            ]
        }
    )

"""POST /payments/: tokenise a card with the stripe SDK."""

from typing import Any

import stripe
from django.conf import settings
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from testproject.payments.serializers import CardSerializer


class PaymentView(APIView):
    def post(self, request: Request) -> Response:
        card = CardSerializer(data=request.data)
        card.is_valid(raise_exception=True)
        body, code = tokenise(card.validated_data)
        return Response(body, status=code)


def tokenise(card: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Stripe's token for ``card``: the answer's body and HTTP status."""
    try:
        token = stripe.Token.create(
            card=card,
            api_key=settings.STRIPE_API_KEY,
            max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
        )
    except stripe.CardError as error:
        detail = {"detail": error.user_message or str(error), "code": error.code}
        return detail, status.HTTP_400_BAD_REQUEST
    except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError):
        unavailable = {
            "detail": "The payment provider is unavailable; try again later."
        }
        return unavailable, status.HTTP_502_BAD_GATEWAY
    created = {"token": token.id, "last4": token.card.last4, "brand": token.card.brand}
    return created, status.HTTP_201_CREATED

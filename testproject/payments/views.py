"""POST /payments/: tokenise a card with the stripe SDK."""

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
        try:
            token = stripe.Token.create(
                card=card.validated_data,
                api_key=settings.STRIPE_API_KEY,
                max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
            )
        except stripe.CardError as error:
            return Response(
                {"detail": error.user_message or str(error), "code": error.code},
                status=status.HTTP_400_BAD_REQUEST,
            )
        except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError):
            return Response(
                {"detail": "The payment provider is unavailable; try again later."},
                status=status.HTTP_502_BAD_GATEWAY,
            )
        return Response(
            {"token": token.id, "last4": token.card.last4, "brand": token.card.brand},
            status=status.HTTP_201_CREATED,
        )

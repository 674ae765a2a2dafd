from django.urls import path

from testproject.integrations.views import item_via_aiohttp, item_via_httpx
from testproject.payments.views import PaymentView

urlpatterns = [
    path("payments/", PaymentView.as_view(), name="payments"),
    path("items/<str:item_id>/", item_via_httpx, name="item"),
    path("items/<str:item_id>/aiohttp/", item_via_aiohttp, name="item-aiohttp"),
]

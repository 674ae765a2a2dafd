from django.conf import settings
from django.urls import path

from testproject.assistant.views import ask
from testproject.billing import views as billing
from testproject.home.views import home
from testproject.integrations.views import item_via_aiohttp, item_via_httpx
from testproject.payments.views import PaymentView

urlpatterns = [
    path("", home, name="home"),
    path("assistant/", ask, name="assistant"),
    path("payments/", PaymentView.as_view(), name="payments"),
    path("items/<str:item_id>/", item_via_httpx, name="item"),
    path("items/<str:item_id>/aiohttp/", item_via_aiohttp, name="item-aiohttp"),
    path("billing/checkout/", billing.checkout, name="checkout"),
    path("billing/charges/<str:charge_id>/refund/", billing.refund, name="refund"),
    path(
        "billing/customers/<str:customer_id>/charges/",
        billing.customer_charges,
        name="customer-charges",
    ),
]

if "debug_toolbar" in settings.INSTALLED_APPS:  # testproject.toolbar_settings
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()

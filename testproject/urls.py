from django.urls import path

from testproject.payments.views import PaymentView

urlpatterns = [
    path("payments/", PaymentView.as_view(), name="payments"),
]

from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "testproject.payments"

    def ready(self) -> None:
        from testproject.payments import stripe_http

        stripe_http.configure()

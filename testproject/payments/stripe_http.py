"""Which HTTP client the stripe SDK uses: settings.STRIPE_HTTP_CLIENT.

"requests" (the SDK's default) or "httpx" (``stripe.HTTPXClient``, sync and
async). Applied at start-up and again whenever the setting changes, so
``override_settings(STRIPE_HTTP_CLIENT="httpx")`` switches a test over.
"""

from typing import Any

import stripe
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

CLIENTS = {
    "requests": lambda: stripe.RequestsClient(),
    "httpx": lambda: stripe.HTTPXClient(allow_sync_methods=True),
}


def configure() -> None:
    name = getattr(settings, "STRIPE_HTTP_CLIENT", "requests")
    stripe.default_http_client = CLIENTS[name]()


@receiver(setting_changed)
def _reconfigure(*, setting: str, **kwargs: Any) -> None:
    if setting == "STRIPE_HTTP_CLIENT":
        configure()

"""Settings of the sample project: a Django + DRF project that uses apimock."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "testproject-insecure-key-for-the-sample-only"
# DJANGO_DEBUG=0 shows what happens when dev mode meets a production setting.
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

# No models and no users: the sample needs neither auth nor migrations.
INSTALLED_APPS = [
    "rest_framework",
    "apimock",
    "testproject.payments",
    "testproject.reminders",
    "testproject.integrations",
    "testproject.home",
    "testproject.assistant",
    "testproject.billing",
]

MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "testproject.urls"
WSGI_APPLICATION = "testproject.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}

TEMPLATES = [
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}
]
STATIC_URL = "static/"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK: dict[str, object] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}

# The external APIs the project talks to.
ITEMS_API_BASE = "https://api.example.com/v1"
API_URL = f"{ITEMS_API_BASE}/items"
AUTH_KEY = "test-key"
# The key the items API accepts. Stubs see settings live, as the code does, so
# a stub matching {settings.AUTH_KEY} would accept whatever a test overrides
# AUTH_KEY to; a setting of its own lets override_settings(AUTH_KEY="wrong")
# stand for "the project sends the wrong key".
ITEMS_API_ACCEPTED_KEY = AUTH_KEY
PUSH_API_URL = "https://push.example.com/v1/messages"
# Called by the home page only. No stub answers the weather API: its button
# shows a miss in dev mode.
WEATHER_API_URL = "https://weather.example.com/v1/today"
NEWSLETTER_API_URL = "https://newsletter.example.com/v1/subscribers"
PUSH_API_KEY = "push-test-key"
STRIPE_API_KEY = "sk_test_apimock_sample"
# The payments API the billing app calls (customers, cards, charges, refunds).
PAYMENTS_API_BASE = "https://pay.example.com/v1"
PAYMENTS_API_KEY = "sk_test_billing_sample"
# Stripe's SDK retries failed calls twice by default, with a back-off sleep.
STRIPE_MAX_NETWORK_RETRIES = 0
# The stripe SDK's HTTP client: "requests" (its default) or "httpx".
STRIPE_HTTP_CLIENT = "requests"
# The LLM the assistant asks, through the OpenAI SDK (on httpx2).
OPENAI_BASE_URL = "https://api.openai.com/v1"
OPENAI_API_KEY = "sk-test-apimock-sample"
OPENAI_MODEL = "gpt-4.1-mini"

APIMOCK = {
    "STUBS": [
        # The items API answers only requests that carry the accepted key;
        # being more specific, this stub wins over the 401 one below.
        {
            "name": "items: created",
            "method": "POST",
            "url": "{settings.API_URL}",
            "match": {
                "form": {"params": {"auth": "{settings.ITEMS_API_ACCEPTED_KEY}"}}
            },
            "status": 200,
            "json": {"item_id": "12345678"},
        },
        {
            "name": "items: wrong key",
            "method": "POST",
            "url": "{settings.API_URL}",
            "status": 401,
            "json": {"error": "invalid auth key"},
        },
        # One item, read by the async views (httpx or aiohttp): the path
        # parameter comes back in the answer.
        {
            "name": "items: one item",
            "method": "GET",
            "url": "{settings.API_URL}/{id}",
            "match": {
                "headers": {"Authorization": "Key {settings.ITEMS_API_ACCEPTED_KEY}"}
            },
            "json": {"item_id": "{request.path.id}", "name": "widget"},
        },
        {
            "name": "push: message created",
            "method": "POST",
            "url": "{settings.PUSH_API_URL}",
            "status": 201,
            "json": {"id": "msg_1", "status": "queued"},
        },
        "testproject/stubs/stripe.yaml",
        # Each address is taken once: a sequence carries on from call to
        # call in dev mode, until the journal's "Reset stub state".
        {
            "name": "newsletter: subscribed, then already subscribed",
            "method": "POST",
            "url": "{settings.NEWSLETTER_API_URL}",
            "responses": [
                {"status": 201, "json": {"subscribed": True}},
                {"status": 409, "json": {"error": "already subscribed"}},
            ],
        },
        "testproject/stubs/openai.yaml",
    ],
    # Recorded traffic: cassette = "stripe/create_token" in a test replays
    # testproject/cassettes/stripe/create_token.yaml.
    "CASSETTE_DIR": BASE_DIR / "testproject" / "cassettes",
    # The items API's OpenAPI document: `manage.py check` fails a stub that
    # drifts from it, and a test fails when the code sends a request it does
    # not describe (CONTRACT_MODE "error", the default).
    "CONTRACTS": {
        "{settings.ITEMS_API_BASE}": "testproject/contracts/items.yaml",
        "{settings.PAYMENTS_API_BASE}": "testproject/contracts/payments.yaml",
    },
    # The payments API is faked from its document: every operation answers
    # without a stub, and what a test creates, it can read, list and delete.
    # A stub for one operation still wins (a declined card). The one thing
    # the document cannot say, that a refund changes its charge, is a handler.
    "FAKES": {
        "{settings.PAYMENTS_API_BASE}": {
            "handlers": {"createRefund": "testproject.billing.fakes.refund"},
        },
    },
    # Offline dev mode: `manage.py runserver` answers outbound calls from the
    # stubs above, so the project runs without a Stripe account, and lists
    # them in the journal at /__apimock__/. APIMOCK_DEV=0 turns it off.
    "ACTIVE_IN_DEV": os.environ.get("APIMOCK_DEV", "1") == "1",
}

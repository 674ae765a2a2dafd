"""A fake under pytest's fixture, with the sample project's settings (its
payments API is faked): run by test_exchange with APIMOCK_HAR_DIR set."""

from __future__ import annotations

import requests
from django.conf import settings


def test_a_customer_made_and_read(apimock):
    base = settings.PAYMENTS_API_BASE
    made = requests.post(
        f"{base}/customers", json={"email": "jo@example.com"}, timeout=5
    )

    read = requests.get(f"{base}/customers/{made.json()['id']}", timeout=5)

    assert read.json() == made.json()
    assert apimock.fake(base).objects("customers") == [made.json()]

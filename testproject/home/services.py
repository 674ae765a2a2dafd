"""Two APIs only the home page calls: a weather API the sample has no stub
for yet, and a newsletter that takes each address once.

In dev mode the weather call is refused, and the journal (/__apimock__/)
shows the miss, why no stub answered and the stub to paste; the newsletter's
stub answers 201, then 409, until the journal resets its state.
"""

from typing import Any

import requests
from django.conf import settings


def weather_today(city: str) -> dict[str, Any]:
    response = requests.get(settings.WEATHER_API_URL, params={"city": city}, timeout=5)
    response.raise_for_status()
    forecast: dict[str, Any] = response.json()
    return forecast


def subscribe(email: str) -> dict[str, Any]:
    response = requests.post(
        settings.NEWSLETTER_API_URL, json={"email": email}, timeout=5
    )
    return {"status": response.status_code, "body": response.json()}

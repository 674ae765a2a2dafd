"""A small client for the push-notification service.

A busy service (429) or a failing one (5xx), a timeout or a refused
connection is retried, up to ``max_attempts`` in all, waiting as long as the
service's ``Retry-After`` asks (capped), else 1 s, 2 s, 4 s... Anything else
-- a 4xx, a response cut short, a body that is not JSON -- is a PushError at
once: the message may have been created, and sending it twice is worse.
"""

from email.utils import parsedate_to_datetime
from time import sleep
from typing import Any

import requests
from django.conf import settings
from django.utils import timezone

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_WAIT = 30.0


class PushError(Exception):
    """The push service refused or could not be reached."""


class PushService:
    def __init__(
        self,
        api_url: str | None = None,
        api_key: str | None = None,
        max_attempts: int = 3,
    ) -> None:
        self.api_url = api_url or settings.PUSH_API_URL
        self.api_key = api_key or settings.PUSH_API_KEY
        self.max_attempts = max_attempts

    def create_message(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        for attempt in range(1, self.max_attempts + 1):
            last = attempt == self.max_attempts
            try:
                response = self._post(messages)
            except (requests.ConnectionError, requests.Timeout) as error:
                if last:
                    raise PushError(
                        f"gave up after {attempt} attempts: {error}"
                    ) from error
                sleep(backoff(attempt))
                continue
            except requests.RequestException as error:
                raise PushError(str(error)) from error
            if response.status_code in RETRY_STATUSES and not last:
                sleep(retry_after(response) or backoff(attempt))
                continue
            try:
                response.raise_for_status()
                return response.json()
            except requests.RequestException as error:
                raise PushError(str(error)) from error
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _post(self, messages: list[dict[str, Any]]) -> requests.Response:
        return requests.post(
            self.api_url,
            json={"messages": messages},
            headers={"Authorization": f"Bearer {self.api_key}"},
            timeout=10,
        )


def backoff(attempt: int) -> float:
    return float(2 ** (attempt - 1))


def retry_after(response: requests.Response) -> float | None:
    """The wait ``Retry-After`` asks for (seconds or an HTTP date), capped."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), MAX_WAIT)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max((when - timezone.now()).total_seconds(), 0.0), MAX_WAIT)

"""A small client for the push-notification service."""

from typing import Any

import requests
from django.conf import settings


class PushError(Exception):
    """The push service refused or could not be reached."""


class PushService:
    def __init__(self, api_url: str | None = None, api_key: str | None = None) -> None:
        self.api_url = api_url or settings.PUSH_API_URL
        self.api_key = api_key or settings.PUSH_API_KEY

    def create_message(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        try:
            response = requests.post(
                self.api_url,
                json={"messages": messages},
                headers={"Authorization": f"Bearer {self.api_key}"},
                timeout=10,
            )
            response.raise_for_status()
        except requests.RequestException as error:
            raise PushError(str(error)) from error
        return response.json()

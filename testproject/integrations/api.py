"""The items API: a form post whose `params` field carries JSON and the key."""

import json
from typing import Any

import requests
from django.conf import settings


def send_request_to_api(data: dict[str, Any]) -> requests.Response:
    return requests.post(
        settings.API_URL,
        data={"params": json.dumps({"auth": settings.AUTH_KEY, "data": data})},
        timeout=10,
    )

"""Reading one item from the items API, asynchronously, with httpx or aiohttp.

Both send the same request (``GET {API_URL}/{item_id}`` with the auth key in
a header), so one stub answers either; the async views choose the client.
"""

from typing import Any

import aiohttp
import httpx
from django.conf import settings


class ItemNotFound(Exception):
    pass


def _item_url(item_id: str) -> str:
    return f"{settings.API_URL}/{item_id}"


def _headers() -> dict[str, str]:
    return {"Authorization": f"Key {settings.AUTH_KEY}"}


async def fetch_item_httpx(item_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(_item_url(item_id), headers=_headers())
    if response.status_code == 404:
        raise ItemNotFound(item_id)
    response.raise_for_status()
    item: dict[str, Any] = response.json()
    return item


async def fetch_item_aiohttp(item_id: str) -> dict[str, Any]:
    timeout = aiohttp.ClientTimeout(total=10)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.get(_item_url(item_id), headers=_headers()) as response,
    ):
        if response.status == 404:
            raise ItemNotFound(item_id)
        response.raise_for_status()
        item: dict[str, Any] = await response.json()
        return item

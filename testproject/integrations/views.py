"""Async views: GET /items/<id>/ through httpx, /items/<id>/aiohttp/ through aiohttp."""

from collections.abc import Awaitable, Callable
from typing import Any

from django.http import HttpRequest, JsonResponse

from testproject.integrations.items import (
    ItemNotFound,
    fetch_item_aiohttp,
    fetch_item_httpx,
)


async def _item_response(
    fetch: Callable[[str], Awaitable[dict[str, Any]]], item_id: str
) -> JsonResponse:
    try:
        item = await fetch(item_id)
    except ItemNotFound:
        return JsonResponse({"detail": "No such item."}, status=404)
    return JsonResponse({"id": item["item_id"], "name": item["name"]})


async def item_via_httpx(request: HttpRequest, item_id: str) -> JsonResponse:
    return await _item_response(fetch_item_httpx, item_id)


async def item_via_aiohttp(request: HttpRequest, item_id: str) -> JsonResponse:
    return await _item_response(fetch_item_aiohttp, item_id)

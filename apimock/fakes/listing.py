"""A list answer in the document's own shape, holding what the store has.

A bare array, or the document's list object (``{"object": "list", "data":
[...], "has_more": false, "url": "/v1/customers"}``) with its array replaced
and its paging fields filled in. The query narrows the list: a parameter
named like an item property (``?customer=cus_1``) keeps the items with that
value; ``limit`` (``per_page``, ``page_size``...) cuts it; ``starting_after``
/ ``ending_before`` (``after``, ``before``, ``cursor``) page by id, ``offset``
and ``page`` by position.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apimock.contracts.document import Operation
from apimock.fakes.document import FakeDocument
from apimock.request import APIRequest

_LIMITS = (
    "limit",
    "per_page",
    "page_size",
    "pageSize",
    "perPage",
    "size",
    "max_results",
)
_AFTER = ("starting_after", "after", "cursor", "page_token", "pageToken", "next")
_BEFORE = ("ending_before", "before")
_OFFSETS = ("offset", "skip", "start")
_PAGES = ("page", "page_number")
_HAS_MORE = ("has_more", "hasMore", "has_next", "hasNext", "more")
_TOTALS = ("total", "total_count", "totalCount", "count")
_NEXT = ("next_cursor", "next_page_token", "nextPageToken", "nextCursor")
_PAGING = {*_LIMITS, *_AFTER, *_BEFORE, *_OFFSETS, *_PAGES, "expand", "expand[]"}


def page(
    fake: FakeDocument,
    operation: Operation,
    request: APIRequest,
    items: list[dict[str, Any]],
    properties: Mapping[str, Any],
    id_property: str | None,
    seed: int,
) -> Any:
    """The list answer for ``items`` (in creation order) and the request's query."""
    query = {
        k: (v[-1] if isinstance(v, list) else v) for k, v in request.params.items()
    }
    items = [item for item in items if _kept(item, query, properties)]
    total = len(items)
    shown, more = _window(operation, query, items, id_property)
    key = fake.list_key(operation)
    if not key:
        return shown
    body = fake.template(operation, fake.success(operation)[1], seed)
    if not isinstance(body, dict):
        body = {}
    body[key] = shown
    for name in _HAS_MORE:
        if isinstance(body.get(name), bool):
            body[name] = more
    for name in _TOTALS:
        if isinstance(body.get(name), int) and not isinstance(body.get(name), bool):
            body[name] = total
    for name in _NEXT:
        if name in body:
            last = shown[-1].get(id_property) if shown and id_property else None
            body[name] = last if more else None
    if isinstance(body.get("url"), str):
        body["url"] = request.parsed_url.path
    return body


def _kept(
    item: dict[str, Any], query: Mapping[str, str], properties: Mapping[str, Any]
) -> bool:
    for name, wanted in query.items():
        if name in _PAGING or name not in properties or name not in item:
            continue
        value = item[name]
        if isinstance(value, dict):  # an expanded object: compare its id
            value = value.get("id", value)
        if isinstance(value, (dict, list)):
            continue
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        if shown != wanted:
            return False
    return True


def _window(
    operation: Operation,
    query: Mapping[str, str],
    items: list[dict[str, Any]],
    id_property: str | None,
) -> tuple[list[dict[str, Any]], bool]:
    """The items one page shows, and whether more follow."""
    limit = _number(query, _LIMITS) or _default_limit(operation)
    start, end = 0, len(items)
    ids = [str(item.get(id_property)) for item in items] if id_property else []
    after = next((query[name] for name in _AFTER if name in query), None)
    before = next((query[name] for name in _BEFORE if name in query), None)
    if after is not None and after in ids:
        start = ids.index(after) + 1
    if before is not None and before in ids:
        end = ids.index(before)
        if limit:
            start = max(start, end - limit)
    offset = _number(query, _OFFSETS)
    if offset:
        start += offset
    page_number = _number(query, _PAGES)
    if page_number and limit:
        start += (page_number - 1) * limit
    stop = min(end, start + limit) if limit else end
    return items[start:stop], stop < end


def _number(query: Mapping[str, str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in query and str(query[name]).isdigit():
            return int(query[name])
    return None


def _default_limit(operation: Operation) -> int | None:
    for parameter in operation.parameters:
        if parameter.location == "query" and parameter.name in _LIMITS:
            schema = parameter.schema.value if parameter.schema else None
            if isinstance(schema, Mapping) and isinstance(schema.get("default"), int):
                return int(schema["default"])
    return None

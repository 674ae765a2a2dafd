"""What a stored interaction must hold to be replayed, checked key by key.

A cassette is edited by hand ("Edit freely"), so every value is checked for
the type replay needs before any is used: a wrong one is reported naming the
interaction, its line and the key, never served as its ``repr`` or raised
from inside apimock.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from apimock.stubs.validation.keys import METHODS
from apimock.stubs.validation.problems import shown

#: JSON bodies nest at most this deep in a cassette; deeper ones are stored
#: as text (YAML and redaction both recurse).
MAX_DEPTH = 64
_BODY_KEYS = ("json", "body", "body_base64")


def interaction_problem(item: Any) -> str | None:
    """What is wrong with one interaction, naming the key; None if nothing."""
    if not isinstance(item, Mapping):
        return f"must be a mapping with 'request' and 'response', got {shown(item)}"
    for side in ("request", "response"):
        if not isinstance(item.get(side), Mapping):
            return f"key {side!r} must be a mapping, got {shown(item.get(side))}"
    request, response = item["request"], item["response"]
    method = request.get("method")
    if not isinstance(method, str) or method.upper() not in METHODS - {"ANY"}:
        return (
            f"key 'request.method' must be an HTTP method such as GET, got "
            f"{shown(method)}"
        )
    url_problem = _url_problem(request.get("url"))
    if url_problem:
        return f"key 'request.url' {url_problem}"
    status = response.get("status", 200)
    if (
        isinstance(status, bool)
        or not isinstance(status, int)
        or not 100 <= status <= 599
    ):
        return (
            "key 'response.status' must be an HTTP status (100-599), got "
            f"{shown(status)}"
        )
    for side, part in (("request", request), ("response", response)):
        found = _part_problem(part)
        if found:
            key, what = found
            return f"key '{side}.{key}' {what}"
    return None


def _url_problem(url: Any) -> str | None:
    if not isinstance(url, str):
        return f"must be a URL string, got {shown(url)}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises for a port that is not a number
    except ValueError as error:
        return f"is not a valid URL ({error}): {shown(url)}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"must be an absolute http(s) URL, got {shown(url)}"
    return None


def _part_problem(part: Mapping[str, Any]) -> tuple[str, str] | None:
    """The key (below the side) and what is wrong with it, or None."""
    headers = part.get("headers")
    if headers is not None:
        if not isinstance(headers, Mapping):
            return (
                "headers",
                f"must be a mapping of names to text, got {shown(headers)}",
            )
        for name, value in headers.items():
            if not isinstance(name, str) or not isinstance(value, str):
                return (
                    f"headers.{name}",
                    f"must be text (quote it in the YAML), got {shown(value)}",
                )
    given = [key for key in _BODY_KEYS if key in part]
    if len(given) > 1:
        return given[1], f"is given as well as '{given[0]}'; keep one"
    if "body" in part and not isinstance(part["body"], str):
        return (
            "body",
            "must be text (use 'json' for data, 'body_base64' for bytes), got "
            f"{shown(part['body'])}",
        )
    if "body_base64" in part:
        encoded = part["body_base64"]
        try:
            if not isinstance(encoded, str):
                raise TypeError
            base64.b64decode(encoded, validate=True)
        except (TypeError, ValueError, binascii.Error):
            return "body_base64", f"must be base64 text, got {shown(encoded)}"
    if "json" in part:
        problem = _json_problem(part["json"])
        if problem:
            return "json", problem
    return None


def _json_problem(data: Any) -> str | None:
    """Why ``data`` is not JSON (a YAML date, a set, NaN, too deep), or None."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"is nested deeper than {MAX_DEPTH} levels"
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    return f"has a key that is not text: {shown(key)}"
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, float) and not math.isfinite(value):
            return f"holds {value}, which JSON cannot"
        elif value is not None and not isinstance(value, (str, int, float, bool)):
            return (
                f"holds a {type(value).__name__} ({shown(value)}), which JSON "
                "cannot (quote dates; write sets as lists)"
            )
    return None

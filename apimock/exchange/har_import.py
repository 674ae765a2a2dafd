"""HAR (HTTP Archive 1.2) files read into interactions: each answered entry
(status 0 is a request that was never answered) as a request and its
response, bodies the archive holds as base64 decoded. A file or an entry
that is not what HAR says is an ExchangeError naming the file and the entry.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from apimock.cassettes import files
from apimock.exchange.interactions import ExchangeError, Interaction


def json_of(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ExchangeError(f"{path} cannot be read: {error}") from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise ExchangeError(
            f"{path} is not a HAR file: it is not valid JSON ({error})"
        ) from None


def log_of(path: Path, data: Any) -> dict[str, Any]:
    log = data.get("log") if isinstance(data, dict) else None
    if not isinstance(log, dict) or not isinstance(log.get("entries"), list):
        raise ExchangeError(f"{path} is not a HAR file: it has no log.entries list")
    return log


def read(path: Path) -> list[tuple[int, Interaction]]:
    """The answered entries of the HAR file at ``path`` (numbered from 1) as
    interactions; ExchangeError naming the file and entry if one is unreadable."""
    found = []
    for number, entry in enumerate(log_of(path, json_of(path))["entries"], 1):
        where = f"{path}: entry {number}"
        interaction = _interaction(where, entry)
        if interaction is not None:
            found.append((number, interaction))
    return found


def _interaction(where: str, entry: Any) -> Interaction | None:
    if not isinstance(entry, dict):
        raise ExchangeError(f"{where} is not an object")
    request, response = entry.get("request"), entry.get("response")
    if not isinstance(request, dict) or not isinstance(response, dict):
        raise ExchangeError(f"{where} needs a 'request' and a 'response' object")
    method, url = request.get("method"), request.get("url")
    if not isinstance(method, str) or not method or not isinstance(url, str):
        raise ExchangeError(f"{where}: the request needs a 'method' and a 'url'")
    if not urlsplit(url).scheme.startswith("http"):
        raise ExchangeError(f"{where}: the request's url {url!r} is not an http(s) URL")
    status = response.get("status")
    if (
        not isinstance(status, int)
        or isinstance(status, bool)
        or not 0 <= status < 1000
    ):
        raise ExchangeError(
            f"{where}: the response's status {status!r} is not a number"
        )
    if status == 0:  # never answered (blocked, failed, passed through)
        return None
    request_headers = _headers(where, "request", request.get("headers", []))
    response_headers = _headers(where, "response", response.get("headers", []))
    sent = _request_body(where, request.get("postData"))
    content = response.get("content") or {}
    if not isinstance(content, dict):
        raise ExchangeError(f"{where}: the response's content is not an object")
    answered = _decoded(where, "response", content.get("text"), content.get("encoding"))
    sent_type = _type_of(
        request_headers, (request.get("postData") or {}).get("mimeType")
    )
    answer_type = _type_of(response_headers, content.get("mimeType"))
    if answer_type and not any(k.lower() == "content-type" for k in response_headers):
        response_headers["Content-Type"] = answer_type
    return {
        "request": {
            "method": method.upper(),
            "url": url,
            "headers": request_headers,
            **files.encode_body(sent, sent_type),
        },
        "response": {
            "status": status,
            "headers": response_headers,
            **files.encode_body(answered, answer_type),
        },
    }


def _headers(where: str, side: str, listed: Any) -> dict[str, str]:
    if not isinstance(listed, list):
        raise ExchangeError(f"{where}: the {side}'s headers are not a list")
    found = {}
    for item in listed:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ExchangeError(f"{where}: a {side} header is not a name and value")
        if item["name"].startswith(":"):  # HTTP/2 pseudo-headers
            continue
        found[item["name"]] = str(item.get("value", ""))
    return {k: v for k, v in found.items() if k.lower() not in ("content-length",)}


def _request_body(where: str, data: Any) -> bytes:
    if data is None:
        return b""
    if not isinstance(data, dict):
        raise ExchangeError(f"{where}: the request's postData is not an object")
    if "text" in data:
        return _decoded(where, "request", data["text"], data.get("_encoding"))
    params = data.get("params")
    if isinstance(params, list):
        return urlencode(
            [
                (str(p.get("name", "")), str(p.get("value", "")))
                for p in params
                if isinstance(p, dict)
            ]
        ).encode()
    return b""


def _decoded(where: str, side: str, text: Any, encoding: Any) -> bytes:
    if text is None:
        return b""
    if not isinstance(text, str):
        raise ExchangeError(f"{where}: the {side} body is not text")
    if encoding in (None, ""):
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError as error:  # a lone surrogate ("\\ud800")
            raise ExchangeError(
                f"{where}: the {side} body cannot be decoded as text ({error.reason} "
                f"at character {error.start})"
            ) from None
    if encoding != "base64":
        raise ExchangeError(
            f"{where}: the {side} body's encoding {encoding!r} is unknown (HAR bodies "
            "are text or base64)"
        )
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ExchangeError(
            f"{where}: the {side} body is not valid base64 ({error})"
        ) from None


def _type_of(headers: Mapping[str, str], declared: Any) -> str:
    found = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return found or (declared if isinstance(declared, str) else "")

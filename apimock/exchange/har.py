"""HAR (HTTP Archive 1.2) files: written from call logs, read into interactions.

A test's call log becomes one page of entries (``self.api.calls.to_har()``,
or a file per test under ``APIMOCK["HAR_DIR"]``); ``export har`` joins the
files of a run into one archive a browser's developer tools or a front-end
mock can open. A call that raised or passed through has status 0 and says
why in its ``comment``. Bodies the archive holds as base64 are decoded;
secrets are redacted before anything is written.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit

from apimock.cassettes import files
from apimock.exchange.interactions import (
    ExchangeError,
    Interaction,
    of_call,
    redacted,
)
from apimock.request import APIRequest, APIResponse

VERSION = "1.2"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class _Call(Protocol):
    """What a call log entry offers (apimock.calls.Call)."""

    @property
    def request(self) -> APIRequest: ...
    @property
    def response(self) -> APIResponse | None: ...
    @property
    def error(self) -> BaseException | None: ...
    @property
    def passthrough(self) -> bool: ...


# -- out ----------------------------------------------------------------------


def to_har(calls: Iterable[_Call], page: str | None = None) -> dict[str, Any]:
    """A HAR document of ``calls``, secrets redacted; ``page`` names the test."""
    started = datetime.now(UTC)
    entries = [
        _entry(call, started + timedelta(milliseconds=index), page)
        for index, call in enumerate(calls)
    ]
    pages = [_page(page, started)] if page else []
    return archive(entries, pages)


def archive(
    entries: list[dict[str, Any]], pages: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "log": {
            "version": VERSION,
            "creator": {"name": "django-apimock", "version": _version()},
            "pages": pages,
            "entries": entries,
        }
    }


def _version() -> str:
    try:
        return metadata.version("django-apimock")
    except metadata.PackageNotFoundError:  # a checkout that is not installed
        return "unknown"


def _page(name: str, started: datetime) -> dict[str, Any]:
    return {
        "startedDateTime": started.isoformat(timespec="milliseconds"),
        "id": name,
        "title": name,
        "pageTimings": {},
    }


def _entry(call: _Call, started: datetime, page: str | None) -> dict[str, Any]:
    response = call.response or APIResponse(status=0)
    [interaction] = redacted([of_call(call.request, response)])
    request, answer = interaction["request"], interaction["response"]
    url = request["url"]
    body = files.decode_body(request)
    entry: dict[str, Any] = {
        "startedDateTime": started.isoformat(timespec="milliseconds"),
        "time": 0,
        "request": {
            "method": request["method"],
            "url": url,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _pairs(request.get("headers", {})),
            "queryString": _pairs(
                dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
            ),
            "headersSize": -1,
            "bodySize": len(body),
        },
        "response": {
            "status": answer["status"],
            "statusText": _reason(answer["status"]),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _pairs(answer.get("headers", {})),
            "content": _content(answer),
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(files.decode_body(answer)),
        },
        "cache": {},
        "timings": {"send": 0, "wait": 0, "receive": 0},
    }
    if body:
        entry["request"]["postData"] = _post_data(request, body)
    if page:
        entry["pageref"] = page
    if call.response is None:
        why = (
            "passed through to an allowed host"
            if call.passthrough
            else _first_line(call.error)
        )
        entry["comment"] = f"apimock: no answer ({why})"
    return entry


def _pairs(values: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": str(value)} for name, value in values.items()]


def _content_type(part: Mapping[str, Any]) -> str:
    headers = part.get("headers", {})
    return next((v for k, v in headers.items() if k.lower() == "content-type"), "")


def _content(part: Mapping[str, Any]) -> dict[str, Any]:
    body = files.decode_body(part)
    content: dict[str, Any] = {"size": len(body), "mimeType": _content_type(part)}
    if "body_base64" in part:
        content.update(text=part["body_base64"], encoding="base64")
    elif body:
        content["text"] = body.decode("utf-8")
    return content


def _post_data(request: Mapping[str, Any], body: bytes) -> dict[str, Any]:
    data: dict[str, Any] = {"mimeType": _content_type(request)}
    if "body_base64" in request:
        data.update(text=request["body_base64"], _encoding="base64")
    else:
        data["text"] = body.decode("utf-8")
    return data


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _first_line(error: BaseException | None) -> str:
    return (
        str(error).strip().splitlines()[0]
        if error and str(error).strip()
        else repr(error)
    )


def write_test(name: str, calls: Iterable[_Call], folder: Path) -> Path | None:
    """``folder/<test id>.har`` with the test's calls; nothing for a test
    that made none."""
    listed = list(calls)
    if not listed:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_UNSAFE.sub('_', name)[:200]}.har"
    files.write_atomically(path, json.dumps(to_har(listed, name), indent=1))
    return path


def joined(folder: Path, pattern: str | None = None) -> tuple[dict[str, Any], int]:
    """One archive of every test's file in ``folder`` (those whose test id
    matches the ``pattern``, a glob or a part of the id); and how many."""
    entries: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    count = 0
    for path in sorted(folder.glob("*.har")):
        log = _log(path, json_of(path))
        page = log.get("pages") or [{"id": path.stem}]
        name = str(page[0].get("id", path.stem))
        if pattern and not (fnmatch.fnmatch(name, pattern) or pattern in name):
            continue
        count += 1
        pages += log.get("pages") or []
        entries += log["entries"]
    return archive(entries, pages), count


# -- in -------------------------------------------------------------------------


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


def _log(path: Path, data: Any) -> dict[str, Any]:
    log = data.get("log") if isinstance(data, dict) else None
    if not isinstance(log, dict) or not isinstance(log.get("entries"), list):
        raise ExchangeError(f"{path} is not a HAR file: it has no log.entries list")
    return log


def read(path: Path) -> list[tuple[int, Interaction]]:
    """The answered entries of the HAR file at ``path`` (numbered from 1) as
    interactions; ExchangeError naming the file and entry if one is unreadable."""
    found = []
    for number, entry in enumerate(_log(path, json_of(path))["entries"], 1):
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

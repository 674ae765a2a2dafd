"""HAR (HTTP Archive 1.2) files written from call logs.

A test's call log becomes one page of entries (``self.api.calls.to_har()``,
or a file per test under ``APIMOCK["HAR_DIR"]``); ``export har`` joins the
files of a run into one archive a browser's developer tools or a front-end
mock can open. A call that raised or passed through has status 0 and says
why in its ``comment``. Bodies the archive holds as base64 are decoded;
secrets are redacted before anything is written.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from apimock.cassettes import files
from apimock.exchange import har_import
from apimock.exchange.interactions import of_call, redacted
from apimock.request import APIResponse, LoggedCall

VERSION = "1.2"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


# -- out ----------------------------------------------------------------------


def to_har(calls: Iterable[LoggedCall], page: str | None = None) -> dict[str, Any]:
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


def _entry(call: LoggedCall, started: datetime, page: str | None) -> dict[str, Any]:
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


def write_test(name: str, calls: Iterable[LoggedCall], folder: Path) -> Path | None:
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
        log = har_import.log_of(path, har_import.json_of(path))
        page = log.get("pages") or [{"id": path.stem}]
        name = str(page[0].get("id", path.stem))
        if pattern and not (fnmatch.fnmatch(name, pattern) or pattern in name):
            continue
        count += 1
        pages += log.get("pages") or []
        entries += log["entries"]
    return archive(entries, pages), count

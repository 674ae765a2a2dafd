"""One journal entry: a call as the journal shows it, secrets already out.

An entry is a snapshot made when the call is logged: plain text and
numbers, redacted by the cassettes' :class:`Redactor`, so the journal never
holds a secret and an entry can be stored as JSON (the toolbar's store does).
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apimock.calls import Call
from apimock.cassettes import files
from apimock.cassettes.redaction import Redactor
from apimock.diagnostics import settings_stub
from apimock.exceptions import ContractViolation, StubError, UnmatchedRequest
from apimock.request import APIRequest
from apimock.stubs import faults

#: A body longer than this is cut for the journal (it keeps N calls in memory).
BODY_LIMIT = 64 * 1024

ANSWERED = "answered"
MISSED = "missed"
RAISED = "raised"
PASSED = "passed through"

Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Body:
    """A body for reading: ``kind`` is "json" (pretty-printed), "text",
    "binary" (only its size is kept) or "" (empty); ``cut`` when the text
    shown stops at BODY_LIMIT."""

    kind: str
    text: str
    size: int
    cut: bool = False


@dataclass(frozen=True)
class Entry:
    number: int
    at: float  # time.time() when the call was logged
    client: str
    method: str
    url: str
    host: str
    outcome: str  # ANSWERED, MISSED, RAISED or PASSED
    status: int | None
    duration: float | None  # seconds, from the mock's first look to the log
    stub_key: str | None  # the stub's source: how the journal names it
    stub_name: str | None
    stub_where: str | None  # "file:line", or APIMOCK["STUBS"][i]
    error: str | None  # what was raised, in one line
    report: str | None  # a miss's near-miss report, an error's message
    paste: str | None  # a miss's stub to paste
    request_headers: Headers
    request_body: Body
    response_headers: Headers
    response_body: Body

    @property
    def time(self) -> str:
        return datetime.fromtimestamp(self.at).strftime("%H:%M:%S.%f")[:-3]

    @property
    def timestamp(self) -> str:
        return datetime.fromtimestamp(self.at).astimezone().isoformat("T", "seconds")

    @property
    def milliseconds(self) -> str:
        return "" if self.duration is None else f"{self.duration * 1000:.1f} ms"

    @property
    def status_class(self) -> str:
        """What the status filter groups by: "2xx"... or the outcome."""
        if self.status is None:
            return self.outcome
        return f"{self.status // 100}xx"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entry:
        values = dict(data)
        for side in ("request", "response"):
            values[f"{side}_headers"] = tuple(
                (name, value) for name, value in values[f"{side}_headers"]
            )
            values[f"{side}_body"] = Body(**values[f"{side}_body"])
        return cls(**values)


def make_entry(call: Call, duration: float | None, redactor: Redactor) -> Entry:
    """``call`` as the journal shows it; numbered 0 (the journal numbers it)."""
    request, response = call.request, call.response
    shown = redactor.redact(
        {
            "request": _part(request.url, request.headers, request.body),
            "response": _part(None, response.headers, response.body)
            if response is not None
            else {},
        }
    )
    url = shown["request"]["url"]
    stub = call.stub
    source = stub.spec.source if stub is not None else None
    return Entry(
        number=0,
        at=time.time(),
        client=request.client,
        method=request.method,
        url=url,
        host=request.parsed_url.host,
        outcome=_outcome(call),
        status=response.status if response is not None else None,
        duration=duration,
        stub_key=str(source) if source is not None else None,
        stub_name=stub.spec.name if stub is not None else None,
        stub_where=where(source) if source is not None else None,
        error=_one_line(call.error),
        report=scrub(redactor, str(call.error)) if _has_report(call) else None,
        paste=_paste(redactor, request.method, url)
        if isinstance(call.error, UnmatchedRequest)
        else None,
        request_headers=tuple(shown["request"].get("headers", {}).items()),
        request_body=_body(shown["request"], len(request.body)),
        response_headers=tuple(shown["response"].get("headers", {}).items()),
        response_body=_body(
            shown["response"], len(response.body) if response is not None else 0
        ),
    )


def where(source: Any) -> str:
    """``file:line`` for a stub from a file, else the source as messages say it."""
    if source.style == "file" and source.origin != "settings" and source.line:
        return f"{source.origin}:{source.line}"
    return str(source)


def _outcome(call: Call) -> str:
    if call.response is not None:
        return ANSWERED
    if call.passthrough:
        return PASSED
    if isinstance(call.error, UnmatchedRequest):
        return MISSED
    return RAISED


def _has_report(call: Call) -> bool:
    return isinstance(call.error, (UnmatchedRequest, ContractViolation, StubError))


def _one_line(error: BaseException | None) -> str | None:
    if error is None:
        return None
    # A stubbed fault reaches the client as its own timeout or connection
    # error; its kind says which.
    name = error.kind if isinstance(error, faults.Fault) else type(error).__name__
    first = str(error).strip().splitlines()
    return f"{name}: {first[0]}" if first else name


def _part(url: str | None, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    content_type = next(
        (value for name, value in headers.items() if name.lower() == "content-type"),
        "",
    )
    part: dict[str, Any] = {"headers": dict(headers.items())}
    if url is not None:
        part["url"] = url
    part.update(files.encode_body(body[: BODY_LIMIT * 4], content_type))
    return part


def _body(part: Mapping[str, Any], size: int) -> Body:
    if "json" in part:
        text = json.dumps(part["json"], indent=2, ensure_ascii=False, sort_keys=True)
        return Body("json", text[:BODY_LIMIT], size, len(text) > BODY_LIMIT)
    if "body" in part:
        text = part["body"]
        return Body("text", text[:BODY_LIMIT], size, len(text) > BODY_LIMIT)
    if "body_base64" in part:
        return Body("binary", "", size)
    return Body("", "", 0)


def scrub(redactor: Redactor, text: str) -> str:
    """``text`` with the secret settings' values replaced, as a body would be."""
    scrubbed: str = redactor.redact({"request": {"body": text}, "response": {}})[
        "request"
    ]["body"]
    return scrubbed


def _paste(redactor: Redactor, method: str, url: str) -> str:
    """The stub to paste for a miss, a redacted secret as its setting:
    ``<AUTH_KEY>`` in the URL becomes ``{settings.AUTH_KEY}``."""
    line = settings_stub(APIRequest(method=method, url=url))
    for name in redactor.secret_names():
        line = line.replace(f"<{name}>", f"{{settings.{name}}}")
    return line

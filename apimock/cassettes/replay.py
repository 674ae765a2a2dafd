"""A stored interaction as the stub that replays it, and a live exchange as
the record that is stored.

The stub answers once, with the recorded response, its settings restored.
It matches the recorded method and URL; each other ``match_on`` key is
compared in redacted form, with placeholder numbers dropped. A recorded URL
path that holds a placeholder (a token no setting held) matches whatever the
code sends there now, the real secret or the placeholder it was given, so
long as that too is redacted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from apimock.cassettes import files, placeholders
from apimock.cassettes.redaction import Redactor
from apimock.request import APIRequest
from apimock.stubs import streams, templates
from apimock.stubs.model import StubSpec, parse_stub
from apimock.stubs.source import StubSource

MATCH_KEYS = ("method", "url", "query", "body")
HEADER_KEY = "header:"
# Recorded headers that only describe this connection or this client build.
_VOLATILE_REQUEST = {"content-length", "host", "connection", "accept-encoding"}
_VOLATILE_RESPONSE = {
    "content-length",
    "content-encoding",
    "transfer-encoding",
    "connection",
    "keep-alive",
}
_IN_PATH = re.compile(r"<REDACTED(?:_\d{1,9})?>")


def spec(
    interaction: Mapping[str, Any],
    source: StubSource,
    redactor: Redactor,
    match_on: tuple[str, ...],
    name: str,
) -> StubSpec:
    """The stub that replays ``interaction`` once."""
    request, response = interaction["request"], interaction["response"]
    url, path_has_secret = _replay_url(redactor.restore(request["url"]))
    raw: dict[str, Any] = {
        "method": request["method"],
        "url": url,
        "times": 1,
        "status": response.get("status", 200),
        "headers": {
            key: literal(value, request=True)
            for key, value in redactor.restore(
                dict(response.get("headers") or {})
            ).items()
        },
    }
    if "events" in response:  # a stream, replayed event by event
        raw["events"] = templates.walk(
            redactor.restore(response["events"]),
            lambda text: literal(text, request=True),
        )
    else:
        raw["body"] = redactor.restore_body(response)
    extra = [key for key in match_on if key not in ("method", "url")]
    wanted = {key: part(key, request) for key in extra}
    if path_has_secret:
        wanted["path"] = part("path", request)
    if wanted:
        raw["match"] = {"custom": [_matcher(wanted, redactor, name)]}
    return parse_stub(raw, source)


def part(key: str, request: Mapping[str, Any]) -> Any:
    """One match_on key of a stored request, placeholder numbers dropped."""
    if key == "query":
        found: Any = sorted(parse_qsl(urlsplit(request["url"]).query, True))
    elif key == "path":
        found = unquote(urlsplit(request["url"]).path)
    elif key == "body":
        found = files.decode_body(request)
    else:
        wanted = key[len(HEADER_KEY) :].lower()
        headers = request.get("headers") or {}
        found = next((v for k, v in headers.items() if k.lower() == wanted), None)
    return placeholders.normalise(found)


def _matcher(
    wanted: Mapping[str, Any], redactor: Redactor, name: str
) -> Callable[[APIRequest], tuple[bool, str]]:
    def matches(request: APIRequest) -> tuple[bool, str]:
        seen = redactor.redact({"request": request_record(request)})["request"]
        for key, value in wanted.items():
            if part(key, seen) != value:
                return False, f"{key} differs from the recording"
        return True, ""

    matches.__qualname__ = f"cassette {name!r} match_on"
    return matches


def _replay_url(url: str) -> tuple[str, bool]:
    """The stub URL for a recorded one (braces escaped; no query, userinfo or
    fragment), and whether its path holds a placeholder: each is then a
    ``{parameter}``, checked by the match_on matcher."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    pieces = _IN_PATH.split(parts.path)
    path = "".join(
        literal(piece, params=True)
        + (f"{{secret{index}}}" if index < len(pieces) - 1 else "")
        for index, piece in enumerate(pieces)
    )
    return literal(f"{parts.scheme}://{netloc}", params=True) + path, len(pieces) > 1


def request_record(request: APIRequest) -> dict[str, Any]:
    """A request as a cassette stores it (before redaction)."""
    headers = {
        key: value
        for key, value in sorted(request.headers.items(), key=lambda kv: kv[0].lower())
        if key.lower() not in _VOLATILE_REQUEST
    }
    return {
        "method": request.method,
        "url": request.url,
        "headers": headers,
        **files.encode_body(request.body, request.content_type),
    }


def response_record(
    status: int, headers: Mapping[str, str], body: bytes
) -> dict[str, Any]:
    """A response as a cassette stores it (before redaction)."""
    kept = {
        key: value
        for key, value in sorted(headers.items(), key=lambda kv: kv[0].lower())
        if key.lower() not in _VOLATILE_RESPONSE
    }
    content_type = next((v for k, v in kept.items() if k.lower() == "content-type"), "")
    if streams.is_event_stream(content_type):
        events = streams.parse_events(body.decode("utf-8", errors="replace"))
        return {"status": status, "headers": kept, "events": events}
    return {"status": status, "headers": kept, **files.encode_body(body, content_type)}


def literal(text: str, *, params: bool = False, request: bool = False) -> str:
    """``text`` escaped where it would read as a placeholder: a recording
    holds none."""
    return templates.escape(text, params=params, request=request)

"""One cassette in use by one test: replay what it holds, record what it lacks.

Replayed interactions are stubs of the test's mock (a layer after the test's
own stubs, in place of the settings stubs), each answering once, so repeated
identical requests replay in recorded order and a miss shows the closest
recorded interactions. A request the cassette lacks is, in a recording mode,
sent for real (through the guard, from this process), stored redacted, and
answered from the restored copy: the code sees what a replay will show it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from apimock.callsite import shown_path
from apimock.cassettes import files, usage
from apimock.cassettes.redaction import Redactor
from apimock.conf import conf
from apimock.exceptions import CassetteError
from apimock.request import APIRequest
from apimock.stubs import streams, templates
from apimock.stubs.model import Stub, StubSpec, parse_stub
from apimock.stubs.registry import StubSet, lookup_setting
from apimock.stubs.source import StubSource

if TYPE_CHECKING:
    from apimock.stubs.state import StubState

MODES = ("none", "once", "new_episodes", "all", "rewrite")
_RECORDS = {"new_episodes", "all", "rewrite"}
_REPLAYS = {"none", "once", "new_episodes"}
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


@dataclass(frozen=True)
class CassetteOptions:
    """What a test asked for: ``cassette = "name"`` or ``@apimock.cassette(...)``."""

    name: str
    mode: str | None = None
    match_on: tuple[str, ...] | None = None


def match_on_problem(keys: Any) -> str | None:
    """Why ``keys`` is not a valid match_on list, or None."""
    if not isinstance(keys, (list, tuple)) or not keys:
        return "must be a non-empty list"
    for key in keys:
        if not isinstance(key, str) or (
            key not in MATCH_KEYS and not (key.startswith(HEADER_KEY) and key[7:])
        ):
            return f"has {key!r}; use {', '.join(MATCH_KEYS)} or 'header:<Name>'"
    return None


class Cassette:
    def __init__(self, options: CassetteOptions) -> None:
        self.name = options.name
        # The environment wins over the test's own choice: CI forces "none".
        self.mode = (
            conf.RECORD_MODE
            if conf.RECORD_MODE_FORCED
            else options.mode or conf.RECORD_MODE
        )
        if self.mode not in MODES:
            raise CassetteError(
                f"cassette {self.name!r}: record mode {self.mode!r} is not one of "
                f"{', '.join(MODES)}."
            )
        self.match_on = tuple(options.match_on or conf.CASSETTE_MATCH_ON)
        problem = match_on_problem(list(self.match_on))
        if problem:
            raise CassetteError(f"cassette {self.name!r}: match_on {problem}.")
        self.path = Path(conf.CASSETTE_DIR) / f"{self.name}.yaml"
        self.redactor = Redactor(
            conf.REDACT_SETTINGS, conf.REDACT_HEADERS, conf.REDACT_FIELDS
        )
        exists = self.path.exists()
        # A corrupt cassette is an error even in the recording modes: only
        # "rewrite" says to replace the file whatever it holds.
        recorded = (
            files.read(self.path)
            if exists and self.mode != "rewrite"
            else files.Recorded([], [])
        )
        self.recording = self.mode in _RECORDS or (self.mode == "once" and not exists)
        self._specs: list[StubSpec] = []
        if self.mode in _REPLAYS:
            self._specs = [
                self._spec(index, item, line)
                for index, (item, line) in enumerate(
                    zip(recorded.interactions, recorded.lines, strict=True)
                )
            ]
        self.layer = StubSet(self._specs, newest_first=False)
        self._exists = exists
        self._new: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    # -- replay ------------------------------------------------------------

    def _spec(
        self, index: int, interaction: Mapping[str, Any], line: int | None
    ) -> StubSpec:
        request, response = interaction["request"], interaction["response"]
        url = urlsplit(self.redactor.restore(request["url"]))
        raw: dict[str, Any] = {
            "method": request["method"],
            "url": _literal(
                urlunsplit(url._replace(query="", fragment="")), params=True
            ),
            "times": 1,
            "status": response.get("status", 200),
            "headers": {
                key: _literal(value, request=True)
                for key, value in self.redactor.restore(
                    dict(response.get("headers") or {})
                ).items()
            },
        }
        if "events" in response:  # a stream, replayed event by event
            raw["events"] = templates.walk(
                self.redactor.restore(response["events"]),
                lambda text: _literal(text, request=True),
            )
        else:
            raw["body"] = files.decode_body(self.redactor.restore(dict(response)))
        wanted = {key: self._part(key, request) for key in self._extra_keys()}
        if wanted:
            raw["match"] = {"custom": [self._matcher(wanted)]}
        source = StubSource(
            f"cassette {shown_path(str(self.path))}",
            index,
            line,
            listed_as="interactions",
        )
        return parse_stub(raw, source)

    def _extra_keys(self) -> list[str]:
        return [key for key in self.match_on if key not in ("method", "url")]

    def _part(self, key: str, request: Mapping[str, Any]) -> Any:
        """The redacted value of one match_on key of a stored request."""
        if key == "query":
            return sorted(parse_qsl(urlsplit(request["url"]).query, True))
        if key == "body":
            return files.decode_body(request)
        name = key[len(HEADER_KEY) :].lower()
        headers = request.get("headers") or {}
        return next((v for k, v in headers.items() if k.lower() == name), None)

    def _matcher(
        self, wanted: Mapping[str, Any]
    ) -> Callable[[APIRequest], tuple[bool, str]]:
        def matches(request: APIRequest) -> tuple[bool, str]:
            seen = self.redactor.redact(
                {"request": _request_record(request), "response": {}}
            )["request"]
            for key, value in wanted.items():
                if self._part(key, seen) != value:
                    return False, f"{key} differs from the recording"
            return True, ""

        matches.__qualname__ = f"cassette {self.name!r} match_on"
        return matches

    # -- record ------------------------------------------------------------

    def record(self, request: APIRequest) -> Stub:
        """Send ``request`` for real and store it; the stub that answers it."""
        from apimock.cassettes.fetch import fetch

        try:
            response = response_record(*fetch(request))
        except Exception as error:  # the real API is down: the client's error
            spec = parse_stub(
                {
                    "method": request.method,
                    "url": _literal(request.parsed_url.base, params=True),
                    "error": "connection_error",
                },
                StubSource(f"cassette {self.path} (recording: {error})", 0),
            )
            return spec.resolve(lookup_setting(spec))
        stored = self.redactor.redact(
            {"request": _request_record(request), "response": response}
        )
        with self._lock:
            self._new.append(stored)
            number = len(self._specs) + len(self._new)
        spec = self._spec(number - 1, stored, None)
        return spec.resolve(lookup_setting(spec))

    # -- the end of the test -------------------------------------------------

    def finish(self, state: StubState) -> None:
        """Save what was recorded; note which interactions were replayed."""
        new = list(self._new)
        if self.mode == "rewrite":
            files.update(self.path, lambda current: new)
        elif new:
            files.update(self.path, lambda current: [*current, *new])
        replayed = [n for n, spec in enumerate(self._specs, 1) if state.uses[spec]]
        usage.note(self.name, len(self._specs), replayed)

    def miss_note(self) -> str:
        if not self._exists and not self.recording:
            return (
                f"Cassette {self.name!r} does not exist ({self.path}) and the "
                f"record mode is {self.mode!r}: record it once with "
                "APIMOCK_RECORD_MODE=once."
            )
        return (
            f"Cassette {self.name!r} ({self.path}, record mode {self.mode!r}) has "
            "no recorded interaction left for this request; record it with "
            "APIMOCK_RECORD_MODE=new_episodes."
        )


def _request_record(request: APIRequest) -> dict[str, Any]:
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


def _literal(text: str, *, params: bool = False, request: bool = False) -> str:
    """``text`` escaped where it would read as a placeholder: a recording
    holds none."""
    return templates.escape(text, params=params, request=request)

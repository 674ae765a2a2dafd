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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from apimock.callsite import shown_path
from apimock.cassettes import files, placeholders, replay, usage
from apimock.cassettes.placeholders import Placeholders
from apimock.cassettes.redaction import Redactor
from apimock.cassettes.replay import HEADER_KEY, MATCH_KEYS
from apimock.conf import conf
from apimock.exceptions import CassetteError, StubError
from apimock.request import APIRequest
from apimock.stubs.model import Stub, StubSpec, parse_stub
from apimock.stubs.registry import StubSet, lookup_setting
from apimock.stubs.source import StubSource
from apimock.text import shown

if TYPE_CHECKING:
    from apimock.stubs.state import StubState

MODES = ("none", "once", "new_episodes", "all", "rewrite")
_RECORDS = {"new_episodes", "all", "rewrite"}
_REPLAYS = {"none", "once", "new_episodes"}


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
            return f"has {shown(key)}; use {', '.join(MATCH_KEYS)} or 'header:<Name>'"
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
        # New secrets are numbered after those the file holds already.
        self.placeholders = Placeholders(
            placeholders.highest(files.text(self.path)) if exists else 0
        )
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
        source = StubSource(
            f"cassette {shown_path(str(self.path))}",
            index,
            line,
            listed_as="interactions",
        )
        try:
            return replay.spec(
                interaction, source, self.redactor, self.match_on, self.name
            )
        except StubError as error:  # files.read checks first; this is a backstop
            raise CassetteError(f"{error} Fix or delete the interaction.") from None

    # -- record ------------------------------------------------------------

    def record(self, request: APIRequest) -> Stub:
        """Send ``request`` for real and store it; the stub that answers it."""
        from apimock.cassettes.fetch import fetch

        # Placeholders the code was given go out as the real values.
        request = self._revealed(request)
        try:
            response = replay.response_record(*fetch(request))
        except Exception as error:  # the real API is down: the client's error
            spec = parse_stub(
                {
                    "method": request.method,
                    "url": replay.literal(request.parsed_url.base, params=True),
                    "error": "connection_error",
                },
                StubSource(f"cassette {self.path} (recording: {error})", 0),
            )
            return spec.resolve(lookup_setting(spec))
        stored = self.redactor.redact(
            {"request": replay.request_record(request), "response": response},
            self.placeholders,
        )
        with self._lock:
            self._new.append(stored)
            number = len(self._specs) + len(self._new)
        spec = self._spec(number - 1, stored, None)
        return spec.resolve(lookup_setting(spec))

    def _revealed(self, request: APIRequest) -> APIRequest:
        reveal = self.placeholders.reveal
        return APIRequest(
            method=request.method,
            url=reveal(request.url),
            headers={key: reveal(value) for key, value in request.headers.items()},
            body=self.placeholders.reveal_bytes(request.body),
            client=request.client,
            timeout=request.timeout,
        )

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

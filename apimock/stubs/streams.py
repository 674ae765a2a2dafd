"""Streamed answers: a stub's ``chunks`` or ``events`` as the pieces of a body.

This is the one place a stream is built; each transport only hands the pieces
to its client's own streaming body, one at a time, as the client reads. A list
is encoded when the stub answers; an iterator (what a callback may return, to
make each piece when the client gets that far) is encoded piece by piece, so
a bad item there is a StubError in the middle of the stream.
"""

from __future__ import annotations

import json as jsonlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from apimock.exceptions import StubError
from apimock.request import APIResponse
from apimock.stubs.validation.problems import Problem
from apimock.stubs.validation.streams import chunk_problems, event_problems

#: The content type of ``events``, unless the stub gives its own.
EVENT_STREAM = "text/event-stream; charset=utf-8"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def pieces(label: str, key: str, items: Iterable[Any]) -> Iterable[bytes]:
    """``items`` of ``chunks`` or ``events`` encoded: a tuple for a list, a
    generator for anything else."""
    encode = _chunk if key == "chunks" else _event
    if isinstance(items, (list, tuple)):
        return tuple(encode(label, f"{key}[{n}]", item) for n, item in enumerate(items))
    if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
        raise StubError(
            f"{label}: {key!r} must be a list or an iterator, got "
            f"{type(items).__name__} {items!r}."
        )
    return (encode(label, f"{key}[{n}]", item) for n, item in enumerate(items))


def _chunk(label: str, key: str, chunk: Any) -> bytes:
    _raise_first(chunk_problems(chunk, label, key))
    return chunk.encode() if isinstance(chunk, str) else bytes(chunk)


def _event(label: str, key: str, event: Any) -> bytes:
    """One server-sent event as the wire carries it; data that is not a
    string is sent as JSON."""
    _raise_first(event_problems(event, label, key))
    lines = [f"{name}: {event[name]}" for name in ("event", "id") if name in event]
    if "data" in event:
        data = event["data"]
        text = data if isinstance(data, str) else jsonlib.dumps(data)
        lines += [f"data: {line}" for line in _LINE_BREAK.split(text)]
    if "retry" in event:
        lines.append(f"retry: {event['retry']}")
    return ("\n".join(lines) + "\n\n").encode()


def _raise_first(problems: list[Problem]) -> None:
    if problems:
        raise StubError(f"{problems[0].message} {problems[0].hint or ''}".strip())


def delivered(
    response: APIResponse, on_stub_error: Callable[[StubError], None]
) -> Iterator[bytes]:
    """The stream's pieces, each added to ``response.body`` (the call log's
    copy) as the client takes it; a StubError is also handed to
    ``on_stub_error``, so a test fails for it even if the code swallows it."""
    assert response.stream is not None
    return _delivering(response.stream, response, on_stub_error)


def _delivering(
    source: Iterable[bytes],
    response: APIResponse,
    on_stub_error: Callable[[StubError], None],
) -> Iterator[bytes]:
    try:
        for piece in source:
            response.body += piece
            yield piece
    except StubError as error:
        on_stub_error(error)
        raise


def is_event_stream(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == "text/event-stream"


def parse_events(text: str) -> list[dict[str, Any]]:
    """Server-sent events as a stub's ``events`` say them: the inverse of the
    encoding above (JSON data decoded), for recording a real stream."""
    events: list[dict[str, Any]] = []
    for block in re.split(r"(?:\r\n|\r|\n){2}", text):
        event: dict[str, Any] = {}
        data: list[str] = []
        for line in _LINE_BREAK.split(block):
            if not line or line.startswith(":"):
                continue  # a comment, such as a keep-alive ping
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "data":
                data.append(value)
            elif name in ("event", "id"):
                event[name] = value
            elif name == "retry" and value.isdigit():
                event[name] = int(value)
        if data:
            event["data"] = _json_or_text("\n".join(data))
        if event:
            events.append(event)
    return events


def _json_or_text(text: str) -> Any:
    """A JSON object or array as data (readable, and sent back as JSON: only
    its spacing may differ); anything else, "[DONE]" or "1.0", as the text."""
    if not text.lstrip().startswith(("{", "[")):
        return text
    try:
        return jsonlib.loads(text)
    except ValueError:
        return text

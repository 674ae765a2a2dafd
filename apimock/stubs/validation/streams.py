"""A streamed answer: ``chunks`` (pieces of text or bytes) or ``events``
(server-sent events), each a list, instead of one body."""

from __future__ import annotations

import json as jsonlib
from collections.abc import Mapping
from typing import Any

from apimock.stubs import faults
from apimock.stubs.validation.keys import BODY_KEYS, EVENT_KEYS, STREAM_KEYS
from apimock.stubs.validation.problems import Problem, did_you_mean

STREAM_ID = "apimock.E027"


def check_stream(answer: Mapping[str, Any], where: str, prefix: str) -> list[Problem]:
    """Problems with ``answer``'s ``chunks`` or ``events``; none if it has neither."""
    given = [key for key in STREAM_KEYS if key in answer]
    if not given:
        return []
    beside = [key for key in BODY_KEYS if key in answer and key != given[0]]
    if beside:
        return [
            Problem(
                STREAM_ID,
                f"{where}: key {prefix + given[0]!r} streams the body, so "
                f"{' and '.join(repr(prefix + key) for key in beside)} cannot be "
                "given beside it.",
                "Remove one: a stub answers with one body, whole or streamed.",
            )
        ]
    key = prefix + given[0]
    if answer.get("fault") == faults.MALFORMED_JSON:
        return [
            Problem(
                STREAM_ID,
                f"{where}: fault 'malformed_json' cuts a JSON body short; a "
                f"stream ({key!r}) cannot have it.",
                "For a stream that breaks off, list the pieces sent before the "
                "break and give fault 'connection_reset' or 'truncated_body'.",
            )
        ]
    items = answer[given[0]]
    if not isinstance(items, (list, tuple)):
        return [
            Problem(
                STREAM_ID,
                f"{where}: key {key!r} must be a list, got "
                f"{type(items).__name__} {items!r}.",
                "For pieces made as the client reads them, return "
                f"{{{given[0]!r}: a generator}} from a callback.",
            )
        ]
    check = chunk_problems if given[0] == "chunks" else event_problems
    return [
        problem
        for index, item in enumerate(items)
        for problem in check(item, where, f"{key}[{index}]")
    ]


def chunk_problems(chunk: Any, where: str, key: str) -> list[Problem]:
    if isinstance(chunk, (str, bytes)):
        return []
    return [
        Problem(
            STREAM_ID,
            f"{where}: key {key!r} must be a string or bytes, got "
            f"{type(chunk).__name__} {chunk!r}.",
        )
    ]


def event_problems(event: Any, where: str, key: str) -> list[Problem]:
    """What is wrong with one server-sent event; ``key`` says where it is."""
    if not isinstance(event, Mapping):
        return [
            Problem(
                STREAM_ID,
                f"{where}: key {key!r} must be an event, a dict with "
                f"{', '.join(EVENT_KEYS)}; got {type(event).__name__} {event!r}.",
                'For example {"event": "message", "data": {"text": "Hello"}}.',
            )
        ]
    problems = [
        Problem(
            STREAM_ID,
            f"{where}: unknown key {name!r} in {key}.",
            did_you_mean(str(name), EVENT_KEYS)
            or f"An event's keys: {', '.join(EVENT_KEYS)}.",
        )
        for name in event
        if name not in EVENT_KEYS
    ]
    for name in ("event", "id"):
        value = event.get(name, "")
        if not isinstance(value, str) or "\n" in value or "\r" in value:
            problems.append(
                Problem(
                    STREAM_ID,
                    f"{where}: key {f'{key}.{name}'!r} must be a one-line string, "
                    f"got {type(value).__name__} {value!r}.",
                )
            )
    retry = event.get("retry", 0)
    if isinstance(retry, bool) or not isinstance(retry, int) or retry < 0:
        problems.append(
            Problem(
                STREAM_ID,
                f"{where}: key {f'{key}.retry'!r} must be a whole number of "
                f"milliseconds, 0 or more; got {type(retry).__name__} {retry!r}.",
            )
        )
    if "data" in event and not isinstance(event["data"], str):
        try:
            jsonlib.dumps(event["data"])
        except (TypeError, ValueError):
            problems.append(
                Problem(
                    STREAM_ID,
                    f"{where}: key {f'{key}.data'!r} must be a string or "
                    f"JSON-serialisable, got {type(event['data']).__name__}.",
                )
            )
    return problems

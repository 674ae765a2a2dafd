"""What a failed ``assertAPICalled`` / ``assertAPINotCalled`` says.

The first line says what really happened ("called once, but with a
different JSON body"), then each call to the endpoint with what it sent and
where the user's code sent it, the differences, and the other calls the test
made with how each differs from the endpoint asserted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol

from apimock.request import APIRequest, LoggedCall

#: How each compared part is named in a sentence; a part not listed by its key.
PART_NAMES = {
    "json": "JSON body",
    "json_contains": "JSON body",
    "data": "form data",
    "data_contains": "form data",
    "params": "query",
    "headers": "headers",
    "files": "files",
}
_BODY_WIDTH = 100
# Calls listed before "... and N more": a report stays readable in a test
# that made hundreds.
LISTED = 8


class PartCheck(Protocol):
    """One part an assertion compares, and how a request's part differs
    (the lines to show; None when it matches)."""

    @property
    def name(self) -> str: ...
    @property
    def differs(self) -> Callable[[APIRequest], str | None]: ...


class Calls(NamedTuple):
    """The calls an assertion looked at: those to its endpoint, those of them
    that also sent the expected parts, and every call of the test."""

    endpoint: Sequence[LoggedCall]
    matching: Sequence[LoggedCall]
    every: Sequence[LoggedCall]


def times(count: int) -> str:
    return {0: "never", 1: "once", 2: "twice"}.get(count, f"{count} times")


def called_failure(
    endpoint: str,
    expected_times: int | None,
    checks: Sequence[PartCheck],
    calls: Calls,
    elsewhere: Callable[[APIRequest], list[str]],
) -> str:
    """Why ``assert_called`` failed. ``elsewhere`` says how a call to
    another endpoint differs from this one."""
    parts = _parts(checks)
    wanted = endpoint + (f" with this {parts}" if parts else "")
    count = "at least once" if expected_times is None else times(expected_times)
    lines = [f"Expected {wanted} to be called {count}; {_what(checks, calls)}"]
    for number, call in _numbered(calls.every, calls.endpoint):
        lines.append(call_line(number, call))
        differing = [(c, found) for c in checks if (found := c.differs(call.request))]
        if not differing:
            lines.append(f"       {_body(call.request)}")
        for check, found in differing:
            lines += [
                f"       {PART_NAMES.get(check.name, check.name)} differs:",
                found,
            ]
    lines += _more(calls.endpoint)
    lines += _others(calls.every, calls.endpoint, elsewhere)
    return "\n".join(lines)


def not_called_failure(
    endpoint: str,
    made: Sequence[LoggedCall],
    every: Sequence[LoggedCall],
    elsewhere: Callable[[APIRequest], list[str]],
) -> str:
    lines = [f"Expected {endpoint} not to be called; it was called {times(len(made))}:"]
    for number, call in _numbered(every, made):
        lines += [call_line(number, call), f"       {_body(call.request)}"]
    lines += _more(made)
    lines += _others(every, made, elsewhere)
    return "\n".join(lines)


def _what(checks: Sequence[PartCheck], calls: Calls) -> str:
    """What happened, in words: the first line's second half."""
    endpoint, matching = calls.endpoint, calls.matching
    if not endpoint:
        return "it was not called."
    others = len(endpoint) - len(matching)
    differing = [
        check
        for check in checks
        if any(check.differs(call.request) for call in endpoint)
    ]
    different = "a different " + _parts(differing, " and ")
    if not matching:
        each = "" if len(endpoint) == 1 else "each time "
        return f"it was called {times(len(endpoint))}, but {each}with {different}:"
    if others:
        return (
            f"it was called {times(len(endpoint))}: {times(len(matching))} as "
            f"expected and {times(others)} with {different}:"
        )
    return f"it was called {times(len(matching))}:"


def _parts(checks: Sequence[PartCheck], joiner: str = ", ") -> str:
    names = [PART_NAMES.get(check.name, check.name) for check in checks]
    return joiner.join(dict.fromkeys(names))


def _numbered(
    every: Sequence[LoggedCall], chosen: Sequence[LoggedCall]
) -> list[tuple[int, LoggedCall]]:
    """The chosen calls with their numbers in the whole log."""
    ids = {id(call) for call in chosen}
    return [(n, call) for n, call in enumerate(every, 1) if id(call) in ids][:LISTED]


def _more(listed: Sequence[LoggedCall]) -> list[str]:
    return [f"  ... and {len(listed) - LISTED} more"] if len(listed) > LISTED else []


def call_line(number: int, call: LoggedCall) -> str:
    """``3. POST url [requests] -> 200, from tests/test_x.py:12``."""
    request = call.request
    if call.response is not None:
        outcome = f"-> {call.response.status}"
    elif call.error is not None:
        outcome = f"-> raised {type(call.error).__name__}"
    else:
        outcome = "-> passed through"
    where = f", from {request.sent_from}" if request.sent_from else ""
    return f"  {number}. {request} [{request.client}] {outcome}{where}"


def _body(request: APIRequest) -> str:
    """What the request sent, in one line."""
    if not request.body:
        return "(no body)"
    try:
        shown = json.dumps(request.json(), sort_keys=True)
    except ValueError:
        shown = request.text
    if len(shown) > _BODY_WIDTH:
        shown = shown[: _BODY_WIDTH - 3] + "..."
    return f"body: {shown}"


def no_calls_failure(every: Sequence[LoggedCall]) -> str:
    made = "1 was made" if len(every) == 1 else f"{len(every)} were made"
    lines = [f"Expected no API calls; {made}:"]
    for number, call in _numbered(every, every):
        lines += [call_line(number, call), f"       {_body(call.request)}"]
    return "\n".join([*lines, *_more(every)])


def _others(
    every: Sequence[LoggedCall],
    shown: Sequence[LoggedCall],
    elsewhere: Callable[[APIRequest], list[str]],
) -> list[str]:
    """The test's other calls, each with how it differs from the endpoint."""
    if not every:
        return ["No API calls were made."]
    ids = {id(call) for call in shown}
    rest = [(n, call) for n, call in enumerate(every, 1) if id(call) not in ids]
    if not rest:
        return []
    lines = ["Other API calls:" if shown else "API calls made:"]
    for number, call in rest[:LISTED]:
        lines.append(call_line(number, call))
        lines += [f"       - {reason}" for reason in elsewhere(call.request)]
    if len(rest) > LISTED:
        lines.append(f"  ... and {len(rest) - LISTED} more")
    return lines

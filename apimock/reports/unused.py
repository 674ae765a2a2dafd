"""The report of stubs a test never called: where each was added, what it
matches, and the call that came closest, with how it differed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from apimock.calls import Call
from apimock.diagnostics import differences
from apimock.stubs.model import Stub


def message(stubs: list[Stub], calls: Iterable[Call]) -> str:
    made = list(calls)
    count = "1 stub was" if len(stubs) == 1 else f"{len(stubs)} stubs were"
    lines = [f"{count} never called:"]
    for number, stub in enumerate(stubs, 1):
        lines.append(f"  {number}. {stub.method} {stub.url}  [{stub.label}]")
        rules = match_rules(stub.match, stub.spec.scenario, stub.spec.state)
        if rules:
            lines.append(f"       match: {rules}")
        lines += _closest_call(stub, made)
    if not made:
        lines.append("No API calls were made.")
    return "\n".join(lines)


def match_rules(
    match: Mapping[str, Any], scenario: str | None = None, state: str | None = None
) -> str:
    """A stub's conditions beyond method and URL, in one line."""
    parts = [f"{key} {_shown(value)}" for key, value in match.items()]
    if state is not None:
        parts.append(f"scenario {scenario!r} in state {state!r}")
    return "; ".join(parts)


def _shown(value: Any) -> str:
    if callable(value) or (
        isinstance(value, list) and any(callable(item) for item in value)
    ):
        items = value if isinstance(value, list) else [value]
        return ", ".join(getattr(item, "__qualname__", repr(item)) for item in items)
    return json.dumps(value, default=str, sort_keys=True)


def _closest_call(stub: Stub, calls: list[Call]) -> list[str]:
    if not calls:
        return []
    _, number, call, found = min(
        (
            (sum(d.weight for d in found), number, call, found)
            for number, call in enumerate(calls, 1)
            for found in [differences(stub, call.request)]
        ),
        key=lambda item: item[:2],
    )
    where = f" from {call.request.sent_from}" if call.request.sent_from else ""
    if not found:
        # It would have answered: a stub that wins over it did.
        answered = (
            f"{call.stub.label} answered it"
            if call.stub
            else "no stub answered it then"
        )
        return [f"       call {number}. {call}{where} matches it, but {answered}"]
    lines = [f"       closest call: {number}. {call}{where}"]
    lines += [f"         - {difference.reason}" for difference in found]
    return lines

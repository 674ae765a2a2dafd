"""Does a request match a stub, and if not, why not.

:func:`differences` explains every way a request differs from a stub, each
with a weight, so the same code decides a match (no differences) and ranks
near misses (smallest total weight first).
"""

from __future__ import annotations

import difflib
import json as jsonlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apimock.request import APIRequest, MultiDict
from apimock.stubs import Stub


@dataclass(frozen=True)
class Difference:
    field: str
    reason: str
    weight: float


def matches(stub: Stub, request: APIRequest) -> bool:
    """True when ``request`` (already known to share method and URL) matches."""
    return not _condition_differences(stub, request)


def differences(stub: Stub, request: APIRequest) -> list[Difference]:
    """Every way ``request`` differs from ``stub``; empty when it matches."""
    found = []
    if stub.method != request.method:
        found.append(
            Difference(
                "method", f"method differs: {request.method} vs {stub.method}", 3
            )
        )
    wanted, got = stub.parsed_url, request.parsed_url
    if wanted.origin != got.origin:
        found.append(
            Difference(
                "host",
                f"host differs: {got.origin} vs {wanted.origin}",
                2 + 3 * _distance(got.origin, wanted.origin),
            )
        )
    if wanted.path != got.path:
        found.append(
            Difference(
                "path",
                f"path differs: {got.path} vs {wanted.path}",
                1 + 4 * _distance(got.path, wanted.path),
            )
        )
    return found + _condition_differences(stub, request)


def _distance(a: str, b: str) -> float:
    return 1 - difflib.SequenceMatcher(None, a, b).ratio()


def _condition_differences(stub: Stub, request: APIRequest) -> list[Difference]:
    found: list[Difference] = []
    query = {**stub.url_query, **stub.match.get("query", {})}
    if query:
        found += _multidict_differences("query", query, request.params)
    if "form" in stub.match:
        found += _multidict_differences("form", stub.match["form"], request.form)
    if "headers" in stub.match:
        found += _header_differences(stub.match["headers"], request)
    if "json" in stub.match:
        found += _json_differences(stub.match["json"], request)
    return found


def _multidict_differences(
    kind: str, wanted: Mapping[str, Any], got: MultiDict
) -> list[Difference]:
    found = []
    for name, value in wanted.items():
        if name not in got:
            found.append(Difference(kind, f"{kind} lacks {name}={_show(value)}", 1))
            continue
        mismatch = _value_mismatch(value, got[name], f"{kind} {name}")
        if mismatch:
            found.append(Difference(kind, mismatch, 0.8))
    return found


def _value_mismatch(wanted: Any, got: Any, where: str) -> str | None:
    """Compare a query/form value: a string exactly, a dict or list as JSON."""
    if isinstance(wanted, (dict, list)) and isinstance(got, str):
        try:
            decoded = jsonlib.loads(got)
        except ValueError:
            return f"{where} is not JSON: {got!r}"
        paths = json_mismatches(wanted, decoded, "$")
        return f"{where} differs: {paths[0]}" if paths else None
    wanted_text = [str(v) for v in wanted] if isinstance(wanted, list) else str(wanted)
    if wanted_text != got:
        return f"{where} differs: {_show(got)} vs {_show(wanted_text)}"
    return None


def _header_differences(
    wanted: Mapping[str, str], request: APIRequest
) -> list[Difference]:
    found = []
    for name, value in wanted.items():
        got = request.headers.get(name)
        if got is None:
            found.append(Difference("headers", f"header {name} is missing", 1))
        elif got != value:
            found.append(
                Difference(
                    "headers", f"header {name} differs: {got!r} vs {value!r}", 0.8
                )
            )
    return found


def _json_differences(wanted: Any, request: APIRequest) -> list[Difference]:
    try:
        got = request.json()
    except ValueError:
        shown = request.text[:60] or "empty"
        return [Difference("json", f"body is not JSON ({shown})", 2)]
    return [
        Difference("json", f"json differs: {mismatch}", 1)
        for mismatch in json_mismatches(wanted, got, "$")
    ]


def json_mismatches(wanted: Any, got: Any, path: str) -> list[str]:
    """Partial match: every key of ``wanted`` must be in ``got``; lists in order."""
    if isinstance(wanted, dict):
        if not isinstance(got, dict):
            return [f"{path} is {_show(got)}, expected an object"]
        found = []
        for key, value in wanted.items():
            child = f"{path}.{key}"
            if key not in got:
                found.append(f"{child} is missing")
            else:
                found += json_mismatches(value, got[key], child)
        return found
    if isinstance(wanted, list):
        if not isinstance(got, list) or len(got) != len(wanted):
            return [f"{path} is {_show(got)}, expected {_show(wanted)}"]
        return [
            mismatch
            for index, (want, have) in enumerate(zip(wanted, got, strict=True))
            for mismatch in json_mismatches(want, have, f"{path}[{index}]")
        ]
    # bool is an int in Python; JSON true is not 1.
    if wanted != got or isinstance(wanted, bool) != isinstance(got, bool):
        return [f"{path} is {_show(got)}, expected {_show(wanted)}"]
    return []


def _show(value: Any) -> str:
    text = jsonlib.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

"""The call log and the assertions over it."""

from __future__ import annotations

import difflib
import json as jsonlib
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from apimock.request import URL, APIRequest, APIResponse
from apimock.stubs.model import Stub


@dataclass(frozen=True, slots=True)
class Call:
    """One request the code under test made, and what it got back.

    ``response`` is None when the request raised (``error`` says what) or was
    passed through to an allowed host.
    """

    request: APIRequest
    response: APIResponse | None = None
    error: BaseException | None = None
    stub: Stub | None = None
    passthrough: bool = False

    @property
    def client(self) -> str:
        return self.request.client

    def __str__(self) -> str:
        return str(self.request)


class CallLog:
    """A thread-safe, list-like record of calls."""

    def __init__(self, *, keep: bool = True) -> None:
        self._calls: list[Call] = []
        self._keep = keep
        self._lock = threading.Lock()

    def record(self, call: Call) -> None:
        if not self._keep:
            return
        with self._lock:
            self._calls.append(call)

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()

    def __getitem__(self, index: int) -> Call:
        return self._calls[index]

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def __repr__(self) -> str:
        return f"<CallLog {[str(call) for call in self._calls]}>"


def _same_endpoint(request: APIRequest, method: str, url: str) -> bool:
    if request.method != method.upper():
        return False
    wanted = URL.parse(url)
    got = request.parsed_url
    # A URL given without a query matches calls with any query (use params=).
    return got.base == wanted.base and (not wanted.query or got.query == wanted.query)


def _body_json(request: APIRequest) -> Any:
    try:
        return request.json()
    except ValueError:
        return request.text


def _checks(
    json: Any, data: Any, params: Any, headers: Mapping[str, str] | None
) -> dict[str, tuple[Any, Any]]:
    """What to compare: name -> (expected, function of the request)."""
    checks: dict[str, tuple[Any, Any]] = {}
    if json is not None:
        checks["json"] = (json, _body_json)
    if data is not None:
        checks["data"] = (_stringify(data), lambda r: r.form)
    if params is not None:
        checks["params"] = (_stringify(params), lambda r: r.params)
    if headers is not None:
        checks["headers"] = (
            dict(headers),
            lambda r: {name: r.headers.get(name) for name in headers},
        )
    return checks


def _stringify(values: Mapping[str, Any]) -> dict[str, Any]:
    # Form and query values travel as text; compare them as text.
    return {
        key: [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
        for key, value in values.items()
    }


def _pretty(value: Any) -> list[str]:
    return jsonlib.dumps(value, indent=2, sort_keys=True, default=str).splitlines()


def _diff(expected: Any, actual: Any) -> str:
    lines = difflib.unified_diff(
        _pretty(expected), _pretty(actual), "expected", "actual", lineterm="", n=2
    )
    return "\n".join("      " + line for line in lines)


class CallAssertions:
    """``assert_called`` and ``assert_not_called`` over ``self.calls``."""

    calls: CallLog

    def assert_called(
        self,
        method: str,
        url: str,
        *,
        times: int | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> list[Call]:
        """Fail unless ``method url`` was called (``times`` times) with these parts.

        ``json``, ``data`` (form) and ``params`` (query) must equal what was
        sent; ``headers`` must be among the headers sent. A ``url`` without a
        query matches calls with any query. Returns the matching calls.
        """
        checks = _checks(json, data, params, headers)
        endpoint_calls = [
            c for c in self.calls if _same_endpoint(c.request, method, url)
        ]
        matching = [
            c
            for c in endpoint_calls
            if all(get(c.request) == expected for expected, get in checks.values())
        ]
        if (times is None and matching) or (
            times is not None and len(matching) == times
        ):
            return matching
        wanted = f"{method.upper()} {url}"
        if checks:
            wanted += " with " + ", ".join(checks)
        count = "at least once" if times is None else f"{times} time(s)"
        lines = [
            f"Expected {wanted} to be called {count}; "
            f"it was called {len(matching)} time(s)."
        ]
        for call in endpoint_calls:
            for name, (expected, get) in checks.items():
                actual = get(call.request)
                if actual != expected:
                    lines.append(
                        f"  {call}: {name} differs:\n{_diff(expected, actual)}"
                    )
        lines.append(_describe(self.calls))
        raise AssertionError("\n".join(lines))

    def assert_not_called(self, method: str, url: str) -> None:
        """Fail if ``method url`` was called, listing the calls made."""
        made = [c for c in self.calls if _same_endpoint(c.request, method, url)]
        if made:
            raise AssertionError(
                f"Expected {method.upper()} {url} not to be called; it was called "
                f"{len(made)} time(s).\n{_describe(self.calls)}"
            )


def _describe(calls: CallLog) -> str:
    if not len(calls):
        return "No API calls were made."
    lines = ["API calls made:"]
    for number, call in enumerate(calls, 1):
        outcome = (
            f"-> {call.response.status}"
            if call.response
            else f"-> raised {type(call.error).__name__}"
            if call.error
            else "-> passed through"
        )
        lines.append(f"  {number}. {call} [{call.client}] {outcome}")
    return "\n".join(lines)

"""The call log and the assertions over it."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from apimock import expectations
from apimock.reports.called import (
    Calls,
    called_failure,
    no_calls_failure,
    not_called_failure,
)
from apimock.request import APIRequest, APIResponse
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

    @property
    def session(self) -> Any:
        """The session or client object that sent it (see APIRequest.session)."""
        return self.request.session

    def __str__(self) -> str:
        return str(self.request)


class CallObserver(Protocol):
    """Told of every call as the mock sees it (the dev-mode journal is one).

    ``call_started`` when the mock is first asked about a request,
    ``call_recorded`` when the call is logged: once per request, on every
    path (answered, missed, raised, passed through).
    """

    def call_started(self, request: APIRequest) -> None: ...

    def call_recorded(self, call: Call) -> None: ...


class CallLog:
    """A thread-safe, list-like record of calls.

    ``keep=False`` keeps nothing (a long-lived mock); ``observer`` is told of
    each call either way. Without one a call costs one attribute test more.
    """

    def __init__(
        self,
        *,
        keep: bool = True,
        also: CallLog | None = None,
        observer: CallObserver | None = None,
    ) -> None:
        self._calls: list[Call] = []
        self._keep = keep
        # A nested activation's calls are its test's calls too.
        self._also = also
        self.observer = observer
        self._lock = threading.Lock()

    def record(self, call: Call) -> None:
        if self.observer is not None:
            self.observer.call_recorded(call)
        if self._also is not None:
            self._also.record(call)
        if not self._keep:
            return
        with self._lock:
            self._calls.append(call)

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()

    def __getitem__(self, index: int) -> Call:
        return self._calls[index]

    @property
    def last(self) -> Call:
        """The most recent call; fails the test (AssertionError) if none was made."""
        with self._lock:
            if not self._calls:
                raise AssertionError("No API calls were made.")
            return self._calls[-1]

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def to_har(self, page: str | None = None) -> dict[str, Any]:
        """These calls as a HAR 1.2 document (secrets redacted as cassettes
        redact them); ``page`` names the page they are on (a test's id)."""
        from apimock.exchange import har_export

        return har_export.to_har(list(self), page)

    def __repr__(self) -> str:
        return f"<CallLog {[str(call) for call in self._calls]}>"


class CallAssertions:
    """``assert_called``, ``assert_not_called`` and ``assert_no_calls`` over
    ``self.calls``."""

    calls: CallLog

    def assert_called(
        self,
        method: str,
        url: str | re.Pattern[str] | None = None,
        *,
        url_regex: str | re.Pattern[str] | None = None,
        url_prefix: str | None = None,
        times: int | None = None,
        json: Any = None,
        json_contains: Any = None,
        data: Mapping[str, Any] | None = None,
        data_contains: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        files: Any = None,
    ) -> list[Call]:
        """Fail unless ``method url`` was called (``times`` times) with these parts.

        The URL is exact (a URL without a query matches calls with any
        query), a template with ``{id}`` path parameters, or ``url_regex``
        (a string or compiled pattern, or a compiled pattern as ``url``) or
        ``url_prefix``, as in a stub. ``json``, ``data`` (form) and
        ``params`` (query) must equal what was sent; ``json_contains`` and
        ``data_contains`` must be in it, as a stub's ``match`` says;
        ``headers`` must be among the headers sent; ``files`` names parts as
        requests' ``files=`` does. A list in ``data``/``params`` is a field's
        values: ``["a@x"]`` is ``to=a@x`` sent once. Returns the matching calls.
        """
        where = expectations.endpoint(method, url, url_regex, url_prefix)
        checks = expectations.checks(
            json=json,
            json_contains=json_contains,
            data=data,
            data_contains=data_contains,
            params=params,
            headers=headers,
            files=files,
        )
        endpoint_calls = [c for c in self.calls if where.matches(c.request)]
        matching = [
            c
            for c in endpoint_calls
            if all(check.differs(c.request) is None for check in checks)
        ]
        if (times is None and matching) or (
            times is not None and len(matching) == times
        ):
            return matching
        raise AssertionError(
            called_failure(
                str(where),
                times,
                checks,
                Calls(endpoint_calls, matching, list(self.calls)),
                where.differences,
            )
        )

    def assert_not_called(
        self,
        method: str,
        url: str | re.Pattern[str] | None = None,
        *,
        url_regex: str | re.Pattern[str] | None = None,
        url_prefix: str | None = None,
    ) -> None:
        """Fail if ``method url`` (in any of ``assert_called``'s URL forms) was
        called, listing the calls made."""
        where = expectations.endpoint(method, url, url_regex, url_prefix)
        made = [c for c in self.calls if where.matches(c.request)]
        if made:
            raise AssertionError(
                not_called_failure(
                    str(where), made, list(self.calls), where.differences
                )
            )

    def assert_no_calls(self) -> None:
        """Fail if any request was made, through any client, listing them."""
        if len(self.calls):
            raise AssertionError(no_calls_failure(list(self.calls)))

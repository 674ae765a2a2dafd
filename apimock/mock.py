"""The active mock: the object tests know as ``self.api``.

One APIMock answers every request made while it is the innermost active one:
from its own stubs (newest first), then its parent's (a test's parent is its
class's mock), then the settings stubs. A request no stub answers is passed
through when its host is allowed, otherwise recorded as a miss and raised as
UnmatchedRequest.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from apimock import hosts
from apimock.calls import Call, CallAssertions, CallLog
from apimock.conf import conf
from apimock.diagnostics import blocked_message, unmatched_message
from apimock.exceptions import UnmatchedRequest
from apimock.registry import StubSet, iter_layers, settings_stubs
from apimock.request import APIRequest, APIResponse
from apimock.stubs import Stub, StubSource, StubSpec, parse_stub

_NOT_GIVEN: Any = object()
logger = logging.getLogger("apimock")


class APIMock(CallAssertions):
    """Stubs, the call log and the misses of one activation (``self.api``).

    ``calls`` is the call log: each call has
    ``.request``, ``.response`` (None if it raised or passed through),
    ``.error`` and ``.client``. ``misses`` lists the UnmatchedRequest errors
    raised so far.
    """

    def __init__(
        self,
        *,
        parent: APIMock | None = None,
        stubs: Iterable[Mapping[str, Any]] = (),
        allowed_hosts: Iterable[str] | None = None,
        record: bool = True,
    ) -> None:
        self.parent = parent
        # A long-lived mock (dev mode) logs misses instead of keeping them.
        self.record = record
        self.calls = CallLog() if record else CallLog(keep=False)
        self.misses: list[UnmatchedRequest] = []
        self._stubs = StubSet()
        self._added = 0
        self._allowed_hosts = (
            None if allowed_hosts is None else hosts.allowed_hosts(tuple(allowed_hosts))
        )
        self._lock = threading.Lock()
        for stub in stubs:
            self._add_spec(dict(stub))

    # -- declaring stubs -------------------------------------------------

    def add(
        self,
        method: str,
        url: str,
        *,
        status: int = 200,
        json: Any = _NOT_GIVEN,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        match: Mapping[str, Any] | None = None,
        name: str | None = None,
        error: str | None = None,
    ) -> StubSpec:
        """Answer ``method url`` with this response for the rest of the test.

        ``body`` may be an exception instance or class: the client raises it,
        as its own type for a timeout or connection error; ``error="timeout"``
        or ``error="connection_error"`` says the same for every client.
        A stub added here wins over the settings stubs and earlier adds.
        """
        raw: dict[str, Any] = {"method": method, "url": url, "status": status}
        if json is not _NOT_GIVEN:
            raw["json"] = json
        optional = {
            "body": body,
            "headers": headers,
            "match": match,
            "name": name,
            "error": error,
        }
        raw.update({key: value for key, value in optional.items() if value is not None})
        return self._add_spec(raw)

    def _add_spec(self, raw: dict[str, Any]) -> StubSpec:
        with self._lock:
            source = StubSource("api.add", self._added)
            self._added += 1
        spec = parse_stub(raw, source)
        self._stubs.add(spec)
        return spec

    def reset(self) -> None:
        """Forget this mock's own stubs, calls and misses."""
        self._stubs.clear()
        self.calls.reset()
        self.misses.clear()

    # -- answering -------------------------------------------------------

    @property
    def allowed_hosts(self) -> hosts.AllowedHosts:
        if self._allowed_hosts is not None:
            return self._allowed_hosts
        return self.parent.allowed_hosts if self.parent else conf.ALLOWED_HOSTS

    # -- the socket guard's questions (see apimock.guard) -----------------

    def allows_address(self, ip: str, port: int | None) -> bool:
        return self.allowed_hosts.allows_address(ip, port)

    def allows_name(self, host: str, port: int | None) -> bool:
        return self.allowed_hosts.allows(host, port)

    def blocked(self, host: str, port: int | None, mechanism: str) -> UnmatchedRequest:
        """Record a connection the guard refused; return the error to raise."""
        miss = UnmatchedRequest(
            blocked_message(host, port, mechanism, self.allowed_hosts)
        )
        self._record_miss(miss)
        return miss

    def _record_miss(self, miss: UnmatchedRequest) -> None:
        if self.record:
            self.misses.append(miss)
        else:
            logger.warning("%s", miss)

    def _layers(self) -> list[StubSet]:
        layers = []
        mock: APIMock | None = self
        while mock is not None:
            layers.append(mock._stubs)
            mock = mock.parent
        layers.append(settings_stubs.current())
        return layers

    def stubs(self) -> list[Stub]:
        """Every stub this mock can answer with, resolved against current settings."""
        return list(iter_layers(self._layers()))

    def find(self, request: APIRequest) -> Stub | None:
        for layer in self._layers():
            stub = layer.find(request)
            if stub is not None:
                return stub
        return None

    def resolve(self, request: APIRequest) -> Stub | None:
        """The stub for ``request``; None to pass it through to an allowed host.

        A request that is neither is logged as a miss and raised as
        UnmatchedRequest. Transports call this, then :meth:`respond`.
        """
        stub = self.find(request)
        if stub is not None:
            return stub
        url = request.parsed_url
        if self.allowed_hosts.allows(url.host, url.effective_port):
            self.calls.record(Call(request, passthrough=True))
            return None
        miss = UnmatchedRequest(
            unmatched_message(request, self.stubs(), self.allowed_hosts)
        )
        self._record_miss(miss)
        self.calls.record(Call(request, error=miss))
        raise miss

    def respond(self, request: APIRequest, stub: Stub) -> APIResponse:
        """The stub's response, logged; raises the stub's exception if it has one."""
        error = stub.error
        if error is not None:
            self.calls.record(Call(request, error=error, stub=stub))
            raise error
        response = stub.response()
        self.calls.record(Call(request, response=response, stub=stub))
        return response

    def __repr__(self) -> str:
        return f"<APIMock {len(self._stubs)} stubs, {len(self.calls)} calls>"

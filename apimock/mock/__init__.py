"""The active mock: the object tests know as ``self.api``.

One APIMock answers every request made while it is the innermost active one,
choosing among the stubs that match: an explicit ``priority`` first, then its
own stubs over its parent's (a test's parent is its class's mock) over the
settings stubs, then the most specific, then the newest added (the first
declared, for settings stubs). A request no stub answers is passed through
when its host is allowed; otherwise a recording cassette sends it for real
and stores it; otherwise it is recorded as a miss and raised as
UnmatchedRequest. No real request is ever sent while a lock is held: the code
a real request reaches (a live server's view) may make stubbed calls of its
own.

``choosing`` picks the stub, ``answering`` builds its response, ``kept``
holds the errors kept for the test's end, ``hosts`` says which hosts pass
through (and answers the socket guard), ``usage`` reports unused stubs.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

from apimock import callsite
from apimock.calls import Call, CallAssertions, CallLog, CallObserver
from apimock.conf import conf
from apimock.contracts import runtime as contracts
from apimock.diagnostics import (
    IN_TEST_CASE,
    MissReport,
    PasteHint,
    unmatched_report,
    with_contract_note,
)
from apimock.exceptions import (
    ContractViolation,
    StubError,
    UnmatchedRequest,
    is_kept,
    mark_kept,
)
from apimock.fakes import registry as fake_registry
from apimock.fakes.api import FakeAPI
from apimock.fakes.store import FakeStores
from apimock.guard import hosts as guard_hosts  # apimock.mock.hosts is "hosts"
from apimock.mock.answering import answer
from apimock.mock.choosing import Match, PendingRecord, choose
from apimock.mock.hosts import HostRules
from apimock.mock.kept import ExpectedViolation
from apimock.mock.usage import StubUsage
from apimock.request import APIRequest, APIResponse
from apimock.stubs import definitions, shadowing, streams
from apimock.stubs.model import Stub, StubSpec, parse_stub
from apimock.stubs.registry import StubSet, iter_layers, settings_stubs
from apimock.stubs.source import StubSource
from apimock.stubs.state import StubState

if TYPE_CHECKING:
    from apimock.cassettes.recorder import Cassette

__all__ = ["APIMock", "ExpectedViolation", "Match", "PendingRecord"]

# pytest leaves this package's frames out of a failure's traceback: the
# report says what happened and where, and the code choosing a stub is noise.
__tracebackhide__ = True

_NOT_GIVEN: Any = object()


class APIMock(CallAssertions, HostRules, StubUsage):
    """Stubs, the call log and the misses of one activation (``self.api``).

    ``calls`` is the call log: each call has ``.request``, ``.response``
    (None if it raised or passed through), ``.error`` and ``.client``.
    ``misses`` lists the UnmatchedRequest errors raised so far,
    ``violations`` the ContractViolation errors, and ``stub_errors`` the
    StubErrors of stubs that could not answer (a ``{request.…}`` value the
    request lacked, a callback's unusable return, a custom matcher that
    raised or returned neither a bool nor ``(matched, reason)``).
    """

    def __init__(
        self,
        *,
        parent: APIMock | None = None,
        stubs: Iterable[Mapping[str, Any]] = (),
        allowed_hosts: Iterable[str] | None = None,
        record: bool = True,
        state: StubState | None = None,
        cassette: Cassette | None = None,
        paste: PasteHint | None = None,
        labels: tuple[str, str] = ("api.add()", "stubs"),
        calls_to: CallLog | None = None,
        observer: CallObserver | None = None,
        fakes: FakeStores | None = None,
    ) -> None:
        self.parent = parent
        # How its stubs are named in messages: its adds, its given stubs.
        self._add_label, self._stubs_label = labels
        # How the code that owns this mock adds a stub, for the miss report;
        # None: as its parent does.
        self._paste = paste
        #: The test's cassette: it replays in place of the settings stubs.
        self.cassette = cassette
        # A long-lived mock (dev mode) logs misses instead of keeping them.
        self.record = record
        # ``observer`` (the dev-mode journal) sees every call, kept or not.
        self.calls = CallLog(keep=record, also=calls_to, observer=observer)
        self.misses: list[UnmatchedRequest] = []
        self.violations: list[ContractViolation] = []
        self.stub_errors: list[StubError] = []
        self.state = state if state is not None else StubState()
        #: What the fakes hold in this activation (a test starts from a copy
        #: of its class's).
        self.fakes: FakeStores = (
            fakes if fakes is not None else FakeStores(parent.fakes if parent else None)
        )
        self._stubs = StubSet()
        # Its parents, innermost first: fixed once made, and walked on every
        # request. Not the mock itself: a mock that held itself would be a
        # cycle, freed (with its call log and every session that log keeps)
        # only when the garbage collector next ran, not when its test ends.
        self._parents: tuple[APIMock, ...] = (
            (parent, *parent._parents) if parent else ()
        )
        # Its own stub set and its parents', in the same order (each is
        # cleared, never replaced).
        self._own_layers = (self._stubs, *(mock._stubs for mock in self._parents))
        self._added = 0
        # Where each own stub was added: the phase of its test (see
        # mark_phase) and the function that added it (see stubs.shadowing).
        self._phase = 0
        self._phases: dict[StubSpec, shadowing.Place] = {}
        self._allowed_hosts = (
            None
            if allowed_hosts is None
            else guard_hosts.allowed_hosts(tuple(allowed_hosts))
        )
        # Added while active: the live server's own address (see allow()).
        self._also_allowed: tuple[str, ...] = ()
        self._lock = threading.Lock()
        for index, stub in enumerate(stubs):
            given = StubSource(self._stubs_label, index, style="list")
            self._add_spec(dict(stub), given)

    # -- declaring stubs -------------------------------------------------

    def add(
        self,
        method: str,
        url: str | re.Pattern[str] | None = None,
        *,
        status: int = 200,
        json: Any = _NOT_GIVEN,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        match: Mapping[str, Any] | None = None,
        name: str | None = None,
        error: str | BaseException | type[BaseException] | None = None,
        **more: Any,
    ) -> StubSpec:
        """Answer ``method url`` with this response for the rest of the test.

        ``body`` or ``error`` may be an exception instance or class: the
        client raises it, as its own type for a timeout or connection error;
        ``error="timeout"`` or ``error="connection_error"`` says the same for
        every client. A compiled pattern as ``url`` is a ``url_regex``. Every
        other stub key (``url_regex``, ``priority``, ``responses``, ``times``,
        ``scenario``, ``delay``, ``fault``, ``callback``...) is accepted as a
        keyword, as in a settings stub. A stub added here wins over the
        settings stubs and earlier adds.
        """
        raw: dict[str, Any] = {"method": method}
        if isinstance(url, re.Pattern):  # responses' idiom: a compiled URL
            raw["url_regex"] = url
        elif url is not None:
            raw["url"] = url
        if "responses" not in more:
            raw["status"] = status
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
        raw.update(more)
        site = callsite.find()
        return self._add_spec(raw, at=site)

    def _add_spec(
        self,
        raw: dict[str, Any],
        source: StubSource | None = None,
        at: object = None,
    ) -> StubSpec:
        if source is None:
            with self._lock:
                source = StubSource(self._add_label, self._added, style="call", at=at)
                self._added += 1
        # Only a body_file needs BASE_DIR, and reading a setting that is not
        # there costs more than the rest of an add.
        base_dir = conf.BASE_DIR if definitions.reads_files(raw) else None
        spec = parse_stub(raw, source, base_dir=base_dir)
        self._stubs.add(spec)
        self._phases[spec] = shadowing.place(self._phase, source)
        return spec

    def mark_phase(self) -> None:
        """The test body starts: a stub added from now on may override one
        added in ``setUp`` without a ShadowedStubWarning."""
        self._phase += 1

    def fake(self, base_url: str) -> FakeAPI:
        """The fake of the contract at ``base_url`` as this test sees it: its
        objects, to inspect and seed, and its handlers (see docs/fakes)."""
        return fake_registry.api(base_url, self.fakes)

    def reset(self) -> None:
        """Forget this mock's own stubs, calls, misses, violations, stub
        errors, stub state and what its fakes hold."""
        self.fakes.reset()
        self._stubs.clear()
        self._phases.clear()
        self.calls.reset()
        self.misses.clear()
        self.violations.clear()
        self.stub_errors.clear()
        self.state.reset()

    # -- answering -------------------------------------------------------

    @property
    def _paste_hint(self) -> PasteHint:
        if self._paste is not None:
            return self._paste
        return self.parent._paste_hint if self.parent else IN_TEST_CASE

    def _layers(self) -> list[StubSet]:
        cassette = self._cassette()
        return [
            *self._own_layers,
            cassette.layer if cassette else settings_stubs.current(),
        ]

    def _cassette(self) -> Cassette | None:
        """This mock's cassette, or the one of the test it is nested in."""
        if self.cassette is not None:
            return self.cassette
        for mock in self._parents:
            if mock.cassette is not None:
                return mock.cassette
        return None

    def stubs(self) -> list[Stub]:
        """Every stub this mock can answer with, resolved against current settings."""
        return list(iter_layers(self._layers()))

    @overload
    def resolve(
        self, request: APIRequest, *, record: Literal[True] = ...
    ) -> Match | PendingRecord | None: ...

    @overload
    def resolve(
        self, request: APIRequest, *, record: Literal[False]
    ) -> Match | None: ...

    def resolve(
        self, request: APIRequest, *, record: bool = True
    ) -> Match | PendingRecord | None:
        """The stub for ``request``; None to pass it through to an allowed host.

        A request that is neither is sent for real and stored by a recording
        cassette (unless ``record`` is False: a transport a cassette cannot
        record, such as gRPC, WebSocket or ``apimock serve``), or else logged
        as a miss and raised as UnmatchedRequest. A request that breaks its
        API's contract raises ContractViolation first. Transports call this,
        then :meth:`respond`.
        """
        # Where the user's code sent it, for the call log's reports and a
        # journal; a transport that answers later (aiohttp, in the event
        # loop) says.
        told = request.sent_from is not None
        observer = self.calls.observer
        if (self.record or observer is not None) and not told:
            request.sent_from = callsite.find()
        request.client = callsite.client_name(request.client, request.sent_from)
        if observer is not None:
            observer.call_started(request)
        faking = fake_registry.covering(request, self.fakes)
        try:
            rejected = contracts.check_request(request, self._record_violation, faking)
        except ContractViolation as violation:
            self.calls.record(Call(request, error=violation))
            if is_kept(violation):  # for the report, should the code swallow it
                mark_kept(violation, request)
            self._add_miss_report(violation, request, told)
            raise
        if rejected is not None:  # the fake answers as the document declares
            return Match(rejected, 0)
        with self.state.lock:  # choosing and taking a response are one step
            try:
                chosen = choose(self._layers(), request, self.state)
            except StubError as error:  # a custom matcher, a missing setting
                self.calls.record(Call(request, error=error))
                self._record_stub_error(error, request)
                raise
            if chosen is not None:
                stub, params = chosen
                request.path_params = params
                if not self.state.uses.get(stub.spec) and stub.spec in self._phases:
                    shadowing.warn_if_shadowing(
                        stub.spec, self._stubs.specs(), self._phases, self.state.uses
                    )
                return Match(stub, self.state.take(stub.spec))
        # Outside the lock from here: what follows may reach a real server.
        url = request.parsed_url
        if self.allowed_hosts.allows(url.host, url.effective_port):
            self.calls.record(Call(request, passthrough=True))
            return None
        cassette = self._cassette()
        if record and cassette is not None and cassette.recording:
            return PendingRecord(lambda: cassette.record(request))
        faked = faking.stub_for(request) if faking is not None else None
        if faked is not None:  # no stub: the contract's fake answers
            return Match(faked, 0)
        report = self._miss_report(request, told)
        if cassette is not None:
            report.notes.append(cassette.miss_note())
        miss = UnmatchedRequest(str(report))
        miss.report = report  # type: ignore[attr-defined]
        self._record_miss(miss)
        self.calls.record(Call(request, error=miss))
        raise miss

    def _miss_report(self, request: APIRequest, told: bool = False) -> MissReport:
        if not told:
            # More of the user's frames than a call keeps: the code that made
            # a swallowed miss may be a helper several calls deep.
            request.sent_from = callsite.find(keep=callsite.KEPT_FRAMES)
            request.client = callsite.client_name(request.client, request.sent_from)
        return unmatched_report(
            request, self.stubs(), self.allowed_hosts, self.state, self._paste_hint
        )

    def _add_miss_report(
        self, violation: ContractViolation, request: APIRequest, told: bool
    ) -> None:
        """A request its contract does not describe that no stub answers either
        (a typo in the path, say): the violation says both, so the closest
        stubs show the typo and the paste lines are there if it is not one."""
        with self.state.lock:
            answered = choose(self._layers(), request, self.state) is not None
        if not answered:
            with_contract_note(violation, self._miss_report(request, told))

    def respond(
        self, request: APIRequest, match: Match | PendingRecord, *, sleep: bool = True
    ) -> APIResponse:
        """The stub's response, logged; raises the stub's error if it has one
        (see ``apimock.mock.answering.answer``). A pending record is sent
        for real now, and answered from what the cassette stored."""
        if isinstance(match, PendingRecord):
            match = Match(match.send(), 0)
        stub = match.stub
        try:
            response = answer(request, match, sleep=sleep)
            if response.stream is not None:
                # Its body is read later, by the client: log what it reads.
                response.stream = streams.delivered(response, self._record_stub_error)
            elif stub.spec.contract and "fault" not in match.answer:
                contracts.check_response(
                    request, response, stub, self._record_violation
                )
        except BaseException as error:
            self.calls.record(Call(request, error=error, stub=stub))
            if isinstance(error, StubError):
                self._record_stub_error(error, request)
            raise
        self.calls.record(Call(request, response=response, stub=stub))
        return response

    def __repr__(self) -> str:
        return f"<APIMock {len(self._stubs)} stubs, {len(self.calls)} calls>"

"""The active mock: the object tests know as ``self.api``.

One APIMock answers every request made while it is the innermost active one,
choosing among the stubs that match: an explicit ``priority`` first, then its
own stubs over its parent's (a test's parent is its class's mock) over the
settings stubs, then the most specific, then the newest added (the first
declared, for settings stubs). A request no stub answers is passed through
when its host is allowed, otherwise recorded as a miss and raised as
UnmatchedRequest.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from apimock import callsite
from apimock.calls import Call, CallAssertions, CallLog, CallObserver
from apimock.conf import conf
from apimock.contracts import runtime as contracts
from apimock.diagnostics import (
    IN_TEST_CASE,
    MissReport,
    PasteHint,
    blocked_message,
    unmatched_report,
    with_contract_note,
)
from apimock.exceptions import (
    ContractViolation,
    StubError,
    UnmatchedRequest,
    is_kept,
    mark_kept,
    mark_reported,
)
from apimock.fakes import registry as fake_registry
from apimock.fakes.api import FakeAPI
from apimock.fakes.store import FakeStores
from apimock.guard import hosts
from apimock.reports import unused
from apimock.request import APIRequest, APIResponse
from apimock.stubs import answers, definitions, faults, matchers, shadowing, streams
from apimock.stubs.model import Stub, StubSpec, parse_stub
from apimock.stubs.registry import StubSet, iter_layers, settings_stubs
from apimock.stubs.source import StubSource
from apimock.stubs.state import StubState

if TYPE_CHECKING:
    from apimock.cassettes.recorder import Cassette

# pytest leaves this module's frames out of a failure's traceback: the
# report says what happened and where, and the code choosing a stub is noise.
__tracebackhide__ = True

_NOT_GIVEN: Any = object()
_NO_PRIORITY = 1 << 30
logger = logging.getLogger("apimock")
_Error = TypeVar("_Error", bound=BaseException)


@dataclass(slots=True)  # not frozen: one is made on every request
class Match:
    """The stub chosen for a request, and which of its responses to serve."""

    stub: Stub
    index: int

    @property
    def answer(self) -> Mapping[str, Any]:
        return self.stub.answers[self.index]


@dataclass
class ExpectedViolation:
    """What :meth:`APIMock.expect_violation` caught."""

    exception: ContractViolation | None = None


class APIMock(CallAssertions):
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
        # This mock and its parents, innermost first: fixed once made, and
        # walked on every request.
        lineage = parent._lineage if parent else ()
        self._lineage: tuple[APIMock, ...] = (self, *lineage)
        # Their stub sets, in the same order (each is cleared, never replaced).
        self._own_layers = tuple(mock._stubs for mock in self._lineage)
        self._added = 0
        # Where each own stub was added: the phase of its test (see
        # mark_phase) and the function that added it (see stubs.shadowing).
        self._phase = 0
        self._phases: dict[StubSpec, shadowing.Place] = {}
        self._allowed_hosts = (
            None if allowed_hosts is None else hosts.allowed_hosts(tuple(allowed_hosts))
        )
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
        return self._add_spec(raw, at=str(site) if site else None)

    def _add_spec(
        self,
        raw: dict[str, Any],
        source: StubSource | None = None,
        at: str | None = None,
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
    def allowed_hosts(self) -> hosts.AllowedHosts:
        if self._allowed_hosts is not None:
            return self._allowed_hosts
        return self.parent.allowed_hosts if self.parent else conf.ALLOWED_HOSTS

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
        for mock in self._lineage:
            if mock.cassette is not None:
                return mock.cassette
        return None

    def stubs(self) -> list[Stub]:
        """Every stub this mock can answer with, resolved against current settings."""
        return list(iter_layers(self._layers()))

    def _choose(self, request: APIRequest) -> tuple[Stub, dict[str, str]] | None:
        best: tuple[Any, ...] | None = None
        chosen = None
        for layer, stub_set in enumerate(self._layers()):
            for candidate in stub_set.candidates(request):
                stub = candidate.stub
                priority = (
                    stub.spec.priority
                    if stub.spec.priority is not None
                    else _NO_PRIORITY
                )
                key = (priority, layer, -stub.specificity, candidate.order)
                if best is not None and key >= best:
                    continue
                if matchers.differences(stub.match, request):
                    continue
                if self.state.unavailable(stub.spec):
                    continue
                best, chosen = key, (stub, candidate.params)
        return chosen

    def resolve(self, request: APIRequest) -> Match | None:
        """The stub for ``request``; None to pass it through to an allowed host.

        A request that is neither is logged as a miss and raised as
        UnmatchedRequest. A request that breaks its API's contract raises
        ContractViolation first. Transports call this, then :meth:`respond`.
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
        with self.state.lock:
            try:
                chosen = self._choose(request)
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
            cassette = self._cassette()
            if cassette is not None and cassette.recording:
                return Match(cassette.record(request), 0)
        faked = faking.stub_for(request) if faking is not None else None
        if faked is not None:  # no stub: the contract's fake answers
            return Match(faked, 0)
        url = request.parsed_url
        if self.allowed_hosts.allows(url.host, url.effective_port):
            self.calls.record(Call(request, passthrough=True))
            return None
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
            answered = self._choose(request) is not None
        if not answered:
            with_contract_note(violation, self._miss_report(request, told))

    def respond(
        self, request: APIRequest, match: Match, *, sleep: bool = True
    ) -> APIResponse:
        """The stub's response, logged; raises the stub's error if it has one.

        A ``delay`` longer than the client's timeout raises the client's
        timeout at once; with ``real_delay`` the delay is really waited
        (here when ``sleep``, else by the async transport).
        """
        stub, answer = match.stub, match.answer
        delay = float(answer.get("delay", 0))
        try:
            if delay and request.timeout is not None and delay > request.timeout:
                raise faults.Fault(
                    faults.TIMEOUT,
                    f"apimock: {stub.label} delays {delay:g} s, longer than the "
                    f"client's timeout of {request.timeout:g} s",
                )
            prebuilt = stub.prebuilt[match.index]
            response = (
                answers.copy(prebuilt)
                if prebuilt is not None
                else answers.build(stub.label, answer, request)
            )
            if response.stream is not None:
                # Its body is read later, by the client: log what it reads.
                response.stream = streams.delivered(response, self._record_stub_error)
            elif stub.spec.contract and "fault" not in answer:
                contracts.check_response(
                    request, response, stub, self._record_violation
                )
        except BaseException as error:
            self.calls.record(Call(request, error=error, stub=stub))
            if isinstance(error, StubError):
                self._record_stub_error(error, request)
            raise
        if delay and answer.get("real_delay"):
            response.delay = delay
            if sleep:
                time.sleep(delay)
        self.calls.record(Call(request, response=response, stub=stub))
        return response

    # -- the socket guard's questions (see apimock.guard.sockets) -----------------

    def allows_address(self, ip: str, port: int | None) -> bool:
        return self.allowed_hosts.allows_address(ip, port)

    def allows_name(self, host: str, port: int | None) -> bool:
        return self.allowed_hosts.allows(host, port)

    def blocked(self, host: str, port: int | None, mechanism: str) -> UnmatchedRequest:
        """Record a connection the guard refused; return the error to raise."""
        site = callsite.find(keep=callsite.KEPT_FRAMES)
        miss = UnmatchedRequest(
            blocked_message(host, port, mechanism, self.allowed_hosts, site)
        )
        self._record_miss(miss)
        return miss

    def record_miss(self, miss: UnmatchedRequest) -> None:
        """Keep a miss a transport found after the request was answered (a
        WebSocket message no step of its conversation expects)."""
        self._record_miss(miss)

    def _record_stub_error(
        self, error: StubError, request: APIRequest | None = None
    ) -> None:
        # A broken stub, not an answer: the test fails for it even when the
        # code under test catches it.
        self._remember(self.stub_errors, error, request)

    def _record_violation(self, violation: ContractViolation) -> None:
        self._remember(self.violations, violation)

    def _record_miss(self, miss: UnmatchedRequest) -> None:
        self._remember(self.misses, miss)

    def _remember(
        self, kept: list[_Error], error: _Error, request: APIRequest | None = None
    ) -> None:
        """Keep ``error`` for the test's end; a long-lived mock logs it."""
        if self.record:
            kept.append(error)
            mark_kept(error, request)
        else:
            logger.warning("%s", error)

    # -- expected violations ---------------------------------------------------

    @contextmanager
    def expect_violation(self) -> Iterator[ExpectedViolation]:
        """A block in which a request (or a stub's answer) must break its contract.

        Passes whether the ContractViolation reaches the test or the code under
        test swallows it, and counts it as seen, so the test does not fail for
        it when it ends. ``.exception`` is the (last) violation.
        """
        expected = ExpectedViolation()
        before = len(self.violations)
        try:
            yield expected
        except ContractViolation as raised:
            mark_reported(raised)
            expected.exception = raised
        for recorded in self.violations[before:]:
            mark_reported(recorded)
            expected.exception = expected.exception or recorded
        if expected.exception is None:
            mode = conf.CONTRACT_MODE
            raise AssertionError(
                "No request in the block broke its contract"
                + (f' (CONTRACT_MODE is "{mode}")' if mode != "error" else "")
                + "."
            )

    # -- stub usage ----------------------------------------------------------

    def unused_stubs(self) -> list[StubSpec]:
        """This mock's own stubs, and any ``required`` stub, never used here."""
        own = self._stubs.specs()
        required = [
            spec
            for layer in self._layers()[1:]
            for spec in layer.specs()
            if spec.required
        ]
        return [spec for spec in [*own, *required] if not self.state.uses[spec]]

    def assert_all_stubs_used(self) -> None:
        """Fail naming every stub of this test (and required stub) never
        called: where it was added, what it matches, and the call that came
        closest."""
        specs = self.unused_stubs()
        if specs:
            # Every unused spec is one of this mock's layers, so resolved.
            resolved = {stub.spec: stub for stub in self.stubs()}
            raise AssertionError(
                unused.message([resolved[spec] for spec in specs], self.calls)
            )

    def __repr__(self) -> str:
        return f"<APIMock {len(self._stubs)} stubs, {len(self.calls)} calls>"

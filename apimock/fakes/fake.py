"""One contract's fake: what it reads from the document (FakeDocument), its
handlers and fixtures, and the answers it gives the mock.

The mock asks :meth:`Fake.stub_for` when no stub answers a request under the
contract, and :meth:`Fake.rejection` when the request breaks the contract.
Both give a stub made for that one request, so the answer goes through the
mock's usual answering and is logged with a label that says it was the fake.
"""

from __future__ import annotations

from collections.abc import Callable

from apimock.contracts import conformance
from apimock.contracts.document import Contract, Operation
from apimock.contracts.schemas import Violation
from apimock.fakes import crud, errors, making
from apimock.fakes.api import FakeAPI
from apimock.fakes.config import FakeOptions, read_fixtures, resolve_handler
from apimock.fakes.document import FakeDocument, key
from apimock.fakes.store import FakeStore, FakeStores, Handler
from apimock.request import APIRequest, APIResponse
from apimock.stubs import answers
from apimock.stubs.model import Resolved, Stub, StubSpec
from apimock.stubs.source import StubSource
from apimock.stubs.urls import compile_pattern


class FakeSource(StubSource):
    """Where a fake's answer came from, for the call log and messages."""

    def __str__(self) -> str:
        return self.origin


class FakeSpec(StubSpec):
    """A fake's one-off stub: labelled ``fake of <base URL>: <what it did>``."""

    @property
    def label(self) -> str:
        return f"{self.source}: {self.name}"


class Faking:
    """A fake and the store it answers from in one activation: what the mock
    asks when a request falls under the fake's contract."""

    __slots__ = ("fake", "operation", "params", "stores")

    def __init__(self, fake: Fake, stores: FakeStores) -> None:
        self.fake = fake
        self.stores = stores
        self.operation: Operation | None = None
        self.params: dict[str, str] = {}

    @property
    def store(self) -> FakeStore:
        """The fake's store in this activation, made when first needed: a
        request a stub answers makes none."""
        return self.stores.store(self.fake.base_url, self.fake.new_store)

    def located(self, operation: Operation, params: dict[str, str]) -> None:
        """The contract check found the operation: no need to look again."""
        self.operation, self.params = operation, params

    def rejection(self, operation: Operation, found: list[Violation]) -> Stub | None:
        return self.fake.rejection(self.store, operation, found)

    def stub_for(self, request: APIRequest) -> Stub | None:
        return self.fake.stub_for(self.store, request, self.operation, self.params)


class Fake(FakeDocument):
    """The fake of one contract (an ``APIMOCK["FAKES"]`` entry)."""

    def __init__(self, contract: Contract, options: FakeOptions) -> None:
        super().__init__(contract, int(options.seed))
        self.options = options
        self._pattern = compile_pattern("url_prefix", self.base_url + "/")
        self._source = FakeSource(f"fake of {self.base_url}", 0)
        self._handlers: dict[tuple[str, str], Handler] | None = None

    def __repr__(self) -> str:
        return f"<Fake of {self.base_url} ({self.contract})>"

    # -- what the mock asks ----------------------------------------------------

    def stub_for(
        self,
        store: FakeStore,
        request: APIRequest,
        operation: Operation | None = None,
        params: dict[str, str] | None = None,
    ) -> Stub | None:
        """The fake's answer to ``request`` (an ``operation`` of the contract,
        if the contract check found it) as a one-off stub; None when the
        request is no documented operation (its contract check says so)."""
        if operation is None or params is None:
            url = request.parsed_url
            operation, params, _ = conformance.locate(
                self.contract, request.method, self.contract.relative(url.path)
            )
        if operation is None:
            return None
        request.path_params = params
        handler = store.handlers.get(key(operation)) or self.handlers().get(
            key(operation)
        )
        if handler is not None:
            shown = getattr(handler, "__qualname__", repr(handler))
            return self._stub(
                f"{operation}, handler {shown}",
                lambda req: self._handled(store, handler, operation, req),
                contract=True,
            )
        return self._stub(
            str(operation), lambda req: crud.answer(self, store, operation, req)
        )

    def rejection(
        self, store: FakeStore, operation: Operation, found: list[Violation]
    ) -> Stub | None:
        """The documented 400/422 answer to a request that breaks the contract;
        None when the operation documents no such answer."""
        message = "; ".join(str(violation) for violation in found)
        response = errors.documented(
            self, store, operation, errors.rejected_statuses(found), message
        )
        if response is None:
            return None
        return self._stub(f"{operation}, rejected: {message}", lambda req: response)

    def _handled(
        self,
        store: FakeStore,
        handler: Handler,
        operation: Operation,
        request: APIRequest,
    ) -> APIResponse:
        api = FakeAPI(self, store, operation)
        return answers.build(
            str(self._source), {"callback": lambda req: handler(req, api)}, request
        )

    def _stub(
        self,
        name: str,
        callback: Callable[[APIRequest], APIResponse],
        *,
        contract: bool = False,
    ) -> Stub:
        # Made per request: a dozen attribute sets, cheaper than a lookup
        # keyed on the store and the operation.
        spec = FakeSpec(
            method="ANY",
            url_kind="url_prefix",
            url=self._pattern.text,
            source=self._source,
            answers=({"callback": callback},),
            name=name,
            contract=contract,
        )
        resolved = Resolved(self._pattern, {}, spec.answers)
        return Stub(spec, "ANY", self._pattern, {}, spec.answers, resolved)

    # -- stores, handlers, fixtures --------------------------------------------

    def new_store(self) -> FakeStore:
        """A store holding the fixtures (each made as a create would make it)."""
        store = FakeStore(self.base_url, self.seed)
        if self.options.fixtures is not None:
            fixtures = read_fixtures(self.options.where, self.options.fixtures)
            for name, objects in fixtures.items():
                for value in objects:
                    making.add(self, store, name, value, where=self.options.where)
        return store

    def api(self, store: FakeStore) -> FakeAPI:
        return FakeAPI(self, store)

    def handlers(self) -> dict[tuple[str, str], Handler]:
        """The settings' handlers, by (METHOD, documented path)."""
        if self._handlers is None:
            self._handlers = {
                self.operation_key(name, self.options.where): resolve_handler(target)
                for name, target in self.options.handlers.items()
            }
        return self._handlers

"""``self.api.fake(base_url)``: a fake's store in this test, to look into, to
seed, and to give an operation its own handler."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apimock.contracts.document import Operation
from apimock.exceptions import ContractError
from apimock.fakes import crud, making
from apimock.fakes.document import FakeDocument
from apimock.fakes.generation.rules import copy
from apimock.fakes.resources import Resource
from apimock.fakes.store import FakeStore, Handler
from apimock.request import APIRequest, APIResponse


class FakeAPI:
    """The objects a fake holds for this test (or this server run).

    ``resource`` is a resource name (``"customers"``, ``"customers/sources"``
    for every source of every customer) or a collection path
    (``"/customers/cus_1/sources"``, one customer's). Objects come back as
    copies: change the store through :meth:`add`, :meth:`update` and
    :meth:`remove`, or through the API itself.
    """

    def __init__(
        self, fake: FakeDocument, store: FakeStore, operation: Operation | None = None
    ) -> None:
        self._fake = fake
        self._store = store
        self._operation = operation

    @property
    def base_url(self) -> str:
        return self._fake.base_url

    @property
    def seed(self) -> int:
        """The seed generated values are drawn with; set it to change them."""
        return self._store.seed

    @seed.setter
    def seed(self, value: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"a fake's seed is an int, not {value!r}")
        self._store.seed = value

    def resources(self) -> list[str]:
        """The names of the resources the fake recognised in the document."""
        return [resource.name for resource in self._fake.resources.all()]

    def objects(self, resource: str) -> list[dict[str, Any]]:
        """The stored objects of ``resource``, oldest first."""
        found, parents = self._resource(resource)
        with self._store.lock:
            return [copy(r.value) for r in self._store.records(found.name, parents)]

    def get(self, resource: str, id: str | int) -> dict[str, Any] | None:
        """The stored object ``id`` of ``resource``, or None."""
        found, parents = self._resource(resource)
        record = self._store.get(found.name, str(id), parents)
        return copy(record.value) if record is not None else None

    def add(
        self, resource: str, value: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Store an object as a create through the API would (what is given
        over the documented answer, an id made if none is given); returns it."""
        return copy(
            making.add(
                self._fake, self._store, resource, value or {}, where="fake.add()"
            )
        )

    def update(
        self, resource: str, id: str | int, changes: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Merge ``changes`` into a stored object; returns it. KeyError if absent."""
        found, parents = self._resource(resource)
        with self._store.lock:
            record = self._store.get(found.name, str(id), parents)
            if record is None:
                raise KeyError(f"{self.base_url}: no {found.singular} {id!r} is stored")
            making.merge(record.value, changes)
            return copy(record.value)

    def remove(self, resource: str, id: str | int) -> dict[str, Any] | None:
        """Remove a stored object (a later read is the documented 404)."""
        found, _ = self._resource(resource)
        with self._store.lock:
            record = self._store.remove(found.name, str(id))
        return copy(record.value) if record is not None else None

    def handle(self, operation: str, handler: Handler) -> None:
        """Answer ``operation`` (``"POST /charges/{charge}/capture"`` or an
        operationId) with ``handler(request, fake)`` for the rest of the test.

        The handler returns what a stub callback may (a dict of stub
        response keys, a ``(status, headers, body)`` tuple, an APIResponse);
        ``fake`` is this object, with :meth:`answer` for the fake's own.
        """
        key = self._fake.operation_key(operation)
        self._store.handlers[key] = handler

    def answer(self, request: APIRequest) -> APIResponse:
        """What the fake itself answers ``request`` (in a handler: the answer
        to add to or change)."""
        if self._operation is None:
            raise ContractError(
                "fake.answer() is for a handler, which is given the request"
            )
        return crud.answer(self._fake, self._store, self._operation, request)

    def reset(self) -> None:
        """Empty the store (fixtures are not put back; ``self.api.reset()``
        starts the test's fakes over from them)."""
        self._store.clear()

    def _resource(self, name: str) -> tuple[Resource, tuple[str, ...] | None]:
        found = self._fake.resources.named(name)
        if found is None:
            known = ", ".join(self.resources()) or "none"
            raise LookupError(
                f"{name!r} is not a resource of the fake of {self.base_url} "
                f"(its resources: {known})"
            )
        if not name.startswith("/"):
            return found, None
        parents = making.parents_of(found, name)
        return found, parents

    def __repr__(self) -> str:
        counts = ", ".join(f"{n}: {len(o)}" for n, o in self._store.objects.items())
        return f"<FakeAPI {self.base_url} ({counts or 'empty'})>"

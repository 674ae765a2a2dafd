"""A faked answer, by what the operation does (see resources): list, create,
read, update and delete keep the store; actions and everything else answer
from the schema.

* create: the documented answer (example or generated), with what was sent
  over it (the fields the item schema has), a new id in the API's style and
  the parent's id in a nested collection; stored, then answered (in the
  create's own shape, where that is not the item's);
* read: the stored object, or the documented 404;
* update: what was sent merged in (objects merged key by key, PUT replacing
  the fields it names), stored, answered;
* delete: removed (with what is nested under it), answered as documented;
  a later read is the 404;
* list: what exists (under the parent, for a nested collection), in the
  document's list shape and paging (see listing);
* action (``POST /charges/{id}/capture``): the stored object when the
  answer has the item's schema, else the documented answer; the 404 when
  the object is not there.

A resource the document has no create for holds what the provider made: an
item the store lacks is answered from the schema (with the id asked for)
until it is deleted; a list of it is the document's until the store holds
some. An operation that documents no 404 never answers one: the document
says the item is there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from apimock.contracts.document import Node, Operation
from apimock.fakes import errors, listing
from apimock.fakes.document import FakeDocument, json_type
from apimock.fakes.generation.rules import copy
from apimock.fakes.making import make, overlay, sent, typed_id
from apimock.fakes.resources import (
    ACTION,
    CREATE,
    DELETE,
    LIST,
    READ,
    UPDATE,
    Resource,
    is_param,
    segments,
)
from apimock.fakes.store import FakeStore, Record
from apimock.request import APIRequest, APIResponse


@dataclass(frozen=True)
class _Asked:
    """One request to a resource: its operation and the ids in its path."""

    fake: FakeDocument
    store: FakeStore
    operation: Operation
    resource: Resource
    ids: tuple[str, ...]
    request: APIRequest

    @property
    def key(self) -> str:
        return self.ids[-1]

    @property
    def parents(self) -> tuple[str, ...]:
        return self.ids[:-1]

    def record(self) -> Record | None:
        return self.store.get(self.resource.name, self.key, self.parents)

    def respond(self, value: Any) -> APIResponse:
        return respond(self.fake, self.operation, value)

    def documented(self) -> APIResponse:
        """The operation's documented success answer, from its schema."""
        return self.respond(self.fake.body(self.operation, self.store.seed))

    def absent(
        self, resource: Resource | None = None, ids: tuple[str, ...] = ()
    ) -> bool:
        """Is an item the store does not hold one the API would say is not there?

        Yes for a resource the API creates, or one deleted in this store; but
        only where the operation documents a 404: without one, the document
        says the item is there, and its schema answers. A resource with no
        create is the provider's own: its items are there until deleted.
        """
        resource, ids = resource or self.resource, ids or self.ids
        if not errors.documents(self.operation, errors.NOT_FOUND):
            return False
        creatable = self.fake.resources.creatable(resource)
        return creatable or (resource.name, ids) in self.store.deleted

    def not_found(self, resource: Resource | None = None, key: str = "") -> APIResponse:
        resource, key = resource or self.resource, key or self.key
        message = f"No such {resource.singular}: {key!r}"
        return errors.not_found(self.fake, self.store, self.operation, message)

    def provided_item(self) -> Any:
        """An item of the provider's own, as its schema answers it, with the
        key asked for."""
        fake, resource = self.fake, self.resource
        read = fake.item_operation(resource, "GET") or self.operation
        value = fake.body(read, self.store.seed)
        prop = fake.key_property(resource)
        if isinstance(value, dict) and prop:
            given = typed_id(value.get(prop), self.key)
            schema = fake.properties(resource).get(prop)
            if schema is None or fake.accepts(Node(schema, ""), given):
                value[prop] = given  # else an id of another type: keep its own
        return value

    def missing_parent(self) -> APIResponse | None:
        """The 404 for a nested collection whose parent object is not there."""
        if not self.ids:
            return None
        parts = segments(self.resource.collection)
        if len(parts) < 3 or not is_param(parts[-2]):
            return None
        parent = self.fake.resources.resource("/" + "/".join(parts[:-2]))
        if self.store.get(parent.name, self.ids[-1], self.ids[:-1]) is not None:
            return None
        if self.absent(parent, self.ids):
            return self.not_found(parent, self.ids[-1])
        return None


def answer(
    fake: FakeDocument, store: FakeStore, operation: Operation, request: APIRequest
) -> APIResponse:
    """What the fake answers ``request`` (an ``operation`` of its contract)."""
    role = fake.resources.role(operation)
    ids = tuple(str(value) for value in request.path_params.values())
    with store.lock:
        if role.resource is None or role.kind not in _KINDS:
            return respond(fake, operation, fake.body(operation, store.seed))
        asked = _Asked(fake, store, operation, role.resource, ids, request)
        return _KINDS[role.kind](asked)


def respond(fake: FakeDocument, operation: Operation, value: Any) -> APIResponse:
    """The success answer of ``operation`` with ``value`` as its body."""
    status, key = fake.success(operation)
    media_type, _ = fake.media(operation, key)
    if not media_type:
        return APIResponse(status=status)
    if isinstance(value, str) and "json" not in media_type:
        body = value.encode()
    else:
        body = json.dumps(value).encode()
    return APIResponse(status=status, headers={"Content-Type": media_type}, body=body)


def _list(asked: _Asked) -> APIResponse:
    fake, store, resource = asked.fake, asked.store, asked.resource
    missing = asked.missing_parent()
    if missing is not None:
        return missing
    if not fake.resources.creatable(resource) and not store.objects.get(resource.name):
        return asked.documented()  # the provider's own: the document's list
    items = [record.value for record in store.records(resource.name, asked.ids)]
    body = listing.page(
        fake,
        asked.operation,
        asked.request,
        items,
        fake.properties(resource),
        fake.id_property(resource),
        store.seed,
    )
    return asked.respond(body)


def _create(asked: _Asked) -> APIResponse:
    fake, store, operation = asked.fake, asked.store, asked.operation
    missing = asked.missing_parent()
    if missing is not None:
        return missing
    if not isinstance(fake.body(operation, store.seed), dict):
        return asked.documented()  # not an object (a list of names): nothing kept
    given = sent(operation, asked.request)
    value = make(fake, store, asked.resource, operation, given, asked.ids)
    if fake.answers_item(operation, asked.resource):
        return asked.respond(value)
    # Another shape than the item's (GitHub's variables: an empty object).
    shaped = fake.body(operation, store.seed)
    overlay(fake, fake.schema(operation, fake.success(operation)[1]), shaped, value)
    return asked.respond(shaped)


def _read(asked: _Asked) -> APIResponse:
    record = asked.record()
    if record is not None:
        return asked.respond(record.value)
    if asked.absent():
        return asked.not_found()
    return asked.respond(asked.provided_item())


def _update(asked: _Asked) -> APIResponse:
    fake, resource = asked.fake, asked.resource
    record = asked.record()
    if record is None:
        if asked.absent():
            return asked.not_found()
        value = asked.provided_item()
        if not isinstance(value, dict):  # nothing to keep (a 204)
            return asked.documented()
        record = Record(value, asked.parents)
        asked.store.put(resource.name, asked.key, record)
    changes = sent(asked.operation, asked.request)
    if isinstance(changes, Mapping):
        kept = (fake.id_property(resource), fake.key_property(resource))
        changes = {k: v for k, v in changes.items() if k not in kept}
        replace = asked.operation.method == "PUT"  # it replaces the fields it names
        schema = fake.item_schema(resource)
        overlay(fake, schema, record.value, changes, replace=replace)
    if not fake.answers_item(asked.operation, resource):
        return asked.documented()  # GitHub's PUT contents answers a commit
    return asked.respond(record.value)


def _delete(asked: _Asked) -> APIResponse:
    fake, store, resource = asked.fake, asked.store, asked.resource
    record = asked.record()
    if record is None and asked.absent():
        return asked.not_found()
    store.remove(resource.name, asked.key)
    store.deleted.add((resource.name, asked.ids))
    _remove_nested(store, resource, asked.ids)
    body = fake.body(asked.operation, store.seed)
    if isinstance(body, dict):
        deleted = record.value if record is not None else {}
        if fake.answers_item(asked.operation, resource) and deleted:
            body = copy(deleted)
        for name in body:  # the id, the object's type: as the object had them
            if name in deleted and json_type(deleted[name]) == json_type(body[name]):
                body[name] = copy(deleted[name])
        prop = fake.id_property(resource)
        if prop and prop in body and prop not in deleted:
            body[prop] = typed_id(body[prop], asked.key)
        if isinstance(body.get("deleted"), bool):
            body["deleted"] = True
    return asked.respond(body)


def _action(asked: _Asked) -> APIResponse:
    record = asked.record()
    if record is None and asked.absent():
        return asked.not_found()
    if record is not None and asked.fake.answers_item(asked.operation, asked.resource):
        return asked.respond(record.value)
    return asked.documented()


_KINDS: dict[str, Callable[[_Asked], APIResponse]] = {
    LIST: _list,
    CREATE: _create,
    READ: _read,
    UPDATE: _update,
    DELETE: _delete,
    ACTION: _action,
}


def _remove_nested(store: FakeStore, resource: Resource, ids: tuple[str, ...]) -> None:
    prefix = resource.name + "/"
    for name, found in store.objects.items():
        if name.startswith(prefix):
            for key in [k for k, r in found.items() if r.parents[: len(ids)] == ids]:
                del found[key]

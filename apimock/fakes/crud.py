"""A faked answer, by what the operation does (see resources): list, create,
read, update and delete keep the store; actions and everything else answer
from the schema.

* create: the documented answer (example or generated), with what was sent
  over it (the fields the item schema has), a new id in the API's style and
  the parent's id in a nested collection; stored, then answered;
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
from collections.abc import Mapping
from typing import Any

from apimock.contracts.document import Node, Operation
from apimock.exceptions import ContractError
from apimock.fakes import bodies, errors, listing
from apimock.fakes.document import FakeDocument
from apimock.fakes.document import json_type as _json_type
from apimock.fakes.generate import copy, rng_for
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


def answer(
    fake: FakeDocument, store: FakeStore, operation: Operation, request: APIRequest
) -> APIResponse:
    """What the fake answers ``request`` (an ``operation`` of its contract)."""
    role = fake.resources.role(operation)
    ids = tuple(str(value) for value in request.path_params.values())
    resource = role.resource
    with store.lock:
        if resource is None or role.kind not in _KINDS:
            return respond(
                fake,
                operation,
                fake.template(operation, _key(fake, operation), store.seed),
            )
        return _KINDS[role.kind](fake, store, operation, resource, ids, request)


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


def _key(fake: FakeDocument, operation: Operation) -> str | None:
    return fake.success(operation)[1]


def _list(
    fake: FakeDocument,
    store: FakeStore,
    operation: Operation,
    resource: Resource,
    ids: tuple[str, ...],
    request: APIRequest,
) -> APIResponse:
    missing = _missing_parent(fake, store, operation, resource, ids)
    if missing is not None:
        return missing
    if _provided(fake, store, resource):
        return respond(
            fake, operation, fake.template(operation, _key(fake, operation), store.seed)
        )
    items = [record.value for record in store.records(resource.name, ids)]
    body = listing.page(
        fake,
        operation,
        request,
        items,
        fake.properties(resource),
        fake.id_property(resource),
        store.seed,
    )
    return respond(fake, operation, body)


def _create(
    fake: FakeDocument,
    store: FakeStore,
    operation: Operation,
    resource: Resource,
    ids: tuple[str, ...],
    request: APIRequest,
) -> APIResponse:
    missing = _missing_parent(fake, store, operation, resource, ids)
    if missing is not None:
        return missing
    if not isinstance(
        fake.template(operation, _key(fake, operation), store.seed), dict
    ):
        # Not an object (a list of names): nothing to keep, the schema answers.
        return respond(
            fake, operation, fake.template(operation, _key(fake, operation), store.seed)
        )
    sent = bodies.sent(operation, request)
    value = make(fake, store, resource, operation, sent, ids)
    if _same_schema(fake, operation, resource):
        return respond(fake, operation, value)
    # Another shape than the item's (GitHub's variables: an empty object).
    answer = fake.template(operation, _key(fake, operation), store.seed)
    overlay(fake, fake.schema(operation, _key(fake, operation)), answer, value)
    return respond(fake, operation, answer)


def make(
    fake: FakeDocument,
    store: FakeStore,
    resource: Resource,
    operation: Operation | None,
    sent: Any,
    parents: tuple[str, ...],
) -> dict[str, Any]:
    """A new object: the documented answer, ``sent`` over it, a new id; stored."""
    if operation is None:
        schema = fake.item_schema(resource)
        base = (
            fake.generator.value(schema, rng_for(store.seed, resource.name))
            if schema
            else {}
        )
    else:
        read = fake.item_operation(resource, "GET")
        made = read if read is not None and _same_schema(fake, read, resource) else None
        shaped = made or operation  # the item as read, else as the create answers
        base = fake.template(shaped, _key(fake, shaped), store.seed)
    value: dict[str, Any] = base if isinstance(base, dict) else {}
    sent = sent if isinstance(sent, Mapping) else {}
    overlay(fake, fake.item_schema(resource), value, sent)
    key_prop, id_prop = fake.key_property(resource), fake.id_property(resource)
    for prop in dict.fromkeys(p for p in (key_prop, id_prop) if p):
        if prop not in sent:  # a fixture may give its own
            value[prop] = fake.new_id(store, resource, prop)
    new_id = value[key_prop] if key_prop else fake.new_id(store, resource, None)
    _link_parent(fake, resource, value, parents)
    store.put(resource.name, str(new_id), Record(value, parents))
    store.deleted.discard((resource.name, (*parents, str(new_id))))
    return value


def _read(
    fake: FakeDocument,
    store: FakeStore,
    operation: Operation,
    resource: Resource,
    ids: tuple[str, ...],
    request: APIRequest,
) -> APIResponse:
    record = store.get(resource.name, ids[-1], ids[:-1])
    if record is not None:
        return respond(fake, operation, record.value)
    if _absent(fake, store, operation, resource, ids):
        return _not_found(fake, store, operation, resource, ids[-1])
    return respond(
        fake, operation, _provided_item(fake, store, operation, resource, ids)
    )


def _update(
    fake: FakeDocument,
    store: FakeStore,
    operation: Operation,
    resource: Resource,
    ids: tuple[str, ...],
    request: APIRequest,
) -> APIResponse:
    record = store.get(resource.name, ids[-1], ids[:-1])
    if record is None:
        if _absent(fake, store, operation, resource, ids):
            return _not_found(fake, store, operation, resource, ids[-1])
        value = _provided_item(fake, store, operation, resource, ids)
        if not isinstance(value, dict):  # nothing to keep (a 204)
            return _answer_of(fake, store, operation)
        record = Record(value, ids[:-1])
        store.put(resource.name, ids[-1], record)
    changes = bodies.sent(operation, request)
    if isinstance(changes, Mapping):
        kept = (fake.id_property(resource), fake.key_property(resource))
        changes = {k: v for k, v in changes.items() if k not in kept}
        replace = operation.method == "PUT"  # PUT replaces the fields it names
        overlay(
            fake, fake.item_schema(resource), record.value, changes, replace=replace
        )
    if not _same_schema(fake, operation, resource):
        return _answer_of(fake, store, operation)  # GitHub's PUT contents: a commit
    return respond(fake, operation, record.value)


def _delete(
    fake: FakeDocument,
    store: FakeStore,
    operation: Operation,
    resource: Resource,
    ids: tuple[str, ...],
    request: APIRequest,
) -> APIResponse:
    record = store.get(resource.name, ids[-1], ids[:-1])
    if record is None and _absent(fake, store, operation, resource, ids):
        return _not_found(fake, store, operation, resource, ids[-1])
    store.remove(resource.name, ids[-1])
    store.deleted.add((resource.name, ids))
    _remove_nested(store, resource, ids)
    body = fake.template(operation, _key(fake, operation), store.seed)
    if isinstance(body, dict):
        deleted = record.value if record is not None else {}
        if _same_schema(fake, operation, resource) and deleted:
            body = copy(deleted)
        for name in body:  # the id, the object's type: as the object had them
            if name in deleted and _json_type(deleted[name]) == _json_type(body[name]):
                body[name] = copy(deleted[name])
        prop = fake.id_property(resource)
        if prop and prop in body and prop not in deleted:
            body[prop] = _typed_id(body[prop], ids[-1])
        if isinstance(body.get("deleted"), bool):
            body["deleted"] = True
    return respond(fake, operation, body)


def _action(
    fake: FakeDocument,
    store: FakeStore,
    operation: Operation,
    resource: Resource,
    ids: tuple[str, ...],
    request: APIRequest,
) -> APIResponse:
    record = store.get(resource.name, ids[-1], ids[:-1])
    if record is None and _absent(fake, store, operation, resource, ids):
        return _not_found(fake, store, operation, resource, ids[-1])
    if record is not None and _same_schema(fake, operation, resource):
        return respond(fake, operation, record.value)
    return _answer_of(fake, store, operation)


def _answer_of(
    fake: FakeDocument, store: FakeStore, operation: Operation
) -> APIResponse:
    """The operation's documented success answer, from its schema."""
    return respond(
        fake, operation, fake.template(operation, _key(fake, operation), store.seed)
    )


def _absent(
    fake: FakeDocument,
    store: FakeStore,
    operation: Operation,
    resource: Resource,
    ids: tuple[str, ...],
) -> bool:
    """Is an item the store does not hold one the API would say is not there?

    Yes for a resource the API creates, or one deleted in this store; but
    only where the operation documents a 404: without one, the document
    says the item is there, and its schema answers. A resource with no
    create is the provider's own: its items are there until deleted.
    """
    if not errors.documents(operation, errors.NOT_FOUND):
        return False
    return fake.resources.creatable(resource) or (resource.name, ids) in store.deleted


_KINDS = {
    LIST: _list,
    CREATE: _create,
    READ: _read,
    UPDATE: _update,
    DELETE: _delete,
    ACTION: _action,
}


def add(
    fake: FakeDocument,
    store: FakeStore,
    name: str,
    value: Mapping[str, Any],
    *,
    where: str,
) -> dict[str, Any]:
    """Store ``value`` under the resource ``name`` (``customers``) or at a
    collection path (``/customers/cus_1/sources``), as a create would."""
    resource = fake.resources.named(name)
    if resource is None:
        known = ", ".join(r.name for r in fake.resources.all()) or "none"
        raise ContractError(
            f"{where}: {name!r} is not a resource of {fake.contract} (its "
            f"resources: {known}; a nested one is written as its path, "
            "/customers/cus_1/sources)"
        )
    parents = parents_of(resource, name)
    if len(parents) != resource.parents:
        raise ContractError(
            f"{where}: {name!r} is nested under another object: name it by its "
            f"path ({resource.collection} with the ids filled in)"
        )
    with store.lock:
        return make(
            fake,
            store,
            resource,
            fake.operation("POST", resource.collection),
            dict(value),
            parents,
        )


def parents_of(resource: Resource, name: str) -> tuple[str, ...]:
    """The parent ids in a concrete collection path (``/customers/cus_1/sources``)."""
    if not name.startswith("/"):
        return ()
    mine = segments(resource.collection)
    return tuple(
        part for own, part in zip(mine, segments(name), strict=False) if is_param(own)
    )


# -- shared rules ---------------------------------------------------------------


def overlay(
    fake: FakeDocument,
    schema: Node | None,
    target: dict[str, Any],
    sent: Mapping[str, Any],
    *,
    replace: bool = False,
) -> None:
    """What was sent over ``target``, as far as ``schema`` (the answer's) lets
    it: a field the schema does not list, or of another type, is left out
    (``card: {token: ...}`` sent does not replace the answer's ``card``).
    Objects are merged key by key; with ``replace`` (PUT) each field sent
    replaces the one there."""
    declared = fake.object_properties(schema)
    closed = bool(declared) or fake.closed(schema)
    for key, value in sent.items():
        if closed and key not in declared:
            continue
        inner = declared.get(key) if declared else None
        node = Node(inner, "") if inner is not None else None
        if node is not None and not fake.accepts(node, value):
            continue
        current = target.get(key)
        if isinstance(value, Mapping) and node is not None:
            if replace or not isinstance(current, dict):
                current = target[key] = {}
            overlay(fake, node, current, value)
            continue
        target[key] = copy(value)


def merge(target: dict[str, Any], changes: Mapping[str, Any]) -> None:
    """``changes`` into ``target``: objects key by key, anything else replaced."""
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = copy(value)


def _link_parent(
    fake: FakeDocument,
    resource: Resource,
    value: dict[str, Any],
    parents: tuple[str, ...],
) -> None:
    """A nested object names its parent (``"customer": "cus_1"``) if its schema
    has a field for it."""
    if not parents:
        return
    parts = segments(resource.collection)
    names = [part[1:-1] for part in parts if is_param(part)]
    parent_name = [part for part in parts if not is_param(part)][-2:-1]
    properties = fake.properties(resource)
    candidates = [names[-1]]
    if parent_name:
        singular = Resource(parent_name[0], "", 0).singular
        candidates += [singular, f"{singular}_id", f"{singular}Id"]
    for name in candidates:
        if name in properties and not isinstance(value.get(name), dict):
            value[name] = _typed_id(value.get(name), parents[-1])
            return


def _missing_parent(
    fake: FakeDocument,
    store: FakeStore,
    operation: Operation,
    resource: Resource,
    ids: tuple[str, ...],
) -> APIResponse | None:
    """The 404 for a nested collection whose parent object is not stored."""
    if not ids:
        return None
    parent = _parent(fake, resource)
    if parent is None or store.get(parent.name, ids[-1], ids[:-1]) is not None:
        return None
    if _absent(fake, store, operation, parent, ids):
        return _not_found(fake, store, operation, parent, ids[-1])
    return None


def _parent(fake: FakeDocument, resource: Resource) -> Resource | None:
    parts = segments(resource.collection)
    if len(parts) < 3 or not is_param(parts[-2]):
        return None
    return fake.resources.resource("/" + "/".join(parts[:-2]))


def _provided(fake: FakeDocument, store: FakeStore, resource: Resource) -> bool:
    """A resource the API makes itself (no create) and the store holds none of."""
    return not fake.resources.creatable(resource) and not store.objects.get(
        resource.name
    )


def _provided_item(
    fake: FakeDocument,
    store: FakeStore,
    operation: Operation,
    resource: Resource,
    ids: tuple[str, ...],
) -> Any:
    read = fake.item_operation(resource, "GET") or operation
    value = fake.template(read, _key(fake, read), store.seed)
    prop = fake.key_property(resource)
    if isinstance(value, dict) and prop:
        given = _typed_id(value.get(prop), ids[-1])
        schema = fake.properties(resource).get(prop)
        if schema is None or fake.accepts(Node(schema, ""), given):
            value[prop] = given  # else an id of another type: keep its own
    return value


def _typed_id(example: Any, given: str) -> Any:
    if isinstance(example, int) and not isinstance(example, bool) and given.isdigit():
        return int(given)
    return given


def _same_schema(fake: FakeDocument, operation: Operation, resource: Resource) -> bool:
    """Does ``operation`` answer with the item itself?"""
    mine = fake.schema(operation, _key(fake, operation))
    item = fake.item_schema(resource)
    if mine is None or item is None:
        return False
    return (
        mine.value == item.value
        or fake.contract.deref(mine).at == fake.contract.deref(item).at
    )


def _remove_nested(store: FakeStore, resource: Resource, ids: tuple[str, ...]) -> None:
    prefix = resource.name + "/"
    for name, found in store.objects.items():
        if name.startswith(prefix):
            for key in [k for k, r in found.items() if r.parents[: len(ids)] == ids]:
                del found[key]


def _not_found(
    fake: FakeDocument,
    store: FakeStore,
    operation: Operation,
    resource: Resource,
    key: str,
) -> APIResponse:
    return errors.not_found(
        fake, store, operation, f"No such {resource.singular}: {key!r}"
    )

"""Objects made and changed from what a request sent: the body read as data
(JSON as it is; a form or multipart fields with ``metadata[order]=6735`` and
``tags[]=a`` read into nested objects and lists of the schema's types); a
new object is the documented answer with what was sent over it (as far as
its schema lets), new ids in the API's style and the parent's id where it
has a field for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apimock.contracts import conformance, forms
from apimock.contracts.document import Node, Operation
from apimock.exceptions import ContractError
from apimock.fakes.document import FakeDocument
from apimock.fakes.generation.rules import copy
from apimock.fakes.generation.values import rng_for
from apimock.fakes.resources import Resource, is_param, segments
from apimock.fakes.store import FakeStore, Record
from apimock.request import APIRequest


def sent(operation: Operation, request: APIRequest) -> Any:
    """The request body as data; {} when there is none or it cannot be read."""
    if not request.body:
        return {}
    media = operation.request_media(request.headers.get("Content-Type", ""))
    kind = media[0] if media else request.content_type
    schema = media[1].get("schema") if media else None
    if conformance.is_json(kind) or kind == "application/json":
        try:
            return request.json()
        except ValueError:
            return {}
    if kind == "application/x-www-form-urlencoded":
        pairs = forms.pairs(request.form)
    elif kind == "multipart/form-data":
        pairs = [(part.name or "", part.text) for part in request.files]
    else:
        return {}
    return forms.typed(operation.contract, schema, forms.nested(pairs))


def make(
    fake: FakeDocument,
    store: FakeStore,
    resource: Resource,
    operation: Operation | None,
    given: Any,
    parents: tuple[str, ...],
) -> dict[str, Any]:
    """A new object: the documented answer, ``given`` over it, a new id; stored."""
    read = fake.item_operation(resource, "GET")
    shaped = read if read is not None and fake.answers_item(read, resource) else None
    shaped = shaped or operation  # the item as read, else as the create answers
    if shaped is None:
        schema = fake.item_schema(resource)
        rng = rng_for(store.seed, resource.name)
        base = fake.generator.value(schema, rng) if schema else {}
    else:
        base = fake.body(shaped, store.seed)
    value: dict[str, Any] = base if isinstance(base, dict) else {}
    given = given if isinstance(given, Mapping) else {}
    overlay(fake, fake.item_schema(resource), value, given)
    key_prop, id_prop = fake.key_property(resource), fake.id_property(resource)
    for prop in dict.fromkeys(p for p in (key_prop, id_prop) if p):
        if prop not in given:  # a fixture may give its own
            value[prop] = fake.new_id(store, resource, prop)
    new_id = value[key_prop] if key_prop else fake.new_id(store, resource, None)
    link_parent(fake, resource, value, parents)
    store.put(resource.name, str(new_id), Record(value, parents))
    store.deleted.discard((resource.name, (*parents, str(new_id))))
    return value


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
    create = fake.operation("POST", resource.collection)
    with store.lock:
        return make(fake, store, resource, create, dict(value), parents)


def parents_of(resource: Resource, name: str) -> tuple[str, ...]:
    """The parent ids in a concrete collection path (``/customers/cus_1/sources``)."""
    if not name.startswith("/"):
        return ()
    mine = segments(resource.collection)
    return tuple(
        part for own, part in zip(mine, segments(name), strict=False) if is_param(own)
    )


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


def link_parent(
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
            value[name] = typed_id(value.get(name), parents[-1])
            return


def typed_id(example: Any, given: str) -> Any:
    """An id from a path (text), as a number where the example is one."""
    if isinstance(example, int) and not isinstance(example, bool) and given.isdigit():
        return int(given)
    return given

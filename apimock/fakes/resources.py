"""Resources recognised from a document's paths, and what each operation does.

``/customers`` with ``/customers/{id}`` under it is a collection of items;
``/customers/{customer}/sources`` is a nested collection (its items belong to
one customer). On a collection, GET lists (when its answer is a list) and
POST creates; on an item, GET reads, POST/PUT/PATCH update and DELETE
deletes. A POST to a path under an item that is not itself a collection
(``/charges/{charge}/capture``) is an action: what it does cannot be read
from the document. Everything else (a singleton such as ``/balance``, a
search) is answered from its schema alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from apimock.contracts.document import Contract, Node, Operation

_PARAM = re.compile(r"^\{[^{}/]+\}$")

LIST = "list"
CREATE = "create"
READ = "read"
UPDATE = "update"
DELETE = "delete"
ACTION = "action"
OTHER = "other"

#: Names an API gives the array in a list answer, most likely first.
_LIST_KEYS = ("data", "items", "results", "records", "values", "entries", "list")


@dataclass(frozen=True)
class Resource:
    """A collection: ``customers`` at ``/customers``, items at ``/customers/{id}``."""

    name: str  # the collection path's literal segments: "customers/sources"
    collection: str  # its documented path: "/customers/{customer}/sources"
    parents: int  # how many parent ids its path holds

    @property
    def singular(self) -> str:
        last = self.name.rsplit("/", 1)[-1]
        if last.endswith("ies"):
            return last[:-3] + "y"
        if last.endswith(("sses", "xes")):
            return last[:-2]
        return last[:-1] if last.endswith("s") and not last.endswith("ss") else last


@dataclass(frozen=True)
class Role:
    """What an operation does to which resource (None: it does nothing we
    can tell, and is answered from its schema)."""

    kind: str
    resource: Resource | None = None


def segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def is_param(segment: str) -> bool:
    return bool(_PARAM.match(segment))


def name_of(collection: str) -> str:
    return "/".join(part for part in segments(collection) if not is_param(part))


class Resources:
    """The resources of one contract, and each operation's role (built on first ask)."""

    def __init__(self, contract: Contract, list_key: Any) -> None:
        self.contract = contract
        # ``list_key(operation)``: where the items are in a list answer ("" for
        # a bare array), or None when the answer is not a list.
        self._list_key = list_key
        self._known: tuple[set[str], set[str]] | None = None
        self._roles: dict[tuple[str, str], Role] = {}
        self._creatable: set[str] | None = None
        self._items: dict[str, str] | None = None

    @property
    def paths(self) -> set[str]:
        """The document's paths, as its ``paths`` keys."""
        return self._index()[0]

    @property
    def _shapes(self) -> set[str]:
        """The documented paths with every parameter written "{}"."""
        return self._index()[1]

    def _index(self) -> tuple[set[str], set[str]]:
        # Built on the first question: a fake no test uses costs nothing.
        if self._known is None:
            paths = set(self.contract.documented_paths())
            self._known = (paths, {_shape(path) for path in paths})
        return self._known

    def role(self, operation: Operation) -> Role:
        key = (operation.method, operation.path)
        found = self._roles.get(key)
        if found is None:
            found = self._roles[key] = self._role(operation)
        return found

    def _role(self, operation: Operation) -> Role:
        method, path = operation.method, operation.path
        parts = segments(path)
        if not parts:
            return Role(OTHER)
        if is_param(parts[-1]):
            collection = "/" + "/".join(parts[:-1])
            if not parts[:-1] or is_param(parts[-2]):
                return Role(OTHER)
            kind = {"GET": READ, "DELETE": DELETE}.get(method)
            if kind is None and method in ("POST", "PUT", "PATCH"):
                kind = UPDATE
            return Role(kind or OTHER, self.resource(collection))
        has_items = _shape(path) + "/{}" in self._shapes
        under_item = len(parts) >= 2 and is_param(parts[-2])
        under_collection = (
            len(parts) >= 2
            and not under_item
            and (_shape("/" + "/".join(parts[:-1])) + "/{}" in self._shapes)
        )
        lists = self._lists(path)
        if method == "GET":
            if lists and not under_collection:
                return Role(LIST, self.resource(path))
            return Role(OTHER)
        if method == "POST":
            if under_item and not has_items and not lists:
                item = "/" + "/".join(parts[:-2])
                return Role(ACTION, self.resource(item))
            if not under_collection:
                return Role(CREATE, self.resource(path))
        return Role(OTHER)

    def _lists(self, path: str) -> bool:
        listing = self.contract.operation("GET", path)
        return listing is not None and self._list_key(listing) is not None

    def item_path(self, resource: Resource) -> str | None:
        """The documented item path under ``resource``'s collection, if any."""
        if self._items is None:
            self._items = {}
            for path in self.paths:
                parts = segments(path)
                if len(parts) > 1 and is_param(parts[-1]):
                    self._items.setdefault(_shape("/" + "/".join(parts[:-1])), path)
        return self._items.get(_shape(resource.collection))

    def resource(self, collection: str) -> Resource:
        parents = sum(1 for part in segments(collection) if is_param(part))
        return Resource(name_of(collection), collection, parents)

    def all(self) -> list[Resource]:
        """Every resource with a create, read or list (for inspection)."""
        found: dict[str, Resource] = {}
        for role in self._every_role():
            if role.resource is not None and role.kind != ACTION:
                found.setdefault(role.resource.name, role.resource)
        return list(found.values())

    def creatable(self, resource: Resource) -> bool:
        """Does the document have a create for ``resource``? One that has none
        holds what the provider made: its items are answered from the schema
        until a fixture or ``add()`` puts some in the store."""
        if self._creatable is None:
            self._creatable = {
                role.resource.name
                for role in self._every_role()
                if role.kind == CREATE and role.resource is not None
            }
        return resource.name in self._creatable

    def _every_role(self) -> list[Role]:
        roles = []
        for path in sorted(self.paths):
            for method in self.contract.methods(path):
                operation = self.contract.operation(method, path)
                if operation is not None:
                    roles.append(self.role(operation))
        return roles

    def named(self, name: str) -> Resource | None:
        """The resource ``customers``, ``customers/sources``, or at a concrete
        collection path (``/customers/cus_1/sources``)."""
        if name.startswith("/"):
            parts = segments(name)
            for path in self.paths:
                mine = segments(path)
                if len(mine) == len(parts) and all(
                    is_param(m) or m == p for m, p in zip(mine, parts, strict=True)
                ):
                    return self.resource(path) if not is_param(mine[-1]) else None
            return None
        return next((r for r in self.all() if r.name == name.strip("/")), None)


def _shape(path: str) -> str:
    return "/" + "/".join("{}" if is_param(part) else part for part in segments(path))


def list_key(contract: Contract, schema: Node | None, merged: Any) -> str | None:
    """Where a list answer keeps its items: "" for a bare array, the name of
    the array property of a list object, or None when it is not a list."""
    if schema is None:
        return None
    node = contract.deref(schema)
    value = node.value
    if not isinstance(value, dict):
        return None
    if "allOf" in value:
        node = merged(node)
        value = node.value
    if value.get("type") == "array" or "items" in value:
        return ""
    properties = node.get("properties")
    if properties is None:
        return None
    arrays = []
    for name, prop in properties.items():
        inner = contract.deref(prop)
        if isinstance(inner.value, dict) and "allOf" in inner.value:
            inner = merged(inner)
        found = inner.value
        if isinstance(found, dict) and (
            found.get("type") == "array" or "items" in found
        ):
            arrays.append(name)
    for name in _LIST_KEYS:
        if name in arrays:
            return name
    return arrays[0] if len(arrays) == 1 else None

"""What a fake reads from its document: success statuses, media types, bodies
(examples first, generated otherwise, kept per seed), where list answers keep
their items, each resource's item schema, id property and id style.

Shared by every test: built once per settings generation with the fake.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from apimock.contracts import conformance, schemas
from apimock.contracts.document import Contract, Node, Operation
from apimock.exceptions import ContractError
from apimock.fakes import resources
from apimock.fakes.generation import ids
from apimock.fakes.generation.rules import copy, example_of, fits
from apimock.fakes.generation.values import Generator, rng_for
from apimock.fakes.resources import Resource, Resources
from apimock.fakes.store import FakeStore

_NO_MEDIA: tuple[str, Node | None] = ("", None)
_Method = TypeVar("_Method", bound=Callable[..., Any])


def _kept(method: _Method) -> _Method:
    """What the document says, asked on every faked call, worked out once:
    the arguments are operations (known by method and path), resources and
    plain values."""

    @functools.wraps(method)
    def kept(self: FakeDocument, *args: Any) -> Any:
        key = [method.__name__]
        for arg in args:
            if isinstance(arg, Operation):
                key += (arg.method, arg.path)
            elif isinstance(arg, Node):
                if not arg.at.startswith("#"):  # made on the way: no place
                    return method(self, *args)
                key.append(arg.at)  # its place in the document says what it is
            else:
                key.append(arg)
        memo = tuple(key)
        try:
            return self._memo[memo]
        except KeyError:
            found = self._memo[memo] = method(self, *args)
            return found

    return kept  # type: ignore[return-value]


class FakeDocument:
    """A contract read the way its fake needs it."""

    def __init__(self, contract: Contract, seed: int) -> None:
        self.contract = contract
        self.base_url = contract.base_url
        self.seed = seed
        self.generator = Generator(contract)
        self.resources = Resources(contract, self.list_key)
        self._templates: dict[tuple[Any, ...], Any] = {}
        self._list_keys: dict[tuple[str, str], str | None] = {}
        self._styles: dict[tuple[str, str | None], ids.IdStyle] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}

    def operation(self, method: str, path: str | None) -> Operation | None:
        """``method`` on the documented ``path``; None if either is not documented."""
        if path is None or path not in self.resources.paths:
            return None
        return self.contract.operation(method, path)

    def operation_key(self, name: str, where: str = "handle()") -> tuple[str, str]:
        """``"POST /charges/{charge}/capture"`` or an operationId, as (METHOD, path)."""
        method, _, path = name.partition(" ")
        operation = self.operation(method.upper(), path.strip()) if path else None
        if operation is not None:
            return key(operation)
        for operation in self.operations():
            if operation.node.value.get("operationId") == name:
                return key(operation)
        raise ContractError(
            f"{where}: {name!r} is not an operation of {self.contract} (write "
            '"METHOD /documented/path" as the document has it, or an operationId)'
        )

    def operations(self) -> list[Operation]:
        found = []
        for path in self.contract.documented_paths():
            for method in self.contract.methods(path):
                operation = self.contract.operation(method, path)
                if operation is not None:
                    found.append(operation)
        return found

    @_kept
    def success(self, operation: Operation) -> tuple[int, str | None]:
        """The status a success answers with, and its key in ``responses``."""
        statuses = operation.statuses
        for key in sorted(statuses):
            if key.isdigit() and key.startswith("2"):
                return int(key), key
        for key in statuses:
            if key.upper() == "2XX":
                return 200, key
        if "default" in statuses:
            return 200, "default"
        for key in sorted(statuses):  # only a redirect: 302 to an archive
            if key.isdigit() and key < "400":
                return int(key), key
        return 200, None

    @_kept
    def media(self, operation: Operation, key: str | None) -> tuple[str, Node | None]:
        """The media type of the answer documented under ``key``, and its schema."""
        if key is None:
            return _NO_MEDIA
        responses = operation.node.get("responses")
        documented = responses.get(key) if responses is not None else None
        if documented is None:
            return _NO_MEDIA
        content = self.contract.deref(documented).get("content")
        if content is None:
            return _NO_MEDIA
        listed = list(content.items())
        if not listed:
            return _NO_MEDIA
        chosen = next(
            ((m, n) for m, n in listed if conformance.is_json(m.lower())), listed[0]
        )
        return chosen[0], chosen[1]

    def template(self, operation: Operation, key: str | None, seed: int) -> Any:
        """The body documented under ``key``: its example, or generated (a copy)."""
        cache_key = (operation.method, operation.path, key, seed)
        if cache_key not in self._templates:
            _, media = self.media(operation, key)
            value: Any = None
            if media is not None:
                found, value = self.example(operation, key)
                if not found:
                    rng = rng_for(seed, operation, key)
                    value = self.generator.value(media.get("schema"), rng)
            self._templates[cache_key] = value
        return copy(self._templates[cache_key])

    def example(self, operation: Operation, key: str | None) -> tuple[bool, Any]:
        """The document's own example of the body under ``key`` (False: none,
        or one its schema refuses)."""
        media_type, media = self.media(operation, key)
        if media is None:
            return False, None
        found, value = example_of(self.contract, media)
        if found and not self.conforms(media_type, media.get("schema"), value):
            return False, None  # a stale example: the schema says more
        return found, value

    def conforms(self, media_type: str, schema: Node | None, value: Any) -> bool:
        """Is a document's own example valid under its schema? Providers'
        examples fall behind their schemas (a field made required later)."""
        if schema is None or not conformance.is_json(media_type.lower()):
            return True
        try:
            found = schemas.validate(
                self.contract, schema, value, where="example", direction="response"
            )
        except ContractError:  # a schema the validator cannot use: trust it
            return True
        return not found

    def body(self, operation: Operation, seed: int) -> Any:
        """The operation's documented success body (a copy)."""
        return self.template(operation, self.success(operation)[1], seed)

    @_kept
    def answers_item(self, operation: Operation, resource: Resource) -> bool:
        """Does ``operation`` answer with the item itself (its schema)?"""
        mine = self.schema(operation, self.success(operation)[1])
        item = self.item_schema(resource)
        if mine is None or item is None:
            return False
        return (
            mine.value == item.value
            or self.contract.deref(mine).at == self.contract.deref(item).at
        )

    @_kept
    def schema(self, operation: Operation, key: str | None) -> Node | None:
        _, media = self.media(operation, key)
        return media.get("schema") if media is not None else None

    def list_key(self, operation: Operation) -> str | None:
        """Where a list answer keeps its items (see resources.list_key)."""
        cache_key = key(operation)
        if cache_key not in self._list_keys:
            schema = self.schema(operation, self.success(operation)[1])
            self._list_keys[cache_key] = resources.list_key(
                self.contract, schema, self.generator.merged
            )
        return self._list_keys[cache_key]

    @_kept
    def item_operation(self, resource: Resource, method: str) -> Operation | None:
        """``method`` on the resource's item path (``/customers/{id}``)."""
        return self.operation(method, self.resources.item_path(resource))

    @_kept
    def item_schema(self, resource: Resource) -> Node | None:
        """An item's schema: as read, else as created, else as listed."""
        for operation in (
            self.item_operation(resource, "GET"),
            self.operation("POST", resource.collection),
        ):
            if operation is not None:
                schema = self.schema(operation, self.success(operation)[1])
                if schema is not None:
                    return schema
        return None

    @_kept
    def properties(self, resource: Resource) -> Mapping[str, Any]:
        """The item schema's properties (name -> schema, as written)."""
        return self.object_properties(self.item_schema(resource))

    @_kept
    def object_properties(self, schema: Node | None) -> Mapping[str, Any]:
        """An object schema's properties, ``allOf`` parts merged; {} if none."""
        if schema is None:
            return {}
        node = self.contract.deref(schema)
        if isinstance(node.value, Mapping) and "allOf" in node.value:
            node = self.generator.merged(node)
        found = node.get("properties")
        if found is None or not isinstance(found.value, Mapping):
            return {}
        return found.value

    @_kept
    def closed(self, schema: Node | None) -> bool:
        """Does an object schema take no fields beyond those it lists?"""
        if schema is None:
            return False
        node = self.contract.deref(schema)
        if isinstance(node.value, Mapping) and "allOf" in node.value:
            node = self.generator.merged(node)
        value = node.value
        return isinstance(value, Mapping) and value.get("additionalProperties") is False

    def accepts(self, schema: Node, value: Any, depth: int = 0) -> bool:
        """Could ``value`` stand where ``schema`` is, as far as cheap rules
        tell: its type, enum, length and pattern, an object's required
        fields, each item of an array. What a request sends under a name is
        often another shape than the answer's field of that name (GitHub's
        ``assignees``: logins sent, users answered)."""
        node = self.contract.deref(schema)
        declared = node.value
        if not isinstance(declared, Mapping) or depth > 8:
            return True
        if "allOf" in declared:
            node = self.generator.merged(node)
            declared = node.value
        branches = declared.get("oneOf") or declared.get("anyOf")
        if isinstance(branches, list):
            return any(
                self.accepts(Node(branch, node.at), value, depth + 1)
                for branch in branches
            )
        if value is None:
            kinds = declared.get("type")
            return bool(declared.get("nullable")) or (
                isinstance(kinds, list) and "null" in kinds
            )
        if not fits(declared, value):
            return False
        if isinstance(value, list):
            items = node.get("items")
            return items is None or all(
                self.accepts(items, item, depth + 1) for item in value
            )
        if isinstance(value, dict):
            required = declared.get("required") or ()
            return all(name in value for name in required)
        return True

    @_kept
    def id_property(self, resource: Resource) -> str | None:
        names = self.properties(resource)
        for name in ("id", f"{resource.singular}_id", f"{resource.singular}Id", "uuid"):
            if name in names and self._scalar(names[name]):
                return name
        return None

    @_kept
    def key_property(self, resource: Resource) -> str | None:
        """The property an item's path names: ``{issue_number}`` is ``number``
        (GitHub's issues have an ``id`` too), ``{store_id}`` is ``store_id``;
        otherwise the id property."""
        path = self.resources.item_path(resource)
        names = self.properties(resource)
        if path is not None:
            param = resources.segments(path)[-1][1:-1]
            for name in (param, param.removeprefix(f"{resource.singular}_")):
                if name in names and self._scalar(names[name]):
                    return name
        return self.id_property(resource)

    def _scalar(self, schema: Any) -> bool:
        """Is a field of ``schema`` an id's kind (a string or a number)?"""
        node = self.contract.deref(Node(schema, ""))
        if isinstance(node.value, Mapping) and "allOf" in node.value:
            node = self.generator.merged(node)
        value = node.value
        if not isinstance(value, Mapping):
            return True
        kinds = value.get("type")
        listed = kinds if isinstance(kinds, list) else [kinds]
        return kinds is None or any(
            kind in ("string", "integer", "number") for kind in listed
        )

    def new_id(
        self, store: FakeStore, resource: Resource, prop: str | None
    ) -> str | int:
        """A new value for ``prop`` (the key, or another id) in the API's style."""
        keyed = prop == self.key_property(resource)
        counter = resource.name if keyed else f"{resource.name}#{prop}"
        number = store.count(counter)
        style = self._style(resource, prop)
        rng = rng_for(store.seed, counter, number)
        for _ in range(8):  # a clash with a fixture's key: draw again
            new = style.new(rng, number)
            if not keyed or store.get(resource.name, str(new)) is None:
                return new
            number = store.count(counter)
        return new

    def _style(self, resource: Resource, prop: str | None) -> ids.IdStyle:
        found = self._styles.get((resource.name, prop))
        if found is None:
            schema = self.properties(resource).get(prop) if prop else None
            if isinstance(schema, Mapping) and "$ref" in schema:
                schema = self.contract.deref(Node(schema, "")).value
            found = self._styles[(resource.name, prop)] = ids.learn(
                self._id_examples(resource, prop, schema), schema, resource.singular
            )
        return found

    def _id_examples(
        self, resource: Resource, prop: str | None, schema: Any
    ) -> list[Any]:
        """Ids the document shows: the id property's example, the answers'
        examples, the item path parameter's example."""
        found: list[Any] = []
        if isinstance(schema, Mapping):
            found += [schema["example"]] if "example" in schema else []
            found += list(schema.get("examples") or [])[:1]
        item = self.item_operation(resource, "GET")
        for operation in (item, self.operation("POST", resource.collection)):
            if operation is None:
                continue
            _, media = self.media(operation, self.success(operation)[1])
            if media is not None and prop:
                has, example = example_of(self.contract, media)
                if has and isinstance(example, dict) and prop in example:
                    found.append(example[prop])
        if item is not None and prop == self.key_property(resource):
            name = resources.segments(item.path)[-1][1:-1]
            parameter = item.parameter("path", name)
            raw = parameter.schema.value if parameter and parameter.schema else None
            if isinstance(raw, Mapping) and "example" in raw:
                found.append(raw["example"])
        return found


def key(operation: Operation) -> tuple[str, str]:
    return operation.method, operation.path


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"

"""Values built from a schema: the document's own examples first, then values
generated to fit it, each choice drawn from a seeded generator.

Keywords followed: ``type`` (one or, in 3.1, a list), ``format``, ``enum``,
``const``, ``pattern``, ``minLength``/``maxLength``, ``minimum``/``maximum``
(and both forms of ``exclusive…``), ``multipleOf``, ``minItems``/``maxItems``,
``uniqueItems``, ``properties``/``required``/``additionalProperties``/
``minProperties``, ``$ref``, ``allOf`` (merged), ``oneOf``/``anyOf`` (the
first branch that does not lead back into itself, with its discriminator
value), ``nullable`` and ``readOnly``/``writeOnly``. Optional properties are
filled near the top and left out deeper down, so a provider's deeply nested
objects stay a readable size; a reference that leads back into itself is
cut where the schema allows it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from apimock.contracts.document import Contract, Node
from apimock.fakes.generation import formats, merging, patterns
from apimock.fakes.generation.rules import copy, fits, fits_length

#: Optional properties are generated this many objects deep.
OPTIONAL_DEPTH = 2
#: Below this depth only what a schema requires is generated, and barely.
MAX_DEPTH = 12
_ANY = "value"
_NONE: Any = object()
_T = TypeVar("_T")


def rng_for(seed: int, *parts: object) -> random.Random:
    """A generator for one purpose under ``seed``: a string seed is hashed
    with SHA-512, so it is the same on every run and every machine."""
    return random.Random(":".join(map(str, (seed, *parts))))


@dataclass(frozen=True)
class _Walk:
    rng: random.Random
    direction: str  # "response" leaves writeOnly out, "request" readOnly
    depth: int = 0
    refs: frozenset[str] = frozenset()
    name: str = ""

    def into(self, name: str, ref: str | None = None) -> _Walk:
        refs = self.refs | {ref} if ref else self.refs
        return _Walk(self.rng, self.direction, self.depth + 1, refs, name)


class Generator:
    """Generates values for the schemas of one contract."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract

    def value(
        self,
        schema: Node | None,
        rng: random.Random,
        *,
        direction: str = "response",
        name: str = "",
    ) -> Any:
        """A value that ``schema`` accepts (its example, if it has one)."""
        if schema is None:
            return _ANY
        return self._value(schema, _Walk(rng, direction, name=name))

    def _value(self, node: Node, walk: _Walk) -> Any:
        node, walk = self._follow(node, walk)
        schema = node.value
        if not isinstance(schema, Mapping):
            return _ANY if schema is not False else None
        if "const" in schema:
            return copy(schema["const"])
        listed = schema.get("examples")
        for found in (
            schema.get("example", _NONE),
            listed[0] if isinstance(listed, list) and listed else _NONE,
            schema.get("default", _NONE),
        ):
            if found is not _NONE and fits(schema, found):
                return copy(found)
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            # The first: documents list the usual value first (active, succeeded).
            return next((item for item in schema["enum"] if item is not None), None)
        if "allOf" in schema:
            return self._value(self.merged(node), walk)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self._branch(node, key, walk)
        kind = self._type(schema)
        if kind is None:
            return None if schema.get("nullable") else _ANY
        return getattr(self, f"_{kind}", self._unknown)(node, walk)

    def _follow(self, node: Node, walk: _Walk) -> tuple[Node, _Walk]:
        value = node.value
        if isinstance(value, Mapping) and "$ref" in value:
            ref = str(value["$ref"])
            walk = _Walk(
                walk.rng, walk.direction, walk.depth, walk.refs | {ref}, walk.name
            )
            node = self.contract.deref(node)
        return node, walk

    @staticmethod
    def _type(schema: Mapping[str, Any]) -> str | None:
        declared = schema.get("type")
        if isinstance(declared, list):  # 3.1: ["string", "null"]
            kinds = [kind for kind in declared if kind != "null"]
            return kinds[0] if kinds else ("null" if declared else None)
        if isinstance(declared, str):
            return declared
        if "properties" in schema or "additionalProperties" in schema:
            return "object"
        if "items" in schema:
            return "array"
        return None

    # -- combinations --------------------------------------------------------

    def merged(self, node: Node) -> Node:
        """An ``allOf`` schema as one (see :func:`merging.merged`)."""
        return merging.merged(self.contract, node)

    def _branch(self, node: Node, key: str, walk: _Walk) -> Any:
        branches = node.get(key)
        listed = branches.value if branches is not None else None
        if not isinstance(listed, list) or not listed or branches is None:
            return _ANY
        chosen = next(
            (
                index
                for index, branch in enumerate(listed)
                if not (isinstance(branch, Mapping) and branch.get("$ref") in walk.refs)
            ),
            0,
        )
        shared = {
            k: v for k, v in node.value.items() if k not in (key, "discriminator")
        }
        branch = Node(listed[chosen], f"{branches.at}/{chosen}")
        if shared and self._type(shared) == "object":
            branch = self.merged(Node({**shared, "allOf": [listed[chosen]]}, node.at))
        value = self._value(branch, walk)
        discriminator = node.value.get("discriminator")
        if isinstance(value, dict) and isinstance(discriminator, Mapping):
            self._discriminate(value, discriminator, listed[chosen])
        return value

    @staticmethod
    def _discriminate(
        value: dict[str, Any], discriminator: Mapping[str, Any], branch: Any
    ) -> None:
        prop = discriminator.get("propertyName")
        ref = branch.get("$ref") if isinstance(branch, Mapping) else None
        if not isinstance(prop, str) or not isinstance(ref, str):
            return
        mapping = discriminator.get("mapping") or {}
        named = next((k for k, v in mapping.items() if v == ref), None)
        value[prop] = named or ref.rsplit("/", 1)[-1]

    # -- one type each -------------------------------------------------------

    def _unknown(self, node: Node, walk: _Walk) -> Any:
        return _ANY

    def _null(self, node: Node, walk: _Walk) -> Any:
        return None

    def _boolean(self, node: Node, walk: _Walk) -> Any:
        return False  # the usual state of a flag (livemode, deleted, refunded)

    def _string(self, node: Node, walk: _Walk) -> Any:
        schema = node.value
        rng = walk.rng
        low = int(schema.get("minLength", 0))
        high = schema.get("maxLength")
        pattern = schema.get("pattern")
        text: str | None = None
        if isinstance(pattern, str):
            for _ in range(8):
                text = patterns.matching(pattern, rng)
                if text is None or fits_length(text, low, high):
                    break
            if text is not None:
                return text
        shape = formats.FORMATS.get(str(schema.get("format", "")))
        if shape is None and walk.name in ("email", "url", "uri"):
            shape = formats.FORMATS[walk.name]
        text = shape(rng) if shape is not None else formats.word(rng)
        if len(text) < low:
            text += "x" * (low - len(text))
        if isinstance(high, int) and len(text) > high:
            text = text[:high]
        return text

    def _integer(self, node: Node, walk: _Walk) -> Any:
        schema = node.value
        low, high = _bounds(schema, whole=True)
        if low is None and high is None and _is_time(walk.name):
            return formats.timestamp(walk.rng)
        if low is not None and "multipleOf" not in schema:
            return math.ceil(low)  # the least allowed: amount_refunded 0
        low, high = _span(low, high, 1000)
        step = schema.get("multipleOf")
        if isinstance(step, (int, float)) and step > 0:
            first, last = math.ceil(low / step), math.floor(high / step)
            if first <= last:
                return int(walk.rng.randint(first, last) * step)
        return walk.rng.randint(math.ceil(low), math.floor(high))

    def _number(self, node: Node, walk: _Walk) -> Any:
        schema = node.value
        low, high = _bounds(schema, whole=False)
        if low is not None and "multipleOf" not in schema:
            return low
        low, high = _span(low, high, 1000.0)
        step = schema.get("multipleOf")
        if isinstance(step, (int, float)) and step > 0:
            first, last = math.ceil(low / step), math.floor(high / step)
            if first <= last:
                return walk.rng.randint(first, last) * step
        value = round(walk.rng.uniform(low, high), 2)
        return min(max(value, low), high)

    def _array(self, node: Node, walk: _Walk) -> Any:
        schema = node.value
        items = node.get("items") or Node({}, f"{node.at}/items")
        count = int(schema.get("minItems", 0))
        if walk.depth < OPTIONAL_DEPTH:
            count = max(count, 1)
        high = schema.get("maxItems")
        if isinstance(high, int):
            count = min(count, high)
        if walk.depth >= MAX_DEPTH:
            return []
        inner = walk.into(walk.name)
        values: list[Any] = []
        for _ in range(count * 4 if schema.get("uniqueItems") else count):
            value = self._value(items, inner)
            if not schema.get("uniqueItems") or value not in values:
                values.append(value)
            if len(values) == count:
                break
        return values

    def _object(self, node: Node, walk: _Walk) -> Any:
        schema = node.value
        required = set(schema.get("required") or ())
        result: dict[str, Any] = {}
        if walk.depth >= MAX_DEPTH:
            return result
        declared = node.get("properties")
        skipped = "writeOnly" if walk.direction == "response" else "readOnly"
        for name, prop in declared.items() if declared is not None else ():
            wanted = name in required or walk.depth < OPTIONAL_DEPTH
            if not wanted or (name not in required and self._hidden(prop, skipped)):
                continue
            ref = prop.value.get("$ref") if isinstance(prop.value, Mapping) else None
            if ref in walk.refs and name not in required:
                continue  # a schema inside itself: stop where it may
            result[name] = self._value(prop, walk.into(name))
        extra = schema.get("additionalProperties")
        wanted_more = int(schema.get("minProperties", 0)) - len(result)
        if wanted_more > 0 and extra is not False:
            more = node.get("additionalProperties")
            values = (
                more if more is not None and isinstance(more.value, Mapping) else None
            )
            for index in range(wanted_more):
                key = f"key{index + 1}"
                result[key] = self._value(values, walk.into(key)) if values else _ANY
        return result

    def _hidden(self, prop: Node, flag: str) -> bool:
        value = self.contract.deref(prop).value
        return isinstance(value, Mapping) and bool(value.get(flag))


def _is_time(name: str) -> bool:
    return name in ("created", "updated", "timestamp") or name.endswith("_at")


def _bounds(
    schema: Mapping[str, Any], *, whole: bool
) -> tuple[float | None, float | None]:
    """The inclusive bounds a number must lie in (3.0 booleans and 3.1 numbers)."""
    nudge = 1 if whole else 0.01
    low, high = schema.get("minimum"), schema.get("maximum")
    exclusive_low, exclusive_high = (
        schema.get("exclusiveMinimum"),
        schema.get("exclusiveMaximum"),
    )
    if exclusive_low is True and low is not None:
        low += nudge
    elif isinstance(exclusive_low, (int, float)) and exclusive_low is not False:
        low = exclusive_low + nudge
    if exclusive_high is True and high is not None:
        high -= nudge
    elif isinstance(exclusive_high, (int, float)) and exclusive_high is not False:
        high = exclusive_high - nudge
    return low, high


def _span(low: float | None, high: float | None, width: float) -> tuple[float, float]:
    if low is None and high is None:
        return 0, width
    if low is None:
        assert high is not None
        return (0 if high >= 0 else high - width), high
    if high is None:
        return low, low + width
    return low, max(low, high)

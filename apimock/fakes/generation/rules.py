"""The simple rules a value must keep to stand where a schema is (its type,
enum, length, pattern, a few formats), and a media type's own example:
documents' examples are used first, but only those that keep them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

from apimock.contracts.document import Contract, Node

_T = TypeVar("_T")


def example_of(contract: Contract, media: Node) -> tuple[bool, Any]:
    """A media type's own ``example``, or the first of its ``examples``."""
    value = media.value
    if not isinstance(value, Mapping):
        return False, None
    if "example" in value:
        return True, copy(value["example"])
    examples = media.get("examples")
    if examples is not None:
        for _, example in examples.items():
            found = contract.deref(example).value
            if isinstance(found, Mapping) and "value" in found:
                return True, copy(found["value"])
    return False, None


def fits_length(text: str, low: int, high: Any) -> bool:
    return len(text) >= low and (not isinstance(high, int) or len(text) <= high)


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def fits(schema: Mapping[str, Any], value: Any) -> bool:
    """Does ``value`` keep the simple rules of ``schema`` itself (type, enum,
    length, pattern, a few formats)? Real documents hold examples cut short
    (``"sha256:0ecb..."``) or quoted twice (``'"git"'``); a generated value
    is better than those."""
    if value is None:
        return bool(schema.get("nullable")) or "null" in (schema.get("type") or ())
    enum = schema.get("enum")
    if isinstance(enum, list) and value not in enum:
        return False
    declared = schema.get("type")
    kinds = declared if isinstance(declared, list) else [declared] if declared else []
    if kinds and not any(
        isinstance(value, _TYPES.get(kind, object))
        and not (isinstance(value, bool) and kind in ("integer", "number"))
        for kind in kinds
    ):
        return False
    if isinstance(value, str):
        if not fits_length(
            value, int(schema.get("minLength", 0)), schema.get("maxLength")
        ):
            return False
        shape = _FORMAT_SHAPES.get(str(schema.get("format", "")))
        if shape is not None and not shape.match(value):
            return False
        pattern = schema.get("pattern")
        try:
            return not isinstance(pattern, str) or re.search(pattern, value) is not None
        except re.error:
            return True
    return True


#: Enough of each common format to tell a value of another kind from it.
_FORMAT_SHAPES = {
    "email": re.compile(r"^[^@\s]+@[^@\s]+$"),
    "date-time": re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d"),
    "date": re.compile(r"^\d{4}-\d\d-\d\d$"),
    "uri": re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:"),
    "uuid": re.compile(r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$"),
}


def copy(value: _T) -> _T:
    """A copy of JSON-like data (faster than ``copy.deepcopy`` for it)."""
    if isinstance(value, dict):
        return {key: copy(item) for key, item in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [copy(item) for item in value]  # type: ignore[return-value]
    return value

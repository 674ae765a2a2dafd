"""Form fields with brackets, as Stripe's and PHP's clients send nested data
(OpenAPI's ``deepObject`` style): ``metadata[order]=6735`` and ``tags[]=a``
read into nested objects and lists, and text read as the schema's types."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from apimock.contracts import schemas
from apimock.contracts.document import Contract, Node

_KEY = re.compile(r"([^\[\]]+)|\[([^\[\]]*)\]")


def pairs(fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Form fields (a name sent twice maps to a list) as (name, value) pairs."""
    found = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            found.append((name, item))
    return found


def nested(sent: list[tuple[str, str]]) -> dict[str, Any]:
    """``a[b][c]=1``, ``a[]=x`` and ``a[0]=x`` as nested dicts and lists; a
    plain name sent twice as the list of its values."""
    result: dict[str, Any] = {}
    for name, value in sent:
        keys = [plain or inner for plain, inner in _KEY.findall(name)] or [name]
        if len(keys) == 1:
            known = result.get(name)
            result[name] = value if known is None else [*_listed(known), value]
            continue
        target: Any = result
        for index, key in enumerate(keys):
            last = index == len(keys) - 1
            following = None if last else keys[index + 1]
            empty: Any = [] if following == "" or (following or "x").isdigit() else {}
            if isinstance(target, list):
                target = _into_list(target, key, value, empty, last)
                if target is None:
                    break
                continue
            if last:
                target[key] = value
            else:
                if not isinstance(target.get(key), (dict, list)):
                    target[key] = empty
                target = target[key]
    return result


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _into_list(target: list[Any], key: str, value: str, empty: Any, last: bool) -> Any:
    """One step into a list: ``[]`` appends, ``[2]`` sets position 2."""
    if key == "" or not key.isdigit():
        if last:
            target.append(value)
            return None
        target.append(empty)
        return target[-1]
    position = int(key)
    while len(target) <= position:
        target.append(None)
    if last:
        target[position] = value
        return None
    if target[position] is None:
        target[position] = empty
    return target[position]


def typed(contract: Contract, schema: Node | None, value: Any) -> Any:
    """Text read as the types ``schema`` declares, all the way down."""
    if schema is None:
        return value
    if isinstance(value, dict):
        return {
            key: typed(contract, schemas.property_schema(contract, schema, key), item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        items = contract.deref(schema).get("items")
        return [typed(contract, items, item) for item in value]
    return schemas.coerce(contract, schema, value)


def bracketed(fields: Mapping[str, Any], declared: set[str]) -> bool:
    """Does any field name nest with brackets (and is not a property as written)?"""
    return any("[" in name and name not in declared for name in fields)

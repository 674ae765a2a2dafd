"""``allOf`` as one schema: the properties and requirements of every part,
the tighter of each bound, and ``items`` (or ``additionalProperties``) that
two parts both give, as both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apimock.contracts.document import Contract, Node


def merged(contract: Contract, node: Node) -> Node:
    """An ``allOf`` schema as one: the properties and requirements of every part."""
    result: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    required: list[str] = []
    parts = [node.value, *(node.value.get("allOf") or [])]
    for index, raw in enumerate(parts):
        part = raw if index == 0 else contract.deref(Node(raw, node.at)).value
        if index and isinstance(part, Mapping) and "allOf" in part:
            part = merged(contract, Node(part, node.at)).value
        if not isinstance(part, Mapping):
            continue
        for key, value in part.items():
            if key == "properties" and isinstance(value, Mapping):
                for name, schema in value.items():
                    known = properties.get(name)
                    properties[name] = (
                        schema if known is None else {"allOf": [known, schema]}
                    )
            elif key == "required" and isinstance(value, list):
                required += [name for name in value if name not in required]
            elif key in ("minimum", "minLength", "minItems", "minProperties"):
                result[key] = max(value, result.get(key, value))
            elif key in ("maximum", "maxLength", "maxItems", "maxProperties"):
                result[key] = min(value, result.get(key, value))
            elif key in ("items", "additionalProperties") and isinstance(
                result.get(key), Mapping
            ):  # both parts say: the value must satisfy both
                known = result[key]
                result[key] = {"allOf": [known, value]} if known else value
            elif key != "allOf":
                result.setdefault(key, value)
    if properties:
        result["properties"] = properties
    if required:
        result["required"] = required
    return Node(result, f"{node.at}:merged")  # no place of its own

"""What a request sent, as the data a fake stores: JSON as it is; a form (or
multipart fields) with ``metadata[order]=6735`` and ``tags[]=a`` read into
nested objects and lists, and text read as the schema's numbers and booleans.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from apimock.contracts import conformance, schemas
from apimock.contracts.document import Contract, Node, Operation
from apimock.request import APIRequest
from apimock.stubs.matchers import multipart_fields

_KEY = re.compile(r"([^\[\]]+)|\[([^\[\]]*)\]")


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
        pairs = _pairs(request.form)
    elif kind == "multipart/form-data":
        fields = multipart_fields(request) or {}
        pairs = [(name, str(part["content"])) for name, part in fields.items()]
    else:
        return {}
    return typed(operation.contract, schema, nested(pairs))


def _pairs(form: Mapping[str, Any]) -> list[tuple[str, str]]:
    found = []
    for name, value in form.items():
        for item in value if isinstance(value, list) else [value]:
            found.append((name, item))
    return found


def nested(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """``a[b][c]=1``, ``a[]=x`` and ``a[0]=x`` as nested dicts and lists."""
    result: dict[str, Any] = {}
    for name, value in pairs:
        keys = [plain or inner for plain, inner in _KEY.findall(name)] or [name]
        target: Any = result
        for index, key in enumerate(keys):
            last = index == len(keys) - 1
            following = None if last else keys[index + 1]
            empty: Any = [] if following == "" or (following or "x").isdigit() else {}
            if isinstance(target, list):
                if key == "" or not key.isdigit():
                    if last:
                        target.append(value)
                        break
                    target.append(empty)
                    target = target[-1]
                    continue
                position = int(key)
                while len(target) <= position:
                    target.append(None)
                if last:
                    target[position] = value
                else:
                    if target[position] is None:
                        target[position] = empty
                    target = target[position]
                continue
            if last:
                target[key] = value
            else:
                if not isinstance(target.get(key), (dict, list)):
                    target[key] = empty
                target = target[key]
    return result


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

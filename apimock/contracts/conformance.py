"""Does a request or response conform to its operation? One answer for both
the static check (stubs, before tests run) and the runtime check (in a test).

Requests and responses come in already parsed, so the same rules apply to a
stub's ``json`` and to bytes on the wire.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from apimock.contracts import forms, schemas
from apimock.contracts.document import Contract, Operation
from apimock.contracts.schemas import Violation

#: Headers OpenAPI describes elsewhere (media types, security schemes).
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
#: A body that was not sent, as opposed to an empty JSON string.
NO_BODY: Any = object()
JSON_TYPES = ("application/json",)


def is_json(media_type: str) -> bool:
    return media_type in JSON_TYPES or media_type.endswith("+json")


#: Operations remembered per contract, by method and path, at most.
_LOCATED = 4096


def locate(
    contract: Contract, method: str, path: str
) -> tuple[Operation | None, dict[str, str], list[Violation]]:
    """The operation for ``method`` on a concrete (or templated) ``path``.

    Remembered per contract: a request and its response ask for the same one.
    """
    key = (method, path)
    found = contract.located.get(key)
    if found is None:
        if len(contract.located) >= _LOCATED:
            contract.located.clear()
        found = contract.located[key] = _locate(contract, method, path)
    operation, params, violations = found
    return operation, params, list(violations)


def _locate(
    contract: Contract, method: str, path: str
) -> tuple[Operation | None, dict[str, str], list[Violation]]:
    found = contract.find_path(path, method)
    if found is None:
        closest = contract.paths.closest(path)
        shown = ", ".join(closest) or "none"
        more = len(contract.paths) - len(closest)
        return (
            None,
            {},
            [
                Violation(
                    "request path",
                    f"{path} is not a path of the contract",
                    f"its closest paths are {shown}"
                    + (f" ({more:,} more)" if more > 0 else "")
                    if closest
                    else "it has no paths",
                )
            ],
        )
    documented, params = found
    operation = contract.operation(method, documented)
    if operation is None:
        shown = ", ".join(contract.methods(documented)) or "none"
        return (
            None,
            params,
            [
                Violation(
                    "request method",
                    f"{method} is not an operation of {documented}",
                    f"{documented} takes {shown}",
                )
            ],
        )
    return operation, params, []


def check_parameters(
    operation: Operation,
    location: str,
    values: Mapping[str, Any],
    *,
    unknowable: Callable[[str], bool] = lambda name: False,
    required: bool = True,
) -> list[Violation]:
    """Required ``location`` parameters present (unless ``required`` is False:
    a stub need not match on all of them), and each value of the right type."""
    found = []
    contract = operation.contract
    given = {_fold(location, name): value for name, value in values.items()}
    for parameter in operation.parameters:
        if parameter.location != location:
            continue
        if location == "header" and parameter.name.lower() in IGNORED_HEADERS:
            continue
        where = f"request {location} parameter {parameter.name!r}"
        key = _fold(location, parameter.name)
        if key not in given:
            if parameter.required and required:
                found.append(Violation(where, "is required and missing"))
            continue
        if parameter.schema is None or unknowable(parameter.name):
            continue
        value = schemas.coerce(contract, parameter.schema, given[key])
        found += [
            # A parameter is one value: its path "$" says nothing.
            Violation(where, problem.message, problem.expected)
            for problem in schemas.validate(
                contract, parameter.schema, value, where=where, direction="request"
            )
        ]
    return found


def unknown_parameters(
    operation: Operation, location: str, names: list[str]
) -> list[Violation]:
    """Names the operation does not take in ``location`` (for the static check)."""
    return [
        Violation(
            f"match {location} {name!r}",
            f"is not a {location} parameter of {operation}",
            "it takes "
            + (
                ", ".join(
                    p.name for p in operation.parameters if p.location == location
                )
                or "none"
            ),
        )
        for name in names
        if operation.parameter(location, name) is None
        and not (location == "header" and name.lower() in IGNORED_HEADERS)
    ]


def _fold(location: str, name: str) -> str:
    return name.lower() if location == "header" else name


def request_body_media(
    operation: Operation, content_type: str, *, sent: bool
) -> tuple[tuple[str, Any] | None, list[Violation]]:
    """The documented media type a request body is sent as, or why it is wrong."""
    body = operation.request_body
    if body is None:
        if sent:
            return None, [
                Violation("request body", f"{operation} takes no request body")
            ]
        return None, []
    if not sent:
        if body.value.get("required"):
            return None, [Violation("request body", "is required and missing")]
        return None, []
    media = operation.request_media(content_type or "application/octet-stream")
    if media is None:
        content = body.get("content")
        shown = ", ".join(key for key, _ in content.items()) if content else "none"
        return None, [
            Violation(
                "request body",
                f"is sent as {content_type or 'no content type'}",
                f"{operation} takes {shown}",
            )
        ]
    return media, []


def check_request_body(
    operation: Operation,
    media: tuple[str, Any],
    value: Any,
    *,
    where: str = "request body",
    unknowable: Callable[[tuple[Any, ...]], bool] | None = None,
) -> list[Violation]:
    _, node = media
    schema = node.get("schema")
    if schema is None:
        return []
    return schemas.validate(
        operation.contract,
        schema,
        value,
        where=where,
        direction="request",
        unknowable=unknowable,
    )


def form_values(
    operation: Operation, media: tuple[str, Any], fields: Mapping[str, Any]
) -> dict[str, Any]:
    """Form or multipart fields read as their schema says: a field the contract
    encodes as JSON is parsed, text becomes numbers and booleans."""
    contract = operation.contract
    _, node = media
    schema = node.get("schema")
    encoding = node.get("encoding")
    values = {}
    if forms.bracketed(fields, schemas.properties(contract, schema)[0]):
        # metadata[order]=1, tags[]=a: OpenAPI's deepObject, Stripe's forms
        fields = forms.nested(forms.pairs(fields))
    for name, raw in fields.items():
        if isinstance(raw, dict) or (isinstance(raw, list) and _has_dicts(raw)):
            prop = schemas.property_schema(contract, schema, name)
            values[name] = forms.typed(contract, prop, raw)
            continue
        field_encoding = encoding.get(name) if encoding is not None else None
        content_type = (
            str(field_encoding.value.get("contentType", ""))
            if field_encoding is not None
            else ""
        )
        if is_json(content_type.split(";")[0].strip()) and isinstance(raw, str):
            try:
                values[name] = json.loads(raw)
            except ValueError:
                values[name] = raw
            continue
        values[name] = schemas.coerce(
            contract, schemas.property_schema(contract, schema, name), raw
        )
    return values


def _has_dicts(values: list[Any]) -> bool:
    return any(isinstance(value, dict) for value in values)


def check_response(
    operation: Operation,
    status: int,
    content_type: str,
    value: Any,
    *,
    unknowable: Callable[[tuple[Any, ...]], bool] | None = None,
) -> list[Violation]:
    """Status documented; a JSON body valid against that status's schema.

    ``value`` is the parsed body, NO_BODY when there is none, or bytes that
    are not JSON.
    """
    documented = operation.response(status)
    if documented is None:
        return [
            Violation(
                f"response status {status}",
                f"is not documented for {operation}",
                "documented: " + (", ".join(operation.statuses) or "none"),
            )
        ]
    key, node = documented
    content = node.get("content")
    where = f"response {status} body"
    if content is None or not any(True for _ in content.items()):
        return []
    shown = ", ".join(media for media, _ in content.items())
    if value is NO_BODY:
        return [Violation(where, "is empty", f"{key} has a body of {shown}")]
    media = operation.contract.media(content, content_type or "application/json")
    if media is None:
        return [
            Violation(where, f"is {content_type or 'untyped'}", f"{key} is {shown}")
        ]
    media_type, media_node = media
    schema = media_node.get("schema")
    if not is_json(media_type) or schema is None:
        return []
    if isinstance(value, bytes):
        return [Violation(where, "is not valid JSON", f"{key} is {media_type}")]
    return schemas.validate(
        operation.contract,
        schema,
        value,
        where=where,
        direction="response",
        unknowable=unknowable,
    )

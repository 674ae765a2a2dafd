"""Validate a value against a schema in the document, each problem with its JSON path.

openapi-schema-validator does the validating (OpenAPI 3.0's dialect, or 3.1's
JSON Schema 2020-12); references resolve through a ``referencing`` registry
holding the whole document, so a schema is named by its place in it.
Values that arrive as text (path, query, header and form fields) are first
read as the type their schema says, as a server would.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from apimock.contracts import quickcheck
from apimock.contracts.document import Node
from apimock.exceptions import ContractError

if TYPE_CHECKING:
    from apimock.contracts.document import Contract

_URI = "urn:apimock:contract"
_SHOWN = 80


@dataclass(frozen=True)
class Violation:
    """One way a request, response or stub breaks its contract."""

    where: str  # "request body $.amount", "response 200 body $.item_id"
    message: str
    expected: str = ""

    def __str__(self) -> str:
        expected = f" (the contract: {self.expected})" if self.expected else ""
        return f"{self.where}: {self.message}{expected}"


_EXTRA = ("openapi_schema_validator", "openapi_spec_validator", "referencing")


def require_extra() -> None:
    """ContractError naming the extra if the validators are not installed.

    Looked for, not imported: most runs never need them (a valid document's
    verdict is kept; a conforming value is vouched for by
    :mod:`~apimock.contracts.quickcheck`), and importing them costs more
    than a check with a contract does otherwise.
    """
    if not all(_installed(name) for name in _EXTRA):
        raise ContractError(
            'APIMOCK["CONTRACTS"] needs the contracts extra: '
            'pip install "django-apimock[contracts]"'
        )


def _installed(name: str) -> bool:
    if name in sys.modules:
        return sys.modules[name] is not None  # None: imports of it fail
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _extra() -> Any:
    """The validator's modules (the extra is installed: :func:`require_extra`)."""
    require_extra()
    try:
        import openapi_schema_validator
        import referencing
        import referencing.jsonschema
    except ImportError:
        raise ContractError(
            'APIMOCK["CONTRACTS"] needs the contracts extra: '
            'pip install "django-apimock[contracts]"'
        ) from None
    return openapi_schema_validator, referencing


@functools.lru_cache(maxsize=1024)
def _validator(contract: Contract, at: str, direction: str) -> Any:
    oas, referencing = _extra()
    if contract.version == "3.1":
        cls, checker = oas.OAS31Validator, oas.oas31_format_checker
        spec = referencing.jsonschema.DRAFT202012
    else:
        cls = (
            oas.OAS30WriteValidator
            if direction == "request"
            else oas.OAS30ReadValidator
        )
        checker, spec = oas.oas30_format_checker, referencing.jsonschema.DRAFT4
    registry = _registry(contract, spec)
    fragment = quote(at[1:], safe="/~")
    return cls(
        {"$ref": f"{_URI}#{fragment}"}, registry=registry, format_checker=checker
    )


@functools.lru_cache(maxsize=32)
def _registry(contract: Contract, spec: Any) -> Any:
    """The whole document as one resource, for every schema of the contract:
    one registry per contract, not one per schema validated."""
    _, referencing = _extra()
    resource = referencing.Resource.from_contents(
        dict(contract.document), default_specification=spec
    )
    return referencing.Registry().with_resource(_URI, resource)


def validate(
    contract: Contract,
    schema: Node,
    value: Any,
    *,
    where: str,
    direction: str,
    unknowable: Callable[[tuple[Any, ...]], bool] | None = None,
) -> list[Violation]:
    """Every way ``value`` breaks ``schema``; ``unknowable`` skips paths whose
    value is only known at run time (``{request.…}`` templates)."""
    if quickcheck.conforms(contract, schema.at, direction, value):
        return []  # openapi-schema-validator would find nothing: not asked
    validator = _validator(contract, schema.at, direction)
    found = []
    try:
        errors = sorted(
            validator.iter_errors(value), key=lambda e: [str(p) for p in e.path]
        )
    except Exception as broken:  # a schema the validator cannot use at all
        raise ContractError(f"{contract}: {schema.at}: {broken}") from None
    for error in errors:
        if unknowable is not None and unknowable(tuple(error.absolute_path)):
            continue
        found.append(
            Violation(
                f"{where} {error.json_path}",
                _short(error.message),
                f"{error.validator}: {_short(_json(error.validator_value))}",
            )
        )
    return found


def _json(value: Any) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def coerce(contract: Contract, schema: Node | None, value: Any) -> Any:
    """Text from a URL, header or form read as the type ``schema`` declares.

    Text that is not of that type is returned unchanged, so validation then
    reports the wrong type.
    """
    if schema is None:
        return value
    declared = contract.deref(schema).value
    kind = _type(declared)
    if kind == "array":
        items = contract.deref(schema).get("items")
        values = value if isinstance(value, list) else [value]
        return [coerce(contract, items, item) for item in values]
    if isinstance(value, list):
        return [coerce(contract, schema, item) for item in value]
    if not isinstance(value, str):
        return value
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    return value


def _type(schema: Any) -> str | None:
    if not isinstance(schema, Mapping):
        return None
    declared = schema.get("type")
    if isinstance(declared, list):  # 3.1: ["integer", "null"]
        declared = next((kind for kind in declared if kind != "null"), None)
    return declared if isinstance(declared, str) else None


def properties(contract: Contract, schema: Node | None) -> tuple[set[str], bool]:
    """The property names an object schema declares, and whether it takes others.

    ``allOf`` parts are merged; a schema that is not a plain object (``oneOf``,
    no ``properties``) takes anything, as far as names go.
    """
    if schema is None:
        return set(), True
    node = contract.deref(schema)
    value = node.value
    if not isinstance(value, Mapping):
        return set(), True
    declared = node.get("properties")
    names = {key for key, _ in declared.items()} if declared is not None else set()
    open_ = "properties" not in value and "allOf" not in value
    for part in _parts(node, "allOf"):
        more, more_open = properties(contract, part)
        names |= more
        open_ = open_ or more_open
    if any(key in value for key in ("oneOf", "anyOf")):
        open_ = True
    return names, open_ or value.get("additionalProperties", True) is not False


def _parts(node: Node, key: str) -> list[Node]:
    """The schemas listed under ``allOf`` (or another list keyword) of ``node``."""
    listed = node.get(key)
    if listed is None or not isinstance(listed.value, list):
        return []
    return [
        Node(item, f"{listed.at}/{index}") for index, item in enumerate(listed.value)
    ]


def property_schema(contract: Contract, schema: Node | None, name: str) -> Node | None:
    """The schema of property ``name`` (looked for in ``allOf`` parts too)."""
    if schema is None:
        return None
    node = contract.deref(schema)
    found = node.get("properties")
    if found is not None and found.get(name) is not None:
        return found.get(name)
    for part in _parts(node, "allOf"):
        inner = property_schema(contract, part, name)
        if inner is not None:
            return inner
    return None


def prefixes(paths: Iterable[tuple[Any, ...]]) -> Callable[[tuple[Any, ...]], bool]:
    """A test: is a path at or under one of ``paths``?"""
    known = set(paths)

    def under(path: tuple[Any, ...]) -> bool:
        return any(path[:length] in known for length in range(len(path) + 1))

    return under

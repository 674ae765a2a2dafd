"""A quick screen that tells a surely valid OpenAPI 3.0 document in
milliseconds, so that openapi-spec-validator (some 10 s over a 1,500-path
document) runs only on one it may reject.

The screen does what openapi-spec-validator does, over plain data: the
document against the official OpenAPI 3.0 JSON Schema (the one
openapi-spec-validator ships), by jsonschema-rs; then the checks it makes
itself: every ``$ref`` resolves within the document, operationIds and tag
names are unique, no parameter is declared twice, each path template's
parameters are declared and each declared path parameter is in the
template, every schema it reaches is a valid draft 4 schema (its
``pattern``s valid Python regular expressions too), an ``allOf`` schema
requires only properties it has, and each ``default`` fits its schema.

It is strict where it differs: anything it cannot vouch for (a reference
to another file, a YAML key that is not a string, OpenAPI 3.1, jsonschema-rs
not installed) is "not surely valid", and openapi-spec-validator decides
and words the problems, as before.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import string
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

#: Bumped when what the screen accepts changes (a kept verdict names it).
VERSION = 1
#: openapi-spec-validator's operations of a path item.
_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class _Doubt(Exception):
    """Something openapi-spec-validator may reject: it decides."""


def surely_valid(data: Mapping[str, Any]) -> bool:
    """True only if openapi-spec-validator would find nothing wrong with
    ``data``; False when it might (then it must be asked)."""
    if not str(data.get("openapi", "")).startswith("3.0"):
        return False
    try:
        validators = _validators()
        if validators is None or not validators[0].is_valid(data):
            return False
        _Walk(data, validators[1]).document()
    except Exception:  # a _Doubt; jsonschema-rs refusing a non-JSON value (a date)
        return False
    return True


@functools.cache
def _validators() -> tuple[Any, Any] | None:
    """The OpenAPI 3.0 document schema's validator and draft 4's
    meta-schema's, by jsonschema-rs; None without it."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    # Read from the packages' files, not imported: importing
    # openapi-spec-validator costs more than the screen itself.
    document = _shipped("openapi_spec_validator", "resources/schemas/v3.0/schema.json")
    # The meta-schema openapi-schema-validator checks a 3.0 schema with.
    draft4 = _shipped("jsonschema_specifications", "schemas/draft4/metaschema.json")
    if document is None or draft4 is None:
        return None
    return (
        jsonschema_rs.Draft4Validator(document, validate_formats=False),
        jsonschema_rs.Draft4Validator(draft4, validate_formats=True),
    )


def _shipped(package: str, name: str) -> Any:
    """The JSON file ``name`` inside ``package``; None if it is not there."""
    try:
        found = importlib.util.find_spec(package)
        for folder in (found and found.submodule_search_locations) or ():
            return json.loads((Path(folder) / name).read_text("utf-8"))
    except (ImportError, OSError, ValueError):
        pass
    return None


class _Walk:
    """openapi-spec-validator's keyword checks, each failure a _Doubt."""

    def __init__(self, data: Mapping[str, Any], meta: Any) -> None:
        self.data = data
        self.meta = meta
        self.operation_ids: set[Any] = set()
        self.visited: set[int] = set()
        self.checked: set[int] = set()
        self.defaults: list[Mapping[str, Any]] = []
        self.targets: dict[str, Any] = {}

    def document(self) -> None:
        self.references(self.data, 0)
        tags = self.data.get("tags") or []
        names = [self.deref(tag).get("name") for tag in tags]
        if len(names) != len(set(map(repr, names))):
            raise _Doubt("a tag name twice")
        for url, item in self.data["paths"].items():
            self.path(url, self.deref(item))
        components = self.deref(self.data.get("components", {}))
        for _, schema in self.deref(components.get("schemas", {})).items():
            self.schema(schema, top=True)
        self.check_defaults()

    # -- references --------------------------------------------------------

    def references(self, value: Any, depth: int) -> None:
        """Every ``$ref`` in the document names a part of it."""
        if depth > 200:
            raise _Doubt("nested too deep")
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                self.target(ref)
            for item in value.values():
                if isinstance(item, (dict, list)):
                    self.references(item, depth + 1)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, (dict, list)):
                    self.references(item, depth + 1)

    def target(self, ref: str) -> Any:
        found = self.targets.get(ref, self)
        if found is self:
            found = self.targets[ref] = self.resolve(ref)
        return found

    def resolve(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise _Doubt("a reference to another document")
        found: Any = self.data
        pointer = ref[1:]
        if pointer and not pointer.startswith("/"):
            raise _Doubt("not a JSON pointer")
        from urllib.parse import unquote

        for part in pointer.split("/")[1:] if pointer else ():
            part = unquote(part).replace("~1", "/").replace("~0", "~")
            if isinstance(found, dict) and part in found:
                found = found[part]
            elif isinstance(found, list) and part.isdigit() and int(part) < len(found):
                found = found[int(part)]
            else:
                raise _Doubt(f"{ref} does not resolve")
        return found

    def deref(self, value: Any) -> Any:
        """``value`` with its references followed."""
        for _ in range(50):
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                return value
            value = self.target(value["$ref"])
        raise _Doubt("a reference loop")

    # -- paths and operations ----------------------------------------------

    def path(self, url: str, item: Mapping[str, Any]) -> None:
        shared = self.parameters(item.get("parameters"))
        try:
            in_url = {name for _, name, _, _ in string.Formatter().parse(url) if name}
        except ValueError:
            raise _Doubt("a path template it cannot read") from None
        for method, operation in item.items():
            if method not in _OPERATIONS:
                continue
            operation = self.deref(operation)
            if "operationId" in operation:
                known = operation["operationId"]
                if known is not None and known in self.operation_ids:
                    raise _Doubt("an operationId twice")
                self.operation_ids.add(known)
            responses = operation.get("responses")
            if responses is not None:
                for _, response in self.deref(responses).items():
                    response = self.deref(response)
                    content = response.get("content")
                    if content is not None:
                        for _, media in self.deref(content).items():
                            media = self.deref(media)
                            if "schema" in media:
                                self.schema(media["schema"], top=True)
            declared = self.parameters(operation.get("parameters")) | shared
            if declared != in_url:
                raise _Doubt("a path parameter not in the template, or not declared")

    def parameters(self, listed: Any) -> set[str]:
        """The path parameters ``listed`` declares; a _Doubt if one is twice."""
        if listed is None:
            return set()
        listed = self.deref(listed)
        seen, in_path = set(), set()
        for parameter in listed:
            parameter = self.deref(parameter)
            if "schema" in parameter:
                self.schema(parameter["schema"], top=True)
            key = (parameter["name"], parameter["in"])
            if key in seen:
                raise _Doubt("a parameter twice")
            seen.add(key)
            if parameter["in"] == "path":
                in_path.add(parameter["name"])
        return in_path

    # -- schemas -----------------------------------------------------------

    def schema(self, given: Any, *, top: bool = False) -> None:
        value = self.deref(given)
        if not isinstance(value, dict):
            raise _Doubt("a schema that is not an object")
        if top and id(value) not in self.checked:
            self.checked.add(id(value))
            if not self.meta.is_valid(value):
                raise _Doubt("not a valid draft 4 schema")
            for pattern in _patterns(value):
                try:
                    re.compile(pattern)
                except (re.error, TypeError):
                    raise _Doubt("a pattern Python cannot read") from None
        if id(value) in self.visited:
            return
        self.visited.add(id(value))
        for key in ("allOf", "anyOf", "oneOf"):
            for inner in value.get(key, ()):
                self.schema(inner)
        for key in ("not", "items"):
            if key in value:
                self.schema(value[key])
        for _, inner in value.get("properties", {}).items():
            self.schema(inner)
        if "allOf" in value:
            named = set(value.get("properties", {}))
            for inner in value["allOf"]:
                named |= self.named(inner, 0)
            if set(value.get("required", [])) - named:
                raise _Doubt("an allOf schema requires a property it has not")
        if "default" in value:
            default = value["default"]
            if default is not None or value.get("nullable") is not True:
                self.defaults.append(value)

    def named(self, given: Any, depth: int) -> set[str]:
        """Every property name reachable from a schema, as
        openapi-spec-validator collects them."""
        if depth > 50:
            raise _Doubt("nested too deep")
        value = self.deref(given)
        names = set(value.get("properties", {}))
        for key in ("allOf", "anyOf", "oneOf"):
            for inner in value.get(key, ()):
                names |= self.named(inner, depth + 1)
        for key in ("items", "not"):
            if key in value:
                names |= self.named(value[key], depth + 1)
        return names

    def check_defaults(self) -> None:
        """Each default against its schema, with openapi-schema-validator as
        openapi-spec-validator does (defaults are few: a plain loop)."""
        if not self.defaults:
            return
        import referencing
        import referencing.jsonschema
        from openapi_schema_validator import OAS30Validator, oas30_format_checker

        resource = referencing.Resource.from_contents(
            dict(self.data), default_specification=referencing.jsonschema.DRAFT4
        )
        registry = referencing.Registry().with_resource("", resource)
        for value in self.defaults:
            validator = OAS30Validator(
                value, registry=registry, format_checker=oas30_format_checker
            )
            if not validator.is_valid(value["default"]):
                raise _Doubt("a default that does not fit its schema")


def _patterns(value: Any) -> Iterator[Any]:
    """The ``pattern`` of each schema within ``value`` (not followed
    through references: each referred-to schema is screened on its own)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "pattern" and isinstance(item, str):
                yield item
            else:  # an example's "pattern" too: a doubt at worst, never a miss
                yield from _patterns(item)
    elif isinstance(value, list):
        for item in value:
            yield from _patterns(item)

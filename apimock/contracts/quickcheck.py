"""Does a value surely conform to a schema of an OpenAPI 3.0 contract?
jsonschema-rs says, in microseconds, without openapi-schema-validator
imported at all.

A request body or stubbed answer that conforms (nearly every one in a
passing suite) needs nothing more; one jsonschema-rs rejects, or a schema it
cannot stand in for, is validated by openapi-schema-validator as before
(:mod:`~apimock.contracts.schemas`), so every problem is reported in its
words, with its JSON path. The schema is translated to plain draft 4 JSON
Schema as strict as OpenAPI 3.0's dialect or stricter, never looser:
``nullable`` adds ``null`` to the type, a ``readOnly`` schema takes nothing
in a request (nor a ``writeOnly`` one in an answer), the ``int32`` and
``int64`` formats are ranges, ``byte`` a base64 pattern; a keyword it does
not know, a reference to another document or OpenAPI 3.1 leave the schema
to openapi-schema-validator.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from apimock.contracts.document import Contract

#: Keywords whose meaning is the same in OpenAPI 3.0 and draft 4 (or that
#: assert nothing), copied as they are.
_SAME = frozenset(
    {
        "type", "enum", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern",
        "minItems", "maxItems", "uniqueItems", "minProperties",
        "maxProperties", "required", "title", "description", "example",
        "externalDocs", "deprecated", "xml", "discriminator", "default",
    }
)  # fmt: skip
_ONE = frozenset({"not", "items", "additionalProperties"})
_LISTS = frozenset({"allOf", "anyOf", "oneOf"})
#: openapi-schema-validator's own formats: how each reads in draft 4 (None:
#: every value passes it there too).
_BASE64 = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
_FORMATS: dict[str, dict[str, Any] | None] = {
    "int32": {"minimum": -(2**31), "maximum": 2**31 - 1},
    "int64": {"minimum": -(2**63), "maximum": 2**63 - 1},
    "float": None,
    "double": None,
    "binary": None,
    "password": None,
    "byte": {"pattern": _BASE64},
}


#: Formats jsonschema checks that jsonschema-rs may read more loosely.
_LOOSER = frozenset({"regex", "ipv4", "ipv6"})


class _Unsure(Exception):
    """A schema this translation cannot stand in for."""


def conforms(contract: Contract, at: str, direction: str, value: Any) -> bool:
    """True only if ``value`` surely conforms to the schema at ``at``; False
    when openapi-schema-validator must say (it may still find it conforms)."""
    check = _checker(contract, at, direction)
    if check is None:
        return False
    try:
        return check(value)
    except Exception:  # a value JSON has no word for (bytes, a date)
        return False


@functools.lru_cache(maxsize=1024)
def _checker(
    contract: Contract, at: str, direction: str
) -> Callable[[Any], bool] | None:
    if contract.version != "3.0":
        return None
    try:
        import jsonschema_rs
    except ImportError:
        return None
    try:
        definitions: dict[str, Any] = {}
        schema = _Translation(contract.document, direction, definitions).reference(at)
        schema["definitions"] = definitions
        return jsonschema_rs.Draft4Validator(schema, validate_formats=True).is_valid
    except (_Unsure, RecursionError):
        return None
    except Exception:  # jsonschema-rs refusing what the translation made
        return None


def _flag(schema: Any, key: str) -> bool:
    return isinstance(schema, Mapping) and bool(schema.get(key, False))


class _Translation:
    def __init__(
        self, document: Mapping[str, Any], direction: str, definitions: dict[str, Any]
    ) -> None:
        self.document = document
        self.direction = direction
        self.definitions = definitions
        self.names: dict[str, str] = {}  # a reference -> its definition's name

    def reference(self, ref: str) -> dict[str, Any]:
        """``{"$ref": ...}`` to the translation of the schema ``ref`` names,
        kept in ``definitions`` (once: a schema may refer to itself)."""
        if not ref.startswith("#/") or "%" in ref:
            raise _Unsure(ref)
        name = self.names.get(ref)
        if name is None:
            name = self.names[ref] = f"s{len(self.names)}"
            self.definitions[name] = self.schema(self.target(ref))
        return {"$ref": f"#/definitions/{name}"}

    def required(self, value: Mapping[str, Any], names: list[Any]) -> list[Any]:
        """``required`` as openapi-schema-validator reads it: a request need
        not send a property marked ``readOnly`` where it is listed (nor an
        answer a ``writeOnly`` one), however required."""
        flag = "readOnly" if self.direction == "request" else "writeOnly"
        listed = value.get("properties", {})
        if not isinstance(listed, Mapping):
            return names
        kept = [name for name in names if not _flag(listed.get(name), flag)]
        return kept

    def target(self, ref: str) -> Any:
        found: Any = self.document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(found, list) and part.isdigit() and int(part) < len(found):
                found = found[int(part)]
            elif isinstance(found, Mapping) and part in found:
                found = found[part]
            else:
                raise _Unsure(ref)
        return found

    def schema(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise _Unsure("not a schema")
        if "$ref" in value:
            ref = value["$ref"]
            if not isinstance(ref, str):
                raise _Unsure("a $ref that is not text")
            referred = self.reference(ref)
            rest = {key: item for key, item in value.items() if key != "$ref"}
            # Strictest reading: the reference and its siblings both hold.
            return {"allOf": [referred, self.schema(rest)]} if rest else referred
        if value.get("readOnly" if self.direction == "request" else "writeOnly"):
            return {"not": {}}
        out: dict[str, Any] = {}
        more: list[dict[str, Any]] = []
        for key, item in value.items():
            if key == "multipleOf" and not isinstance(item, int):
                # jsonschema divides in floats (0.3 is no multiple of 0.1).
                raise _Unsure("a fractional multipleOf")
            if key in _SAME:
                out[key] = item
            elif key in ("properties", "patternProperties"):
                out[key] = {name: self.schema(inner) for name, inner in item.items()}
            elif key in _LISTS:
                out[key] = [self.schema(inner) for inner in item]
            elif key in _ONE:
                out[key] = item if isinstance(item, bool) else self.schema(item)
            elif key == "format":
                if item in _FORMATS:
                    extra = _FORMATS[item]
                    if extra is not None:
                        more.append(extra)
                elif item in _LOOSER:
                    raise _Unsure(f"the {item} format")
                else:
                    out[key] = item
            elif key in ("nullable", "readOnly", "writeOnly") or (
                isinstance(key, str) and key.startswith("x-")
            ):
                pass
            else:
                raise _Unsure(f"the keyword {key!r}")
        if isinstance(out.get("required"), list):
            kept = self.required(value, out.pop("required"))
            if kept:
                out["required"] = kept
        kind = value.get("type")
        if value.get("nullable") is True and isinstance(kind, str):
            out["type"] = [kind, "null"]
        if more:
            return {"allOf": [out, *more]}
        return out

"""jsonschema-rs vouching for a value against a contract's schema: what it
passes, openapi-schema-validator passes too, and what it does not, is
reported in openapi-schema-validator's words."""

from __future__ import annotations

import sys
from typing import Any
from unittest import mock

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from apimock.contracts import quickcheck, schemas
from apimock.contracts.document import Contract, Node
from tests.fuzzing import fuzz

ITEM = {
    "type": "object",
    "required": ["id", "amount"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "readOnly": True},
        "secret": {"type": "string", "writeOnly": True},
        "amount": {"type": "integer", "format": "int32", "minimum": 0},
        "big": {"type": "integer", "format": "int64"},
        "ratio": {"type": "number", "format": "float"},
        "note": {"type": "string", "nullable": True, "maxLength": 5},
        "state": {"type": "string", "enum": ["a", "b"]},
        "code": {"type": "string", "pattern": "^[a-z]{3}$"},
        "blob": {"type": "string", "format": "byte"},
        "day": {"type": "string", "format": "date"},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
        "parent": {"$ref": "#/components/schemas/Item"},
        "either": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
        "merged": {
            "allOf": [{"$ref": "#/components/schemas/Named"}],
            "properties": {"extra": {"type": "boolean"}},
        },
    },
}
DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Item": ITEM,
            "Named": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}},
            },
        }
    },
}
CONTRACT = Contract("https://quick.test", "quick.yaml", DOCUMENT, "digest-quick")
AT = "#/components/schemas/Item"
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**64), 2**64),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "a", "abc", "abcdef", "aGk=", "aGk", "2026-12-01", "x-y"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from([*ITEM["properties"], "name", "zz"]), inner)
    ),
    max_leaves=12,
)
#: Values near each property's schema: both sides of every edge.
NEAR = {
    "id": st.text(max_size=3),
    "secret": st.text(max_size=3),
    "big": st.integers(-(2**64), 2**64),
    "ratio": st.integers(-2, 2) | st.floats(-2, 2),
    "note": st.none() | st.text(max_size=6),
    "state": st.sampled_from(["a", "b", "c"]),
    "code": st.sampled_from(["eur", "EUR", "eu", "eur\n", "\u0661\u0662\u0663"]),
    "blob": st.sampled_from(["", "aGk=", "aGk", "aGk==", "a!==", "aGVsbG8="]),
    "day": st.sampled_from(["2026-12-01", "2026-13-01", "20261201", "2026-12-1"]),
    "tags": st.lists(st.text(max_size=2), max_size=3),
    "parent": st.fixed_dictionaries({"amount": st.integers(-1, 3)}),
    "either": st.integers() | st.text(max_size=2) | st.none(),
    "merged": st.fixed_dictionaries(
        {}, optional={"name": st.text(max_size=2), "extra": st.booleans() | st.none()}
    ),
}
ITEMS = st.fixed_dictionaries(
    {"amount": st.integers(-5, 2**32)},
    optional={
        name: VALUES | NEAR.get(name, VALUES)
        for name in ITEM["properties"]
        if name != "amount"
    },
)


def python_errors(value: Any, direction: str) -> list[str]:
    validator = schemas._validator(CONTRACT, AT, direction)
    return [error.message for error in validator.iter_errors(value)]


class QuickcheckTests(SimpleTestCase):
    def test_a_conforming_value_needs_no_python_validator(self) -> None:
        value = {"amount": 3, "note": None, "merged": {"name": "n"}}
        self.assertEqual(python_errors(value, "request"), [])
        with mock.patch.object(schemas, "_validator") as slow:
            found = schemas.validate(
                CONTRACT, Node(ITEM, AT), value, where="body", direction="request"
            )
        self.assertEqual(found, [])
        slow.assert_not_called()

    def test_what_breaks_the_schema_is_reported_as_before(self) -> None:
        cases = {
            "request": [
                {"amount": 2**31},  # int32
                {"amount": 1, "id": "x"},  # readOnly in a request
                {"amount": 1, "note": "toolong"},
                {"amount": 1, "blob": "aGk"},  # not base64
                {"amount": 1, "merged": {}},  # the allOf part's required
                {"amount": 1, "zz": 1},  # additionalProperties
            ],
            "response": [{"id": "x", "amount": 1, "secret": "s"}],  # writeOnly
        }
        for direction, values in cases.items():
            for value in values:
                with self.subTest(value=value):
                    self.assertFalse(
                        quickcheck.conforms(CONTRACT, AT, direction, value)
                    )
                    found = schemas.validate(
                        CONTRACT,
                        Node(ITEM, AT),
                        value,
                        where="body",
                        direction=direction,
                    )
                    self.assertTrue(found)
                    self.assertTrue(str(found[0]).startswith("body $"), found)

    def test_what_it_cannot_stand_in_for_is_left_to_python(self) -> None:
        for schema in (
            {"type": "string", "format": "regex"},
            {"type": "string", "format": "ipv4"},
            {"type": "number", "multipleOf": 0.1},
            {"$ref": "other.yaml#/Item"},
            {"type": "object", "unknownKeyword": 1},
        ):
            document = {**DOCUMENT, "components": {"schemas": {"S": schema}}}
            contract = Contract("https://q.test", "q.yaml", document, str(schema))
            self.assertFalse(
                quickcheck.conforms(contract, "#/components/schemas/S", "request", "x")
            )

    def test_without_jsonschema_rs_python_validates(self) -> None:
        with mock.patch.dict(sys.modules, {"jsonschema_rs": None}):
            self.assertIsNone(quickcheck._checker.__wrapped__(CONTRACT, AT, "request"))
        with mock.patch.object(quickcheck, "_checker", lambda *args: None):
            found = schemas.validate(
                CONTRACT,
                Node(ITEM, AT),
                {"amount": -1},
                where="body",
                direction="request",
            )
        self.assertTrue(str(found[0]).startswith("body $.amount: "), found)

    @fuzz
    @given(ITEMS, st.sampled_from(["request", "response"]))
    def test_what_it_vouches_for_python_passes(
        self, value: dict[str, Any], direction: str
    ) -> None:
        if quickcheck.conforms(CONTRACT, AT, direction, value):
            self.assertEqual(python_errors(value, direction), [])

"""Values a fake generates from a schema: one test per keyword the issue lists,
each value checked by the contract validator itself, the same value for the
same seed, and random schemas built from those keywords always satisfied."""

from __future__ import annotations

import random
import re
import warnings
from typing import Any

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from apimock.contracts.document import Contract, Node
from apimock.contracts.schemas import validate
from apimock.fakes.generation import ids, patterns
from apimock.fakes.generation.values import Generator, rng_for


def contract_of(schemas: dict[str, Any], version: str = "3.0.3") -> Contract:
    document = {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    return Contract("https://api.test/v1", "test.yaml", document)


def generated(
    schema: dict[str, Any], *, seed: int = 0, version: str = "3.0.3", **more: Any
) -> Any:
    contract = contract_of({"It": schema, **more}, version)
    node = Node(schema, "#/components/schemas/It")
    return Generator(contract).value(node, rng_for(seed, "test"))


class KeywordTest(SimpleTestCase):
    """Each keyword followed, and the value valid under the contract's validator."""

    def assertValid(
        self, schema: dict[str, Any], version: str = "3.0.3", **more: Any
    ) -> Any:
        contract = contract_of({"It": schema, **more}, version)
        node = Node(schema, "#/components/schemas/It")
        value = Generator(contract).value(node, rng_for(0, "test"))
        problems = validate(contract, node, value, where="value", direction="response")
        self.assertEqual(problems, [], value)
        return value

    def test_types(self):
        for kind, python in (
            ("string", str),
            ("integer", int),
            ("number", (int, float)),
            ("boolean", bool),
            ("array", list),
            ("object", dict),
        ):
            with self.subTest(kind):
                self.assertIsInstance(self.assertValid({"type": kind}), python)

    def test_formats(self):
        shapes = {
            "date-time": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$",
            "date": r"^\d{4}-\d\d-\d\d$",
            "email": r"^[a-z.]+@example\.com$",
            "uuid": r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-\w{12}$",
            "uri": r"^https://example\.com/",
            "ipv4": r"^192\.0\.2\.\d+$",
            "ipv6": r"^2001:db8::",
            "hostname": r"\.example\.com$",
            "byte": r"^[A-Za-z0-9+/]+=*$",
        }
        for name, shape in shapes.items():
            with self.subTest(name):
                value = self.assertValid({"type": "string", "format": name})
                self.assertRegex(value, shape)

    def test_enum_gives_the_first_value(self):
        self.assertEqual(
            self.assertValid({"type": "string", "enum": ["active", "gone"]}), "active"
        )

    def test_pattern(self):
        value = self.assertValid({"type": "string", "pattern": "^ch_[A-Z]{2}[0-9]{4}$"})
        self.assertRegex(value, r"^ch_[A-Z]{2}[0-9]{4}$")

    def test_string_length(self):
        self.assertEqual(len(self.assertValid({"type": "string", "minLength": 40})), 40)
        self.assertLessEqual(
            len(self.assertValid({"type": "string", "maxLength": 2})), 2
        )

    def test_minimum_and_maximum(self):
        self.assertEqual(self.assertValid({"type": "integer", "minimum": 50}), 50)
        value = self.assertValid({"type": "integer", "maximum": -5})
        self.assertLessEqual(value, -5)
        between = self.assertValid({"type": "number", "minimum": 1.5, "maximum": 1.75})
        self.assertTrue(1.5 <= between <= 1.75)

    def test_exclusive_bounds_in_both_dialects(self):
        self.assertEqual(
            self.assertValid(
                {"type": "integer", "minimum": 0, "exclusiveMinimum": True}
            ),
            1,
        )
        self.assertEqual(
            self.assertValid({"type": "integer", "exclusiveMinimum": 9}, "3.1.0"), 10
        )
        value = self.assertValid({"type": "integer", "exclusiveMaximum": 3}, "3.1.0")
        self.assertLess(value, 3)

    def test_multiple_of(self):
        value = self.assertValid({"type": "integer", "minimum": 1, "multipleOf": 25})
        self.assertEqual(value % 25, 0)

    def test_array_bounds_and_unique_items(self):
        value = self.assertValid(
            {
                "type": "array",
                "items": {"type": "integer", "maximum": 100},
                "minItems": 3,
                "uniqueItems": True,
            }
        )
        self.assertEqual(len(value), len(set(value)))
        self.assertGreaterEqual(len(value), 3)
        self.assertEqual(self.assertValid({"type": "array", "maxItems": 0}), [])

    def test_required_fields(self):
        value = self.assertValid(
            {
                "type": "object",
                "required": ["id", "amount"],
                "properties": {
                    "id": {"type": "string"},
                    "amount": {"type": "integer"},
                    "note": {"type": "string"},
                },
            }
        )
        self.assertLessEqual({"id", "amount"}, set(value))

    def test_optional_properties_thin_out_with_depth(self):
        inner = {
            "type": "object",
            "required": ["a"],
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        }
        value = self.assertValid(
            {
                "type": "object",
                "properties": {"x": {"type": "object", "properties": {"y": inner}}},
            }
        )
        self.assertEqual(set(value["x"]["y"]), {"a"})

    def test_min_properties_with_additional_properties(self):
        value = self.assertValid(
            {
                "type": "object",
                "minProperties": 2,
                "additionalProperties": {"type": "integer"},
            }
        )
        self.assertEqual(len(value), 2)
        self.assertTrue(all(isinstance(v, int) for v in value.values()))

    def test_ref(self):
        value = self.assertValid(
            {"$ref": "#/components/schemas/Money"},
            Money={
                "type": "object",
                "required": ["currency"],
                "properties": {"currency": {"type": "string", "pattern": "^[a-z]{3}$"}},
            },
        )
        self.assertRegex(value["currency"], "^[a-z]{3}$")

    def test_all_of_merges_every_part(self):
        value = self.assertValid(
            {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {
                        "type": "object",
                        "required": ["amount"],
                        "properties": {"amount": {"type": "integer", "minimum": 5}},
                    },
                ]
            },
            Base={
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string", "format": "uuid"}},
            },
        )
        self.assertEqual(set(value) >= {"id", "amount"}, True)

    def test_one_of_sets_the_discriminator(self):
        value = self.assertValid(
            {
                "oneOf": [
                    {"$ref": "#/components/schemas/Card"},
                    {"$ref": "#/components/schemas/Bank"},
                ],
                "discriminator": {
                    "propertyName": "kind",
                    "mapping": {"card": "#/components/schemas/Card"},
                },
            },
            Card={
                "type": "object",
                "required": ["kind", "last4"],
                "properties": {
                    "kind": {"type": "string"},
                    "last4": {"type": "string", "pattern": "^[0-9]{4}$"},
                },
            },
            Bank={
                "type": "object",
                "required": ["kind", "iban"],
                "properties": {"kind": {"type": "string"}, "iban": {"type": "string"}},
            },
        )
        self.assertEqual(value["kind"], "card")

    def test_any_of_takes_a_branch_that_does_not_lead_back_into_itself(self):
        # Stripe's expandable fields: an id, or the object (which holds the field).
        value = self.assertValid(
            {"$ref": "#/components/schemas/Customer"},
            Customer={
                "type": "object",
                "required": ["id", "parent"],
                "properties": {
                    "id": {"type": "string"},
                    "parent": {
                        "anyOf": [
                            {"$ref": "#/components/schemas/Customer"},
                            {"type": "string", "maxLength": 5000},
                        ]
                    },
                },
            },
        )
        self.assertIsInstance(value["parent"], str)

    def test_nullable(self):
        self.assertIsNone(self.assertValid({"nullable": True}))
        self.assertIsInstance(
            self.assertValid({"type": "string", "nullable": True}), str
        )
        self.assertIsInstance(
            self.assertValid({"type": ["integer", "null"]}, "3.1.0"), int
        )
        self.assertIsNone(self.assertValid({"type": "null"}, "3.1.0"))

    def test_examples_come_first(self):
        self.assertEqual(
            self.assertValid({"type": "string", "example": "cus_123"}), "cus_123"
        )
        self.assertEqual(
            self.assertValid({"type": "integer", "examples": [7, 8]}, "3.1.0"), 7
        )
        self.assertEqual(self.assertValid({"type": "integer", "default": 10}), 10)
        self.assertEqual(self.assertValid({"const": "list"}, "3.1.0"), "list")

    def test_read_only_and_write_only(self):
        schema = {
            "type": "object",
            "properties": {
                "password": {"type": "string", "writeOnly": True},
                "id": {"type": "string", "readOnly": True},
            },
        }
        contract = contract_of({"It": schema})
        node = Node(schema, "#/components/schemas/It")
        answer = Generator(contract).value(node, rng_for(0, "t"))
        sent = Generator(contract).value(node, rng_for(0, "t"), direction="request")
        self.assertEqual((set(answer), set(sent)), ({"id"}, {"password"}))


class SeedTest(SimpleTestCase):
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "when": {"type": "string", "format": "date-time"},
            "count": {"type": "integer"},
            "code": {"type": "string", "pattern": "^[A-Z]{6}$"},
        },
    }

    def test_the_same_seed_gives_the_same_values(self):
        self.assertEqual(generated(self.schema, seed=7), generated(self.schema, seed=7))

    def test_another_seed_gives_other_values(self):
        self.assertNotEqual(
            generated(self.schema, seed=7), generated(self.schema, seed=8)
        )


class PatternTest(SimpleTestCase):
    def test_common_constructs(self):
        for pattern in (
            r"^[a-z]{3}$",
            r"^\d{3}-\d{4}$",
            r"^(foo|bar)_[0-9a-f]+$",
            r"^[^@\s]+@[^@\s]+$",
            r"^(ab)+\1$",
            r"^tok_\w{8,}$",
            r"(?i)^[A-F]{2}$",
        ):
            with self.subTest(pattern):
                value = patterns.matching(pattern, random.Random(1))
                self.assertIsNotNone(value)
                self.assertRegex(value, pattern)

    def test_a_pattern_python_cannot_read_gives_none(self):
        self.assertIsNone(patterns.matching("[unclosed", random.Random(1)))

    @examples(deadline=None, max_examples=150)  # a shared machine is slow at times
    @given(
        st.from_regex(r"\^?[a-z0-9_\[\]\-\\d\\w.+*?{}1-9,|()]{1,12}\$?", fullmatch=True)
    )
    def test_any_pattern_gives_a_match_or_none(self, pattern: str):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # and the document's "[[" says nothing
            value = patterns.matching(pattern, random.Random(3))
        if value is not None:
            self.assertTrue(re.search(pattern, value), (pattern, value))


class IdStyleTest(SimpleTestCase):
    def test_learned_from_examples(self):
        rng = random.Random(1)
        self.assertRegex(
            str(ids.learn(["cus_NffrFeUfNV2Hib"], None, "customer").new(rng, 1)),
            r"^cus_[A-Za-z0-9]{14}$",
        )
        self.assertRegex(
            str(ids.learn(["in_1ab2"], None, "invoice").new(rng, 1)),
            r"^in_[a-z0-9]{4}$",
        )
        self.assertEqual(ids.learn([42], None, "item").new(rng, 3), 3)
        self.assertEqual(ids.learn(["42"], None, "item").new(rng, 3), "3")
        self.assertRegex(
            str(
                ids.learn(["3fa85f64-5717-4562-b3fc-2c963f66afa6"], None, "o").new(
                    rng, 1
                )
            ),
            r"^[0-9a-f-]{36}$",
        )

    def test_from_the_schema_without_examples(self):
        rng = random.Random(1)
        self.assertEqual(ids.learn([], {"type": "integer"}, "item").new(rng, 5), 5)
        self.assertRegex(
            str(ids.learn([], {"type": "string", "format": "uuid"}, "o").new(rng, 1)),
            r"^[0-9a-f-]{36}$",
        )
        self.assertRegex(
            str(
                ids.learn([], {"type": "string", "pattern": "^sku-[0-9]{5}$"}, "p").new(
                    rng, 1
                )
            ),
            r"^sku-\d{5}$",
        )
        self.assertEqual(
            ids.learn([], {"type": "string"}, "customer").new(rng, 2), "customer_2"
        )


_LEAF = st.one_of(
    st.just({"type": "string"}),
    st.builds(lambda n: {"type": "string", "minLength": n}, st.integers(0, 20)),
    st.builds(lambda n: {"type": "string", "maxLength": n}, st.integers(1, 20)),
    st.sampled_from(
        [
            {"type": "string", "format": f}
            for f in ("date-time", "date", "email", "uuid", "uri", "ipv4")
        ]
    ),
    st.just({"type": "string", "pattern": "^[a-z]{2}_[0-9]{3}$"}),
    st.builds(
        lambda lo, span: {"type": "integer", "minimum": lo, "maximum": lo + span},
        st.integers(-100, 100),
        st.integers(0, 50),
    ),
    st.builds(
        lambda hi: {"type": "number", "maximum": hi, "exclusiveMaximum": True},
        st.integers(-10, 10),
    ),
    st.builds(
        lambda m: {"type": "integer", "multipleOf": m, "minimum": 0}, st.integers(1, 9)
    ),
    st.just({"type": "boolean"}),
    st.builds(
        lambda values: {"type": "string", "enum": values},
        st.lists(st.text(min_size=1, max_size=4), min_size=1, max_size=3),
    ),
    st.just({"type": "string", "nullable": True}),
    st.just({"$ref": "#/components/schemas/Shared"}),
)


def _node(
    children: st.SearchStrategy[dict[str, Any]],
) -> st.SearchStrategy[dict[str, Any]]:
    names = st.sampled_from(["a", "b", "c", "d"])
    return st.one_of(
        st.builds(
            lambda items, low: {"type": "array", "items": items, "minItems": low},
            children,
            st.integers(0, 3),
        ),
        st.builds(
            lambda props, required: {
                "type": "object",
                "properties": props,
                "required": sorted(set(required) & set(props)),
            },
            st.dictionaries(names, children, max_size=3),
            st.lists(names, max_size=3),
        ),
        # Parts that name different properties: a schema some value satisfies.
        st.builds(
            lambda first, second: {
                "allOf": [
                    {"type": "object", "properties": first},
                    {"type": "object", "properties": second},
                ]
            },
            st.dictionaries(st.sampled_from(["a", "b"]), children, max_size=2),
            st.dictionaries(st.sampled_from(["c", "d"]), children, max_size=2),
        ),
        # A second branch no generated value reaches: oneOf wants exactly one.
        st.builds(lambda part: {"oneOf": [part, _UNREACHED]}, children),
        st.builds(
            lambda parts: {"anyOf": parts}, st.lists(children, min_size=1, max_size=2)
        ),
    )


_UNREACHED = {"type": "integer", "minimum": 10**9}
_SCHEMAS = st.recursive(_LEAF, _node, max_leaves=8)
_SHARED = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string", "format": "uuid"}},
}


class AnySchemaTest(SimpleTestCase):
    @examples(deadline=None, max_examples=200)  # a shared machine is slow at times
    @given(_SCHEMAS, st.integers(0, 3))
    def test_a_generated_value_is_valid(self, schema: dict[str, Any], seed: int):
        contract = contract_of({"It": schema, "Shared": _SHARED})
        node = Node(schema, "#/components/schemas/It")
        value = Generator(contract).value(node, rng_for(seed, "any"))
        self.assertEqual(
            validate(contract, node, value, where="value", direction="response"),
            [],
            value,
        )

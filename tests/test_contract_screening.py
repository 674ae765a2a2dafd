"""The quick screen of a contract: a document it vouches for is one
openapi-spec-validator finds nothing wrong with, and each thing
openapi-spec-validator rejects makes it doubt (and then openapi-spec-validator
words the problem, naming the key)."""

from __future__ import annotations

import copy
import itertools
import sys
from pathlib import Path
from typing import Any
from unittest import mock

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from apimock.contracts import files, screening, validation
from tests.fuzzing import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import make_contract  # the benchmark's generated document

BASE = make_contract.document(3)


def spec_validator_errors(data: Any) -> list[str]:
    """What openapi-spec-validator itself finds (its messages, or what it raised)."""
    try:
        found = validation._spec_validator("3.0")(data).iter_errors()
        return [error.message for error in itertools.islice(found, 3)]
    except Exception as error:
        return [str(error)]


def broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    change(data)
    return data


def first_operation(data: dict[str, Any]) -> dict[str, Any]:
    item = next(iter(data["paths"].values()))
    return next(value for key, value in item.items() if key in ("get", "post"))


class ScreenTests(SimpleTestCase):
    def test_a_valid_document_is_vouched_for_without_the_validator(self) -> None:
        self.assertEqual(spec_validator_errors(BASE), [])
        validation.forget()
        with mock.patch.object(validation, "_spec_validator") as slow:
            self.assertEqual(validation.verdict(BASE, "valid-digest", None), [])
        slow.assert_not_called()

    def test_each_thing_the_validator_rejects_makes_the_screen_doubt(self) -> None:
        schemas = "components", "schemas"

        def schema(data: dict[str, Any]) -> dict[str, Any]:
            found: dict[str, Any] = data[schemas[0]][schemas[1]]
            return next(iter(found.values()))

        def twice(data: dict[str, Any]) -> None:
            operations = [
                operation
                for item in data["paths"].values()
                for operation in item.values()
                if isinstance(operation, dict) and "operationId" in operation
            ]
            operations[1]["operationId"] = operations[0]["operationId"]

        def undeclared(data: dict[str, Any]) -> None:
            url = next(iter(data["paths"]))
            data["paths"][url + "/{extra}"] = data["paths"].pop(url)

        def duplicate_parameter(data: dict[str, Any]) -> None:
            item = next(
                value for value in data["paths"].values() if "parameters" in value
            )
            item["parameters"].append(copy.deepcopy(item["parameters"][0]))

        cases = {
            "no info": lambda data: data.pop("info"),
            "responses not an object": lambda data: first_operation(data).update(
                responses="none"
            ),
            "a dangling $ref": lambda data: first_operation(data).update(
                responses={"200": {"$ref": "#/nowhere"}}
            ),
            "an operationId twice": twice,
            "a path parameter not declared": undeclared,
            "a parameter twice": duplicate_parameter,
            "a pattern that is no regex": lambda data: schema(data).update(
                pattern="(?<name>a)["
            ),
            "an enum with an item twice": lambda data: schema(data).update(
                enum=["a", "a"]
            ),
            "a default that breaks its schema": lambda data: schema(data)[
                "properties"
            ].update(extra={"type": "integer", "default": "text"}),
            "allOf requiring what no part has": lambda data: schema(data).update(
                allOf=[{"type": "object"}], required=["nowhere"]
            ),
        }
        for name, change in cases.items():
            with self.subTest(name):
                data = broken(change)
                self.assertTrue(spec_validator_errors(data), name)
                self.assertFalse(screening.surely_valid(data))

    def test_a_doubted_document_gets_the_validators_words(self) -> None:
        data = broken(lambda data: first_operation(data).update(responses="none"))
        validation.forget()
        messages = validation.verdict(data, "broken-digest", None)
        self.assertTrue(messages)
        self.assertIn("is not valid OpenAPI 3.0: paths/", messages[0])
        self.assertIn("/responses: 'none' is not of type 'object'", messages[0])

    def test_what_the_screen_cannot_vouch_for_goes_to_the_validator(self) -> None:
        other = broken(
            lambda data: first_operation(data).update(
                responses={"200": {"$ref": "other.yaml#/x"}}
            )
        )
        newer = {**BASE, "openapi": "3.1.0"}
        dated = {**BASE, "info": {**BASE["info"], "version": files._yaml("2026-12-01")}}
        for data in (other, newer, dated):
            self.assertFalse(screening.surely_valid(data))

    def test_without_jsonschema_rs_the_validator_decides(self) -> None:
        with mock.patch.dict(sys.modules, {"jsonschema_rs": None}):
            self.assertIsNone(screening._validators.__wrapped__())
            with mock.patch.object(screening, "_validators", lambda: None):
                self.assertFalse(screening.surely_valid(BASE))
        broken_one = broken(lambda data: data.pop("info"))
        validation.forget()
        with mock.patch.object(screening, "_validators", lambda: None):
            [message] = validation.verdict(broken_one, "no-rs-digest", None)[:1]
        self.assertIn(
            "is not valid OpenAPI 3.0: 'info' is a required property", message
        )

    @fuzz
    @given(
        st.lists(st.integers(0, 40), min_size=1, max_size=8),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-3, 3),
            st.sampled_from(["x", "{id}", "[[", "path", "#/x", "string", "object"]),
            st.just({"$ref": "#/nowhere"}),
            st.just({"type": "string", "default": 1}),
            st.lists(st.integers(0, 1), max_size=2),
        ),
    )
    def test_a_document_it_vouches_for_is_one_the_validator_passes(
        self, path: list[int], value: Any
    ) -> None:
        data = copy.deepcopy(BASE)
        parent: Any = data
        for step in path:
            children = list(
                parent.items() if isinstance(parent, dict) else enumerate(parent)
            )
            if not children:
                break
            key, child = children[step % len(children)]
            if not isinstance(child, (dict, list)) or step % 3 == 0:
                parent[key] = value
                break
            parent = child
        if screening.surely_valid(data):
            self.assertEqual(spec_validator_errors(data), [])

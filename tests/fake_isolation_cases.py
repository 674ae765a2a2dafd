"""Tests that would fail if a fake's store leaked from one test to another:
run by test_fake_isolation in every order and in parallel processes (the
name keeps the suite's discovery from running them on their own)."""

from __future__ import annotations

import string

import requests
from django.test import override_settings

from apimock import MockedAPISimpleTestCase, MockedAPITestCase
from apimock.fakes.generation.ids import IdStyle
from apimock.fakes.generation.values import rng_for
from tests.test_fakes import FAKED, LAMP, SHOP

# The first review any store makes, with the default seed: the example
# rev_a1b2c3 teaches the style, and every store counts from 1.
FIRST_REVIEW = IdStyle("random", "rev_", 6, string.ascii_lowercase + string.digits).new(
    rng_for(0, "items/reviews", 1), 1
)


class _Shop:
    api: object
    made = 1

    def make(self) -> list[dict[str, object]]:
        items = [
            requests.post(f"{SHOP}/items", json=LAMP, timeout=5).json()
            for _ in range(self.made)
        ]
        review = requests.post(
            f"{SHOP}/items/{items[0]['id']}/reviews", json={"stars": 5}, timeout=5
        )
        self.assertEqual(review.json()["id"], FIRST_REVIEW)  # type: ignore[attr-defined]
        return items

    def check_alone(self) -> None:
        items = self.make()
        self.assertEqual([item["id"] for item in items], list(range(1, self.made + 1)))  # type: ignore[attr-defined]
        listed = requests.get(f"{SHOP}/items", timeout=5).json()
        self.assertEqual(listed, items)  # type: ignore[attr-defined]


@override_settings(APIMOCK=FAKED)
class OneTest(_Shop, MockedAPISimpleTestCase):
    def test_a(self) -> None:
        self.check_alone()

    def test_b(self) -> None:
        self.check_alone()


@override_settings(APIMOCK=FAKED)
class TwoTest(_Shop, MockedAPISimpleTestCase):
    made = 2

    def test_a(self) -> None:
        self.check_alone()

    def test_b(self) -> None:
        self.check_alone()
        requests.delete(f"{SHOP}/items/1", timeout=5)


@override_settings(APIMOCK=FAKED)
class ThreeTest(_Shop, MockedAPITestCase):
    made = 3

    def test_a(self) -> None:
        self.check_alone()

    def test_b(self) -> None:
        self.check_alone()


@override_settings(APIMOCK=FAKED)
class SeededClassTest(MockedAPISimpleTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.api.fake(SHOP).add("items", {**LAMP, "name": "from the class"})

    def test_a_changes_its_copy(self) -> None:
        requests.patch(f"{SHOP}/items/1", json={"name": "changed"}, timeout=5)
        self.assertEqual(
            requests.get(f"{SHOP}/items/1", timeout=5).json()["name"], "changed"
        )

    def test_b_sees_the_class_store(self) -> None:
        self.assertEqual(
            [item["name"] for item in requests.get(f"{SHOP}/items", timeout=5).json()],
            ["from the class"],
        )


@override_settings(APIMOCK=FAKED)
class EmptyTest(MockedAPISimpleTestCase):
    def test_a_starts_empty(self) -> None:
        self.assertEqual(requests.get(f"{SHOP}/items", timeout=5).json(), [])

    def test_b_starts_empty(self) -> None:
        self.assertEqual(self.api.fake(SHOP).objects("items"), [])
        requests.post(f"{SHOP}/items", json=LAMP, timeout=5)

"""A contract's fake answering tests: the state rules, the documented errors,
stubs over it, handlers, fixtures and the store a test sees."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import requests
from django.test import SimpleTestCase, override_settings

from apimock import ContractViolation, MockedAPISimpleTestCase, mocked
from apimock.checks import check_apimock_setting
from apimock.exceptions import ContractError
from tests.helpers import problems, run_case

SHOP = "https://shop.test/api"
DOCUMENT = Path(__file__).resolve().parent / "documents" / "shop.yaml"
FAKED: dict[str, Any] = {"CONTRACTS": {SHOP: str(DOCUMENT)}, "FAKES": [SHOP]}
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
LAMP = {"name": "Lamp", "price": 19.5}


def faked(**more: Any) -> dict[str, Any]:
    return {**FAKED, **more}


def handled_by_settings(request: Any, fake: Any) -> dict[str, Any]:
    answer = fake.answer(request)
    item = json.loads(answer.body)
    return {
        "status": 201,
        "json": fake.update("items", item["id"], {"tags": ["from-settings"]}),
    }


@override_settings(APIMOCK=FAKED)
class StateTest(MockedAPISimpleTestCase):
    def create(self, **item: Any) -> dict[str, Any]:
        response = requests.post(f"{SHOP}/items", json={**LAMP, **item})
        self.assertEqual(response.status_code, 201, response.text)
        return dict(response.json())

    def test_a_create_stores_what_was_sent_in_a_generated_object(self):
        item = self.create(tags=["desk"])

        self.assertEqual(item["id"], 1)  # an integer id, as the example 42 is
        self.assertEqual(
            (item["name"], item["price"], item["tags"]), ("Lamp", 19.5, ["desk"])
        )
        self.assertEqual(item["color"], "red")  # generated: the first of the enum
        self.assertEqual(self.api.fake(SHOP).objects("items"), [item])

    def test_a_read_returns_what_was_created(self):
        item = self.create()

        read = requests.get(f"{SHOP}/items/{item['id']}")

        self.assertEqual((read.status_code, read.json()), (200, item))

    def test_a_read_of_nothing_is_the_documented_404(self):
        read = requests.get(f"{SHOP}/items/7")

        self.assertEqual(read.status_code, 404)
        self.assertEqual(read.json(), {"detail": "No such item: '7'"})

    def test_an_update_merges(self):
        item = self.create(dimensions={"width": 3, "height": 4})

        patched = requests.patch(
            f"{SHOP}/items/{item['id']}",
            json={"name": "Big lamp", "dimensions": {"width": 9}},
        )

        self.assertEqual(patched.status_code, 200)
        self.assertEqual(patched.json()["name"], "Big lamp")
        self.assertEqual(patched.json()["dimensions"], {"width": 9, "height": 4})
        self.assertEqual(
            requests.get(f"{SHOP}/items/{item['id']}").json(), patched.json()
        )

    def test_a_put_replaces_the_fields_it_names(self):
        item = self.create(dimensions={"width": 3, "height": 4})

        put = requests.put(
            f"{SHOP}/items/{item['id']}", json={**LAMP, "dimensions": {"width": 9}}
        )

        self.assertEqual(put.json()["dimensions"], {"width": 9})

    def test_a_delete_removes_it_and_a_later_read_is_the_404(self):
        item = self.create()

        deleted = requests.delete(f"{SHOP}/items/{item['id']}")
        read = requests.get(f"{SHOP}/items/{item['id']}")

        self.assertEqual((deleted.status_code, deleted.content), (204, b""))
        self.assertEqual(read.status_code, 404)
        self.assertEqual(self.api.fake(SHOP).objects("items"), [])
        self.assertEqual(requests.delete(f"{SHOP}/items/{item['id']}").status_code, 404)

    def test_a_list_returns_what_exists_filtered_and_paged(self):
        red = self.create(name="a")
        blue = self.create(name="b", color="blue")
        other = self.create(name="c", color="blue")

        everything = requests.get(f"{SHOP}/items").json()
        blues = requests.get(f"{SHOP}/items", params={"color": "blue"}).json()
        window = requests.get(f"{SHOP}/items", params={"limit": 1, "offset": 1}).json()

        self.assertEqual(everything, [red, blue, other])  # a bare array, as documented
        self.assertEqual(blues, [blue, other])
        self.assertEqual(window, [blue])

    def test_a_nested_collection_belongs_to_its_parent(self):
        lamp, desk = self.create(), self.create(name="Desk")

        review = requests.post(f"{SHOP}/items/{lamp['id']}/reviews", json={"stars": 5})
        listed = requests.get(f"{SHOP}/items/{lamp['id']}/reviews").json()
        elsewhere = requests.get(f"{SHOP}/items/{desk['id']}/reviews").json()
        read = requests.get(f"{SHOP}/items/{desk['id']}/reviews/{review.json()['id']}")

        self.assertEqual(review.status_code, 201)
        self.assertRegex(review.json()["id"], r"^rev_[a-z0-9]{6}$")  # as the example
        self.assertEqual(review.json()["item_id"], lamp["id"])  # the parent, typed
        self.assertEqual(
            listed, {"results": [review.json()], "total": 1, "next_cursor": None}
        )
        self.assertEqual(elsewhere["results"], [])
        self.assertEqual(read.status_code, 404)

    def test_a_nested_create_under_nothing_is_the_404(self):
        response = requests.post(f"{SHOP}/items/9/reviews", json={"stars": 5})

        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "No such item: '9'"})

    def test_a_list_object_pages_by_cursor_with_its_default_size(self):
        item = self.create()
        made = [
            requests.post(
                f"{SHOP}/items/{item['id']}/reviews", json={"stars": n}
            ).json()
            for n in (1, 2, 3)
        ]

        first = requests.get(f"{SHOP}/items/{item['id']}/reviews").json()
        second = requests.get(
            f"{SHOP}/items/{item['id']}/reviews",
            params={"cursor": first["next_cursor"]},
        ).json()

        self.assertEqual(first["results"], made[:2])  # per_page's default is 2
        self.assertEqual(first["next_cursor"], made[1]["id"])
        self.assertEqual((second["results"], second["next_cursor"]), (made[2:], None))
        self.assertEqual(first["total"], 3)

    def test_deleting_a_parent_deletes_what_is_nested_under_it(self):
        item = self.create()
        requests.post(f"{SHOP}/items/{item['id']}/reviews", json={"stars": 4})

        requests.delete(f"{SHOP}/items/{item['id']}")

        self.assertEqual(self.api.fake(SHOP).objects("items/reviews"), [])

    def test_ids_in_the_style_of_a_format(self):
        order = requests.post(f"{SHOP}/orders", json={"item_id": 1, "quantity": 2})

        self.assertEqual(order.status_code, 201)
        self.assertRegex(order.json()["id"], UUID)
        self.assertEqual(
            requests.get(f"{SHOP}/orders/{order.json()['id']}").json(), order.json()
        )

    def test_an_item_is_found_by_the_field_its_path_names(self):
        first, second = (
            requests.post(f"{SHOP}/boards", json={"title": t}).json() for t in "ab"
        )

        read = requests.get(f"{SHOP}/boards/2")

        self.assertEqual((first["number"], second["number"]), (1, 2))
        self.assertRegex(first["id"], r"^brd_[A-Za-z0-9]{8}$")
        self.assertNotEqual(first["id"], second["id"])
        self.assertEqual(read.json(), second)

    def test_an_action_answering_with_its_item_returns_the_stored_one(self):
        order = requests.post(
            f"{SHOP}/orders", json={"item_id": 1, "quantity": 2}
        ).json()

        cancelled = requests.post(f"{SHOP}/orders/{order['id']}/cancel")

        # Its meaning (state: cancelled) is not in the document: a handler's job.
        self.assertEqual((cancelled.status_code, cancelled.json()), (200, order))

    def test_another_action_answers_from_its_schema(self):
        order = requests.post(
            f"{SHOP}/orders", json={"item_id": 1, "quantity": 2}
        ).json()

        shipped = requests.post(f"{SHOP}/orders/{order['id']}/ship")
        missing = requests.post(
            f"{SHOP}/orders/{'0' * 8}-0000-4000-8000-{'0' * 12}/ship"
        )

        self.assertEqual(shipped.status_code, 202)
        self.assertRegex(shipped.json()["tracking"], r"^1Z[0-9A-Z]{16}$")
        self.assertEqual(missing.status_code, 404)

    def test_a_resource_the_api_makes_itself_is_answered_from_its_schema(self):
        store = requests.get(f"{SHOP}/stores/lyon-1")

        self.assertEqual(store.json(), {"store_id": "lyon-1", "city": "Lyon"})

    def test_a_provider_made_item_deleted_is_then_the_404(self):
        self.assertEqual(requests.delete(f"{SHOP}/stores/lyon-1").status_code, 204)

        self.assertEqual(requests.get(f"{SHOP}/stores/lyon-1").status_code, 404)
        self.assertEqual(requests.get(f"{SHOP}/stores/paris-1").status_code, 200)

    def test_without_a_documented_404_the_item_is_there(self):
        read = requests.get(f"{SHOP}/sessions/s-1")
        deleted = requests.delete(f"{SHOP}/sessions/s-2")

        self.assertEqual(read.status_code, 200)  # the document says no other
        self.assertEqual(read.json()["session_id"], "s-1")
        self.assertEqual(deleted.status_code, 204)

    def test_a_create_answers_in_its_own_shape(self):
        made = requests.post(f"{SHOP}/sessions")

        self.assertEqual(made.status_code, 201)
        self.assertEqual(list(made.json()), ["token"])
        self.assertRegex(made.json()["token"], r"^tok_[a-z0-9]{8}$")

    def test_a_field_sent_in_another_shape_is_left_out(self):
        item = self.create(owner="octo")  # a login sent, a user answered

        self.assertIsInstance(item["owner"], dict)
        self.assertIn("login", item["owner"])

    def test_an_example_that_breaks_its_schema_is_not_used(self):
        health = requests.get(f"{SHOP}/health").json()

        self.assertEqual(health["status"], "ok")  # generated, not the stale "up"
        self.assertRegex(health["checked_at"], r"^2026-")

    def test_an_operation_that_only_redirects_answers_the_redirect(self):
        response = requests.get(f"{SHOP}/exports/latest", allow_redirects=False)

        self.assertEqual(response.status_code, 302)

    def test_a_singleton_answers_its_example(self):
        self.assertEqual(requests.get(f"{SHOP}/stats").json(), {"items": 12})

    def test_form_bodies_are_read_into_typed_nested_data(self):
        response = requests.post(
            f"{SHOP}/items",
            data=[
                ("name", "Lamp"),
                ("price", "9.5"),
                ("tags[]", "a"),
                ("tags[]", "b"),
                ("dimensions[width]", "3"),
            ],
        )

        item = response.json()
        self.assertEqual(
            (item["price"], item["tags"], item["dimensions"]["width"]),
            (9.5, ["a", "b"], 3),
        )

    def test_fields_the_answer_has_not_are_left_out(self):
        item = self.create()

        self.assertNotIn("quantity", item)
        requests.patch(f"{SHOP}/items/{item['id']}", json={"color": "green"})
        self.assertEqual(self.api.fake(SHOP).get("items", item["id"])["color"], "green")

    def test_the_call_log_names_the_fake(self):
        self.create()

        [call] = self.api.calls
        self.assertEqual(call.stub.label, f"fake of {SHOP}: POST /items")
        self.assertEqual(call.response.status, 201)


class SeedTest(SimpleTestCase):
    def reviews(self) -> list[str]:
        with mocked():
            requests.post(f"{SHOP}/items", json=LAMP)
            return [
                requests.post(f"{SHOP}/items/1/reviews", json={"stars": 3}).json()["id"]
                for _ in range(2)
            ]

    @override_settings(APIMOCK=FAKED)
    def test_every_run_gets_the_same_data(self):
        self.assertEqual(self.reviews(), self.reviews())

    def test_another_seed_gets_other_data(self):
        with override_settings(APIMOCK=faked(FAKE_SEED=1)):
            one = self.reviews()
        with override_settings(APIMOCK=faked(FAKE_SEED=2)):
            two = self.reviews()
        with override_settings(APIMOCK=faked(FAKES={SHOP: {"seed": 2}})):
            entry = self.reviews()

        self.assertNotEqual(one, two)
        self.assertEqual(two, entry)

    @override_settings(APIMOCK=FAKED)
    def test_a_test_sets_its_own_seed(self):
        with mocked() as api:
            api.fake(SHOP).seed = 2
            requests.post(f"{SHOP}/items", json=LAMP)
            mine = requests.post(f"{SHOP}/items/1/reviews", json={"stars": 3}).json()[
                "id"
            ]
        with override_settings(APIMOCK=faked(FAKE_SEED=2)):
            self.assertEqual(self.reviews()[0], mine)


@override_settings(APIMOCK=FAKED)
class ValidationTest(MockedAPISimpleTestCase):
    def test_an_invalid_body_gets_the_documented_422(self):
        response = requests.post(f"{SHOP}/items", json={"name": "", "price": -1})

        self.assertEqual(response.status_code, 422)
        [problem] = response.json()["detail"]  # the documented error's shape
        self.assertIn("request body $.name", problem["msg"])
        self.assertIn("request body $.price", problem["msg"])
        self.assertEqual(self.api.fake(SHOP).objects("items"), [])

    def test_an_invalid_parameter_gets_the_documented_400(self):
        response = requests.get(f"{SHOP}/items", params={"limit": 0})

        self.assertEqual(response.status_code, 400)
        self.assertRegex(
            response.json()["detail"], r"'limit'.*less than the minimum of 1"
        )

    def test_the_call_log_shows_it_rejected(self):
        requests.post(f"{SHOP}/orders", json={"item_id": 1})

        [call] = self.api.calls
        self.assertEqual(call.response.status, 422)
        self.assertEqual(
            call.stub.label,
            f"fake of {SHOP}: POST /orders, rejected: request body $: 'quantity' is a "
            'required property (the contract: required: ["item_id", "quantity"])',
        )
        self.assertEqual(self.api.violations, [])  # an answer, as the real API's

    def test_without_a_documented_error_it_is_a_violation(self):
        requests.post(f"{SHOP}/items", json=LAMP)

        with (
            self.api.expect_violation() as caught,
            self.assertRaises(ContractViolation),
        ):
            requests.post(f"{SHOP}/items/1/reviews", json={"stars": 9})

        self.assertIn("request body $.stars", str(caught.exception))

    def test_an_undocumented_path_is_a_violation(self):
        with self.api.expect_violation(), self.assertRaises(ContractViolation):
            requests.get(f"{SHOP}/carts")

    @override_settings(APIMOCK=faked(CONTRACT_MODE="off"))
    def test_with_contracts_off_nothing_is_rejected(self):
        response = requests.post(f"{SHOP}/items", json={"name": "", "price": -1})

        self.assertEqual(response.status_code, 201)


@override_settings(APIMOCK=FAKED)
class StubOverrideTest(MockedAPISimpleTestCase):
    def test_a_stub_wins_for_its_operation_only(self):
        self.api.add(
            "POST",
            f"{SHOP}/items",
            status=422,
            json={"detail": [{"loc": ["body"], "msg": "out of stock"}]},
        )

        refused = requests.post(f"{SHOP}/items", json=LAMP)
        listed = requests.get(f"{SHOP}/items")

        self.assertEqual(refused.json()["detail"][0]["msg"], "out of stock")
        self.assertEqual((listed.status_code, listed.json()), (200, []))
        self.assertTrue(
            self.api.calls[0].stub.label.startswith(
                "api.add() at tests/test_fakes.py:"
            ),
            self.api.calls[0].stub.label,
        )
        self.assertTrue(self.api.calls[1].stub.label.startswith("fake of "))

    @override_settings(
        APIMOCK=faked(
            STUBS=[{"method": "GET", "url": f"{SHOP}/stats", "json": {"items": 99}}]
        )
    )
    def test_a_settings_stub_wins_too(self):
        self.assertEqual(requests.get(f"{SHOP}/stats").json(), {"items": 99})
        self.assertEqual(requests.get(f"{SHOP}/items").json(), [])


class HandlerTest(MockedAPISimpleTestCase):
    @override_settings(
        APIMOCK=faked(
            FAKES={
                SHOP: {"handlers": {"createItem": f"{__name__}.handled_by_settings"}}
            }
        )
    )
    def test_a_settings_handler_by_operation_id(self):
        item = requests.post(f"{SHOP}/items", json=LAMP).json()

        self.assertEqual(item["tags"], ["from-settings"])
        self.assertEqual(
            self.api.fake(SHOP).get("items", item["id"])["tags"], ["from-settings"]
        )
        self.assertIn("handler handled_by_settings", self.api.calls[0].stub.label)

    @override_settings(APIMOCK=FAKED)
    def test_a_test_gives_an_operation_its_own_handler(self):
        def cancel(request: Any, fake: Any) -> dict[str, Any]:
            order = fake.update(
                "orders", request.path_params["id"], {"state": "cancelled"}
            )
            return {"json": order}

        self.api.fake(SHOP).handle("POST /orders/{id}/cancel", cancel)
        order = requests.post(
            f"{SHOP}/orders", json={"item_id": 1, "quantity": 1}
        ).json()

        cancelled = requests.post(f"{SHOP}/orders/{order['id']}/cancel").json()

        self.assertEqual(cancelled["state"], "cancelled")
        self.assertEqual(
            requests.get(f"{SHOP}/orders/{order['id']}").json()["state"], "cancelled"
        )

    @override_settings(APIMOCK=FAKED)
    def test_a_handler_answer_is_checked_against_the_contract(self):
        self.api.fake(SHOP).handle(
            "GET /stats", lambda request, fake: {"json": {"items": -1}}
        )

        with (
            self.api.expect_violation() as caught,
            self.assertRaises(ContractViolation),
        ):
            requests.get(f"{SHOP}/stats")

        self.assertIn(
            "response 200 body $.items: -1 is less than the minimum",
            str(caught.exception),
        )

    @override_settings(APIMOCK=FAKED)
    def test_an_operation_that_is_not_in_the_document(self):
        with self.assertRaisesMessage(
            Exception, "'POST /carts' is not an operation of"
        ):
            self.api.fake(SHOP).handle("POST /carts", lambda request, fake: {})


@override_settings(APIMOCK=FAKED)
class StoreTest(MockedAPISimpleTestCase):
    def test_add_get_update_remove(self):
        fake = self.api.fake(SHOP)

        added = fake.add("items", {"name": "Seeded", "price": 1})
        review = fake.add(f"/items/{added['id']}/reviews", {"stars": 2})

        self.assertEqual(requests.get(f"{SHOP}/items/{added['id']}").json(), added)
        self.assertEqual(fake.objects(f"/items/{added['id']}/reviews"), [review])
        self.assertEqual(fake.update("items", added["id"], {"price": 3})["price"], 3)
        self.assertEqual(fake.remove("items", added["id"])["price"], 3)
        self.assertIsNone(fake.get("items", added["id"]))
        self.assertEqual(
            fake.resources(),
            ["boards", "items", "items/reviews", "orders", "sessions", "stores"],
        )

    def test_names_it_does_not_know(self):
        with self.assertRaisesMessage(
            LookupError,
            "its resources: boards, items, items/reviews, orders, sessions, stores",
        ):
            self.api.fake(SHOP).objects("carts")
        with self.assertRaisesMessage(LookupError, f"the fakes: {SHOP}"):
            self.api.fake("https://other.test")
        with self.assertRaisesMessage(Exception, "is nested under another object"):
            self.api.fake(SHOP).add("items/reviews", {"stars": 1})

    def test_objects_come_back_as_copies(self):
        fake = self.api.fake(SHOP)
        fake.add("items", LAMP)["name"] = "changed"

        self.assertEqual(fake.objects("items")[0]["name"], "Lamp")

    def test_reset_starts_over(self):
        requests.post(f"{SHOP}/items", json=LAMP)

        self.api.reset()

        self.assertEqual(requests.get(f"{SHOP}/items").json(), [])
        self.assertEqual(requests.post(f"{SHOP}/items", json=LAMP).json()["id"], 1)


class FixtureTest(SimpleTestCase):
    def test_fixtures_from_a_file_are_in_every_store(self):
        path = Path(self.enterContext(_temporary_folder())) / "shop.yaml"
        path.write_text(
            "items:\n  - {id: 7, name: Seeded, price: 2}\n"
            "/items/7/reviews:\n  - {stars: 4}\n"
        )

        with override_settings(APIMOCK=faked(FAKES={SHOP: {"fixtures": str(path)}})):
            for _ in range(2):  # each activation starts from them
                with mocked():
                    item = requests.get(f"{SHOP}/items/7").json()
                    reviews = requests.get(f"{SHOP}/items/7/reviews").json()
                    requests.delete(f"{SHOP}/items/7")

                self.assertEqual((item["name"], item["color"]), ("Seeded", "red"))
                self.assertEqual(reviews["results"][0]["item_id"], 7)

    def test_inline_fixtures(self):
        with (
            override_settings(
                APIMOCK=faked(FAKES={SHOP: {"fixtures": {"items": [LAMP]}}})
            ),
            mocked(),
        ):
            self.assertEqual(requests.get(f"{SHOP}/items/1").json()["name"], "Lamp")

    def test_a_class_store_is_where_each_test_starts(self):
        @override_settings(APIMOCK=FAKED)
        class Case(MockedAPISimpleTestCase):
            @classmethod
            def setUpClass(cls) -> None:
                super().setUpClass()
                cls.api.fake(SHOP).add("items", LAMP)

            def test_1_changes_it(self):
                requests.patch(f"{SHOP}/items/1", json={"name": "changed"})
                requests.post(f"{SHOP}/items", json=LAMP)
                self.assertEqual(len(self.api.fake(SHOP).objects("items")), 2)

            def test_2_sees_the_class_store(self):
                self.assertEqual(
                    [i["name"] for i in self.api.fake(SHOP).objects("items")], ["Lamp"]
                )

        result = run_case(Case)
        self.assertEqual(problems(result), [])
        self.assertEqual(result.testsRun, 2)


class NothingForOthersTest(MockedAPISimpleTestCase):
    @override_settings(APIMOCK=FAKED)
    def test_a_test_that_calls_no_faked_api_has_no_store(self):
        self.api.add("GET", "https://other.test/x", json={})

        requests.get("https://other.test/x")

        self.assertEqual(list(self.api.fakes), [])

    @override_settings(APIMOCK=FAKED)
    def test_a_stub_under_a_faked_contract_makes_no_store(self):
        self.api.add("GET", f"{SHOP}/stats", json={"items": 1})

        requests.get(f"{SHOP}/stats")

        self.assertEqual(list(self.api.fakes), [])

    def test_without_fakes_a_contracted_miss_is_still_a_miss(self):
        with override_settings(APIMOCK={"CONTRACTS": {SHOP: str(DOCUMENT)}}):
            with self.assertRaises(AssertionError):  # UnmatchedRequest
                requests.get(f"{SHOP}/stats")
            self.api.misses.clear()
        self.assertEqual(list(self.api.fakes), [])


class CheckTest(SimpleTestCase):
    def errors(self, **apimock: Any) -> list[tuple[str, str]]:
        with override_settings(APIMOCK={"CONTRACTS": {SHOP: str(DOCUMENT)}, **apimock}):
            return [
                (error.id, f"{error.msg} {error.hint or ''}")
                for error in check_apimock_setting()
            ]

    def test_a_fake_of_no_contract(self):
        [(code, message)] = self.errors(FAKES=["https://shop.test/apl"])

        self.assertEqual(code, "apimock.E040")
        self.assertIn(
            """APIMOCK["FAKES"]['https://shop.test/apl'] names no contract""", message
        )
        self.assertIn(f"did you mean '{SHOP}'?", message)

    def test_a_seed_that_is_not_an_int(self):
        self.assertEqual(
            self.errors(FAKES=[SHOP], FAKE_SEED="7"),
            [
                (
                    "apimock.E041",
                    """APIMOCK["FAKE_SEED"] must be an int, got str '7'. """
                    + _SEED_HINT,
                )
            ],
        )
        [(code, message)] = self.errors(FAKES={SHOP: {"seed": True}})
        self.assertEqual(code, "apimock.E041")
        self.assertIn('["seed"] must be an int, got bool True', message)

    def test_options(self):
        found = self.errors(
            FAKES={
                SHOP: {
                    "fixture": {},
                    "handlers": {
                        "POST /carts": "os.path.join",
                        "GET /stats": "no.such.thing",
                    },
                }
            }
        )

        self.assertEqual([code for code, _ in found], ["apimock.E042"] * 2)
        self.assertIn(": unknown key 'fixture'. did you mean 'fixtures'?", found[0][1])
        self.assertIn(
            """["handlers"]['GET /stats']: cannot import 'no.such.thing'""", found[1][1]
        )
        [(_, message)] = self.errors(
            FAKES={SHOP: {"handlers": {"POST /carts": "os.path.join"}}}
        )
        self.assertIn("'POST /carts' is not an operation of", message)

    def test_fixtures(self):
        [(_, missing)] = self.errors(FAKES={SHOP: {"fixtures": "nowhere.yaml"}})
        [(_, unknown)] = self.errors(FAKES={SHOP: {"fixtures": {"carts": [{}]}}})
        [(_, shape)] = self.errors(FAKES={SHOP: {"fixtures": {"items": {"id": 1}}}})

        self.assertIn("fixtures nowhere.yaml cannot be read", missing)
        self.assertIn("'carts' is not a resource of", unknown)
        self.assertIn("'items' must be a list of objects", shape)

    def test_the_wrong_type(self):
        [(code, message)] = self.errors(FAKES="https://shop.test/api")

        self.assertEqual(code, "apimock.E003")
        self.assertIn('APIMOCK["FAKES"] must be a list of CONTRACTS keys', message)

    def test_at_run_time_a_bad_entry_is_a_clear_error(self):
        # pytest runs no system checks: the first request says what is wrong.
        apimock = {"CONTRACTS": {SHOP: str(DOCUMENT)}, "FAKES": ["https://nope.test"]}
        with (
            override_settings(APIMOCK=apimock),
            mocked(),
            self.assertRaisesMessage(ContractError, "names no contract"),
        ):
            requests.get(f"{SHOP}/stats")

    def test_a_valid_setting(self):
        self.assertEqual(
            self.errors(FAKES={SHOP: {"seed": 3, "fixtures": {"items": [LAMP]}}}), []
        )


_SEED_HINT = (
    "A seed is a whole number (FAKE_SEED = 1234): the same seed gives the same "
    "generated data on every run."
)


def _temporary_folder() -> Any:
    return tempfile.TemporaryDirectory()


AMBIGUOUS = """\
openapi: 3.0.3
info: {title: attestations, version: "1"}
paths:
  /attestations/{attestation_id}:
    delete:
      parameters:
        - {name: attestation_id, in: path, required: true, schema: {type: integer}}
      responses:
        "204": {description: Deleted.}
  /attestations/{subject_digest}:
    get:
      parameters:
        - {name: subject_digest, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: The attestations of a digest.
          content:
            application/json:
              schema:
                type: object
                required: [digest]
                properties: {digest: {type: string}}
"""


class PathsAsSpecificTest(SimpleTestCase):
    # GitHub's document has paths only their parameter's name tells apart,
    # each with its own methods: a request is the one that has its method.
    def test_each_method_finds_its_own_path(self):
        path = Path(self.enterContext(_temporary_folder())) / "attestations.yaml"
        path.write_text(AMBIGUOUS)
        base = "https://attest.test"
        contracts = {"CONTRACTS": {base: str(path)}}

        with override_settings(APIMOCK={**contracts, "FAKES": [base]}), mocked():
            read = requests.get(f"{base}/attestations/sha256:ab")
            deleted = requests.delete(f"{base}/attestations/7")
        with override_settings(APIMOCK=contracts), mocked() as api:
            api.add("GET", f"{base}/attestations/sha256:ab", json={"digest": "x"})
            stubbed = requests.get(f"{base}/attestations/sha256:ab")  # no violation

        self.assertEqual((read.status_code, sorted(read.json())), (200, ["digest"]))
        self.assertEqual(deleted.status_code, 204)
        self.assertEqual(stubbed.json(), {"digest": "x"})

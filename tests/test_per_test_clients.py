"""mock_clients values per test: a fresh object, a cleared history, and an
error for one object whose side-effect sequence every test would share."""

from __future__ import annotations

import unittest
import uuid
from unittest.mock import MagicMock

from django.test import SimpleTestCase, override_settings

import apimock
from apimock import MockedAPISimpleTestCase, clients
from apimock.checks import check_apimock_setting, check_test_clients
from apimock.exceptions import ClientPatchError
from tests.helpers import problems, run_case

TARGET = "uuid.uuid4"


class PerTestValuesTest(SimpleTestCase):
    def define(self, value):
        class Case(MockedAPISimpleTestCase):
            mock_clients = {TARGET: value}

            def test_one(self):
                self.assertEqual([uuid.uuid4(), uuid.uuid4()], ["a", "b"])

            def test_two(self):
                self.assertEqual([uuid.uuid4(), uuid.uuid4()], ["a", "b"])

            def test_history(self):
                uuid.uuid4()
                self.mocks[TARGET].assert_called_once_with()

        self.addCleanup(clients.declared.discard, Case)
        return Case

    def test_fresh_makes_a_new_object_for_every_test(self):
        case = self.define(apimock.fresh(lambda: MagicMock(side_effect=["a", "b"])))

        for order in (("test_one", "test_two"), ("test_two", "test_one")):
            self.assertEqual(problems(run_case(case, *order)), [])

    def test_one_object_starts_every_test_with_no_calls(self):
        case = self.define(MagicMock(side_effect=None, return_value="x"))

        self.assertEqual(problems(run_case(case, "test_history", "test_history")), [])

    def test_one_object_with_a_side_effect_sequence_is_an_error_in_each_test(self):
        case = self.define(MagicMock(side_effect=["a", "b"]))

        result = run_case(case, "test_one", "test_two")

        self.assertEqual(len(result.errors), 2)
        for text in problems(result):
            self.assertIn("ClientPatchError: apimock.E024: ", text)
            self.assertIn(
                "Case.mock_clients['uuid.uuid4'] is one MagicMock for every test", text
            )
            self.assertIn("apimock.fresh(lambda: MagicMock(side_effect=[...]))", text)

    def test_a_sequence_deeper_in_the_mock_is_found(self):
        value = MagicMock()
        value.return_value.send.side_effect = iter([1, 2])

        [problem] = clients.shared_state({TARGET: value}, "mock_clients")

        self.assertIn("the side_effect of its ().send is a sequence", problem)

    def test_fresh_takes_a_function(self):
        with self.assertRaisesMessage(TypeError, "write apimock.fresh(lambda: ...)"):
            apimock.fresh(3)


class ChecksTest(SimpleTestCase):
    @override_settings(APIMOCK={"CLIENTS": {TARGET: MagicMock(side_effect=[1])}})
    def test_clients_setting(self):
        [error] = [e for e in check_apimock_setting() if e.id == "apimock.E024"]

        self.assertIn(
            """APIMOCK["CLIENTS"]['uuid.uuid4'] is one MagicMock""", error.msg
        )

    def test_test_classes_found_by_the_runner(self):
        class Stateful(MockedAPISimpleTestCase):
            mock_clients = {TARGET: MagicMock(side_effect=[1])}

        self.addCleanup(clients.declared.discard, Stateful)

        [error] = check_test_clients()

        self.assertEqual(error.id, "apimock.E024")
        self.assertIn("Stateful.mock_clients['uuid.uuid4']", error.msg)

    def test_mocked_as_a_class_decorator(self):
        with self.assertRaisesMessage(
            ClientPatchError, "apimock.E024: mocked(clients=...)"
        ):

            @apimock.mocked(clients={TARGET: MagicMock(side_effect=[1])})
            class Decorated(unittest.TestCase):
                def test_it(self):
                    pass


class NestedTest(MockedAPISimpleTestCase):
    shared = MagicMock(return_value="x")
    mock_clients = {TARGET: shared}

    def test_a_nested_activation_keeps_the_history_so_far(self):
        uuid.uuid4()
        with apimock.mocked(clients={"uuid.uuid1": self.shared}):
            uuid.uuid1()

        self.assertEqual(self.shared.call_count, 2)

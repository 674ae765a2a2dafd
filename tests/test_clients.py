"""mock_clients and APIMOCK["CLIENTS"]: patched per test, always undone."""

from __future__ import annotations

from unittest import mock

from django.conf import settings
from django.test import TestCase, override_settings

from apimock import AUTOSPEC, MockedAPITestCase
from apimock.exceptions import ClientPatchError
from testproject.reminders import push
from tests.helpers import problems, run_case

REAL_PUSH_SERVICE = push.PushService
REAL_CREATE_MESSAGE = push.PushService.create_message
CREATE_MESSAGE = "testproject.reminders.push.PushService.create_message"


class FakePushService:
    def create_message(self, messages):
        return {"fake": len(messages)}


class MockClientsTest(MockedAPITestCase):
    mock_clients = {
        "testproject.reminders.push.PushService": "tests.test_clients.FakePushService",
        "testproject.reminders.push.requests": AUTOSPEC,
    }

    def test_dotted_path_replacement(self):
        self.assertIs(push.PushService, FakePushService)
        self.assertIs(
            self.mocks["testproject.reminders.push.PushService"], FakePushService
        )

    def test_autospec_is_a_specced_mock(self):
        fake_requests = self.mocks["testproject.reminders.push.requests"]
        self.assertIsInstance(fake_requests, mock.NonCallableMagicMock)
        push.requests.post("https://x.example", json={})
        fake_requests.post.assert_called_once_with("https://x.example", json={})
        with self.assertRaises(AttributeError):
            fake_requests.no_such_function  # noqa: B018 - autospec refuses it


@override_settings(
    APIMOCK={**settings.APIMOCK, "CLIENTS": {CREATE_MESSAGE: "apimock.AUTOSPEC"}}
)
class SettingsClientsTest(MockedAPITestCase):
    def test_settings_clients_apply_to_every_test(self):
        push.PushService().create_message([{"text": "hi"}])

        self.mocks[CREATE_MESSAGE].assert_called_once_with(mock.ANY, [{"text": "hi"}])

    def test_class_mock_clients_win_over_settings(self):
        class Overrides(MockedAPITestCase):
            mock_clients = {CREATE_MESSAGE: lambda self, messages: "from the class"}

            def test_it(self):
                assert push.PushService().create_message([]) == "from the class"

        self.assertEqual(problems(run_case(Overrides)), [])


class PatchLifetimeTest(TestCase):
    def test_patches_are_undone_after_a_failing_test(self):
        class Failing(MockedAPITestCase):
            mock_clients = {CREATE_MESSAGE: AUTOSPEC}

            def test_it(self):
                raise AssertionError("fails")

        result = run_case(Failing)

        self.assertEqual(len(result.failures), 1)
        self.assertIs(push.PushService.create_message, REAL_CREATE_MESSAGE)

    def test_a_missing_target_names_it_and_undoes_the_others(self):
        class Missing(MockedAPITestCase):
            mock_clients = {
                CREATE_MESSAGE: AUTOSPEC,
                "testproject.reminders.push.PushServise": AUTOSPEC,
            }

            def test_it(self):
                pass

        result = run_case(Missing)

        [(_, text)] = result.errors
        self.assertIn("ClientPatchError", text)
        self.assertIn("'testproject.reminders.push.PushServise' does not exist", text)
        self.assertIs(push.PushService.create_message, REAL_CREATE_MESSAGE)

    def test_a_missing_replacement_names_it(self):
        from apimock.clients import ClientPatches

        patches = ClientPatches({CREATE_MESSAGE: "tests.nowhere.Thing"})
        with self.assertRaisesMessage(
            ClientPatchError, "'tests.nowhere.Thing' does not exist"
        ):
            patches.start()
        self.assertIs(push.PushService.create_message, REAL_CREATE_MESSAGE)

    def test_the_hand_written_pattern_would_leak(self):
        # What the product replaces: assigning a MagicMock by hand stays for
        # every later test unless someone remembers to put it back.
        original = push.PushService.create_message
        push.PushService.create_message = mock.MagicMock()
        try:
            self.assertIsInstance(push.PushService.create_message, mock.MagicMock)
        finally:
            push.PushService.create_message = original
        self.assertIs(push.PushService.create_message, REAL_CREATE_MESSAGE)

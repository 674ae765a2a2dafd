"""Push reminders: asserting a client method was called, without leaking the patch."""

from unittest import mock

from apimock import AUTOSPEC, MockedAPITestCase
from testproject.reminders.push import PushError, PushService
from testproject.reminders.reminders import send_reminder

CREATE_MESSAGE = "testproject.reminders.push.PushService.create_message"
REAL_CREATE_MESSAGE = PushService.create_message


class SendReminderTest(MockedAPITestCase):
    """Technique 2: an autospecced client method, asserted on."""

    mock_clients = {CREATE_MESSAGE: AUTOSPEC}

    def test_send_reminder_creates_one_message(self):
        send_reminder()

        self.mocks[CREATE_MESSAGE].assert_called_once_with(
            mock.ANY, [{"text": "My push", "conditions": ["UserID", "EQ", 1]}]
        )

    def test_autospec_rejects_a_wrong_signature(self):
        with self.assertRaises(TypeError):
            PushService().create_message()

    def test_no_request_is_made(self):
        send_reminder(user_id=7)

        self.assertEqual(len(self.api.calls), 0)


class PushPatchIsGoneTest(MockedAPITestCase):
    """Without mock_clients the real client runs: the patch above did not leak.

    The hand-written ``PushService.create_message = MagicMock()`` stays for
    every later test; run this suite with --shuffle or --reverse and it holds.
    """

    def test_create_message_is_the_real_method(self):
        self.assertIs(PushService.create_message, REAL_CREATE_MESSAGE)

    def test_send_reminder_posts_to_the_push_api(self):
        result = send_reminder(user_id=3, text="Hello")

        self.assertEqual(result, {"id": "msg_1", "status": "queued"})
        self.assertAPICalled(
            "POST",
            "https://push.example.com/v1/messages",
            times=1,
            json={"messages": [{"text": "Hello", "conditions": ["UserID", "EQ", 3]}]},
            headers={"Authorization": "Bearer push-test-key"},
        )

    def test_push_service_down_raises_push_error(self):
        self.api.add("POST", "https://push.example.com/v1/messages", status=503)

        with self.assertRaises(PushError):
            send_reminder()

"""Push reminders: asserting a client method was called, without leaking the patch."""

from unittest import mock

from apimock import AUTOSPEC, MockedAPITestCase
from testproject.reminders.push import PushError, PushService
from testproject.reminders.reminders import send_reminder

CREATE_MESSAGE = "testproject.reminders.push.PushService.create_message"
REAL_CREATE_MESSAGE = PushService.create_message
PUSH_URL = "https://push.example.com/v1/messages"
SLEEP = "testproject.reminders.push.sleep"


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


class PushRetryTest(MockedAPITestCase):
    """The push client retries a busy or failing service, then gives up.

    ``sleep`` is patched (autospecced), so the waits are asserted, not waited.
    """

    mock_clients = {SLEEP: AUTOSPEC}

    def waits(self) -> list[float]:
        return [call.args[0] for call in self.mocks[SLEEP].call_args_list]

    def test_429_waits_as_long_as_retry_after_asks(self):
        self.api.add(
            "POST",
            PUSH_URL,
            responses=[
                {"status": 429, "headers": {"Retry-After": "7"}, "json": {}},
                {"status": 200, "json": {"id": "msg_2", "status": "queued"}},
            ],
        )

        self.assertEqual(send_reminder()["id"], "msg_2")
        self.assertEqual(self.waits(), [7.0])
        self.assertAPICalled("POST", PUSH_URL, times=2)

    def test_retry_after_is_capped(self):
        self.api.add(
            "POST",
            PUSH_URL,
            responses=[
                {"status": 429, "headers": {"Retry-After": "86400"}},
                {"status": 200, "json": {}},
            ],
        )

        send_reminder()
        self.assertEqual(self.waits(), [30.0])

    def test_5xx_and_timeouts_back_off_then_succeed(self):
        self.api.add(
            "POST",
            PUSH_URL,
            responses=[
                {"status": 503, "body": "maintenance"},
                {"error": "timeout"},
                {"status": 200, "json": {"id": "msg_3"}},
            ],
        )

        self.assertEqual(send_reminder(), {"id": "msg_3"})
        self.assertEqual(self.waits(), [1.0, 2.0])

    def test_gives_up_after_three_attempts(self):
        self.api.add("POST", PUSH_URL, status=503)

        with self.assertRaisesMessage(PushError, "503"):
            send_reminder()
        self.assertAPICalled("POST", PUSH_URL, times=3)

    def test_gives_up_when_the_connection_keeps_failing(self):
        self.api.add("POST", PUSH_URL, error="connection_error")

        with self.assertRaisesMessage(PushError, "gave up after 3 attempts"):
            send_reminder()

    def test_a_delay_over_its_timeout_is_a_timeout(self):
        self.api.add(
            "POST",
            PUSH_URL,
            responses=[{"delay": 60, "json": {}}, {"json": {"id": "msg_4"}}],
        )

        self.assertEqual(send_reminder(), {"id": "msg_4"})  # timeout=10, then retried
        self.assertEqual(self.waits(), [1.0])

    def test_client_errors_and_broken_responses_are_not_retried(self):
        answers = {
            "a 400": {"status": 400, "json": {"error": "bad message"}},
            "a reset mid-response": {"json": {"id": "m"}, "fault": "connection_reset"},
            "a truncated body": {"json": {"id": "m"}, "fault": "truncated_body"},
            "malformed JSON": {"json": {"id": "m"}, "fault": "malformed_json"},
        }
        for case, answer in answers.items():
            with self.subTest(case):
                self.api.reset()
                self.api.add("POST", PUSH_URL, **answer)

                with self.assertRaises(PushError):
                    send_reminder()
                self.assertAPICalled("POST", PUSH_URL, times=1)
        self.assertEqual(self.waits(), [])

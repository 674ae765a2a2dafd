"""The examples of docs/calls.rst: the call log and the assertions over it."""

from __future__ import annotations

import re
from unittest import mock

import requests

from apimock import MockedAPITestCase

MAILGUN = "https://api.mailgun.net/v3/example.com/messages"
POSTMARK = "https://api.postmarkapp.com/email"


def send_mail(to, subject, attachments=()):
    """The code under test: one message through Mailgun's form API."""
    return requests.post(
        MAILGUN,
        auth=("api", "key-test"),
        data={"from": "shop@example.com", "to": to, "subject": subject},
        files=[("attachment", attachment) for attachment in attachments],
        timeout=5,
    )


def notify(recipients):
    if recipients:
        send_mail(recipients, "Your order shipped")


def send_receipt(to):
    return requests.post(
        POSTMARK,
        json={
            "From": "shop@example.com",
            "To": to,
            "Subject": "Receipt",
            "TextBody": "Thank you",
            "Tag": "receipt",
        },
        timeout=5,
    )


class CallLogTest(MockedAPITestCase):
    def setUp(self):
        self.api.add("POST", MAILGUN, json={"id": "<1@example.com>"})

    def test_the_last_call(self):
        send_mail(["ada@example.com"], "Hi")

        request = self.api.calls.last.request
        self.assertEqual(request.auth, ("api", "key-test"))
        self.assertEqual(request.form["subject"], "Hi")
        self.assertEqual(request.form.getlist("to"), ["ada@example.com"])

    def test_parts_of_a_multipart_body(self):
        send_mail(["ada@example.com"], "Report", [("r.csv", b"a,b\n", "text/csv")])

        [attachment] = [p for p in self.api.calls.last.request.files if p.filename]
        self.assertEqual(
            (attachment.name, attachment.filename, attachment.content_type),
            ("attachment", "r.csv", "text/csv"),
        )
        self.assertEqual(attachment.content, b"a,b\n")

    def test_what_the_stub_answered_and_what_the_code_got(self):
        response = send_mail(["ada@example.com"], "Hi")

        answered = self.api.calls.last.response
        self.assertEqual(answered.status, response.status_code)
        self.assertEqual(answered.json(), response.json())


class AssertionsTest(MockedAPITestCase):
    def setUp(self):
        self.api.add("POST", MAILGUN, json={"id": "<1@example.com>"})

    def test_partial_and_exact_parts(self):
        send_mail(["ada@example.com"], "Hi", [("r.csv", b"a,b\n", "text/csv")])

        self.assertAPICalled(
            "POST", MAILGUN, data_contains={"to": ["ada@example.com"]}, times=1
        )
        self.assertAPICalled(
            "POST",
            MAILGUN,
            data={"from": mock.ANY, "to": "ada@example.com", "subject": "Hi"},
            files={"attachment": ("r.csv", b"a,b\n", "text/csv")},
        )

    def test_url_forms(self):
        send_mail(["ada@example.com"], "Hi")

        self.assertAPICalled("POST", "https://api.mailgun.net/v3/{domain}/messages")
        self.assertAPICalled("POST", url_prefix="https://api.mailgun.net/v3/")
        self.assertAPICalled("POST", re.compile(r"https://api\.mailgun\.net/.*"))
        self.assertAPINotCalled("POST", url_prefix="https://api.sendgrid.com/")

    def test_json_contains(self):
        self.api.add("POST", POSTMARK, json={"ErrorCode": 0})

        send_receipt("ada@example.com")

        self.assertAPICalled(
            "POST", POSTMARK, json_contains={"To": "ada@example.com", "Tag": "receipt"}
        )

    def test_nothing_sent(self):
        notify([])

        self.assertNoAPICalls()

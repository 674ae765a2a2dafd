"""pytest tests (run by pytest in a subprocess, with the sample project)."""

from __future__ import annotations

import contextlib

import requests

from tests.broken.registry import scenario

MAILGUN = "https://api.mailgun.net/v3/mg.example.com/messages"
PUSH_TYPO = "https://push.example.com/v1/mesages"


@scenario(
    "pytest fixture miss",
    "pytest",
    method="POST",
    url=PUSH_TYPO,
    client="client: requests",
    closest="'push: message created'",
    diff="path differs: /v1/mesages vs /v1/messages",
    paste=f'apimock.add("POST", "{PUSH_TYPO}"',
    absent={"paste": "self.api.add"},
)
def test_fixture_miss(apimock):
    requests.post(PUSH_TYPO, json={}, timeout=5)  # <- the line


@scenario(
    "pytest plain test, swallowed request",
    "pytest",
    method="POST",
    url=MAILGUN,
    client="client: requests",
    closest="No stub for host api.mailgun.net",
    paste=f'apimock.add("POST", "{MAILGUN}"',
)
def test_plain_test_swallows_a_request():
    with contextlib.suppress(Exception):
        requests.post(MAILGUN, data={"text": "hi"}, timeout=5)  # <- the line


@scenario(
    "pytest fixture, swallowed miss",
    "pytest",
    method="POST",
    url=MAILGUN,
    client="client: requests",
    closest="No stub for host api.mailgun.net",
    paste=f'apimock.add("POST", "{MAILGUN}"',
)
def test_fixture_swallowed_miss(apimock):
    with contextlib.suppress(Exception):
        requests.post(MAILGUN, data={"text": "hi"}, timeout=5)  # <- the line

"""pytest tests (run by pytest in a subprocess, with the sample project)."""

from __future__ import annotations

import contextlib

import requests

from tests.broken.registry import miss

MAILGUN = "https://api.mailgun.net/v3/mg.example.com/messages"
PUSH_TYPO = "https://push.example.com/v1/mesages"


@miss(
    "pytest fixture miss",
    "pytest",
    "POST",
    PUSH_TYPO,
    add="apimock.add",
    closest="'push: message created'",
    diff="path differs: /v1/mesages vs /v1/messages",
    absent={"paste": "self.api.add"},
)
def test_fixture_miss(apimock):
    requests.post(PUSH_TYPO, json={}, timeout=5)  # <- the line


@miss(
    "pytest plain test, swallowed request",
    "pytest",
    "POST",
    MAILGUN,
    add="apimock.add",
    closest="No stub for host api.mailgun.net",
)
def test_plain_test_swallows_a_request():
    with contextlib.suppress(Exception):
        requests.post(MAILGUN, data={"text": "hi"}, timeout=5)  # <- the line


@miss(
    "pytest fixture, swallowed miss",
    "pytest",
    "POST",
    MAILGUN,
    add="apimock.add",
    closest="No stub for host api.mailgun.net",
)
def test_fixture_swallowed_miss(apimock):
    with contextlib.suppress(Exception):
        requests.post(MAILGUN, data={"text": "hi"}, timeout=5)  # <- the line

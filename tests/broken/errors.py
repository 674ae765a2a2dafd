"""Other errors a test meets: a contract broken, a patch or a cassette that
cannot be applied, a placeholder with a typo."""

from __future__ import annotations

import json

import requests
from django.conf import settings
from django.test import override_settings

from apimock import AUTOSPEC, MockedAPITestCase
from tests.broken.registry import scenario, temporary_folder

_CASSETTES = temporary_folder("cassettes-")
(_CASSETTES / "weather.yaml").write_text(
    "version: 1\ninteractions:\n- request:\n    method: GET\n"
    "    url: https://api.weather.example.com/today\n  response: {status: 200\n"
)


@scenario(
    "request breaks its contract",
    "contract",
    method="POST",
    url="https://api.example.com/v1/items",
    diff="'data' is a required property",
)
class RequestBreaksItsContract(MockedAPITestCase):
    def test_it(self):
        form = {"params": json.dumps({"auth": settings.AUTH_KEY})}
        requests.post(settings.API_URL, data=form, timeout=5)  # <- the line


@scenario(
    "mock_clients path typo",
    "patch",
    diff="'testproject.reminders.push.PushService.create_mesage' does not exist",
    paste="Did you mean 'testproject.reminders.push.PushService.create_message'?",
)
class MockClientsTypo(MockedAPITestCase):
    mock_clients = {"testproject.reminders.push.PushService.create_mesage": AUTOSPEC}

    def test_it(self):
        pass


@scenario(
    "{settings.NAME} typo in api.add",
    "stub error",
    closest="api.add() at",
    diff="{settings.PUSH_API_URLL}",
    paste="Did you mean {settings.PUSH_API_URL}?",
)
class SettingTypoInAdd(MockedAPITestCase):
    def test_it(self):
        self.api.add("POST", "{settings.PUSH_API_URLL}", status=201)  # <- the line
        requests.post(settings.PUSH_API_URL, json={}, timeout=5)


@override_settings(APIMOCK={"CASSETTE_DIR": str(_CASSETTES)})
@scenario(
    "broken cassette file",
    "cassette",
    diff="is not valid YAML",
    where="weather.yaml, line 7",
)
class BrokenCassette(MockedAPITestCase):
    cassette = "weather"

    def test_it(self):
        requests.get("https://api.weather.example.com/today", timeout=5)

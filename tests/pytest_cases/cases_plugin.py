"""The plugin's fixtures and marker, run with the sample project's settings."""

from __future__ import annotations

import asyncio
import contextlib
import json
import warnings
from unittest import mock

import httpx
import pytest
import requests
from django.conf import settings

from apimock import AUTOSPEC, UnmatchedRequest, activation
from apimock.exceptions import ShadowedStubWarning
from testproject.reminders.reminders import send_reminder

URL = "https://api.test/v1/things"
# A request the items API's contract describes, with a key it refuses.
WRONG_KEY = {"params": json.dumps({"auth": "wrong", "data": {}})}
ELSEWHERE = "https://elsewhere.example.com/v1/things"
CREATE_MESSAGE = "testproject.reminders.push.PushService.create_message"
CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}


def test_fixture_answers_from_the_settings_stubs(apimock):
    response = requests.post(settings.API_URL, data=WRONG_KEY, timeout=5)

    assert response.status_code == 401  # the settings stub for a missing key
    apimock.assert_called("POST", settings.API_URL, times=1)


def test_fixture_adds_stubs_for_every_client(apimock):
    apimock.add("GET", URL, json={"ok": True})

    assert requests.get(URL, timeout=5).json() == {"ok": True}
    assert httpx.get(URL, timeout=5).json() == {"ok": True}
    assert [call.client for call in apimock.calls] == ["requests", "httpx"]


def test_fixture_assertion_failure_reads_like_the_test_case_one(apimock):
    apimock.assert_called("GET", URL)  # fails: nothing was called


@pytest.mark.apimock(stubs=[{"method": "GET", "url": URL, "status": 204}])
def test_marker_alone_activates_with_its_stubs():
    assert requests.get(URL, timeout=5).status_code == 204
    assert activation.current() is not None


@pytest.mark.apimock(allowed_hosts=["elsewhere.example.com"])
def test_marker_allowed_hosts_replace_the_settings_ones(apimock):
    assert apimock.allowed_hosts.allows("elsewhere.example.com", 443)
    assert not apimock.allowed_hosts.allows("localhost", 80)


@pytest.mark.apimock(clients={CREATE_MESSAGE: AUTOSPEC})
def test_marker_clients_are_patched(apimock_mocks):
    send_reminder(user_id=5)

    apimock_mocks[CREATE_MESSAGE].assert_called_once_with(
        mock.ANY, [{"text": "My push", "conditions": ["UserID", "EQ", 5]}]
    )


class TestMockClientsFixture:
    @pytest.fixture
    def mock_clients(self):
        return {CREATE_MESSAGE: AUTOSPEC}

    def test_overridden_fixture_patches_for_this_class(self, apimock, apimock_mocks):
        send_reminder()

        apimock_mocks[CREATE_MESSAGE].assert_called_once()
        assert len(apimock.calls) == 0


@pytest.fixture
def default_thing(apimock):
    apimock.add("GET", URL, json="default")


def test_a_test_overriding_its_fixtures_stub_is_not_warned(default_thing, apimock):
    apimock.add("GET", URL, json="override")

    with warnings.catch_warnings():
        warnings.simplefilter("error", ShadowedStubWarning)
        assert requests.get(URL, timeout=5).json() == "override"


def test_patches_are_undone_after_the_test(apimock):
    send_reminder(user_id=3)  # the real client: answered by the settings stub

    apimock.assert_called("POST", settings.PUSH_API_URL, times=1)


def test_settings_fixture_is_seen_by_settings_stubs(apimock, settings):
    settings.API_URL = "https://staging.example.com/v2/items"

    response = requests.get(
        f"{settings.API_URL}/9",
        headers={"Authorization": f"Key {settings.AUTH_KEY}"},
        timeout=5,
    )

    assert response.json() == {"item_id": "9", "name": "widget"}


def test_client_fixture_reaches_a_view_that_calls_stripe(apimock, client):
    response = client.post("/payments/", CARD, content_type="application/json")

    assert response.status_code == 201
    apimock.assert_called("POST", "https://api.stripe.com/v1/tokens", times=1)


def test_async_client_fixture_reaches_an_async_view(apimock, async_client):
    response = asyncio.run(async_client.get("/items/3/aiohttp/"))

    assert response.json() == {"id": "3", "name": "widget"}
    apimock.assert_called("GET", f"{settings.API_URL}/3", times=1)


def test_rf_fixture_builds_requests_for_a_view_called_directly(apimock, rf):
    from testproject.payments.views import PaymentView

    request = rf.post("/payments/", CARD, content_type="application/json")
    response = PaymentView.as_view()(request)

    assert response.status_code == 201


@pytest.mark.apimock(cassette="stripe/create_token")
def test_marker_cassette_replays_the_recording(client, apimock):
    created = client.post("/payments/", CARD, content_type="application/json")

    assert created.json()["token"] == "tok_1Recorded4242"
    assert len(apimock.calls) == 1


def test_unmatched_request_fails_the_test(apimock):
    requests.get(ELSEWHERE, timeout=5)


def test_swallowed_miss_fails_the_test(apimock):
    with contextlib.suppress(Exception):
        requests.get(ELSEWHERE, timeout=5)


def test_expected_miss_caught_with_pytest_raises_still_fails_the_test(apimock):
    # pytest.raises is code catching the error, as in the test case classes.
    with pytest.raises(UnmatchedRequest):
        requests.get(ELSEWHERE, timeout=5)


@pytest.fixture
def swallows_a_miss_at_teardown(apimock):
    yield
    with contextlib.suppress(Exception):
        requests.get(ELSEWHERE, timeout=5)


def test_miss_swallowed_in_a_fixtures_teardown_fails_at_teardown(
    swallows_a_miss_at_teardown,
):
    pass


def test_plain_test_is_mocked_by_default():
    # apimock is in the sample project's INSTALLED_APPS: every test is guarded.
    assert activation.current() is not None


def test_plain_test_swallowing_a_miss_fails_by_default():
    with contextlib.suppress(Exception):
        requests.get(ELSEWHERE, timeout=5)


@pytest.mark.no_apimock
def test_no_apimock_marker_leaves_the_test_unmocked():
    assert activation.current() is None


@pytest.mark.apimock("positional")
def test_marker_rejects_positional_arguments():
    pass


@pytest.mark.apimock(stub=[])
def test_marker_rejects_unknown_arguments():
    pass

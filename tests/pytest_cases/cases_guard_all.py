"""PYTEST_GUARD_ALL and ASSERT_ALL_USED on: run with settings_guard_all."""

from __future__ import annotations

import json

import requests
from django.conf import settings

from apimock import MockedAPISimpleTestCase, activation

ELSEWHERE = "https://elsewhere.example.com/v1/things"
URL = "https://api.test/v1/things"
# A request the items API's contract describes, with a key it refuses.
WRONG_KEY = {"params": json.dumps({"auth": "wrong", "data": {}})}


def test_plain_test_is_answered_by_the_settings_stubs():
    response = requests.post(settings.API_URL, data=WRONG_KEY, timeout=5)

    assert response.status_code == 401


def test_plain_test_unmatched_request_fails():
    requests.get(ELSEWHERE, timeout=5)


def test_unused_stub_fails_a_passing_test(apimock):
    apimock.add("GET", URL, name="spare")


def test_unused_stub_is_not_reported_on_a_failing_test(apimock):
    apimock.add("GET", URL, name="spare")
    raise AssertionError("the test's own failure")


class TestCaseClassesMockThemselves(MockedAPISimpleTestCase):
    def test_one_class_and_one_test_activation(self):
        assert activation._stack == [type(self).api, self.api]

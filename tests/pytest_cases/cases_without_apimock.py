"""apimock installed, not in INSTALLED_APPS: run with settings_without_apimock."""

from __future__ import annotations

import pytest
import requests

from apimock import MockedAPITestCase, activation

URL = "https://api.test/v1/things"


def test_plain_test_is_left_alone_even_with_guard_all():
    assert activation.current() is None


@pytest.mark.apimock(stubs=[{"method": "GET", "url": URL, "status": 202}])
def test_the_marker_still_mocks():
    assert requests.get(URL, timeout=5).status_code == 202


class MockedTestCaseWithoutTheApp(MockedAPITestCase):
    def test_never_runs_half_set_up(self):
        requests.get(URL, timeout=5)

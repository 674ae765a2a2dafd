"""Without DRF the MockedAPI*TestCase classes stand on Django's own bases."""

from __future__ import annotations

from pathlib import Path

from django.test import SimpleTestCase

from tests.helpers import run_without

# On the path first, this package makes "import rest_framework" fail.
HIDE_DRF = Path(__file__).resolve().parent / "without_drf"

SCRIPT = """
import unittest
import django, requests
django.setup()
from django.test.runner import DiscoverRunner
from django.test import Client, TestCase
import apimock

class Ping(apimock.MockedAPITestCase):
    stubs = [{"method": "GET", "url": "https://api.example.com/ping", "json": 1}]

    def test_ping(self):
        self.assertIsInstance(self.client, Client)
        self.assertEqual(requests.get("https://api.example.com/ping").json(), 1)
        self.assertAPICalled("GET", "https://api.example.com/ping", times=1)

runner = DiscoverRunner(verbosity=0)
runner.setup_test_environment()
databases = runner.setup_databases()
suite = unittest.TestSuite([Ping("test_ping")])
result = runner.run_suite(suite)
runner.teardown_databases(databases)
print(result.testsRun, len(result.failures + result.errors))
for name in ("SimpleTestCase", "TransactionTestCase", "TestCase", "LiveServerTestCase"):
    print(getattr(apimock, "MockedAPI" + name).__bases__[1].__qualname__)
"""


class WithoutDrfTest(SimpleTestCase):
    def test_the_test_cases_stand_on_djangos_bases(self):
        result = run_without(HIDE_DRF, SCRIPT, settings="tests.no_drf_settings")

        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.splitlines(),
            [
                "1 0",
                "SimpleTestCase",
                "TransactionTestCase",
                "TestCase",
                "LiveServerTestCase",
            ],
        )

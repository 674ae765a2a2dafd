"""httpx and aiohttp are optional: without them apimock imports and works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
# On the path first, these packages make "import httpx"/"import aiohttp" fail.
HIDE_CLIENTS = Path(__file__).resolve().parent / "without_optional_clients"

SCRIPT = """
import django, requests
django.setup()
import apimock
from apimock.transports import installed_clients
with apimock.mocked() as api:
    api.add("GET", "https://api.example.com/ping", json={"pong": True})
    print(requests.get("https://api.example.com/ping").json())
    print(installed_clients())
"""


class WithoutOptionalClientsTest(SimpleTestCase):
    def test_apimock_works_with_requests_alone(self):
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=ROOT,
            env={
                **os.environ,
                "PYTHONPATH": os.pathsep.join([str(HIDE_CLIENTS), str(ROOT)]),
                "DJANGO_SETTINGS_MODULE": "testproject.settings",
            },
            capture_output=True,
            text=True,
            timeout=120,
        )

        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.splitlines(),
            ["{'pong': True}", "['requests', 'urllib3', 'http.client']"],
        )

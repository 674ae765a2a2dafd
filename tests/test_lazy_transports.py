"""A client's transport is installed when the client is imported, not
before: ``import apimock`` and activation import no client, and one first
imported inside a test is answered by stubs all the same."""

from __future__ import annotations

from django.test import SimpleTestCase

from tests.helpers import ROOT, run_without

HEAVY = ["aiohttp", "httpx", "httpx2", "grpc", "pycurl", "httplib2", "niquests"]

SCRIPT = f"""
import asyncio, sys, django
django.setup()
import apimock
from apimock.transports import installed_clients

async def get(aiohttp):
    async with aiohttp.ClientSession() as session:
        async with session.get("https://api.example.com/ping") as response:
            return await response.json()

with apimock.mocked() as api:
    print([name for name in {HEAVY!r} if name in sys.modules])
    api.add("GET", "https://api.example.com/ping", json={{"pong": True}})
    import aiohttp, httpx
    print(asyncio.run(get(aiohttp)), httpx.get("https://api.example.com/ping").json())
    print([call.client for call in api.calls], "httpx" in installed_clients())
print(installed_clients())
with apimock.mocked() as api:  # imported by now: installed as it activates
    api.add("GET", "https://api.example.com/ping", json={{"again": True}})
    print(asyncio.run(get(aiohttp)))
"""


class LazyTransportsTest(SimpleTestCase):
    def test_a_client_imported_after_activation_is_answered_by_stubs(self):
        # A fresh interpreter, for a first import, in a project of apimock
        # alone (the sample project's apps import stripe, and stripe httpx).
        result = run_without(ROOT, SCRIPT, settings="tests.no_drf_settings")

        self.assertEqual(result.returncode, 0, result.stderr)
        before, answers, clients, after, again = result.stdout.splitlines()
        # Neither apimock nor its activation imported a heavy client.
        self.assertEqual(before, "[]")
        self.assertEqual(answers, "{'pong': True} {'pong': True}")
        self.assertEqual(clients, "['aiohttp', 'httpx'] True")
        self.assertEqual(after, "[]")  # every transport uninstalled
        self.assertEqual(again, "{'again': True}")

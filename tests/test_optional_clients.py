"""httpx, httpx2 and aiohttp are optional: without them, or with a version
whose API apimock does not know, apimock imports and works for the other
clients."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

from tests.helpers import run_without

ROOT = Path(__file__).resolve().parent.parent
# On the path first, these packages make "import httpx" (httpx2, aiohttp) fail.
HIDE_CLIENTS = Path(__file__).resolve().parent / "without_optional_clients"
# On the path first, this httpx has an API no apimock transport knows, and
# its package metadata a version apimock does not support.
UNKNOWN_HTTPX = Path(__file__).resolve().parent / "unknown_client_versions"

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


UNKNOWN_SCRIPT = """
import aiohttp, django, httpx, requests
django.setup()
import apimock
from apimock.transports import installed_clients, unsupported_clients
try:
    with apimock.mocked() as api:
        api.add("GET", "https://api.example.com/ping", json={"pong": True})
        print(requests.get("https://api.example.com/ping").json())
        print(installed_clients())
        print(unsupported_clients()["httpx"])
        httpx.get("https://api.example.com/ping")
except apimock.UnmatchedRequest as error:
    print(next(line for line in str(error).splitlines() if "blocked" in line))
"""


def run_python(
    *arguments: str, path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(path), str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": "testproject.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


class WithoutOptionalClientsTest(SimpleTestCase):
    def test_apimock_works_with_requests_alone(self):
        result = run_python("-c", SCRIPT, path=HIDE_CLIENTS)

        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.splitlines(),
            ["{'pong': True}", "['requests', 'urllib3', 'http.client']"],
        )


class UnknownClientVersionTest(SimpleTestCase):
    def test_the_client_is_left_out_and_its_requests_still_blocked(self):
        result = run_python("-c", UNKNOWN_SCRIPT, path=UNKNOWN_HTTPX)

        self.assertEqual(result.returncode, 0, result.stderr)
        pong, clients, reason, blocked = result.stdout.splitlines()
        self.assertEqual(pong, "{'pong': True}")
        # Every other installed client is still answered; httpx alone is out.
        answered = ast.literal_eval(clients)
        self.assertNotIn("httpx", answered)
        self.assertTrue(
            {"requests", "urllib3", "http.client", "aiohttp"} <= set(answered)
        )
        self.assertIn("httpx 99.0 is installed, but apimock does not support", reason)
        self.assertIn("(apimock supports httpx>=0.24,<1)", reason)
        self.assertEqual(
            blocked,
            "DNS look-up (socket.getaddrinfo) of api.example.com:443 was blocked: "
            'the host is not in APIMOCK["ALLOWED_HOSTS"].',
        )

    def test_the_check_says_so_once(self):
        result = run_python("-W", "error", "manage.py", "check", path=UNKNOWN_HTTPX)

        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr.count("apimock.W001"), 1, result.stderr)
        self.assertIn("httpx 99.0 is installed", result.stderr)

    def test_the_pytest_header_says_so_once(self):
        result = run_python(
            # respx's plugin (the bench extra's) breaks under the fake httpx.
            "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:respx",
            "--collect-only",
            "tests/test_supported_versions.py", path=UNKNOWN_HTTPX,
        )  # fmt: skip

        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        header = result.stdout.split("collected")[0]
        self.assertEqual(header.count("httpx 99.0 is installed"), 1, header)
        self.assertIn("apimock: (apimock.W001) httpx 99.0 is installed", header)


ALIASED = """
import httpx2
httpx2.alias_httpx()  # "import httpx" is httpx2 from now on
import django, httpx
django.setup()
import apimock
real = httpx2.HTTPTransport.handle_request
with apimock.mocked() as api:
    api.add("GET", "https://api.example.com/ping", json={"pong": True})
    print(httpx.get("https://api.example.com/ping").json(), api.calls[0].client)
print(httpx2.HTTPTransport.handle_request is real)
"""


class AliasedHttpxTest(SimpleTestCase):
    def test_httpx_made_an_alias_of_httpx2_is_answered_and_restored(self):
        # httpx2.alias_httpx() is how an application migrates from httpx:
        # both transports then patch the same class, and both undo it.
        result = run_python("-c", ALIASED, path=ROOT)

        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines(), ["{'pong': True} httpx2", "True"])


# On the path first, this metadata says aiohttp 3.0 (apimock answers 3.9 on)
# in front of the real, importable aiohttp.
OLD_METADATA = Path(__file__).resolve().parent / "old_client_metadata"
# On the path first, this httpx states no version (its metadata is the real
# one's, a supported version) and has an API no apimock transport knows.
BROKEN_HTTPX = Path(__file__).resolve().parent / "broken_client_api"

CHECK_SCRIPT = """
import sys, django
django.setup()
from django.core.checks import run_checks
print([message.msg for message in run_checks() if message.id == "apimock.W001"])
print("aiohttp" in sys.modules)
"""


class ClientVersionFromMetadataTest(SimpleTestCase):
    def test_w001_reads_the_version_from_metadata_and_imports_no_client(self):
        # A project of apimock alone: the sample project's views import
        # openai, and openai aiohttp.
        result = run_without(OLD_METADATA, CHECK_SCRIPT, "tests.no_drf_settings")

        self.assertEqual(result.returncode, 0, result.stderr)
        warnings, imported = result.stdout.splitlines()
        self.assertEqual(
            ast.literal_eval(warnings),
            [
                "aiohttp 3.0 is installed, but apimock does not support this "
                "version yet (apimock supports aiohttp>=3.9). Its requests get "
                "no stub answers, and the socket guard still stops every one "
                "to a host outside ALLOWED_HOSTS."
            ],
        )
        self.assertEqual(imported, "False")

    def test_a_supported_version_whose_api_is_unknown_is_left_out(self):
        result = run_python("-c", UNKNOWN_SCRIPT, path=BROKEN_HTTPX)

        self.assertEqual(result.returncode, 0, result.stderr)
        pong, clients, reason, blocked = result.stdout.splitlines()
        self.assertEqual(pong, "{'pong': True}")
        self.assertNotIn("httpx", ast.literal_eval(clients))
        self.assertIn("has no attribute 'HTTPTransport'", reason)
        self.assertNotIn("99.0", reason)
        self.assertIn("blocked", blocked)

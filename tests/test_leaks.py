"""The leak test: every way out of the process, tried under MockedAPITestCase.

A canary HTTP server on 127.0.0.2 (loopback, but not an allowed host) counts
every connection it accepts. Each mechanism below tries to reach it from a
test; each must fail that test with UnmatchedRequest, and the canary must
count nothing new. Controls in the same run show what must keep working.
"""

from __future__ import annotations

import _socket
import asyncio
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest
import urllib.request
from pathlib import Path

import aiohttp
import grpc
import httpx
import pycurl
import requests
import urllib3
from django.db import connection
from django.test import SimpleTestCase

import apimock
from apimock import MockedAPILiveServerTestCase, MockedAPITestCase, UnmatchedRequest
from apimock.guard import sockets as guard
from tests.helpers import Canary, canary, problems, run_case

ROOT = Path(__file__).resolve().parent.parent


class LeakTest(SimpleTestCase):
    databases = {"default"}

    def test_nothing_reaches_the_canary(self):
        with canary() as target:
            url = target.url + "/leak"
            # Opened before any mock is active, as at import time.
            early_session = requests.Session()
            early_session.get(url, timeout=5)
            early_connection = http.client.HTTPConnection(
                "127.0.0.2", target.port, timeout=5
            )
            early_connection.request("GET", "/early")
            early_connection.getresponse().read()
            early_socket = early_connection.sock
            before = target.accepted

            result = run_case(self.leaks(url, target, early_session, early_connection))

            self.assertEqual(target.accepted, before, "the canary was reached")
            # The refused keep-alive connection was closed, not left open.
            self.assertEqual(early_socket.fileno(), -1)
        early_session.close()
        early_connection.close()
        failed = {
            test._testMethodName: text for test, text in result.failures + result.errors
        }
        expected = {name for name in dir(self.Leaks) if name.startswith("test_")}
        if not shutil.which("curl"):
            expected.discard("test_curl_child")
        self.assertEqual(set(failed), expected)
        for name, text in failed.items():
            with self.subTest(mechanism=name):
                self.assertIn("UnmatchedRequest", text)

    def leaks(self, url, target, early_session, early_connection):
        case = self.Leaks
        case.url, case.target = url, target
        case.early_session, case.early_connection = early_session, early_connection
        return case

    class Leaks(MockedAPITestCase):
        url: str
        target: Canary

        def test_requests(self):
            requests.get(self.url, timeout=5)

        def test_session_with_a_custom_adapter(self):
            class RetryingAdapter(requests.adapters.HTTPAdapter):
                def send(self, request, **kwargs):
                    return super().send(request, **kwargs)

            session = requests.Session()
            session.mount("http://", RetryingAdapter(max_retries=2))
            session.get(self.url, timeout=5)

        def test_urllib3(self):
            urllib3.PoolManager().request("GET", self.url, timeout=5, retries=False)

        def test_urllib(self):
            urllib.request.urlopen(self.url, timeout=5)

        def test_http_client(self):
            conn = http.client.HTTPConnection("127.0.0.2", self.target.port, timeout=5)
            conn.request("GET", "/leak")
            conn.getresponse()

        def test_socket_create_connection(self):
            socket.create_connection(("127.0.0.2", self.target.port), timeout=5)

        def test_underscore_socket_connect(self):
            # _socket.socket is below the patched socket.socket: only the
            # interpreter's audit hook sees this connect.
            sock = _socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                sock.settimeout(5)
                sock.connect(("127.0.0.2", self.target.port))
            finally:
                sock.close()

        def test_tcp_fast_open_sendto(self):
            # sendto(MSG_FASTOPEN) connects and sends in one call, no connect().
            with socket.socket() as sock:
                sock.settimeout(5)
                sock.sendto(
                    b"GET / HTTP/1.0\r\n\r\n",
                    socket.MSG_FASTOPEN,
                    ("127.0.0.2", self.target.port),
                )

        def test_tcp_fast_open_sendmsg(self):
            with socket.socket() as sock:
                sock.settimeout(5)
                sock.sendmsg(
                    [b"GET / HTTP/1.0\r\n\r\n"],
                    [],
                    socket.MSG_FASTOPEN,
                    ("127.0.0.2", self.target.port),
                )

        def test_pycurl(self):
            # libcurl connects from C: only the handle can refuse it.
            curl = pycurl.Curl()
            curl.setopt(pycurl.URL, self.url)
            curl.setopt(pycurl.TIMEOUT, 5)
            curl.perform_rb()

        def test_grpc_channel(self):
            # gRPC's core connects from C: only the channel can refuse it.
            with grpc.insecure_channel(f"127.0.0.2:{self.target.port}") as channel:
                ping = channel.unary_unary("/leak.Canary/Ping")
                ping(b"", timeout=5)

        def test_httpx(self):
            httpx.get(self.url, timeout=5)

        def test_httpx_async(self):
            async def go():
                async with httpx.AsyncClient(timeout=5) as client:
                    await client.get(self.url)

            asyncio.run(go())

        def test_aiohttp(self):
            async def go():
                async with aiohttp.ClientSession() as session:
                    await session.get(self.url)

            asyncio.run(go())

        def test_asyncio_open_connection(self):
            async def go():
                await asyncio.open_connection("127.0.0.2", self.target.port)

            asyncio.run(go())

        def test_a_thread(self):
            errors: list[BaseException] = []

            def worker():
                try:
                    requests.get(self.url, timeout=5)
                except BaseException as error:
                    errors.append(error)

            thread = threading.Thread(target=worker)
            thread.start()
            thread.join(timeout=10)
            raise errors[0]

        def test_pre_opened_session(self):
            self.early_session.get(self.url, timeout=5)

        def test_pre_opened_keep_alive_connection(self):
            self.early_connection.request("GET", "/again")
            self.early_connection.getresponse()

        def test_python_child(self):
            address = ("127.0.0.2", self.target.port)
            code = f"import socket; socket.create_connection({address!r})"
            subprocess.run(
                [sys.executable, "-c", code], timeout=60, capture_output=True
            )

        @unittest.skipUnless(shutil.which("curl"), "curl is not installed")
        def test_curl_child(self):
            subprocess.run(
                ["curl", "-sS", "-m", "5", self.url], timeout=60, capture_output=True
            )


class ControlTest(SimpleTestCase):
    """What the guard must not break, checked under the same guard."""

    databases = {"default"}

    def test_event_loop_database_and_live_server_keep_working(self):
        class Controls(MockedAPILiveServerTestCase):
            def test_event_loop(self):
                async def echo(reader, writer):
                    writer.write(await reader.read(5))
                    await writer.drain()
                    writer.close()

                async def go():
                    server = await asyncio.start_server(echo, "127.0.0.1", 0)
                    port = server.sockets[0].getsockname()[1]
                    async with server:
                        reader, writer = await asyncio.open_connection(
                            "127.0.0.1", port
                        )
                        writer.write(b"hello")
                        answer = await asyncio.wait_for(reader.read(5), timeout=5)
                        writer.close()
                        return answer

                self.assertEqual(asyncio.run(go()), b"hello")

            def test_socketpair(self):
                left, right = socket.socketpair()
                with left, right:
                    left.sendall(b"x")
                    self.assertEqual(right.recv(1), b"x")

            def test_database(self):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                    self.assertEqual(cursor.fetchone(), (1,))

            def test_live_server(self):
                response = requests.get(self.live_server_url + "/payments/", timeout=5)
                self.assertEqual(response.status_code, 405)  # GET is not allowed

        result = run_case(Controls)

        self.assertEqual(problems(result), [])
        self.assertEqual(result.testsRun, 4)


class BlockedSocketTest(SimpleTestCase):
    def test_a_refused_connect_closes_the_socket(self):
        # create_connection cleans up only on OSError; the guard's error is
        # not one, so the guard closes the socket itself.
        for connect in ("connect", "connect_ex"):
            with self.subTest(connect):
                sock = socket.socket()
                with self.assertRaises(UnmatchedRequest), apimock.mocked():
                    getattr(sock, connect)(("127.0.0.2", 9))
                self.assertEqual(sock.fileno(), -1)


class AuditHookTest(SimpleTestCase):
    """The audit hook stays in the interpreter for good: idle outside a mock."""

    def test_it_refuses_only_while_a_mock_is_active(self):
        with canary() as target:
            address = ("127.0.0.2", target.port)
            with apimock.mocked():
                pass  # the hook is in place from the first activation on

            sock = _socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                sock.settimeout(5)
                sock.connect(address)  # no mock active: a normal connect
            finally:
                sock.close()
            with self.assertRaises(UnmatchedRequest) as caught, apimock.mocked():
                sock = _socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                try:
                    sock.connect(address)
                finally:
                    sock.close()

            self.assertIn("audit hook", str(caught.exception))
            self.assertIn(f"127.0.0.2:{target.port}", str(caught.exception))
            deadline = time.monotonic() + 5
            while target.accepted < 1 and time.monotonic() < deadline:
                time.sleep(0.01)
            self.assertEqual(target.accepted, 1)

    def test_a_cassette_recording_may_connect(self):
        with canary() as target, apimock.mocked(), guard.opened():
            sock = _socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                sock.settimeout(5)
                sock.connect(("127.0.0.2", target.port))
            finally:
                sock.close()


class ChildGuardFilesTest(SimpleTestCase):
    def test_a_process_that_exits_still_mocked_leaves_no_misses_file(self):
        # A dev server, or a test that never stops its mock: the child
        # guard's misses file (made when a child starts) goes with the process.
        code = textwrap.dedent(
            """
            import glob, os, subprocess, sys
            import django
            django.setup()
            from apimock import mocked
            mocked().__enter__()  # never left
            subprocess.run([sys.executable, "-c", ""], check=True)
            print(len(glob.glob(os.path.join(os.environ["TMPDIR"], "apimock-*"))))
            """
        )
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "testproject.settings",
                "TMPDIR": folder,
            }
            done = subprocess.run(
                [sys.executable, "-c", code],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(done.stdout.strip(), "1")  # it was there
            self.assertEqual(os.listdir(folder), [])

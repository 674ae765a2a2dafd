"""Shared test helpers: run a TestCase class in isolation, a loopback HTTP server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import unittest
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

from apimock import UnmatchedRequest
from apimock.exceptions import mark_reported

BLOCKED_URL = "https://blocked.example.com/v1/things"


def run_case(case: type[unittest.TestCase], *names: str) -> unittest.TestResult:
    """Run the tests of ``case`` (all, or ``names`` in that order); return the result.

    Classes defined inside a test are not found by the test runner, so each
    can demonstrate a passing or failing test without failing this suite.
    """
    loader = unittest.TestLoader()
    if names:
        suite = unittest.TestSuite(case(name) for name in names)
    else:
        suite = loader.loadTestsFromTestCase(case)
    result = unittest.TestResult()
    suite.run(result)  # a top-level run: it also runs the class fixtures
    return result


ROOT = Path(__file__).resolve().parent.parent


def run_without(
    hidden: Path, script: str, settings: str = "testproject.settings"
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a child Python whose path puts ``hidden`` first: the
    packages in it stand in for libraries that are not installed."""
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(hidden), str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": settings,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def problems(result: unittest.TestResult) -> list[str]:
    return [text for _, text in result.failures + result.errors]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"served": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.hits += 1  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def loopback_server() -> Iterator[ThreadingHTTPServer]:
    """A real HTTP server on 127.0.0.1 (a free port) for as long as the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.hits = 0  # type: ignore[attr-defined]
    with serving(server):
        yield server


S = TypeVar("S", bound=ThreadingHTTPServer)


@contextmanager
def serving(server: S) -> Iterator[S]:
    """Run ``server`` in a thread for the block; shut it down and close it after."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class Canary:
    """Counts accepted connections on 127.0.0.2; answers 200 to anything."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.2", 0))
        self._server.settimeout(0.1)
        self.port = self._server.getsockname()[1]
        self.url = f"http://127.0.0.2:{self.port}"
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                continue
            self.accepted += 1
            threading.Thread(target=self._answer, args=(client,), daemon=True).start()

    @staticmethod
    def _answer(client: socket.socket) -> None:
        with client:
            client.settimeout(2)
            for _ in range(100):  # keep-alive: a bounded number of requests
                try:
                    if not client.recv(65536):
                        return
                    client.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                except OSError:
                    return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()


@contextmanager
def canary() -> Iterator[Canary]:
    server = Canary()
    try:
        yield server
    finally:
        server.stop()


class ExpectMisses:
    """``assertUnmatched()``: a miss the test expects is not a swallowed one."""

    @contextmanager
    def assertUnmatched(self) -> Iterator[unittest.case._AssertRaisesContext]:  # type: ignore[type-arg]
        with self.assertRaises(UnmatchedRequest) as caught:  # type: ignore[attr-defined]
            yield caught
        mark_reported(caught.exception)

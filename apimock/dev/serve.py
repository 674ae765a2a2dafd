"""``manage.py apimock serve``: the settings stubs as a real HTTP server.

For front-end and non-Python clients. One APIMock answers for the server's
lifetime, so sequences and scenarios carry on from request to request and
templates see each request. Nothing is passed through: a request no stub
answers gets 404 with the near-miss report, which is also logged. Under
``APIMOCK["CONTRACTS"]``, a request its contract does not describe gets 400,
and a stub answer that breaks it 500, each with the report.

Under ``APIMOCK["FAKES"]`` a contract's fake answers what no stub does, and
keeps what is created for as long as the server runs: ``GET
/__apimock__/fakes`` lists the fakes and what they hold, ``POST
/__apimock__/fakes/reset`` empties their stores.

Which URL a request stands for, in this order: an absolute request target
(the server used as an HTTP proxy), a path that starts with the URL
(``/https://api.example.com/v1/items``), or ``--origin`` plus the path.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from apimock.dev.journal import serving as journal
from apimock.exceptions import ContractViolation, UnmatchedRequest
from apimock.fakes import registry as fake_registry
from apimock.mock import APIMock
from apimock.request import APIRequest, APIResponse
from apimock.stubs import faults
from apimock.transports import wire

Log = Callable[[str], None]
#: GET lists the fakes in force and what they hold; POST to .../reset empties
#: their stores.
FAKES_PATH = "/__apimock__/fakes"


class StubServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], origin: str | None, out: Log, err: Log
    ) -> None:
        super().__init__(address, _Handler)
        self.mock = APIMock(allowed_hosts=())
        journal.start(self.mock)
        self.origin = origin.rstrip("/") if origin else None
        self.out, self.err = out, err
        self.log_lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else host
        return f"http://{shown}:{port}/"


class _Handler(BaseHTTPRequestHandler):
    server: StubServer
    protocol_version = "HTTP/1.1"

    def handle_one_request(self) -> None:
        # One method for every verb: do_GET, do_POST... are looked up by name.
        self.raw_requestline = self.rfile.readline(65537)
        if not self.raw_requestline or not self.parse_request():
            self.close_connection = True
            return
        self._answer()
        self.wfile.flush()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.split("?")[0] in (FAKES_PATH, FAKES_PATH + "/reset"):
            self._fakes()
            return
        page = journal.answer(
            self.command,
            self.path,
            self.headers.items(),
            body,
            self.client_address,
            self.server.server_address,
        )
        if page is not None:  # the journal's own pages (JOURNAL_PATH)
            self._send(page, {})
            return
        url = self._target()
        if url is None:
            self._send_json(400, {"detail": _WHICH_URL})
            return
        request = APIRequest(
            method=self.command,
            url=url,
            headers=dict(self.headers.items()),
            body=body,
            client="apimock serve",
        )
        mock = self.server.mock
        match = None
        try:
            match = mock.resolve(request)
            if match is None:  # no host is allowed, so this does not happen
                raise UnmatchedRequest(f"{request} would pass through")
            response = mock.respond(request, match, sleep=False)
        except ContractViolation as violation:
            # The client's request is at fault (400), or the stub's answer (500).
            status = 400 if match is None else 500
            self._log(f"{request} -> {status} breaks the contract", str(violation))
            self._send_json(
                status, {"detail": "Breaks the contract.", "report": str(violation)}
            )
            return
        except UnmatchedRequest as miss:
            self._log(f"{request} -> 404 no stub", str(miss))
            self._send_json(404, {"detail": "No stub matched.", "report": str(miss)})
            return
        except Exception as error:  # the stub's error: the client sees it drop
            self._log(f"{request} -> connection dropped ({error})")
            self.close_connection = True
            return
        self._log(f"{request} -> {response.status} [{match.stub.label}]")
        self._send(response, match.answer)

    def _fakes(self) -> None:
        """The fakes' own endpoint: list them (GET), or empty their stores (POST)."""
        mock = self.server.mock
        reset = self.path.split("?")[0].endswith("/reset")
        if (self.command, reset) == ("POST", True):
            mock.fakes.reset()
            self._log(f"POST {self.path} -> 200 (every fake's store emptied)")
        elif (self.command, reset) != ("GET", False):
            self._send_json(
                405,
                {"detail": f"GET {FAKES_PATH} lists, POST {FAKES_PATH}/reset empties"},
            )
            return
        listed = [
            {
                "base_url": fake.base_url,
                "contract": str(fake.contract),
                "objects": {
                    name: len(mock.fake(fake.base_url).objects(name))
                    for name in mock.fake(fake.base_url).resources()
                },
            }
            for fake in fake_registry.in_force()
        ]
        self._send_json(200, {"fakes": listed})

    def _target(self) -> str | None:
        path = self.path
        if path.startswith(("http://", "https://")):
            return path
        if path.startswith(("/http://", "/https://")):
            return path[1:]
        if self.server.origin:
            return self.server.origin + path
        return None

    def _send(self, response: APIResponse, answer: Any) -> None:
        delay = float(answer.get("delay", 0))
        if delay:
            time.sleep(delay)  # a real client's own timeout decides
        if response.stream is not None:
            self._send_stream(response)
            return
        body = response.body
        cut = response.fault in (faults.CONNECTION_RESET, faults.TRUNCATED_BODY)
        self.send_response(response.status)
        for name, value in response.headers.items():
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if cut else body)
        if cut:
            self.close_connection = True

    def _send_stream(self, response: APIResponse) -> None:
        """A streamed answer, a chunk at a time, each sent as it is made (an
        EventSource in a browser sees each event as it comes)."""
        self.send_response(response.status)
        for name, value in response.headers.items():  # Transfer-Encoding: chunked
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, value)
        self.end_headers()
        try:
            for data in wire.chunks(response):
                self.wfile.write(data)
                self.wfile.flush()
        except Exception as error:  # a stream's callback: the client sees it drop
            self._log(f"stream broken off ({error})")
            self.close_connection = True
        if response.fault:  # the stream ends without its last chunk
            self.close_connection = True

    def _send_json(self, status: int, payload: Any) -> None:
        self._send(
            APIResponse(
                status=status,
                headers={"Content-Type": "application/json"},
                body=json.dumps(payload).encode(),
            ),
            {},
        )

    def _log(self, line: str, report: str | None = None) -> None:
        with self.server.log_lock:
            self.server.out(line)
            if report:
                self.server.err(report)
            # A server runs for hours: its log is the output, not memory.
            self.server.mock.calls.reset()
            self.server.mock.misses.clear()
            self.server.mock.violations.clear()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # each request is logged once, by _log


_WHICH_URL = (
    "Which API is this request for? Send the full URL as the path "
    "(/https://api.example.com/v1/items), use this server as an HTTP proxy, "
    "or start it with --origin https://api.example.com."
)

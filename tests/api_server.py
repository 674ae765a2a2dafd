"""A small real API on 127.0.0.1 for recording cassettes from.

It echoes what it was sent so a test can tell a recorded answer from a
replayed one, sets a session cookie, serves a binary file, streams
server-sent events (``/events``) and counts calls.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.helpers import serving

SESSION_COOKIE = "session=cookie-secret-42; Path=/"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00\x01"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        server: APIServer = self.server  # type: ignore[assignment]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with server.lock:
            server.hits += 1
            server.counter[self.path] = server.counter.get(self.path, 0) + 1
            count = server.counter[self.path]
        url = urlsplit(self.path)
        if url.path == "/logo.png":
            self._send(200, "image/png", PNG)
            return
        if url.path == "/events":
            self._send_events(self.headers.get("Authorization") or "")
            return
        payload = {
            "path": url.path,
            "count": count,
            "authorization": self.headers.get("Authorization"),
            "query": parse_qs(url.query),
            "sent": json.loads(body) if body else None,
        }
        self._send(
            201 if self.command == "POST" else 200,
            "application/json",
            json.dumps(payload).encode(),
            {"Set-Cookie": SESSION_COOKIE, "X-Request-Count": str(count)},
        )

    def _send(
        self, status: int, content_type: str, body: bytes, extra: dict | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _send_events(self, authorization: str) -> None:
        """Server-sent events, a chunk each, JSON written compactly as
        OpenAI's and Anthropic's servers write it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for event in (
            ": keep-alive\n\n",
            "event: delta\nid: 1\ndata: "
            + json.dumps({"text": "Hel", "auth": authorization}, separators=(",", ":"))
            + "\n\n",
            'event: delta\ndata: {"text":"lo"}\n\n',
            "data: [DONE]\n\n",
        ):
            data = event.encode()
            self.wfile.write(b"%x\r\n%b\r\n" % (len(data), data))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, format: str, *args: object) -> None:
        pass


class APIServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits = 0
        self.counter: dict[str, int] = {}
        self.lock = threading.Lock()
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def api_server() -> Iterator[APIServer]:
    """The server, running for as long as the block does (stopped on exit)."""
    with serving(APIServer()) as server:
        yield server

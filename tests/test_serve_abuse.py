"""``apimock serve`` under abuse, as a hardened HTTP/1.1 server behaves.

One real server (the command, in a subprocess, with small limits) takes
every abuse case over loopback sockets; every loop is bounded, every socket
has a timeout, and the server's stderr must hold no traceback at the end.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any, ClassVar

import requests
from django.test import SimpleTestCase

from tests.test_serve import start_server, stop

LIMITS = [
    "--idle-timeout", "1",
    "--request-timeout", "2",
    "--max-body", "1024",
    "--max-connections", "4",
]  # fmt: skip
SIGNUP = "/v2/signup"


def status_of(raw: bytes) -> int:
    """The status code of the first response in ``raw`` (0 if none)."""
    first = raw.split(b"\r\n", 1)[0].split()
    return int(first[1]) if len(first) > 1 and first[1].isdigit() else 0


class ServeCase(SimpleTestCase):
    """One `apimock serve` for the class (``limits``), and socket helpers."""

    server: ClassVar
    base: ClassVar[str]
    port: ClassVar[int]
    limits: ClassVar[list[str]] = LIMITS

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.server, cls.base = start_server(
            "--origin", "https://api.example.com", *cls.limits,
            settings="tests.serve_settings",
        )  # fmt: skip
        cls.port = int(cls.base.rsplit(":", 1)[1])

    @classmethod
    def tearDownClass(cls) -> None:
        _, _, err = stop(cls.server)
        cls.stderr = err
        super().tearDownClass()
        # Asserted here so that every case above has run first.
        assert "Traceback" not in err, err[-3000:]

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        self.addCleanup(sock.close)
        return sock

    def exchange(self, data: bytes, read_for: float = 5) -> bytes:
        """Send ``data``; what the server answers until it closes (bounded)."""
        sock = self.connect()
        sock.sendall(data)
        return self.read_all(sock, read_for)

    def read_all(self, sock: socket.socket, read_for: float) -> bytes:
        got = b""
        deadline = time.monotonic() + read_for
        while time.monotonic() < deadline:
            sock.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            except ConnectionError:
                break
            if not chunk:
                break
            got += chunk
        return got

    def request(self, head: str, body: bytes = b"") -> bytes:
        return self.exchange(head.replace("\n", "\r\n").encode() + b"\r\n" + body)


class AbuseTest(ServeCase):
    def test_an_idle_connection_is_closed_after_the_idle_timeout(self):
        sock = self.connect()
        started = time.monotonic()
        self.assertEqual(self.read_all(sock, read_for=8), b"")  # closed, not timed out
        self.assertLess(time.monotonic() - started, 4)

    def test_a_trickled_request_is_cut_off_at_its_deadline(self):
        sock = self.connect()
        started = time.monotonic()
        closed = False
        for byte in b"GET /v1/items/5 HTTP/1.1\r\nHost: x\r\n":  # bounded: 36 bytes
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            time.sleep(0.2)
            if time.monotonic() - started > 6:
                break
        rest = b"" if closed else self.read_all(sock, read_for=3)
        self.assertNotIn(b"HTTP/1.1 200", rest)
        self.assertLess(time.monotonic() - started, 8)

    def test_a_request_line_past_64_kib_is_414(self):
        self.assertEqual(
            status_of(self.request(f"GET /{'a' * 70_000} HTTP/1.1\nHost: x\n")), 414
        )

    def test_too_many_headers_or_a_header_too_long_is_431(self):
        many = "".join(f"X-{n}: y\n" for n in range(101))
        self.assertEqual(status_of(self.request(f"GET / HTTP/1.1\n{many}")), 431)
        long = f"X-Long: {'y' * 70_000}\n"
        self.assertEqual(status_of(self.request(f"GET / HTTP/1.1\n{long}")), 431)

    def test_a_content_length_that_is_not_a_byte_count_is_400(self):
        for value in ("abc", "-5", "+5", "1e3", "0x10", "٣", "5, 6"):
            with self.subTest(value=value):
                raw = self.request(
                    f"POST {SIGNUP} HTTP/1.1\nHost: x\nContent-Length: {value}\n", b"{}"
                )
                self.assertEqual(status_of(raw), 400)
        twice = "Content-Length: 2\nContent-Length: 3\n"
        self.assertEqual(
            status_of(self.request(f"POST {SIGNUP} HTTP/1.1\n{twice}", b"{}")), 400
        )

    def test_a_body_past_the_limit_is_413_without_reading_it(self):
        for length in (10**15, 1025):
            with self.subTest(length=length):
                raw = self.request(
                    f"POST {SIGNUP} HTTP/1.1\nHost: x\nContent-Length: {length}\n"
                )
                self.assertEqual(status_of(raw), 413)

    def test_a_body_shorter_than_its_length_is_400(self):
        sock = self.connect()
        sock.sendall(b"POST /v2/signup HTTP/1.1\r\nContent-Length: 10\r\n\r\n{}")
        sock.shutdown(socket.SHUT_WR)
        self.assertEqual(status_of(self.read_all(sock, read_for=5)), 400)

    def test_a_chunked_body_is_read_as_the_body(self):
        body = json.dumps({"email": "chunked@example.com"}).encode()
        chunks = b"".join(
            b"%x\r\n%s\r\n" % (len(piece), piece) for piece in (body[:7], body[7:])
        )
        raw = self.request(
            f"POST {SIGNUP} HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n"
            "Content-Type: application/json\n",
            chunks + b"0\r\nX-Trailer: t\r\n\r\n",
        )
        self.assertEqual(status_of(raw), 201, raw)
        self.assertIn(b'"user": "chunked@example.com"', raw)

    def test_bad_chunked_framing_is_400_413_or_501(self):
        cases = {
            b"zz\r\nabc\r\n0\r\n\r\n": 400,  # not hexadecimal
            b"3\r\nabcdef\r\n0\r\n\r\n": 400,  # longer than its size
            b"401\r\n" + b"a" * 1025 + b"\r\n0\r\n\r\n": 413,  # past the limit
            b"3\r\nabc": 400,  # ends early
        }
        for chunks, expected in cases.items():
            with self.subTest(chunks=chunks[:20]):
                sock = self.connect()
                sock.sendall(
                    b"POST /v2/signup HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunks
                )
                sock.shutdown(socket.SHUT_WR)
                self.assertEqual(status_of(self.read_all(sock, 5)), expected)
        gzip = "Transfer-Encoding: gzip\n"
        self.assertEqual(
            status_of(self.request(f"POST {SIGNUP} HTTP/1.1\n{gzip}")), 501
        )
        both = "Transfer-Encoding: chunked\nContent-Length: 3\n"
        self.assertEqual(
            status_of(self.request(f"POST {SIGNUP} HTTP/1.1\n{both}")), 400
        )

    def test_garbage_and_unsupported_protocols_are_refused(self):
        self.assertEqual(
            status_of(self.exchange(b"\x00\x01\x02 nonsense\r\n\r\n")), 400
        )
        self.assertEqual(status_of(self.exchange(b"GET / HTTP/9.9\r\n\r\n")), 505)
        preface = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
        self.assertIn(status_of(self.exchange(preface)), (400, 505))

    def test_keep_alive_serves_requests_one_after_another(self):
        sock = self.connect()
        request = (
            b"GET /v1/items/%d HTTP/1.1\r\nHost: x\r\n"
            b"Authorization: Key test-key\r\n\r\n"
        )
        sock.sendall(request % 1 + request % 2)
        raw = self.read_all(sock, read_for=3)
        self.assertEqual(raw.count(b"HTTP/1.1 200 OK"), 2)
        self.assertIn(b'"item_id": "2"', raw)


class ConnectionLimitTest(ServeCase):
    """Its own server: two connections at once, and an idle timeout long
    enough that the two idle ones still hold their places when the third
    comes, however busy the machine is."""

    limits: ClassVar[list[str]] = [
        "--idle-timeout", "5", "--max-connections", "2",
    ]  # fmt: skip

    def test_connections_past_the_limit_get_503_and_the_server_recovers(self):
        idle = [self.connect() for _ in range(2)]  # both places taken, idling
        time.sleep(0.5)
        extra = self.exchange(
            b"GET /v1/items/5 HTTP/1.1\r\nHost: x\r\n\r\n", read_for=3
        )
        self.assertEqual(status_of(extra), 503)
        self.assertLessEqual(self.thread_count(), 2 + 8)  # the places, and its own
        for sock in idle:
            sock.close()
        answered = 0
        for _ in range(50):  # bounded: 5 s at most for the places to come back
            answer = requests.get(
                f"{self.base}/v1/items/5",
                headers={"Authorization": "Key test-key"},
                timeout=5,
            )
            if answer.status_code == 200:
                answered += 1
                break
            time.sleep(0.1)
        self.assertEqual(answered, 1)

    def thread_count(self) -> int:
        status = Path(f"/proc/{self.server.pid}/status").read_text().splitlines()
        threads = next(line for line in status if line.startswith("Threads:"))
        return int(threads.split()[1])


class RoutesTest(SimpleTestCase):
    def test_a_route_added_before_the_catch_all_answers_its_paths(self):
        from apimock.dev.http import Incoming, Reply, Server
        from tests.helpers import serving

        def fallback(incoming: Incoming) -> Reply:
            return Reply(200, [("Content-Type", "text/plain")], b"fallback")

        def page(incoming: Incoming) -> Reply:
            return Reply(
                200, [("Content-Type", "text/plain")], incoming.body or b"page"
            )

        server = Server(("127.0.0.1", 0), fallback, err=lambda line: None)
        server.add_route("/__apimock/", page)
        with serving(server):
            base = f"http://127.0.0.1:{server.server_address[1]}"
            self.assertEqual(
                requests.get(f"{base}/__apimock/journal", timeout=5).text, "page"
            )
            self.assertEqual(
                requests.post(f"{base}/__apimock/x", data=b"hi", timeout=5).text, "hi"
            )
            self.assertEqual(
                requests.get(f"{base}/v1/items", timeout=5).text, "fallback"
            )


class InterruptTest(SimpleTestCase):
    def test_ctrl_c_while_a_connection_starts_stops_the_server(self):
        """A KeyboardInterrupt that lands in process_request after the
        connection's thread started reaches serve_forever: the slot is given
        back once, not a second time with a ValueError in its place."""
        import socketserver
        import threading
        from unittest import mock

        from apimock.dev.http import Incoming, Limits, Reply, Server

        def fallback(incoming: Incoming) -> Reply:
            return Reply(200, [("Content-Type", "text/plain")], b"ok")

        server = Server(
            ("127.0.0.1", 0), fallback, limits=Limits(connections=1), err=print
        )
        self.addCleanup(server.server_close)
        started = socketserver.ThreadingMixIn.process_request

        def start_then_interrupt(self: Server, request: Any, address: Any) -> None:
            started(self, request, address)
            for thread in threading.enumerate():  # let the connection finish
                if "process_request_thread" in thread.name:
                    thread.join(5)
            raise KeyboardInterrupt

        client = socket.create_connection(server.server_address[:2], timeout=5)
        self.addCleanup(client.close)
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        with (
            mock.patch.object(
                socketserver.ThreadingMixIn, "process_request", start_then_interrupt
            ),
            self.assertRaises(KeyboardInterrupt),
        ):
            server._handle_request_noblock()
        self.assertTrue(client.recv(100).startswith(b"HTTP/1.1 200"))
        # The one slot is free again, and was released once (Bounded: a
        # second release raises).
        self.assertTrue(server._slots.acquire(blocking=False))
        server._slots.release()

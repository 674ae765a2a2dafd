"""A small HTTP/1.1 server that holds up under abuse, with routes to extend.

The standard library's ``http.server`` parses the request line (414 past
64 KiB) and the headers (431 past 100 lines or a 64 KiB line) and answers a
malformed request with 400; what it leaves out is added here: an idle
timeout between requests and a deadline for each request once its first
byte arrives (so a client that trickles bytes is cut off), a body read by
``Content-Length`` or ``chunked`` framing within a size limit (:mod:`framing`: 400 for
bad framing, 413 past the limit, 501 for other transfer codings), a bounded
number of connections (503 past it), and one log line instead of a
traceback when a client misbehaves.

What a request gets is decided by routes: ``(prefix, handler)`` pairs, the
first whose prefix starts the path wins. :meth:`Server.add_route` puts a
new one before the catch-all, so a page of its own (``/__apimock/...``)
needs nothing else.
"""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from apimock.dev.framing import Refused, read_body

Log = Callable[[str], None]
_MAX_LINE = 65536  # the standard library's own bound (http.server)


@dataclass(frozen=True)
class Limits:
    #: Seconds a connection may wait for its next request.
    idle: float = 10.0
    #: Seconds a request may take to arrive once its first byte has.
    request: float = 30.0
    #: Bytes a request body may hold.
    body: int = 10 * 1024 * 1024
    #: Connections served at once; more are answered 503 and closed.
    connections: int = 64


@dataclass(frozen=True)
class Incoming:
    """A request as a route sees it: the target as sent, the headers, the body."""

    method: str
    target: str
    headers: Message
    body: bytes
    #: The client's and the server's socket addresses.
    client: tuple[Any, ...] = ()
    server: tuple[Any, ...] = ()

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


@dataclass
class Reply:
    """What a route answers. ``cut``: send half the body, then close;
    ``drop``: close the connection without answering; ``stream``: the body
    as HTTP/1.1 chunks, each written as it is made (Transfer-Encoding:
    chunked among the headers), the connection closed unless the last
    chunk ends it."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    delay: float = 0.0
    cut: bool = False
    drop: bool = False
    stream: Iterator[bytes] | None = None


Route = Callable[[Incoming], Reply]


class _Clock(io.RawIOBase):
    """The connection's reads, each waiting no longer than its time allows:
    the idle timeout before a request starts, what is left of the request's
    deadline after."""

    def __init__(self, sock: socket.socket, limits: Limits) -> None:
        self._sock = sock
        self._limits = limits
        self.deadline: float | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.deadline is None:
            wait = self._limits.idle
        else:
            wait = self.deadline - time.monotonic()
            if wait <= 0:
                raise TimeoutError("the request took too long to arrive")
        self._sock.settimeout(wait)
        count = self._sock.recv_into(buffer)
        if count and self.deadline is None:
            self.deadline = time.monotonic() + self._limits.request
        return count


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"
    # An error for a request line without a version still starts with a
    # status line (HTTP/0.9 answers have none); such requests are refused.
    default_request_version = "HTTP/1.0"
    _clock: _Clock

    def setup(self) -> None:
        super().setup()
        self._clock = _Clock(self.connection, self.server.limits)
        self.rfile = io.BufferedReader(self._clock)

    def handle_one_request(self) -> None:
        """The standard library's, with one method for every verb."""
        self._clock.deadline = None  # idle until the next request's first byte
        try:
            self.raw_requestline = self.rfile.readline(_MAX_LINE + 1)
            if len(self.raw_requestline) > _MAX_LINE:
                self.requestline = self.request_version = self.command = ""
                self.send_error(414)
                self.close_connection = True
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():  # 400, 431 or 505, sent already
                self.close_connection = True
                return
            if len(self.requestline.split()) != 3:  # "GET /": HTTP/0.9
                self.send_error(400, "Send HTTP/1.0 or HTTP/1.1")
                self.close_connection = True
                return
            self._dispatch()
            self.wfile.flush()
        except (TimeoutError, ConnectionError) as error:
            self.log_error("%s", error or type(error).__name__)
            self.close_connection = True

    def _dispatch(self) -> None:
        try:
            body = read_body(self.headers, self.rfile, self.server.limits.body)
        except Refused as refused:
            self.close_connection = True
            self._write(
                Reply(
                    refused.status,
                    [("Content-Type", "text/plain; charset=utf-8")],
                    f"{refused.reason}\n".encode(),
                )
            )
            return
        incoming = Incoming(
            self.command,
            self.path,
            self.headers,
            body,
            self.client_address,
            self.server.server_address,
        )
        self._write(self.server.route(incoming)(incoming))

    # -- the answer ----------------------------------------------------------

    def _write(self, reply: Reply) -> None:
        if reply.drop:
            self.close_connection = True
            return
        # Writing gets the idle timeout whatever the request's deadline left.
        self.connection.settimeout(self.server.limits.idle)
        if reply.delay:
            time.sleep(reply.delay)  # the stub's own delay; a client times out
        self.send_response(reply.status)
        framing: tuple[str, ...] = ("content-length", "connection")
        if reply.stream is None:
            framing += ("transfer-encoding",)
        for name, value in reply.headers:
            if name.lower() in framing:
                continue
            if "\r" in name or "\n" in name or "\r" in value or "\n" in value:
                continue  # a stub's header may not end the head early
            self.send_header(name, value)
        if reply.stream is not None:
            self._write_stream(reply.stream)
            return
        self.send_header("Content-Length", str(len(reply.body)))
        if self.close_connection or reply.cut:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(
                reply.body[: len(reply.body) // 2] if reply.cut else reply.body
            )
        if reply.cut:
            self.close_connection = True

    def _write_stream(self, chunks: Iterator[bytes]) -> None:
        """Each chunk as it is made (a browser's EventSource sees each event
        as it comes); a stream that breaks off closes the connection."""
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        last = b""
        try:
            for last in chunks:
                self.wfile.write(last)
                self.wfile.flush()
        except (ConnectionError, TimeoutError):
            raise
        except Exception as error:  # a stream's own callback failed
            self.log_error("stream broken off (%s)", error)
        if last != b"0\r\n\r\n":  # no last chunk: the client sees it end
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a route logs what it answered; see log_error

    def log_error(self, format: str, *args: Any) -> None:
        client = self.client_address[0] if self.client_address else "?"
        self.server.err(f"apimock serve: {client}: {format % args}")


class Server(ThreadingHTTPServer):
    """A threading HTTP server with :class:`Limits` and routes."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        fallback: Route,
        *,
        limits: Limits | None = None,
        err: Log = print,
    ) -> None:
        self.limits = limits or Limits()
        self.err = err
        self._routes: list[tuple[str, Route]] = [("", fallback)]
        self._slots = threading.BoundedSemaphore(self.limits.connections)
        # The connections holding a slot. A slot is given back once, by
        # whichever side gets there first: Ctrl-C can land in process_request
        # after its thread started, and a second release then raised
        # ValueError in place of the KeyboardInterrupt, so the server went on.
        self._holding: set[int] = set()
        self._holding_lock = threading.Lock()
        super().__init__(address, Handler)

    def add_route(self, prefix: str, route: Route) -> None:
        """Answer paths starting with ``prefix`` with ``route`` (before the
        catch-all, after routes added earlier)."""
        self._routes.insert(len(self._routes) - 1, (prefix, route))

    def route(self, incoming: Incoming) -> Route:
        path = incoming.path
        return next(route for prefix, route in self._routes if path.startswith(prefix))

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self._refuse_busy(request)
            return
        with self._holding_lock:
            self._holding.add(id(request))
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._give_back(request)
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._give_back(request)

    def _give_back(self, request: Any) -> None:
        with self._holding_lock:
            if id(request) not in self._holding:
                return
            self._holding.discard(id(request))
        self._slots.release()

    def _refuse_busy(self, request: socket.socket) -> None:
        try:
            request.settimeout(1)
            request.sendall(
                b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n"
                b"Content-Type: text/plain\r\nContent-Length: 17\r\n\r\n"
                b"Too many clients\n"
            )
        except OSError:
            pass
        self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line for a connection that failed, never a traceback."""
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the client went away or was too slow: nothing to say
        self.err(
            f"apimock serve: connection from {client_address[0]} failed: {error!r}"
        )

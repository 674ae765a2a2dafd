"""HTTP/1.1 on the wire, for transports that fake a connection: parse the
request a client wrote, and write the stub's answer for the client's parser."""

from __future__ import annotations

import http.client
import io
from collections.abc import Iterator
from typing import Any

from apimock.request import APIRequest, APIResponse
from apimock.stubs import faults


class RequestBuffer:
    """Bytes a client sent; yields each request once all of it has arrived."""

    def __init__(self, origin: str, client: str) -> None:
        self._origin = origin
        self._client = client
        self._data = bytearray()

    def feed(self, data: bytes) -> None:
        self._data += data

    def next_request(self) -> APIRequest | None:
        """The first complete request (removed from the buffer), or None yet."""
        head, separator, rest = bytes(self._data).partition(b"\r\n\r\n")
        if not separator:
            return None
        lines = head.decode("iso-8859-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        pairs = (line.split(":", 1) for line in lines[1:] if ":" in line)
        headers = {name.strip(): value.strip() for name, value in pairs}
        complete = _split_body(headers, rest)
        if complete is None:
            return None
        body, remainder = complete
        self._data = bytearray(remainder)
        url = target if "://" in target else self._origin + target
        return APIRequest(
            method=method, url=url, headers=headers, body=body, client=self._client
        )


def _split_body(headers: dict[str, str], data: bytes) -> tuple[bytes, bytes] | None:
    lowered = {name.lower(): value for name, value in headers.items()}
    if lowered.get("transfer-encoding", "").lower() == "chunked":
        return _split_chunked(data)
    length = int(lowered.get("content-length", "0") or 0)
    if len(data) < length:
        return None
    return data[:length], data[length:]


def _split_chunked(data: bytes) -> tuple[bytes, bytes] | None:
    body = bytearray()
    while True:
        size_line, separator, data = data.partition(b"\r\n")
        if not separator:
            return None
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            trailer_end = data.find(b"\r\n")
            if trailer_end < 0:
                return None
            return bytes(body), data[trailer_end + 2 :]
        if len(data) < size + 2:
            return None
        body += data[:size]
        data = data[size + 2 :]


def raw_response(answer: APIResponse, method: str) -> bytes:
    """The answer as an HTTP/1.1 response, with a Content-Length.

    A ``connection_reset`` or ``truncated_body`` answer promises the whole
    body but sends half: the transport then resets or closes the connection,
    and the client's parser fails the way it does when a server goes away
    mid-response.
    """
    body = b"" if method == "HEAD" else answer.body
    if answer.fault in faults.CUT_SHORT:
        body = body[: len(body) // 2]
    return _head(answer, streamed=False) + body


def _head(answer: APIResponse, *, streamed: bool) -> bytes:
    reason = http.client.responses.get(answer.status, "Unknown")
    headers = {name.lower(): (name, value) for name, value in answer.headers.items()}
    headers.pop("transfer-encoding", None)
    headers.pop("content-length", None)
    if streamed:
        headers["transfer-encoding"] = ("Transfer-Encoding", "chunked")
    else:  # the body is sent whole
        headers["content-length"] = ("Content-Length", str(len(answer.body)))
    lines = [f"HTTP/1.1 {answer.status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers.values()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("iso-8859-1")


def raw_pieces(answer: APIResponse, method: str) -> Iterator[bytes]:
    """The answer as HTTP/1.1, in the pieces a server writes them, each made
    when the client reads that far: a stream's head, then one chunk per
    piece, then the last chunk, unless a fault ends it first."""
    if answer.stream is None:
        yield raw_response(answer, method)
        return
    yield _head(answer, streamed=True)
    if method != "HEAD":
        yield from chunks(answer)


def chunks(answer: APIResponse) -> Iterator[bytes]:
    """A stream's pieces as HTTP/1.1 chunks, each made when asked for, then
    the last chunk, unless a fault ends the stream first."""
    assert answer.stream is not None
    for piece in answer.stream:
        if piece:  # an empty chunk would end the body
            yield b"%x\r\n%b\r\n" % (len(piece), piece)
    if answer.fault is None:
        yield b"0\r\n\r\n"


class PieceReader(io.RawIOBase):
    """Reads pieces one at a time; at their end, a reset or a clean end of file."""

    def __init__(self, pieces: Iterator[bytes], reset: bool) -> None:
        self._pieces = pieces
        self._left = b""
        self._reset = reset

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._left:
            piece = next(self._pieces, None)
            if piece is None:
                if self._reset:
                    raise ConnectionResetError(104, "apimock: connection reset by peer")
                return 0
            self._left = piece
        size = min(len(buffer), len(self._left))
        buffer[:size] = self._left[:size]
        self._left = self._left[size:]
        return size


def response_file(answer: APIResponse, method: str) -> io.BufferedIOBase:
    """The answer as the file a socket's ``makefile`` gives: read lazily,
    and ending as the answer's fault says."""
    if answer.stream is None and answer.fault is None:
        return io.BytesIO(raw_response(answer, method))
    pieces = PieceReader(
        raw_pieces(answer, method), answer.fault == faults.CONNECTION_RESET
    )
    return io.BufferedReader(pieces)


class _Socket:
    """All http.client's response reads of a socket."""

    def __init__(self, file: io.BufferedIOBase) -> None:
        self._file = file

    def makefile(self, mode: str, *args: Any, **kwargs: Any) -> io.BufferedIOBase:
        return self._file


def http_response(answer: APIResponse, method: str) -> http.client.HTTPResponse:
    """The answer as http.client's own response, its head read, its body
    (a stream's pieces included) read as the client reads it."""
    response = http.client.HTTPResponse(
        _Socket(response_file(answer, method)),  # type: ignore[arg-type]
        method=method,
    )
    response.begin()
    return response

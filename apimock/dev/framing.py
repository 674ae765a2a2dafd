"""Reading a request body by its framing: ``Content-Length`` or ``chunked``.

Every read is bounded: by the body limit (413 past it), by the chunk-size
line's length, by the number of trailer lines; a malformed length or chunk
is 400, a transfer coding other than ``chunked`` 501, and a request with
both framings 400 (it is how requests are smuggled past proxies).
"""

from __future__ import annotations

import re
from email.message import Message
from io import BufferedIOBase

_MAX_LINE = 65536  # the standard library's own bounds (http.server, http.client)
_MAX_TRAILERS = 100
_HEX = re.compile(rb"[0-9A-Fa-f]{1,16}")


class Refused(Exception):
    """The request is answered with an error status, and the connection closed."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def read_body(headers: Message, rfile: BufferedIOBase, limit: int) -> bytes:
    """The request body its headers announce; Refused saying why not."""
    coding = headers.get("Transfer-Encoding")
    lengths = headers.get_all("Content-Length") or []
    if coding is not None:
        if lengths:
            raise Refused(400, "Both Transfer-Encoding and Content-Length.")
        if coding.strip().lower() != "chunked":
            raise Refused(
                501, f"Transfer-Encoding {coding.strip()!r} is not supported."
            )
        return _chunked(rfile, limit)
    if not lengths:
        return b""
    if len({value.strip() for value in lengths}) > 1:
        raise Refused(400, "Content-Length is given twice, differently.")
    text = lengths[0].strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        raise Refused(400, f"Content-Length {text[:40]!r} is not a byte count.")
    length = int(text)
    if length > limit:
        raise Refused(413, f"The body may hold {limit} bytes.")
    return _exactly(rfile, length)


def _chunked(rfile: BufferedIOBase, limit: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:  # each pass reads a chunk of one byte or more, or ends
        line = rfile.readline(_MAX_LINE + 1)
        size_text = line.split(b";", 1)[0].strip()
        if not line.endswith(b"\n") or not _HEX.fullmatch(size_text):
            raise Refused(400, "A chunk size is not hexadecimal.")
        size = int(size_text, 16)
        if size == 0:
            _trailers(rfile)
            return b"".join(parts)
        total += size
        if total > limit:
            raise Refused(413, f"The body may hold {limit} bytes.")
        parts.append(_exactly(rfile, size))
        if rfile.readline(3) not in (b"\r\n", b"\n"):
            raise Refused(400, "A chunk does not end where its size says.")


def _trailers(rfile: BufferedIOBase) -> None:
    for _ in range(_MAX_TRAILERS + 1):
        line = rfile.readline(_MAX_LINE + 1)
        if line in (b"\r\n", b"\n"):
            return
        if not line.endswith(b"\n"):
            raise Refused(400, "The chunked body ends early.")
    raise Refused(431, "Too many trailer fields.")


def _exactly(rfile: BufferedIOBase, count: int) -> bytes:
    data = rfile.read(count)
    if len(data) < count:
        raise Refused(400, "The body is shorter than the request says.")
    return data

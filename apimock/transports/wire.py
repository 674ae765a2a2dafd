"""HTTP/1.1 on the wire, for transports that fake a connection: parse the
request a client wrote, and write the stub's answer for the client's parser."""

from __future__ import annotations

import http.client

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
    reason = http.client.responses.get(answer.status, "Unknown")
    headers = {name.lower(): (name, value) for name, value in answer.headers.items()}
    headers.pop("transfer-encoding", None)  # the body is sent whole
    headers["content-length"] = ("Content-Length", str(len(answer.body)))
    lines = [f"HTTP/1.1 {answer.status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers.values()]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("iso-8859-1")
    body = b"" if method == "HEAD" else answer.body
    if answer.fault in (faults.CONNECTION_RESET, faults.TRUNCATED_BODY):
        body = body[: len(body) // 2]
    return head + body

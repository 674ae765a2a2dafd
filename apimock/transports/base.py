"""What every transport shares: the active mock, passing through, faults."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable
from typing import Any

from apimock import activation
from apimock.exceptions import UnmatchedRequest
from apimock.mock import APIMock
from apimock.request import APIResponse
from apimock.stubs import faults
from apimock.transports import wire


def active_mock(description: object) -> APIMock:
    """The innermost active mock. ``description`` (a request, say) is made a
    string only for the error: every stubbed call asks."""
    mock = activation.current()
    if mock is None:
        # A patch outlived the last mock (another thread stopped it).
        raise UnmatchedRequest(f"{description}: apimock is not active any more.")
    return mock


def sender(
    namespace: dict[str, Any], kind: type | tuple[type, ...], depth: int = 16
) -> Any:
    """Which session or client sent the request: the ``self`` of the nearest
    caller within ``depth`` frames that runs in the module whose globals are
    ``namespace`` (``requests.sessions``, say) and is a ``kind`` (its session
    class). None if there is none (the transport was called directly).

    Frames are told apart by their globals, not their code: reading
    ``f_code`` raises an audit event, which the guard's audit hook would
    handle for every frame of every call."""
    frame = sys._getframe(1)
    while frame is not None and depth:
        if frame.f_globals is namespace:
            found = frame.f_locals.get("self")
            if isinstance(found, kind):
                return found
        frame = frame.f_back  # type: ignore[assignment]
        depth -= 1
    return None


class translated:  # lower case: used like the function it replaces
    """Re-raise what the block raises as ``make(error)`` (chained to it).

    A class, not a generator: every stubbed call enters it once.
    """

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[BaseException], BaseException]) -> None:
        self._make = make

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, tb: Any) -> None:
        if not isinstance(error, Exception):
            return  # no error, or one that is not ours to translate
        new = self._make(error)
        if new is not error:
            raise new from error


def translate(
    error: BaseException,
    own: type[BaseException] | tuple[type[BaseException], ...],
    timeout: Callable[[str], BaseException],
    connection_error: Callable[[str], BaseException],
) -> BaseException:
    """``error`` as the client's own exception, when it is a timeout or a
    connection error of another kind; anything else is raised as it is."""
    kind = faults.kind_of(error)
    if kind is None or isinstance(error, own):
        return error
    make = timeout if kind == faults.TIMEOUT else connection_error
    return make(str(error))


def body_bytes(body: Any) -> bytes:
    """A urllib3-style request body (None, text, bytes, a file or an iterable
    of chunks) as bytes."""
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if isinstance(body, Iterable):
        return b"".join(c.encode() if isinstance(c, str) else bytes(c) for c in body)
    raise TypeError(f"apimock cannot read a request body of type {type(body)!r}")


def seconds(value: Any) -> float | None:
    """A client's read timeout in seconds: a number, a ``(connect, read)``
    pair, or urllib3's ``Timeout``; None for no timeout (or one we cannot read)."""
    if value is None or type(value) is float:
        return value  # what httpx and most code pass: every stubbed call asks
    if isinstance(value, tuple) and len(value) == 2:
        value = value[1]
    if type(value).__name__ == "Timeout" and hasattr(value, "total"):  # urllib3
        try:
            value = value.read_timeout
        except Exception:  # TimeoutStateError: a total, not yet connected
            value = value.total
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def pieces(answer: APIResponse) -> Iterable[bytes]:
    """The body as a client reads it: a stream's pieces as they are made, the
    half of a body a fault cuts short, or the whole body."""
    if answer.stream is not None:
        return answer.stream
    if answer.fault in faults.CUT_SHORT:
        return (answer.body[: len(answer.body) // 2],)
    return (answer.body,)


def body_stream(answer: APIResponse) -> io.BufferedIOBase:
    """The answer's body as a file; a faulty one stops half-way."""
    if answer.fault is None and answer.stream is None:
        return io.BytesIO(answer.body)
    reader = wire.PieceReader(
        iter(pieces(answer)), answer.fault == faults.CONNECTION_RESET
    )
    return io.BufferedReader(reader)


def reset_headers(answer: APIResponse) -> dict[str, str]:
    """The answer's headers, promising the whole body (which a fault cuts short)."""
    headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-length"}
    headers["Content-Length"] = str(len(answer.body))
    return headers


#: The faults that end a body early (see apimock.stubs.faults).
CUT_SHORT = faults.CUT_SHORT

"""``pycurl``: a ``Curl`` whose ``perform`` asks the mock before libcurl runs.

libcurl connects from C, where no Python patch or audit hook reaches, so the
handle itself is the entry point: while apimock is active ``pycurl.Curl`` is
a subclass that remembers the options it is given (and hands each on to
libcurl). ``perform()`` turns them into a request; a stubbed (or refused)
one never reaches libcurl, and the answer is delivered as libcurl delivers
it: header lines to ``HEADERFUNCTION``/``WRITEHEADER``, the body to
``WRITEFUNCTION``/``WRITEDATA``, ``getinfo`` for the status and URL, and
``pycurl.error`` with libcurl's own codes for faults. A request to an
allowed host is performed by libcurl as usual.
"""

from __future__ import annotations

import base64
import http.client
import io
import sys
from collections.abc import Callable
from typing import Any

import pycurl

from apimock.guard.passthrough import passing_through
from apimock.request import URL, APIRequest, APIResponse
from apimock.stubs import faults
from apimock.transports import base

CLIENT = "pycurl"
_RealCurl = pycurl.Curl
_RealCurlMulti = pycurl.CurlMulti

# libcurl's error codes for what a stub's fault stands for.
_TIMEOUT = 28  # CURLE_OPERATION_TIMEDOUT
_COULDNT_CONNECT = 7  # CURLE_COULDNT_CONNECT
_RECV_ERROR = 56  # CURLE_RECV_ERROR
_PARTIAL_FILE = 18  # CURLE_PARTIAL_FILE
_WRITE_ERROR = 23  # CURLE_WRITE_ERROR


def _translate(error: BaseException) -> BaseException:
    return base.translate(
        error,
        pycurl.error,
        lambda message: pycurl.error(_TIMEOUT, message),
        lambda message: pycurl.error(_COULDNT_CONNECT, message),
    )


def _text(value: Any) -> str:
    return value.decode("iso-8859-1") if isinstance(value, bytes) else str(value)


class _Options:
    """The options a handle was given, read the way libcurl reads them."""

    def __init__(self, given: dict[int, Any]) -> None:
        self._given = given

    def method(self) -> str:
        given = self._given
        if pycurl.CUSTOMREQUEST in given:
            return _text(given[pycurl.CUSTOMREQUEST]).upper()
        if given.get(pycurl.NOBODY):
            return "HEAD"
        if given.get(pycurl.UPLOAD):
            return "PUT"
        posting = (pycurl.POSTFIELDS, pycurl.COPYPOSTFIELDS, pycurl.HTTPPOST)
        if given.get(pycurl.POST) or any(option in given for option in posting):
            return "POST"
        return "GET"

    def headers(self) -> dict[str, str]:
        given = self._given
        headers: dict[str, str] = {}
        if pycurl.USERAGENT in given:
            headers["User-Agent"] = _text(given[pycurl.USERAGENT])
        if pycurl.COOKIE in given:
            headers["Cookie"] = _text(given[pycurl.COOKIE])
        if pycurl.USERPWD in given:
            token = base64.b64encode(_text(given[pycurl.USERPWD]).encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        for line in given.get(pycurl.HTTPHEADER) or ():
            name, _, value = _text(line).partition(":")
            if value.strip():  # "Name:" alone removes a header libcurl adds
                headers[name.strip()] = value.strip()
        return headers

    def body(self) -> bytes:
        given = self._given
        for option in (pycurl.POSTFIELDS, pycurl.COPYPOSTFIELDS):
            if option in given:
                value = given[option]
                return value.encode("utf-8") if isinstance(value, str) else value
        reader = given.get(pycurl.READFUNCTION)
        if reader is None and pycurl.READDATA in given:
            reader = given[pycurl.READDATA].read
        if reader is None:
            return b""
        chunks = []
        while chunk := reader(16384):
            chunks.append(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        return b"".join(chunks)

    def timeout(self) -> float | None:
        if pycurl.TIMEOUT_MS in self._given:
            return float(self._given[pycurl.TIMEOUT_MS]) / 1000
        return base.seconds(self._given.get(pycurl.TIMEOUT))

    def writer(self, function: int, data: int) -> Callable[[bytes], Any] | None:
        if function in self._given:
            return self._given[function]  # type: ignore[no-any-return]
        if data in self._given:
            return self._given[data].write  # type: ignore[no-any-return]
        return None


class Curl(_RealCurl):
    """``pycurl.Curl`` while apimock is active (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._apimock_given: dict[int, Any] = {}
        self._apimock_info: dict[int, Any] = {}

    def setopt(self, option: int, value: Any, **kwargs: Any) -> None:
        # libcurl validates it, as without apimock.
        super().setopt(option, value, **kwargs)
        self._apimock_given[option] = value

    def unsetopt(self, option: int) -> None:
        super().unsetopt(option)
        self._apimock_given.pop(option, None)

    def reset(self) -> None:
        super().reset()
        self._apimock_given.clear()
        self._apimock_info.clear()

    def getinfo(self, option: int) -> Any:
        if option in self._apimock_info:
            return self._apimock_info[option]
        return super().getinfo(option)

    def getinfo_raw(self, option: int) -> Any:
        value = self.getinfo(option)
        return value.encode("iso-8859-1") if isinstance(value, str) else value

    def perform(self) -> None:
        self._apimock_info.clear()
        url = _text(self._apimock_given.get(pycurl.URL, ""))
        if passing_through() or not url:
            super().perform()
            return
        options = _Options(self._apimock_given)
        request = APIRequest(
            method=options.method(),
            url=url,
            headers=options.headers(),
            body=options.body(),
            client=CLIENT,
            timeout=options.timeout(),
        )
        mock = base.active_mock(request)
        stub = mock.resolve(request)
        if stub is None:  # an allowed host: libcurl sends it
            super().perform()
            return
        with base.translated(_translate):
            answer = mock.respond(request, stub)
        self._deliver(request, answer, options)

    def perform_rb(self) -> bytes:
        buffer = io.BytesIO()
        self.setopt(pycurl.WRITEDATA, buffer)
        self.perform()
        return buffer.getvalue()

    def perform_rs(self) -> str:
        return self.perform_rb().decode("utf-8")

    def _deliver(
        self, request: APIRequest, answer: APIResponse, options: _Options
    ) -> None:
        headers = base.reset_headers(answer) if answer.fault else dict(answer.headers)
        self._apimock_info.update(
            {
                pycurl.RESPONSE_CODE: answer.status,
                pycurl.EFFECTIVE_URL: request.url,
                pycurl.CONTENT_TYPE: next(
                    (v for k, v in headers.items() if k.lower() == "content-type"),
                    None,
                ),
            }
        )
        reason = http.client.responses.get(answer.status, "Unknown")
        lines = [f"HTTP/1.1 {answer.status} {reason}\r\n"]
        lines += [f"{name}: {value}\r\n" for name, value in headers.items()]
        write_header = options.writer(pycurl.HEADERFUNCTION, pycurl.WRITEHEADER)
        if write_header is not None:
            for line in [*lines, "\r\n"]:
                _write(write_header, line.encode("iso-8859-1"))
        write = options.writer(pycurl.WRITEFUNCTION, pycurl.WRITEDATA)
        sent = 0
        if request.method != "HEAD":
            # As libcurl hands over what arrives: a stream's pieces one at a
            # time, or the half of a body a fault cuts short, then it fails.
            for piece in base.pieces(answer):
                if piece:
                    _write(write or sys.stdout.buffer.write, piece)  # libcurl's default
                    sent += len(piece)
        if answer.fault == faults.CONNECTION_RESET:
            raise pycurl.error(_RECV_ERROR, "apimock: connection reset by peer")
        if answer.fault == faults.TRUNCATED_BODY:
            left = (
                "outstanding read data remaining"
                if answer.stream is not None
                else f"{len(answer.body) - sent} bytes left"
            )
            raise pycurl.error(_PARTIAL_FILE, f"apimock: transfer closed with {left}")


class CurlMulti(_RealCurlMulti):
    """``pycurl.CurlMulti`` while apimock is active: libcurl runs its
    transfers itself, so no stub can answer one, and a handle for a host
    that is not allowed is refused when it is added."""

    def add_handle(self, curl: _RealCurl) -> None:
        given = getattr(curl, "_apimock_given", {})
        url = URL.parse(_text(given.get(pycurl.URL, "")))
        if url.host and not passing_through():
            mock = base.active_mock(f"pycurl CurlMulti transfer to {url.full}")
            port = url.effective_port
            if not mock.allowed_hosts.allows(url.host, port):
                raise mock.blocked(
                    url.host,
                    port,
                    "A pycurl CurlMulti transfer (use Curl.perform() for stubs) to",
                )
        super().add_handle(curl)


def _write(write: Callable[[bytes], Any], data: bytes) -> None:
    """As libcurl: a callback that returns a count other than the length aborts."""
    taken = write(data)
    if taken is not None and taken != len(data):
        raise pycurl.error(_WRITE_ERROR, "Failure writing output to destination")


def install() -> None:
    pycurl.Curl = Curl  # type: ignore[misc]
    pycurl.CurlMulti = CurlMulti  # type: ignore[misc]


def uninstall() -> None:
    pycurl.Curl = _RealCurl  # type: ignore[misc]
    pycurl.CurlMulti = _RealCurlMulti  # type: ignore[misc]

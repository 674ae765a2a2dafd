"""One gRPC call converted: the request message into a request, the
stub's answer into the call's own response messages or a status error."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import grpc
from google.protobuf import json_format
from google.protobuf.message import Message

from apimock.exceptions import StubError
from apimock.request import APIRequest, APIResponse
from apimock.stubs import faults
from apimock.stubs import grpc as grpc_stubs
from apimock.transports import base

CLIENT = "grpc"
_PREFIXES = ("dns:///", "dns:", "ipv4:", "ipv6:")


def host_port(target: str) -> tuple[str, int | None]:
    """The host and port of a channel target (``dns:///host:port`` and the like)."""
    for prefix in _PREFIXES:
        if target.startswith(prefix):
            target = target[len(prefix) :]
            break
    host, colon, port = target.rpartition(":")
    if not colon or "]" in port:
        return target.strip("[]"), None
    return host.strip("[]"), int(port) if port.isdigit() else None


class Call:
    """What converts one gRPC call: the request in, the stub's answer out."""

    def __init__(
        self,
        target: str,
        method: str,
        serializer: Callable[[Any], bytes] | None,
        deserializer: Callable[[bytes], Any] | None,
    ) -> None:
        host, port = host_port(target)
        self.url = f"grpc://{host}{f':{port}' if port else ''}{method}"
        self._serializer = serializer
        self._deserializer = deserializer

    def answer(self, request: Any, timeout: Any, metadata: Any) -> list[Any]:
        """The response messages (one for a unary method); raises the status."""
        api_request = APIRequest(
            method=grpc_stubs.METHOD,
            url=self.url,
            headers={str(k): _text(v) for k, v in (metadata or ())},
            body=self._body(request),
            client=CLIENT,
            timeout=base.seconds(timeout),
        )
        mock = base.active_mock(api_request)
        stub = mock.resolve(api_request, record=False)
        if stub is None:  # cannot happen: an allowed target has a real channel
            raise _status_error(grpc.StatusCode.UNAVAILABLE, "apimock: no stub")
        try:
            answer = mock.respond(api_request, stub)
        except Exception as error:
            kind = faults.kind_of(error)
            if kind is None:
                raise
            code = (
                grpc.StatusCode.DEADLINE_EXCEEDED
                if kind == faults.TIMEOUT
                else grpc.StatusCode.UNAVAILABLE
            )
            raise _status_error(code, str(error)) from error
        _raise_status(answer)
        return self._messages(stub.stub.label, answer)

    def _body(self, request: Any) -> bytes:
        if isinstance(request, list):  # a request stream, gathered
            return json.dumps(
                [json.loads(self._body(item)) for item in request]
            ).encode()
        if isinstance(request, Message):
            as_dict = json_format.MessageToDict(
                request, preserving_proto_field_name=True
            )
            return json.dumps(as_dict).encode()
        return self._serializer(request) if self._serializer else bytes(request)

    def _messages(self, label: str, answer: APIResponse) -> list[Any]:
        data = json.loads(answer.body) if answer.body else {}
        items = data if isinstance(data, list) else [data]
        return [self._message(label, item) for item in items]

    def _message(self, label: str, item: Any) -> Any:
        deserializer = self._deserializer
        if deserializer is None:
            return json.dumps(item).encode()  # the call asked for bytes
        message_type = getattr(deserializer, "__self__", None)
        if not isinstance(message_type, type):
            raise StubError(
                f"{label}: the call's response deserializer {deserializer!r} is "
                "not a message class's FromString, so apimock cannot build its "
                "response from the stub's json."
            )
        try:
            message = json_format.ParseDict(item, message_type())
        except json_format.ParseError as error:
            raise StubError(
                f"{label}: its json is not a {message_type.__name__}: {error}"
            ) from None
        return deserializer(message.SerializeToString())


def _text(value: Any) -> str:
    return value.decode("iso-8859-1") if isinstance(value, bytes) else str(value)


def _raise_status(answer: APIResponse) -> None:
    status = int(answer.headers.get(grpc_stubs.STATUS_HEADER, "0"))
    if status:
        details = answer.headers.get(grpc_stubs.DETAILS_HEADER, "")
        raise _status_error(_code_value(status), details)


def _code_value(number: int) -> grpc.StatusCode:
    return next(code for code in grpc.StatusCode if code.value[0] == number)


class Done(grpc.RpcError, grpc.Call, grpc.Future):  # type: ignore[type-arg]
    """A finished call: its status, and the error raised for a failed one."""

    def __init__(self, code: grpc.StatusCode, details: str, result: Any = None) -> None:
        super().__init__(details)
        self._code, self._details, self._result = code, details, result

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._details

    def initial_metadata(self) -> tuple[()]:
        return ()

    def trailing_metadata(self) -> tuple[()]:
        return ()

    def debug_error_string(self) -> str:
        return f"apimock: {self._code.name}: {self._details}"

    def is_active(self) -> bool:
        return False

    def time_remaining(self) -> float:
        return 0.0

    def cancel(self) -> bool:
        return False

    def cancelled(self) -> bool:
        return False

    def running(self) -> bool:
        return False

    def done(self) -> bool:
        return True

    def add_callback(self, callback: Callable[[], Any]) -> bool:
        return False

    def add_done_callback(self, fn: Callable[[Any], Any]) -> None:
        fn(self)

    def result(self, timeout: float | None = None) -> Any:
        if self._code is not grpc.StatusCode.OK:
            raise self
        return self._result

    def exception(self, timeout: float | None = None) -> Exception | None:
        return None if self._code is grpc.StatusCode.OK else self

    def traceback(self, timeout: float | None = None) -> None:
        return None

    def __str__(self) -> str:
        return f"<RpcError {self._code.name}: {self._details!r}>"


def _status_error(code: grpc.StatusCode, details: str) -> BaseException:
    return Done(code, details)


class MultiCallable:
    """One method of a stub channel, as each of gRPC's four shapes."""

    def __init__(self, call: Call, request_stream: bool, response_stream: bool) -> None:
        self._call = call
        self._request_stream = request_stream
        self._stream = response_stream

    def _messages(self, request: Any, kwargs: dict[str, Any]) -> list[Any]:
        if self._request_stream:
            request = list(request)  # gathered: the stub answers them all
        return self._call.answer(request, kwargs.get("timeout"), kwargs.get("metadata"))

    def __call__(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        messages = self._messages(request, keywords(args, kwargs))
        return _Stream(messages) if self._stream else messages[0]

    def with_call(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = self(request, *args, **kwargs)
        return response, Done(grpc.StatusCode.OK, "", response)

    def future(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            response = self(request, *args, **kwargs)
        except Done as failed:
            return failed
        return Done(grpc.StatusCode.OK, "", response)


def keywords(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    return {**dict(zip(("timeout", "metadata"), args, strict=False)), **kwargs}


class _Stream(Done):
    """A response stream: an iterator of messages that is also its call."""

    def __init__(self, messages: list[Any]) -> None:
        super().__init__(grpc.StatusCode.OK, "")
        self._messages: Iterator[Any] = iter(messages)

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        return next(self._messages)

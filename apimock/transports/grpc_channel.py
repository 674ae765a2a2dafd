"""The channel apimock gives a gRPC target that is not allowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc

from apimock.transports.grpc_calls import Call, MultiCallable


class StubChannel(grpc.Channel):
    """A channel to a target that is not allowed: every call asks the mock."""

    def __init__(self, target: str) -> None:
        self._target = target

    def _method(
        self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any], *shape: bool
    ) -> Any:
        given = _serializers(args, kwargs)
        call = Call(
            self._target,
            method,
            given.get("request_serializer"),
            given.get("response_deserializer"),
        )
        return self._multi_callable(call, *shape)

    #: What a method of this channel is (grpc.aio's are awaited).
    _multi_callable: type[MultiCallable] = MultiCallable

    def unary_unary(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._method(method, args, kwargs, False, False)

    def stream_unary(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._method(method, args, kwargs, True, False)

    def unary_stream(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._method(method, args, kwargs, False, True)

    def stream_stream(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._method(method, args, kwargs, True, True)

    def subscribe(
        self, callback: Callable[..., Any], try_to_connect: bool = False
    ) -> None:
        callback(grpc.ChannelConnectivity.READY)

    def unsubscribe(self, callback: Callable[..., Any]) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> StubChannel:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        pass


def _serializers(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    names = ("request_serializer", "response_deserializer")
    return {**dict(zip(names, args, strict=False)), **kwargs}

"""``grpc.aio``'s side of the stub channel: awaitable calls, async streams
and ``AioRpcError`` for a status."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
import grpc.aio

from apimock.transports.grpc_calls import Done, MultiCallable, keywords
from apimock.transports.grpc_channel import StubChannel


def _aio_error(error: Done) -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(
        error.code(),
        grpc.aio.Metadata(),
        grpc.aio.Metadata(),
        details=error.details(),
        debug_error_string=error.debug_error_string(),
    )


class AioCall:
    """An awaitable unary answer, or an async iterator of streamed ones."""

    def __init__(self, answer: Callable[[], list[Any]], stream: bool) -> None:
        self._answer = answer
        self._stream = stream

    def _messages(self) -> list[Any]:
        try:
            return self._answer()
        except Done as failed:
            raise _aio_error(failed) from None

    def __await__(self) -> Any:
        async def unary() -> Any:
            return self._messages()[0]

        return unary().__await__()

    async def _iterate(self) -> AsyncIterator[Any]:
        for message in self._messages():
            yield message

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._iterate()

    async def code(self) -> grpc.StatusCode:
        return grpc.StatusCode.OK

    async def details(self) -> str:
        return ""

    async def initial_metadata(self) -> grpc.aio.Metadata:
        return grpc.aio.Metadata()

    async def trailing_metadata(self) -> grpc.aio.Metadata:
        return grpc.aio.Metadata()


class AioMultiCallable(MultiCallable):
    def __call__(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        given = keywords(args, kwargs)
        return AioCall(lambda: self._messages(request, given), self._stream)


class AioStubChannel(StubChannel):
    _multi_callable = AioMultiCallable

    async def channel_ready(self) -> None:
        pass

    async def close(self, grace: float | None = None) -> None:  # type: ignore[override]
        pass

    async def __aenter__(self) -> AioStubChannel:
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        pass

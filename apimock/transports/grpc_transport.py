"""``grpcio``: channels to hosts that are not allowed never reach gRPC's core.

gRPC's C core connects by itself, past the socket guard and the audit hook,
so the channel is the entry point: while apimock is active,
``grpc.insecure_channel``/``secure_channel`` (and ``grpc.aio``'s) return, for
a target that is not an allowed host, a channel that asks the mock on each
call. A call is the request ``GRPC grpc://target/package.Service/Method``
with the request message as JSON (so stubs match on its fields) and the
metadata as headers; the stub's ``json`` goes through the call's own
response deserializer, so the code gets its own message type, and a
``grpc_status`` other than OK is the ``grpc.RpcError`` (``AioRpcError``) a
server's status would be. gRPC itself is only imported here.
"""

from __future__ import annotations

from typing import Any

import grpc
import grpc.aio

from apimock.guard.passthrough import passing_through
from apimock.transports import base
from apimock.transports.grpc_aio import AioStubChannel
from apimock.transports.grpc_calls import CLIENT, host_port
from apimock.transports.grpc_channel import StubChannel

__all__ = ["CLIENT", "install", "uninstall"]

_real: dict[str, Any] = {
    "insecure_channel": grpc.insecure_channel,
    "secure_channel": grpc.secure_channel,
    "aio.insecure_channel": grpc.aio.insecure_channel,
    "aio.secure_channel": grpc.aio.secure_channel,
}


def _allowed(target: str) -> bool:
    if passing_through() or target.startswith(("unix:", "unix-abstract:")):
        return True  # a local socket: never a host
    host, port = host_port(target)
    return base.active_mock(f"gRPC channel to {target}").allowed_hosts.allows(
        host, port
    )


def _insecure_channel(target: str, *args: Any, **kwargs: Any) -> Any:
    if _allowed(target):
        return _real["insecure_channel"](target, *args, **kwargs)
    return StubChannel(target)


def _secure_channel(target: str, *args: Any, **kwargs: Any) -> Any:
    if _allowed(target):
        return _real["secure_channel"](target, *args, **kwargs)
    return StubChannel(target)


def _aio_insecure_channel(target: str, *args: Any, **kwargs: Any) -> Any:
    if _allowed(target):
        return _real["aio.insecure_channel"](target, *args, **kwargs)
    return AioStubChannel(target)


def _aio_secure_channel(target: str, *args: Any, **kwargs: Any) -> Any:
    if _allowed(target):
        return _real["aio.secure_channel"](target, *args, **kwargs)
    return AioStubChannel(target)


def install() -> None:
    grpc.insecure_channel = _insecure_channel
    grpc.secure_channel = _secure_channel
    grpc.aio.insecure_channel = _aio_insecure_channel
    grpc.aio.secure_channel = _aio_secure_channel


def uninstall() -> None:
    grpc.insecure_channel = _real["insecure_channel"]
    grpc.secure_channel = _real["secure_channel"]
    grpc.aio.insecure_channel = _real["aio.insecure_channel"]
    grpc.aio.secure_channel = _real["aio.secure_channel"]

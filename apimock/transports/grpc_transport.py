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

#: (module, function name, the channel apimock gives instead)
_FACTORIES = (
    (grpc, "insecure_channel", StubChannel),
    (grpc, "secure_channel", StubChannel),
    (grpc.aio, "insecure_channel", AioStubChannel),
    (grpc.aio, "secure_channel", AioStubChannel),
)
_real = {(module, name): getattr(module, name) for module, name, _ in _FACTORIES}


def _allowed(target: str) -> bool:
    if passing_through() or target.startswith(("unix:", "unix-abstract:")):
        return True  # a local socket: never a host
    host, port = host_port(target)
    return base.active_mock(f"gRPC channel to {target}").allowed_hosts.allows(
        host, port
    )


def _patched(module: Any, name: str, stub_channel: type[StubChannel]) -> Any:
    real = _real[module, name]

    def channel(target: str, *args: Any, **kwargs: Any) -> Any:
        if _allowed(target):
            return real(target, *args, **kwargs)
        return stub_channel(target)

    return channel


_PATCHED = {
    (module, name): _patched(module, name, stub) for module, name, stub in _FACTORIES
}


def install() -> None:
    for (module, name), channel in _PATCHED.items():
        setattr(module, name, channel)


def uninstall() -> None:
    for (module, name), real in _real.items():
        setattr(module, name, real)

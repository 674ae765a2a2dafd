"""The socket-level guard under every client apimock translates.

While apimock is active, ``socket.socket.connect``/``connect_ex`` and the DNS
functions ask a policy first: an address or name that is not allowed raises
UnmatchedRequest (recorded as a miss) instead of touching the network. Unix
sockets and socket pairs never connect to a host, so the event loop, local
databases and Django's live server keep working.

Code that reaches ``_socket`` directly, or connects and sends in one call
(TCP Fast Open: ``sendto``/``sendmsg`` with ``MSG_FASTOPEN``), never calls
the patched methods; the interpreter's audit events for ``socket.connect``,
``socket.sendto`` and ``socket.sendmsg`` see it all the same. An audit hook
cannot be removed, so it is added once, at the first activation, and does
nothing but one comparison while no mock is active.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import socket
import sys
from collections.abc import Iterator
from typing import Any, Protocol

_INET = (socket.AF_INET, socket.AF_INET6)

_real: dict[str, Any] = {
    "connect": socket.socket.connect,
    "connect_ex": socket.socket.connect_ex,
    "getaddrinfo": socket.getaddrinfo,
    "gethostbyname": socket.gethostbyname,
    "gethostbyname_ex": socket.gethostbyname_ex,
}


class Policy(Protocol):
    def allows_address(self, ip: str, port: int | None) -> bool: ...

    def allows_name(self, host: str, port: int | None) -> bool: ...

    def blocked(self, host: str, port: int | None, mechanism: str) -> BaseException: ...


_policy: Policy | None = None
# Set while a cassette records: its own request to the real API goes out.
_opened: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "apimock_guard_opened", default=False
)


@contextlib.contextmanager
def opened() -> Iterator[None]:
    """Let this block's connections through (in this thread or task only)."""
    token = _opened.set(True)
    try:
        yield
    finally:
        _opened.reset(token)


def install(policy: Policy) -> None:
    global _policy
    _add_audit_hook()
    _policy = policy
    socket.socket.connect = _connect  # type: ignore[method-assign, assignment]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign, assignment]
    socket.getaddrinfo = _getaddrinfo
    socket.gethostbyname = _gethostbyname
    socket.gethostbyname_ex = _gethostbyname_ex


def uninstall() -> None:
    global _policy
    socket.socket.connect = _real["connect"]  # type: ignore[method-assign]
    socket.socket.connect_ex = _real["connect_ex"]  # type: ignore[method-assign]
    socket.getaddrinfo = _real["getaddrinfo"]
    socket.gethostbyname = _real["gethostbyname"]
    socket.gethostbyname_ex = _real["gethostbyname_ex"]
    _policy = None


def real_getaddrinfo(*args: Any, **kwargs: Any) -> Any:
    return _real["getaddrinfo"](*args, **kwargs)


def _check_connect(sock: socket.socket, address: Any, mechanism: str) -> None:
    policy = _policy
    if policy is None or sock.family not in _INET or not isinstance(address, tuple):
        return
    if _opened.get():
        return
    host, port = str(address[0]), address[1]
    if not policy.allows_address(host, port):
        # Callers such as socket.create_connection close the socket only on
        # OSError, which UnmatchedRequest deliberately is not: close it here
        # so a refused connection does not leak a file descriptor.
        sock.close()
        raise policy.blocked(host, port, mechanism)


def _connect(sock: socket.socket, address: Any) -> None:
    _check_connect(sock, address, "socket.connect to")
    _real["connect"](sock, address)


def _connect_ex(sock: socket.socket, address: Any) -> int:
    _check_connect(sock, address, "socket.connect_ex to")
    return int(_real["connect_ex"](sock, address))


#: Audit events that send to an address, and how a refusal names each.
_AUDITED = {
    "socket.connect": "socket.connect (seen by the audit hook) to",
    "socket.sendto": "socket.sendto (seen by the audit hook) to",
    "socket.sendmsg": "socket.sendmsg (seen by the audit hook) to",
}
_hook_added = False


def _add_audit_hook() -> None:
    global _hook_added
    if not _hook_added:
        sys.addaudithook(_audit)
        _hook_added = True


def _audit(event: str, args: tuple[Any, ...]) -> None:
    # Called for every audit event in the process (every open, import,
    # exec...), active or not: the first test must be the cheapest one.
    if _policy is None:
        return
    mechanism = _AUDITED.get(event)
    if mechanism is not None and args[1] is not None:
        _check_audited(args[0], args[1], mechanism)


def _check_audited(sock: Any, address: Any, mechanism: str) -> None:
    policy = _policy
    family = getattr(sock, "family", None)
    if policy is None or family not in _INET or not isinstance(address, tuple):
        return
    if _opened.get():
        return
    host, port = str(address[0]), address[1]
    if not policy.allows_address(host, port):
        raise policy.blocked(host, port, mechanism)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


def _check_name(host: Any, port: Any, mechanism: str) -> None:
    policy = _policy
    if policy is None or host is None or _opened.get():
        return
    if isinstance(host, bytes):
        host = host.decode("idna")
    host = str(host)
    # An IP literal is not a look-up; connect() checks the address itself.
    if host and not _is_ip(host) and not policy.allows_name(host, _as_port(port)):
        raise policy.blocked(host, _as_port(port), mechanism)


def _as_port(port: Any) -> int | None:
    try:
        return int(port)
    except (TypeError, ValueError):
        return None


def _getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    _check_name(host, port, "DNS look-up (socket.getaddrinfo) of")
    return _real["getaddrinfo"](host, port, *args, **kwargs)


def _gethostbyname(host: str) -> str:
    _check_name(host, None, "DNS look-up (socket.gethostbyname) of")
    return str(_real["gethostbyname"](host))


def _gethostbyname_ex(host: str) -> Any:
    _check_name(host, None, "DNS look-up (socket.gethostbyname_ex) of")
    return _real["gethostbyname_ex"](host)

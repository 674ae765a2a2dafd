"""One module per HTTP client: turn its request into an APIRequest, ask the
active mock, and turn the answer into the client's own response or error.

Clients other than requests are optional: a transport whose client is not
installed is left out, and apimock works for the rest. So is one whose client
is installed at a version apimock does not know (httpx 1.0 has no
``HTTPTransport``): ``unsupported_clients()`` says which and why, from the
installed packages' metadata, the ``apimock.W001`` check and the pytest header
report it once, and the socket guard still stops that client's requests.

A transport is installed only for a client already imported when apimock
activates, and for any other the moment it is imported (see ``imports``):
importing every client up front would cost a project the clients it never
uses (aiohttp alone takes a tenth of a second).
"""

from __future__ import annotations

import importlib
import sys
import threading
from types import ModuleType

from apimock.transports import versions
from apimock.transports.imports import Watcher

#: Each transport module, and the module of the client it patches.
_MODULES = {
    "requests_transport": "requests",
    "httpx_transport": "httpx",
    "httpx2_transport": "httpx2",
    "urllib3_transport": "urllib3",
    "httpclient_transport": "http.client",
    "aiohttp_transport": "aiohttp",
    "httplib2_transport": "httplib2",
    "pycurl_transport": "pycurl",
    "grpc_transport": "grpc",
    "websocket_client_transport": "websocket",
    "websockets_transport": "websockets",
    "niquests_transport": "niquests",
}
_TRANSPORT = {client: name for name, client in _MODULES.items()}

# Re-entrant: installing one transport can import another watched client.
_lock = threading.RLock()
_active = False
_installed: list[ModuleType] = []
#: Clients whose transport failed to import although their version is in range.
_failed: dict[str, str] = {}
_problems: dict[str, str | None] = {}


def _problem(client: str) -> str | None:
    if client not in _problems:
        _problems[client] = versions.problem(client)
    return _problems[client]


def _install_one(client: str) -> None:
    name = _TRANSPORT[client]
    if client in _failed or _problem(client) is not None:
        return
    if any(transport.__name__.endswith(f".{name}") for transport in _installed):
        return
    try:
        transport = importlib.import_module(f"apimock.transports.{name}")
    except ImportError as error:
        if error.name == client and isinstance(error, ModuleNotFoundError):
            return  # the client is missing after all
        _failed[client] = _reason(client, error)
        return
    except Exception as error:  # an API this transport was not written for
        _failed[client] = _reason(client, error)
        return
    transport.install()
    _installed.append(transport)


def _reason(client: str, error: BaseException) -> str:
    why = f"{type(error).__name__}: {error}"
    return versions.unsupported(client, versions.version(client), why)


def _imported(client: str) -> None:
    """A watched client has just been imported: answer it if apimock is on."""
    with _lock:
        if _active:
            _install_one(client)


_watcher = Watcher(list(_MODULES.values()), _imported)


def installed_clients() -> list[str]:
    """The clients apimock answers right now: each one imported so far (one
    imported later is answered from then on)."""
    with _lock:
        return [transport.CLIENT for transport in _installed]


def unsupported_clients() -> dict[str, str]:
    """Installed clients whose version apimock cannot answer, and why. Read
    from package metadata: no client is imported to find out."""
    found = {client: _problem(client) for client in _MODULES.values()}
    with _lock:
        found.update(_failed)
    return {client: reason for client, reason in found.items() if reason}


def install() -> None:
    global _active
    with _lock:
        _active = True
        # Watch first: a client another thread imports meanwhile is not missed.
        _watcher.install()
        for client in _MODULES.values():
            module = sys.modules.get(client)
            if module is None:
                continue
            spec = getattr(module, "__spec__", None)
            if client in _watcher.wrapped and getattr(spec, "_initializing", False):
                continue  # being imported in another thread: the watcher has it
            _install_one(client)


def uninstall() -> None:
    global _active
    with _lock:
        _active = False
        _watcher.uninstall()
        while _installed:
            _installed.pop().uninstall()

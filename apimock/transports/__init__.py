"""One module per HTTP client: turn its request into an APIRequest, ask the
active mock, and turn the answer into the client's own response or error.

Clients other than requests are optional: a transport whose client is not
installed is left out, and apimock works for the rest. So is one whose client
is installed at a version with an API the transport does not know (httpx 1.0
has no ``HTTPTransport``): ``unsupported_clients()`` says which and why, the
``apimock.W001`` check and the pytest header report it once, and the socket
guard still stops that client's requests.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import sys
from types import ModuleType

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


def _installed(client: str) -> bool:
    try:
        return importlib.util.find_spec(client) is not None
    except ImportError:  # a package that fails as it is looked at
        return False


def _version(client: str) -> str:
    # The imported module's own word first: it is what apimock met.
    top = client.partition(".")[0]
    version = getattr(sys.modules.get(top), "__version__", None)
    if isinstance(version, str):
        return version
    try:
        return importlib.metadata.version(top)
    except importlib.metadata.PackageNotFoundError:
        return "(version unknown)"


def _available() -> tuple[tuple[ModuleType, ...], dict[str, str]]:
    found = []
    unsupported = {}
    for name, client in _MODULES.items():
        if not _installed(client):
            continue
        try:
            found.append(importlib.import_module(f"apimock.transports.{name}"))
        except ImportError as error:
            if error.name == client and isinstance(error, ModuleNotFoundError):
                continue  # the client is missing after all
            unsupported[client] = _reason(client, error)
        except Exception as error:  # an API this transport was not written for
            unsupported[client] = _reason(client, error)
    return tuple(found), unsupported


def _reason(client: str, error: BaseException) -> str:
    return (
        f"{client} {_version(client)} is installed, but apimock does not "
        f"support this version yet ({type(error).__name__}: {error}). Its "
        "requests get no stub answers, and the socket guard still stops "
        "every one to a host outside ALLOWED_HOSTS."
    )


_TRANSPORTS: tuple[ModuleType, ...] | None = None
_UNSUPPORTED: dict[str, str] = {}


def _transports() -> tuple[ModuleType, ...]:
    global _TRANSPORTS, _UNSUPPORTED
    if _TRANSPORTS is None:
        _TRANSPORTS, _UNSUPPORTED = _available()
    return _TRANSPORTS


def installed_clients() -> list[str]:
    """The names of the clients apimock answers in this environment."""
    return [transport.CLIENT for transport in _transports()]


def unsupported_clients() -> dict[str, str]:
    """Installed clients whose version apimock cannot answer, and why."""
    _transports()
    return dict(_UNSUPPORTED)


def install() -> None:
    for transport in _transports():
        transport.install()


def uninstall() -> None:
    for transport in reversed(_transports()):
        transport.uninstall()

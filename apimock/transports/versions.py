"""Which installed client versions apimock answers, read from the installed
packages' metadata: finding out must not import the clients (aiohttp alone
takes a tenth of a second), since most projects never use most of them.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys

#: Each client module: its distribution, the oldest version apimock answers
#: and the first it is known not to (None: none known yet). The same range
#: as the client's extra in setup.cfg.
SUPPORTED: dict[str, tuple[str, tuple[int, ...], tuple[int, ...] | None]] = {
    "requests": ("requests", (2, 28), None),
    "httpx": ("httpx", (0, 24), (1,)),
    "httpx2": ("httpx2", (2, 16), None),
    "urllib3": ("urllib3", (1, 21), None),
    "aiohttp": ("aiohttp", (3, 9), None),
    "httplib2": ("httplib2", (0, 22), None),
    "pycurl": ("pycurl", (7, 45), None),
    "grpc": ("grpcio", (1, 60), None),
    "websocket": ("websocket-client", (1, 6), None),
    "websockets": ("websockets", (14, 0), None),
    "niquests": ("niquests", (3, 9), None),
}


def version(client: str) -> str | None:
    """The client's installed version, from its package's metadata (the same
    whether or not it is imported yet); the module's own word when no package
    states one; None for neither (http.client)."""
    top = client.partition(".")[0]
    entry = SUPPORTED.get(client)
    try:
        return importlib.metadata.version(entry[0] if entry else top)
    except importlib.metadata.PackageNotFoundError:
        found = getattr(sys.modules.get(top), "__version__", None)
        return found if isinstance(found, str) else None


def _release(text: str) -> tuple[int, ...] | None:
    found = re.match(r"\d+(?:\.\d+)*", text.strip())
    return tuple(int(part) for part in found[0].split(".")) if found else None


def _shown(numbers: tuple[int, ...]) -> str:
    return ".".join(map(str, numbers))


def problem(client: str) -> str | None:
    """Why the installed version of ``client`` is one apimock cannot answer,
    or None: a version in the supported range, or one no package states."""
    entry = SUPPORTED.get(client)
    installed = version(client)
    if entry is None or installed is None:
        return None
    distribution, oldest, broken = entry
    release = _release(installed)
    if release is not None and oldest <= release < (broken or (sys.maxsize,)):
        return None
    supported = f"{distribution}>={_shown(oldest)}"
    if broken is not None:
        supported += f",<{_shown(broken)}"
    return unsupported(client, installed, f"apimock supports {supported}")


def unsupported(client: str, installed: str | None, why: str) -> str:
    """The W001 message: ``client`` at ``installed`` gets no stub answers."""
    return (
        f"{client} {installed or '(version unknown)'} is installed, but apimock "
        f"does not support this version yet ({why}). Its requests get no stub "
        "answers, and the socket guard still stops every one to a host outside "
        "ALLOWED_HOSTS."
    )

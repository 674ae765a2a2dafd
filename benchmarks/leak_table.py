"""Which clients' requests each mocking library stops: the leak table.

    python benchmarks/leak_table.py

A real HTTP server on 127.0.0.1 stands for "the internet". Each library is
activated with no stubs and told nothing is allowed; then every client
sends one request to the server. "blocked" means the server never saw it;
"LEAKS" means it did: in a real test that request would have left the
machine. Prints an RST table (docs/performance.rst shows one run).
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testproject.settings")

import django  # noqa: E402

django.setup()

import requests_mock  # noqa: E402
import responses  # noqa: E402
import respx  # noqa: E402

import apimock  # noqa: E402
from tests.clients import CLIENTS  # noqa: E402
from tests.helpers import loopback_server  # noqa: E402


def _raw_socket(method: str, url: str) -> None:
    host, port = url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(f"{method} / HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        sock.recv(100)


FETCHES: dict[str, Callable[[str, str], Any]] = {
    **{name: fetch for name, (fetch, *_) in CLIENTS.items()},
    "raw socket": _raw_socket,
}

LIBRARIES: dict[str, Callable[[], AbstractContextManager[Any]]] = {
    "apimock": lambda: apimock.mocked(allowed_hosts=[]),
    "responses": lambda: responses.RequestsMock(assert_all_requests_are_fired=False),
    "requests-mock": requests_mock.Mocker,
    "respx": lambda: respx.mock(assert_all_called=False),
}


def outcome(
    library: Callable[[], AbstractContextManager[Any]],
    fetch: Callable[[str, str], Any],
    server: Any,
) -> str:
    before = server.hits
    with contextlib.suppress(BaseException), library():
        fetch("GET", f"http://127.0.0.1:{server.server_port}/")
    return "blocked" if server.hits == before else "LEAKS"


def rows() -> Iterator[list[str]]:
    with loopback_server() as server:
        for client, fetch in FETCHES.items():
            yield [client] + [
                outcome(library, fetch, server) for library in LIBRARIES.values()
            ]


def table(found: list[list[str]]) -> str:
    header = ["client", *LIBRARIES]
    widths = [max(len(row[i]) for row in [header, *found]) for i in range(len(header))]
    rule = "  ".join("=" * width for width in widths)
    lines = [rule, _line(header, widths), rule]
    lines += [_line(row, widths) for row in found]
    return "\n".join([*lines, rule])


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


if __name__ == "__main__":
    print(table(list(rows())))

"""Stands in for an httpx whose API apimock does not know, as httpx 1.0's is
(no ``HTTPTransport``): see tests/test_optional_clients.py.

Its one call connects as httpx 1.0 does, with a plain socket.
"""

import socket
from urllib.parse import urlsplit

__version__ = "99.0"


def get(url: str) -> bytes:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port or 443), timeout=5):
        return b""

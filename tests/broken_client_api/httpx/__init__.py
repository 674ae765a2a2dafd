"""Stands in for an httpx whose package metadata states a version apimock
supports, but whose API it does not know (no ``HTTPTransport``): see
tests/test_optional_clients.py. It states no version of its own.

Its one call connects as httpx 1.0 does, with a plain socket.
"""

import socket
from urllib.parse import urlsplit


def get(url: str) -> bytes:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port or 443), timeout=5):
        return b""

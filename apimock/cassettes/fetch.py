"""The one real request a recording cassette sends, whatever client asked.

urllib3 sends it, with apimock's transports told to pass it through and the
socket guard opened for it only. Redirects and retries are left to the
client under test, which sends (and so records) each hop itself.
"""

from __future__ import annotations

import threading

import urllib3

from apimock.guard import sockets as guard
from apimock.guard.passthrough import real_send
from apimock.request import APIRequest

_pool: urllib3.PoolManager | None = None
_pool_lock = threading.Lock()
_DEFAULT_TIMEOUT = 30.0


def fetch(request: APIRequest) -> tuple[int, dict[str, str], bytes]:
    """Send ``request`` for real; its status, headers (repeats joined) and body."""
    headers = {
        key: value
        for key, value in request.headers.items()
        if key.lower() not in ("content-length", "host")
    }
    with real_send(), guard.opened():
        response = _manager().request(
            request.method,
            request.url,
            body=request.body or None,
            headers=headers,
            redirect=False,
            retries=False,
            timeout=request.timeout or _DEFAULT_TIMEOUT,
            preload_content=True,
            decode_content=True,
        )
    joined: dict[str, str] = {}
    for key, value in response.headers.items():
        joined[key] = f"{joined[key]}, {value}" if key in joined else value
    return response.status, joined, response.data


def _manager() -> urllib3.PoolManager:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = urllib3.PoolManager()
        return _pool

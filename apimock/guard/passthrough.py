"""Whether the request being sent right now is one apimock let through.

Set while a transport (or a recording cassette) sends a request for real, so
that the layers under it (urllib3 under requests, http.client under urllib3)
let it through untouched instead of answering it a second time.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

_passing_through: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "apimock_passing_through", default=False
)


def passing_through() -> bool:
    return _passing_through.get()


@contextmanager
def real_send() -> Iterator[None]:
    token = _passing_through.set(True)
    try:
        yield
    finally:
        _passing_through.reset(token)

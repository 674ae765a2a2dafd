"""What every transport shares: the active mock, passing through, faults."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from apimock import activation, faults
from apimock.exceptions import UnmatchedRequest
from apimock.mock import APIMock

# Set while a transport sends a request for real, so that the layers under it
# (urllib3 under requests, http.client under urllib3) let it through untouched.
_passing_through: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "apimock_passing_through", default=False
)


def active_mock(description: str) -> APIMock:
    mock = activation.current()
    if mock is None:
        # A patch outlived the last mock (another thread stopped it).
        raise UnmatchedRequest(f"{description}: apimock is not active any more.")
    return mock


def passing_through() -> bool:
    return _passing_through.get()


@contextmanager
def real_send() -> Iterator[None]:
    token = _passing_through.set(True)
    try:
        yield
    finally:
        _passing_through.reset(token)


@contextmanager
def translated(make: Callable[[BaseException], BaseException]) -> Iterator[None]:
    """Re-raise what the block raises as ``make(error)`` (chained to it)."""
    try:
        yield
    except Exception as error:
        new = make(error)
        if new is error:
            raise
        raise new from error


def translate(
    error: BaseException,
    own: type[BaseException] | tuple[type[BaseException], ...],
    timeout: Callable[[str], BaseException],
    connection_error: Callable[[str], BaseException],
) -> BaseException:
    """``error`` as the client's own exception, when it is a timeout or a
    connection error of another kind; anything else is raised as it is."""
    kind = faults.kind_of(error)
    if kind is None or isinstance(error, own):
        return error
    make = timeout if kind == faults.TIMEOUT else connection_error
    return make(str(error))

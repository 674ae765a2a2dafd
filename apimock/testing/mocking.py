"""``apimock.mocked``, defined here: the same machinery outside the test-case classes.

One object that is a context manager (sync and async), a function decorator
(sync and async) and a TestCase class decorator, in the way of
time-machine's ``travel``.
"""

from __future__ import annotations

import functools
import inspect
import unittest
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from apimock import activation, clients
from apimock.diagnostics import IN_MOCKED
from apimock.exceptions import ClientPatchError, mark_reported
from apimock.mock import APIMock
from apimock.testing.session import MockSession

F = TypeVar("F", bound=Callable[..., Any])


class mocked:  # lower case: used like a function, as the design names it
    """Activate apimock: settings stubs, these ``stubs`` and ``clients``.

    ``with mocked() as api:`` gives the :class:`~apimock.mock.APIMock`. A
    nested activation sees the stubs of the one around it. On exit every
    patch is undone; a miss the code swallowed is raised then.
    """

    def __init__(
        self,
        *,
        stubs: Iterable[Mapping[str, Any]] = (),
        clients: Mapping[str, Any] | None = None,
        allowed_hosts: Iterable[str] | None = None,
    ) -> None:
        self.stubs = list(stubs)
        self.clients = dict(clients or {})
        self.allowed_hosts = None if allowed_hosts is None else list(allowed_hosts)
        self._sessions: list[MockSession] = []

    def _session(self) -> MockSession:
        parent = activation.current()
        return MockSession(
            parent=parent,
            stubs=self.stubs,
            clients=self.clients,
            allowed_hosts=self.allowed_hosts,
            share_state=True,
            # Inside a test, stubs are added as the test adds them.
            paste=None if parent is not None else IN_MOCKED,
            labels=(
                "mocked() api.add()" if parent is not None else "api.add()",
                "mocked(stubs=...)",
            ),
        )

    def __enter__(self) -> APIMock:
        session = self._session()
        api = session.start()
        self._sessions.append(session)
        return api

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        session = self._sessions.pop()
        mark_reported(exc)
        session.stop()
        if exc is None:
            session.raise_swallowed_errors()

    async def __aenter__(self) -> APIMock:
        return self.__enter__()

    async def __aexit__(
        self, exc_type: Any, exc: BaseException | None, tb: Any
    ) -> None:
        self.__exit__(exc_type, exc, tb)

    def __call__(self, target: F) -> F:
        if isinstance(target, type):
            return self._decorate_class(target)  # type: ignore[return-value]
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                async with self:
                    return await target(*args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(target)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return target(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def _decorate_class(self, cls: type) -> type:
        if not issubclass(cls, unittest.TestCase):
            raise TypeError(
                f"mocked() can decorate a unittest.TestCase subclass, not {cls!r}; "
                "decorate its methods or use it as a context manager."
            )
        shared = clients.shared_state(self.clients, "mocked(clients=...)")
        if shared:  # one object for every test the class decorator covers
            raise ClientPatchError(f"apimock.E024: {shared[0]}")
        prefix = unittest.TestLoader.testMethodPrefix
        for name, value in list(vars(cls).items()):
            if name.startswith(prefix) and callable(value):
                setattr(cls, name, self(value))
        return cls

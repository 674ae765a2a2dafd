"""Client-library patching: ``mock_clients`` and ``APIMOCK["CLIENTS"]``.

Each entry maps a dotted path (``"stripe.Token"``) to its replacement: an
object, a dotted path to one, or :data:`AUTOSPEC` for an autospecced
MagicMock of the target. Patches are :mod:`unittest.mock` patches, started
together and always stopped together.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Mapping
from typing import Any, Final
from unittest import mock

from apimock.exceptions import ClientPatchError


class _Autospec:
    def __repr__(self) -> str:
        return "apimock.AUTOSPEC"


#: A ``mock_clients`` value: replace the target with an autospecced MagicMock.
AUTOSPEC: Final = _Autospec()


def resolve(path: str, purpose: str) -> Any:
    """Import the object at dotted ``path``; ClientPatchError naming it if absent."""
    try:
        return pkgutil.resolve_name(path)
    except (ImportError, AttributeError, ValueError) as error:
        raise ClientPatchError(
            f"{purpose}: {path!r} does not exist ({error})."
        ) from None


def replacement(value: Any, target: str) -> Any:
    """The object a CLIENTS/mock_clients value stands for (AUTOSPEC stays as is)."""
    if isinstance(value, str):
        return resolve(value, f"the replacement for {target!r}")
    return value


def problems(clients: Any) -> list[str]:
    """Why each entry of a CLIENTS mapping cannot be applied (for system checks)."""
    if not isinstance(clients, Mapping):
        return []
    found = []
    for target, value in clients.items():
        try:
            resolve(str(target), "target")
            replacement(value, str(target))
        except ClientPatchError as error:
            found.append(f"CLIENTS[{target!r}]: {error}")
    return found


class ClientPatches:
    """Start every patch, or none: a failure half-way undoes what was started."""

    def __init__(self, clients: Mapping[str, Any]) -> None:
        self._clients = dict(clients)
        self._patchers: list[Any] = []
        self.mocks: dict[str, Any] = {}

    def start(self) -> dict[str, Any]:
        try:
            for target, value in self._clients.items():
                self.mocks[target] = self._start_one(target, value)
        except BaseException:
            self.stop()
            raise
        return self.mocks

    def _start_one(self, target: str, value: Any) -> Any:
        resolve(target, "mock_clients")
        new = replacement(value, target)
        patcher: Any = (
            mock.patch(target, autospec=True)
            if new is AUTOSPEC
            else mock.patch(target, new)
        )
        started = patcher.start()
        self._patchers.append(patcher)
        return started

    def stop(self) -> None:
        while self._patchers:
            self._patchers.pop().stop()
        self.mocks.clear()

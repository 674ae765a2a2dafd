"""Client-library patching: ``mock_clients`` and ``APIMOCK["CLIENTS"]``.

Each entry maps a dotted path (``"stripe.Token"``) to its replacement: an
object, a dotted path to one, :data:`AUTOSPEC` for an autospecced MagicMock
of the target, or :class:`fresh` for an object made anew in every test.
Patches are :mod:`unittest.mock` patches, started together and always
stopped together.

One object given for a whole class serves every test: its call history is
cleared as each test starts, and a side-effect sequence, which it cannot be
given back, is an error (``apimock.E024``) naming :class:`fresh` instead.
"""

from __future__ import annotations

import difflib
import inspect
import pkgutil
import weakref
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final
from unittest import mock

from apimock.exceptions import ClientPatchError
from apimock.text import shown


class _Autospec:
    def __repr__(self) -> str:
        return "apimock.AUTOSPEC"


#: A ``mock_clients`` value: replace the target with an autospecced MagicMock.
AUTOSPEC: Final = _Autospec()


class fresh:  # lower case: used like a function, in a dict of values
    """A ``mock_clients`` / ``CLIENTS`` value made anew for every test:
    ``fresh(lambda: MagicMock(side_effect=["a", "b"]))`` calls the factory
    as each test (each activation) starts and patches in what it returns."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        if not callable(factory):
            raise TypeError(
                f"apimock.fresh() takes a function that makes the object, got "
                f"{factory!r}; write apimock.fresh(lambda: ...)."
            )
        self.factory = factory

    def __repr__(self) -> str:
        return f"apimock.fresh({self.factory!r})"


def resolve(path: str, purpose: str) -> Any:
    """Import the object at dotted ``path``; ClientPatchError naming it if absent."""
    try:
        return pkgutil.resolve_name(path)
    except (ImportError, AttributeError, ValueError) as error:
        guess = _nearest(path)
        hint = f" Did you mean {guess!r}?" if guess else ""
        raise ClientPatchError(
            f"{purpose}: {shown(path)} does not exist ({error}).{hint}"
        ) from None


def _nearest(path: str) -> str | None:
    """``path`` with its first missing part replaced by the closest name there."""
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found = pkgutil.resolve_name(".".join(parts[:cut]))
        except Exception:  # a guess only: whatever a prefix raises, try a shorter one
            continue
        close = difflib.get_close_matches(parts[cut], dir(found), n=1, cutoff=0.6)
        if not close:
            return None
        return ".".join([*parts[:cut], close[0], *parts[cut + 1 :]])
    return None


def replacement(value: Any, target: str) -> Any:
    """The object a CLIENTS/mock_clients value stands for (AUTOSPEC stays as is)."""
    if isinstance(value, str):
        return resolve(value, f"the replacement for {shown(target)}")
    if isinstance(value, fresh):
        return value.factory()
    return value


def shared_state(clients: Any, where: str) -> list[str]:
    """Why each value of ``clients`` cannot serve every test: a mock whose
    side effect is a sequence (it would run out, or go on from where the
    previous test left it)."""
    if not isinstance(clients, Mapping):
        return []
    found = []
    for target, value in clients.items():
        path = _sequence_side_effect(value, "")
        if path is not None:
            found.append(
                f"{where}[{target!r}] is one {type(value).__name__} for every "
                f"test, and the side_effect of {'its ' + path if path else 'it'} "
                "is a sequence: a later test would get what an earlier one left "
                "of it, or StopIteration. Write apimock.fresh(lambda: "
                "MagicMock(side_effect=[...])) for a new one in each test."
            )
    return found


def _sequence_side_effect(value: Any, path: str, depth: int = 0) -> str | None:
    """Where under ``value`` a mock's side effect is an iterator, or None."""
    if not isinstance(value, mock.NonCallableMock) and inspect.isfunction(value):
        value = getattr(value, "mock", None)  # create_autospec of a function
    if not isinstance(value, mock.NonCallableMock) or depth > 4:
        return None
    if isinstance(value._mock_side_effect, Iterator):
        return path
    children: list[tuple[str, Any]] = [
        (f"{path}.{name}".lstrip("."), child)
        for name, child in value._mock_children.items()
    ]
    children.append((f"{path}()", value._mock_return_value))
    for name, child in children:
        found = _sequence_side_effect(child, name, depth + 1)
        if found is not None:
            return found
    return None


#: The test classes that declare ``mock_clients``, for the system check.
declared: weakref.WeakSet[type] = weakref.WeakSet()
# Replacements patched in right now, by id: a nested activation patching
# one again must not clear the history its test has made so far.
_in_place: Counter[int] = Counter()


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
            found.append(f"CLIENTS[{shown(target)}]: {error}")
    return found


class ClientPatches:
    """Start every patch, or none: a failure half-way undoes what was started."""

    def __init__(self, clients: Mapping[str, Any]) -> None:
        self._clients = dict(clients)
        self._patchers: list[Any] = []
        self._started: list[Any] = []
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
        if isinstance(new, mock.NonCallableMock) and not _in_place[id(new)]:
            new.reset_mock()  # one object for the class: no calls of earlier tests
        started = patcher.start()
        self._patchers.append(patcher)
        _in_place[id(started)] += 1
        self._started.append(started)
        return started

    def stop(self) -> None:
        while self._patchers:
            self._patchers.pop().stop()
        for started in self._started:
            _in_place[id(started)] -= 1
            if not _in_place[id(started)]:
                del _in_place[id(started)]
        self._started.clear()
        self.mocks.clear()

"""Distinct stub definitions: validated once and compiled once, however many
tests add them.

A suite adds the same stubs over and over (a ``setUp`` or a helper adds them
in every test) and a settings stub is re-resolved whenever any setting
changes. A :class:`Definition` stands for one stub's content, found by a key
built from that content: validating it once is enough, and what resolving it
gives (the compiled URL pattern, the rendered match rules and answers, the
prebuilt responses) is kept with the settings values it read, so a test that
overrides none of them reuses it and one that does gets its own.

Only plain data is keyed (dicts, lists, strings, numbers, booleans, None,
bytes): a stub holding a callable, an exception or any other object is
validated and compiled afresh each time, as it cannot be told apart from
another by its content. The cache owns what it keeps (rendering copies), so
a test changing the dict it passed to ``add`` changes nothing for the next.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

_Value = TypeVar("_Value")
#: Distinct definitions kept; the least recently used go first.
LIMIT = 4096


class _Unkeyable(Exception):
    pass


def content_key(raw: Mapping[str, Any]) -> Hashable | None:
    """A key equal for two stubs exactly when their content is; None when the
    stub holds anything but plain data, or reads a ``body_file`` (a file's
    content is read each time, as the file may change)."""
    if type(raw) is not dict or reads_files(raw):
        return None
    try:
        key: Hashable = _key(raw)
    except (_Unkeyable, RecursionError):
        return None
    return key


def reads_files(raw: Mapping[str, Any]) -> bool:
    """Does the stub (or one of its ``responses``) answer with a file?"""
    if "body_file" in raw:
        return True
    listed = raw.get("responses")
    return isinstance(listed, list) and any(
        isinstance(answer, dict) and "body_file" in answer for answer in listed
    )


def _key(value: Any) -> Hashable:
    # Tagged by type: 1, 1.0 and True are equal in Python, and would answer
    # differently. A float by its repr: -0.0 and 0.0 are equal too, and NaN
    # is not equal to itself.
    kind = type(value)
    if kind is str or value is None:
        return value  # type: ignore[no-any-return]
    # A string (most keys and values) is its own key, taken without a call.
    if kind is dict:
        return (
            "{",
            *[
                (
                    key if type(key) is str else _key(key),
                    item if type(item) is str else _key(item),
                )
                for key, item in value.items()
            ],
        )
    if kind is list:
        return ("[", *[item if type(item) is str else _key(item) for item in value])
    if kind is int or kind is bool:
        return (kind, value)
    if kind is float:
        return (float, repr(value))
    if kind is tuple:
        return ("(", *(_key(item) for item in value))
    if kind is bytes:
        return (bytes, value)
    raise _Unkeyable


class Definition:
    """One distinct stub content, known to be valid."""

    __slots__ = ("key", "resolved")

    def __init__(self, key: Hashable) -> None:
        self.key = key
        #: What resolving it gave: (generation, the settings it read, the
        #: result), filled in by :func:`resolved`.
        self.resolved: tuple[int, tuple[tuple[str, Any], ...], Any] | None = None


class Memo(Generic[_Value]):
    """A bounded map, least recently used first out; safe across threads."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._items: OrderedDict[Hashable, _Value] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> _Value | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: _Value) -> _Value:
        """Keep ``value`` under ``key``; the one already kept if there is one."""
        with self._lock:
            kept = self._items.setdefault(key, value)
            self._items.move_to_end(key)
            while len(self._items) > self._limit:
                self._items.popitem(last=False)
            return kept

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


_valid: Memo[Definition] = Memo()


def known(key: Hashable | None) -> Definition | None:
    """The definition of a stub with this content, if it was found valid."""
    return None if key is None else _valid.get(key)


def remember(key: Hashable | None) -> Definition | None:
    """Note that the stub with this content is valid; its definition."""
    return None if key is None else _valid.put(key, Definition(key))


def resolved(
    definition: Definition,
    generation: int,
    lookup: Callable[[str], Any],
    resolve: Callable[[Callable[[str], Any]], _Value],
) -> _Value:
    """``resolve(lookup)``, or what it gave before if the settings it read
    still have the same values. ``generation`` moves on with every settings
    change: until it does, nothing is read again."""
    kept = definition.resolved
    if kept is not None:
        at, reads, value = kept
        if at == generation:
            return value  # type: ignore[no-any-return]
        if all(_same(lookup(name), seen) for name, seen in reads):
            definition.resolved = (generation, reads, value)
            return value  # type: ignore[no-any-return]
    read: list[tuple[str, Any]] = []

    def reading(name: str) -> Any:
        value = lookup(name)
        read.append((name, value))
        return value

    result = resolve(reading)
    definition.resolved = (generation, tuple(read), result)
    return result


def _same(current: Any, seen: Any) -> bool:
    if current is seen:
        return True
    try:
        return type(current) is type(seen) and bool(current == seen)
    except Exception:  # a setting whose == misbehaves: resolve again
        return False


def clear() -> None:
    """Forget every definition (for tests of the cache itself)."""
    _valid.clear()

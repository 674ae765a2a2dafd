"""What a fake remembers: the objects made through it, per resource.

One :class:`FakeStore` per fake per activation: a test's own (started as a
copy of its class's, so objects made in ``setUpTestData`` are there in every
test, and a test's changes are gone in the next), or a server's for as long
as it runs. :class:`FakeStores` holds an activation's stores and makes each
on first use, so a test that calls no faked API pays for nothing.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from apimock.fakes.generation.rules import copy

#: ``handler(request, fake) -> answer``: an operation's own answer.
Handler = Callable[..., Any]


@dataclass
class Record:
    """One stored object and the ids of the objects it is nested under."""

    value: dict[str, Any]
    parents: tuple[str, ...] = ()


@dataclass
class FakeStore:
    """The objects of one fake, by resource name and id, in creation order."""

    base_url: str
    seed: int
    objects: dict[str, dict[str, Record]] = field(default_factory=dict)
    #: How many ids each resource has handed out.
    counters: Counter[str] = field(default_factory=Counter)
    #: What was deleted: (resource, ids) -- a provider's own item read
    #: after its delete is the 404 too.
    deleted: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
    #: Handlers given in this test: (METHOD, documented path) -> handler.
    handlers: dict[tuple[str, str], Handler] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def records(
        self, resource: str, parents: tuple[str, ...] | None = None
    ) -> list[Record]:
        found = self.objects.get(resource, {})
        return [r for r in found.values() if parents is None or r.parents == parents]

    def get(
        self, resource: str, key: str, parents: tuple[str, ...] | None = None
    ) -> Record | None:
        record = self.objects.get(resource, {}).get(key)
        if record is None or (parents is not None and record.parents != parents):
            return None
        return record

    def put(self, resource: str, key: str, record: Record) -> None:
        self.objects.setdefault(resource, {})[key] = record

    def remove(self, resource: str, key: str) -> Record | None:
        return self.objects.get(resource, {}).pop(key, None)

    def count(self, resource: str) -> int:
        """The next object's number for ``resource`` (1 for the first)."""
        self.counters[resource] += 1
        return self.counters[resource]

    def copy(self) -> FakeStore:
        """A store holding copies of these objects (a test's, from its class's)."""
        with self.lock:
            return FakeStore(
                self.base_url,
                self.seed,
                {
                    name: {
                        key: Record(copy(r.value), r.parents)
                        for key, r in found.items()
                    }
                    for name, found in self.objects.items()
                },
                Counter(self.counters),
                set(self.deleted),
                dict(self.handlers),
            )

    def clear(self) -> None:
        with self.lock:
            self.objects.clear()
            self.counters.clear()
            self.deleted.clear()


class FakeStores:
    """An activation's stores, one per fake, each made when first asked for.

    ``make(base_url)`` builds a fresh store (with the fake's fixtures);
    ``parent`` is the activation whose stores a new one starts from.
    """

    def __init__(self, parent: FakeStores | None = None) -> None:
        self._parent = parent
        self._stores: dict[str, FakeStore] = {}
        self._lock = threading.Lock()

    def store(self, base_url: str, make: Callable[[], FakeStore]) -> FakeStore:
        found = self._stores.get(base_url)
        if found is not None:
            return found
        with self._lock:
            found = self._stores.get(base_url)
            if found is None:
                inherited = self._parent.peek(base_url) if self._parent else None
                found = inherited.copy() if inherited is not None else make()
                self._stores[base_url] = found
        return found

    def peek(self, base_url: str) -> FakeStore | None:
        """The store for ``base_url`` if there is one here or above."""
        found = self._stores.get(base_url)
        if found is None and self._parent is not None:
            return self._parent.peek(base_url)
        return found

    def reset(self, base_url: str | None = None) -> None:
        """Forget the stores (of one fake, or all): the next request starts
        from the fixtures again."""
        with self._lock:
            if base_url is None:
                self._stores.clear()
            else:
                self._stores.pop(base_url.rstrip("/"), None)

    def __iter__(self) -> Iterator[FakeStore]:
        return iter(list(self._stores.values()))

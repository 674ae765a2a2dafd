"""Run a function the moment a watched module has been imported: how a
client imported after apimock activated (inside a test, say) gets its
transport before any of its code can send a request.

A finder first on ``sys.meta_path`` lets the other finders find the module,
and wraps the loader it gets so that ``then(name)`` runs right after the
module's own code. Nothing is imported here: an unwatched name, or one no
other finder finds, is left alone.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any


class _Loader(importlib.abc.Loader):
    def __init__(self, loader: Any, then: Callable[[str], None]) -> None:
        self._loader = loader
        self._then = then

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        # The module's own loader, as it would have had without us: it is
        # what importlib.resources and pkgutil ask.
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        self._then(module.__name__)


class Watcher(importlib.abc.MetaPathFinder):
    """While installed, ``then(name)`` runs after each of ``names`` is imported."""

    def __init__(self, names: Sequence[str], then: Callable[[str], None]) -> None:
        self._names = frozenset(names)
        self._then = then
        self._looking = threading.local()
        #: The modules whose loader was wrapped: their ``then`` is to come.
        self.wrapped: set[str] = set()

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self._names:
            return None
        looking: set[str] = self._looking.__dict__.setdefault("names", set())
        if fullname in looking:
            return None  # another wrapping finder asked the meta path again
        looking.add(fullname)
        try:
            spec = self._find(fullname, path, target)
        finally:
            looking.discard(fullname)
        if spec is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _Loader(spec.loader, self._then)
        self.wrapped.add(fullname)
        return spec

    def _find(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None
    ) -> importlib.machinery.ModuleSpec | None:
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec: importlib.machinery.ModuleSpec | None = find(fullname, path, target)
            if spec is not None:
                return spec
        return None

    def install(self) -> None:
        if self not in sys.meta_path:
            sys.meta_path.insert(0, self)

    def uninstall(self) -> None:
        if self in sys.meta_path:
            sys.meta_path.remove(self)

"""A contract's documented paths, indexed: which one a concrete path is, in
one walk down its segments, however many paths the document has.

A trie over path segments, as the stub registry's: a literal segment is a
child by name, a ``{parameter}`` segment the wildcard child. Where several
documented paths fit (``/items/export`` and ``/items/{id}``), the one with
fewer parameters wins, then the one written first, as OpenAPI asks.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote

_PARAM = re.compile(r"^\{([^{}/]+)\}$")
#: How many documented paths a report shows for a path the contract lacks.
CLOSEST = 5


@dataclass(frozen=True)
class DocumentedPath:
    """A key of the document's ``paths``, split into segments."""

    path: str
    segments: tuple[str | None, ...]  # None: a {parameter}
    names: tuple[str, ...]
    order: int

    @classmethod
    def of(cls, path: str, order: int) -> DocumentedPath:
        segments: list[str | None] = []
        names = []
        for segment in path.rstrip("/").split("/") if path != "/" else [""]:
            param = _PARAM.match(segment)
            if param:
                names.append(param.group(1))
                segments.append(None)
            else:
                segments.append(segment)
        return cls(path, tuple(segments), tuple(names), order)

    @property
    def rank(self) -> tuple[int, int]:
        return len(self.names), self.order


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    wildcard: _Node | None = None
    here: list[DocumentedPath] = field(default_factory=list)
    #: How many documented paths lie at or below this node.
    count: int = 0


class PathIndex:
    """The documented paths of one contract, found by a concrete path."""

    def __init__(self, paths: Iterable[str]) -> None:
        self._root = _Node()
        self.paths = [
            DocumentedPath.of(path, order) for order, path in enumerate(paths)
        ]
        for documented in self.paths:
            node = self._root
            node.count += 1
            for segment in documented.segments:
                if segment is None:
                    node.wildcard = node.wildcard or _Node()
                    node = node.wildcard
                else:
                    node = node.children.setdefault(segment, _Node())
                node.count += 1
            node.here.append(documented)

    def __len__(self) -> int:
        return len(self.paths)

    def find(
        self, path: str, takes: Callable[[str], bool] | None = None
    ) -> tuple[str, dict[str, str]] | None:
        """The documented path a concrete one is, and its parameters' values
        (percent-decoded); None if the document has no such path.

        ``takes``: of paths as specific as each other (GitHub documents
        ``DELETE /orgs/{org}/attestations/{attestation_id}`` and ``GET
        /orgs/{org}/attestations/{subject_digest}``), the first it accepts
        (the one with the request's method), else the first written.
        """
        segments = _segments(path)
        nodes = [self._root]
        for segment in segments:
            decoded = unquote(segment)
            reached = []
            for node in nodes:
                child = node.children.get(segment)
                if child is not None:
                    reached.append(child)
                if decoded != segment:
                    child = node.children.get(decoded)
                    if child is not None:
                        reached.append(child)
                if node.wildcard is not None and segment:
                    reached.append(node.wildcard)
            if not reached:
                return None
            nodes = reached
        found = [documented for node in nodes for documented in node.here]
        if not found:
            return None
        best = min(found, key=lambda documented: documented.rank)
        if takes is not None and len(found) > 1 and not takes(best.path):
            alike = sorted(
                (other for other in found if len(other.names) == len(best.names)),
                key=lambda documented: documented.order,
            )
            best = next((other for other in alike if takes(other.path)), best)
        values = (
            unquote(theirs)
            for mine, theirs in zip(best.segments, segments, strict=True)
            if mine is None
        )
        return best.path, dict(zip(best.names, values, strict=True))

    def closest(self, path: str, limit: int = CLOSEST) -> list[str]:
        """The documented paths most like ``path`` (which none is), for a
        report: those under the longest run of its leading segments the
        document has, the most alike first."""
        segments = _segments(path)
        node, depth = self._root, 0
        for segment in segments:
            child = node.children.get(unquote(segment)) or node.children.get(segment)
            if child is None:
                break
            node, depth = child, depth + 1
        candidates = [documented.path for documented in _below(node)]
        if depth == 0 or not candidates:
            candidates = [documented.path for documented in self.paths]
        ranked = sorted(
            candidates,
            key=lambda known: -difflib.SequenceMatcher(None, path, known).ratio(),
        )
        return ranked[:limit]


def _segments(path: str) -> list[str]:
    segments = path.split("/")
    if len(segments) > 1 and segments[-1] == "":
        segments = segments[:-1]  # a trailing slash names the same path
    return segments


def _below(node: _Node) -> Iterator[DocumentedPath]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield from current.here
        stack.extend(current.children.values())
        if current.wildcard is not None:
            stack.append(current.wildcard)

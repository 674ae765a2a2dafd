"""One OpenAPI document: loaded, checked, and asked which operation a URL is.

A :class:`Contract` is a document bound to the base URL it describes
(``https://api.example.com/v1`` + the document's ``/items/{id}``). Only
references inside the document (``#/components/...``) are followed. Its
paths are indexed (:class:`~apimock.contracts.paths.PathIndex`) and each
operation is built once, on first use: a request costs a walk down its
path's segments, whichever of thousands of paths it names.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from apimock.contracts.paths import PathIndex
from apimock.contracts.validation import version
from apimock.exceptions import ContractError
from apimock.request import URL

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def pointer(*parts: str) -> str:
    """A JSON pointer (``#/paths/~1items/get``) from unescaped parts."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "#/" + "/".join(escaped)


@dataclass(frozen=True)
class Node:
    """A part of the document with references followed, and where it lives."""

    value: Any
    at: str

    def get(self, key: str) -> Node | None:
        if not isinstance(self.value, Mapping) or key not in self.value:
            return None
        return Node(self.value[key], f"{self.at}/{_escape(key)}")

    def items(self) -> Iterator[tuple[str, Node]]:
        if isinstance(self.value, Mapping):
            for key in self.value:
                yield str(key), Node(self.value[key], f"{self.at}/{_escape(str(key))}")


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path", "query", "header" or "cookie"
    required: bool
    schema: Node | None


@dataclass(frozen=True)
class Operation:
    """One method on one documented path, e.g. ``GET /items/{id}``."""

    contract: Contract
    method: str
    path: str
    node: Node
    parameters: tuple[Parameter, ...]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @functools.cached_property
    def header_names(self) -> tuple[str, ...]:
        """The header parameters it takes: all a request's check reads of
        its headers, with Content-Type."""
        return tuple(p.name for p in self.parameters if p.location == "header")

    def parameter(self, location: str, name: str) -> Parameter | None:
        folded = name.lower() if location == "header" else name
        for parameter in self.parameters:
            known = parameter.name.lower() if location == "header" else parameter.name
            if parameter.location == location and known == folded:
                return parameter
        return None

    @property
    def request_body(self) -> Node | None:
        body = self.node.get("requestBody")
        return self.contract.deref(body) if body is not None else None

    def request_media(self, content_type: str) -> tuple[str, Node] | None:
        body = self.request_body
        content = body.get("content") if body is not None else None
        return self.contract.media(content, content_type) if content else None

    def response(self, status: int) -> tuple[str, Node] | None:
        """The documented response for ``status``: exact, then ``4XX``, then default."""
        responses = self.node.get("responses")
        if responses is None:
            return None
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            for documented, node in responses.items():
                if documented.upper() == key.upper():
                    return documented, self.contract.deref(node)
        return None

    @property
    def statuses(self) -> list[str]:
        responses = self.node.get("responses")
        return [key for key, _ in responses.items()] if responses else []


class Contract:
    """An OpenAPI document and the base URL its paths hang from."""

    def __init__(
        self,
        base_url: str,
        source: str,
        document: Mapping[str, Any],
        digest: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.source = source
        #: The parsed document: read-only, its equal parts shared.
        self.document = document
        #: The SHA-256 of the file it was read from ("" if not from a file).
        self.digest = digest
        parsed = URL.parse(self.base_url)
        self.origin = parsed.origin
        self.base_path = parsed.path.rstrip("/")
        self.version = version(document)
        self._operations: dict[tuple[str, str], Operation | None] = {}
        self.paths = PathIndex(document.get("paths") or {})
        #: What conformance.locate found, by (method, path): a request and
        #: its response ask for the same operation.
        self.located: dict[tuple[str, str], Any] = {}
        #: The runtime check's verdicts, by all that each depends on.
        self.verdicts: dict[tuple[Any, ...], Any] = {}

    def __str__(self) -> str:
        return self.source

    def covers(self, origin: str, path: str) -> bool:
        """Is ``origin`` + ``path`` (a request's, or a stub's template) under
        this contract's base URL?"""
        return origin == self.origin and (
            path == self.base_path or path.startswith(self.base_path + "/")
        )

    def relative(self, path: str) -> str:
        """``path`` as the document writes it: without the base URL's path."""
        return path[len(self.base_path) :] or "/"

    def find_path(
        self, path: str, method: str | None = None
    ) -> tuple[str, dict[str, str]] | None:
        """The documented path for a concrete one, and its parameters (of
        two as specific, the one that has ``method``)."""
        if method is None:
            return self.paths.find(path)
        return self.paths.find(
            path, lambda documented: self.operation(method, documented) is not None
        )

    def documented_paths(self) -> list[str]:
        """The document's paths, as written, in its order."""
        return [documented.path for documented in self.paths.paths]

    def operations(self) -> Iterator[Operation]:
        """Every operation of the document, path by path (each built once)."""
        for path in self.documented_paths():
            for method in self.methods(path):
                operation = self.operation(method, path)
                if operation is not None:
                    yield operation

    def operation(self, method: str, path: str) -> Operation | None:
        """``method`` on the documented ``path`` (a key of ``paths``).

        Built once per operation: both checks ask for it on every request.
        """
        key = (method.upper(), path)
        if key not in self._operations:
            self._operations[key] = self._operation(method, path)
        return self._operations[key]

    def _operation(self, method: str, path: str) -> Operation | None:
        item = self.deref(Node(self.document["paths"][path], pointer("paths", path)))
        node = item.get(method.lower())
        if node is None:
            return None
        node = self.deref(node)
        return Operation(
            self,
            method.upper(),
            path,
            node,
            tuple(self._parameters(item, node)),
        )

    def methods(self, path: str) -> list[str]:
        item = self.deref(Node(self.document["paths"][path], pointer("paths", path)))
        return [method.upper() for method, _ in item.items() if method in HTTP_METHODS]

    def _parameters(self, item: Node, operation: Node) -> Iterator[Parameter]:
        # An operation's parameter overrides the path's of the same name and place.
        found: dict[tuple[str, str], Parameter] = {}
        for owner in (item, operation):
            listed = owner.get("parameters")
            if listed is None:
                continue
            for index, raw in enumerate(listed.value):
                node = self.deref(Node(raw, f"{listed.at}/{index}"))
                value = node.value
                schema = node.get("schema")
                parameter = Parameter(
                    name=str(value.get("name")),
                    location=str(value.get("in")),
                    required=bool(value.get("required")) or value.get("in") == "path",
                    schema=self.deref(schema) if schema is not None else None,
                )
                found[(parameter.location, parameter.name)] = parameter
        yield from found.values()

    def media(self, content: Node, content_type: str) -> tuple[str, Node] | None:
        """The documented media type that ``content_type`` is, most specific first."""
        wanted = content_type.split(";")[0].strip().lower()
        documented = {key.lower(): node for key, node in content.items()}
        kind = wanted.split("/")[0]
        for key in (wanted, f"{kind}/*", "*/*"):
            if key in documented:
                return key, documented[key]
        return None

    def deref(self, node: Node) -> Node:
        """``node`` with a ``$ref`` followed (and the one it leads to, and so on)."""
        seen = set()
        while isinstance(node.value, Mapping) and "$ref" in node.value:
            ref = node.value["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
                raise ContractError(
                    f"{self.source}: {node.at}: cannot follow $ref {ref!r} (only "
                    "references inside the document, without cycles, are followed)"
                )
            seen.add(ref)
            node = Node(self._lookup(ref, node.at), ref)
        return node

    def _lookup(self, ref: str, at: str) -> Any:
        value: Any = self.document
        for raw in ref[2:].split("/"):
            part = unquote(raw).replace("~1", "/").replace("~0", "~")
            if isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            elif isinstance(value, Mapping) and part in value:
                value = value[part]
            else:
                raise ContractError(
                    f"{self.source}: {at}: $ref {ref!r} points nowhere in the document"
                )
        return value

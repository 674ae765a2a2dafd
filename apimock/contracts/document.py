"""One OpenAPI document: loaded, checked, and asked which operation a URL is.

A :class:`Contract` is a document bound to the base URL it describes
(``https://api.example.com/v1`` + the document's ``/items/{id}``). Only
references inside the document (``#/components/...``) are followed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from apimock.documents import DocumentError, load_json, load_yaml
from apimock.exceptions import ContractError
from apimock.request import URL

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAM = re.compile(r"^\{([^{}/]+)\}$")


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

    def __init__(self, base_url: str, source: str, document: Mapping[str, Any]) -> None:
        self.base_url = base_url.rstrip("/")
        self.source = source
        self.document = document
        parsed = URL.parse(self.base_url)
        self.origin = parsed.origin
        self.base_path = parsed.path.rstrip("/")
        version = str(document.get("openapi", ""))
        self.version = "3.1" if version.startswith(("3.1", "3.2")) else "3.0"
        self._operations: dict[tuple[str, str], Operation | None] = {}
        self._paths = sorted(
            (_PathShape.of(path) for path in (document.get("paths") or {})),
            key=lambda shape: shape.params,
        )

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

    def find_path(self, path: str) -> tuple[str, dict[str, str]] | None:
        """The documented path for a concrete one, and its parameters."""
        segments = path.split("/")
        for shape in self._paths:
            params = shape.match(segments)
            if params is not None:
                return shape.path, params
        return None

    def documented_paths(self) -> list[str]:
        return [shape.path for shape in self._paths]

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


@dataclass(frozen=True)
class _PathShape:
    path: str
    segments: tuple[str | None, ...]  # None: a {parameter}
    names: tuple[str, ...]

    @property
    def params(self) -> int:
        return len(self.names)

    @classmethod
    def of(cls, path: str) -> _PathShape:
        segments: list[str | None] = []
        names = []
        for segment in path.rstrip("/").split("/") if path != "/" else [""]:
            param = _PARAM.match(segment)
            if param:
                names.append(param.group(1))
                segments.append(None)
            else:
                segments.append(segment)
        return cls(path, tuple(segments), tuple(names))

    def match(self, segments: list[str]) -> dict[str, str] | None:
        if segments and segments[-1] == "" and len(segments) > 1:
            segments = segments[:-1]
        if len(segments) != len(self.segments):
            return None
        values = []
        for mine, theirs in zip(self.segments, segments, strict=True):
            if mine is None:
                if theirs == "":
                    return None
                values.append(unquote(theirs))
            elif mine != unquote(theirs) and mine != theirs:
                return None
        return dict(zip(self.names, values, strict=True))


@functools.lru_cache(maxsize=32)
def read(path: Path, mtime: float) -> Mapping[str, Any]:
    """The document at ``path`` as data (YAML or JSON); ContractError if unreadable.

    Cached by modification time, so an edited document is read again.
    """
    try:
        if not path.is_file():
            raise IsADirectoryError(21, "not a file")
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError) as error:  # ValueError: not UTF-8
        reason = getattr(error, "strerror", None) or error
        raise ContractError(f"cannot read contract {path}: {reason}") from None
    try:
        data = (load_json if path.suffix == ".json" else load_yaml)(text).data
    except DocumentError as error:
        where = f"line {error.line}: " if error.line else ""
        raise ContractError(
            f"contract {path} is not valid YAML/JSON: {where}{error.problem}"
        ) from None
    if not isinstance(data, Mapping) or not str(data.get("openapi", "")).startswith(
        "3."
    ):
        raise ContractError(
            f"contract {path} is not an OpenAPI 3.0 or 3.1 document (no "
            "'openapi: 3.x' at the top)"
        )
    if not isinstance(data.get("paths"), Mapping):
        raise ContractError(f"contract {path} has no 'paths'")
    return data

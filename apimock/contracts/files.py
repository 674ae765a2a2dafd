"""Reading a contract document: parsed once per content, kept small, shared.

A document is known by the SHA-256 of its bytes. The first time this process
meets it, it comes from the disk cache (:mod:`~apimock.contracts.cache`);
failing that, a child process parses it (and validates it, for the system
check) and writes the cache, so that the parser's peak (libyaml builds every
node of a 5 MB document before the data: some 200 MB) never stays with the
test process; failing that, it is parsed here.

Parsed data keeps only one copy of each distinct part: equal strings, and
equal mappings and lists (a provider's document repeats its parameters,
errors and schemas by the thousand), are one object. The document is
read-only: every user of it only reads it.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from apimock import diskcache as cache
from apimock.exceptions import ContractError

#: libyaml's parser where PyYAML was built with it: the same data, faster.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: A child preparing a document gives up after this long (then it is parsed here).
CHILD_TIMEOUT = 600.0


@dataclass(frozen=True, eq=False)
class Document:
    """A contract file's parsed content and the digest it is known by."""

    data: Mapping[str, Any]
    digest: str
    path: Path


_lock = threading.Lock()
_documents: dict[str, Document] = {}


def read(path: Path, directory: Path | None, *, validating: bool = False) -> Document:
    """The document at ``path``; ContractError if it cannot be read or parsed.

    ``directory`` is the disk cache (None: none). ``validating``: the caller
    validates it next, so a child that parses it validates it too.
    """
    try:
        if not path.is_file():
            raise IsADirectoryError(21, "not a file")
        raw = path.read_bytes()
    except (OSError, ValueError) as error:  # ValueError: a NUL or lone surrogate
        reason = getattr(error, "strerror", None) or error
        raise ContractError(f"cannot read contract {path}: {reason}") from None
    digest = hashlib.sha256(raw).hexdigest()
    with _lock:
        found = _documents.get(digest)
        if found is not None:
            return found
        directory = cache.usable(directory)
        with _collector_paused():  # marshal makes its objects by the thousand
            data = cache.read_document(directory, digest)
        if (
            data is None
            and directory is not None
            and _prepare_in_child(path, directory, validating)
        ):
            data = cache.read_document(directory, digest)
        if data is None:
            data = parse(raw, path)
            cache.write_document(directory, digest, data)
        _check_shape(data, path)
        document = _documents[digest] = Document(data, digest, path)
        return document


def parse(raw: bytes, path: Path) -> Any:
    """The document's data, its equal parts shared; ContractError if it is
    not YAML or JSON."""
    try:
        text = raw.decode("utf-8")
        with _collector_paused():
            if path.suffix == ".json":
                return share(json.loads(text))
            return _yaml(text)
    except (ValueError, yaml.YAMLError) as error:
        raise ContractError(
            f"contract {path} is not valid YAML/JSON: {error}"
        ) from None
    except RecursionError:  # the parsers recurse: a document nested thousands deep
        raise ContractError(
            f"contract {path} is not valid YAML/JSON: nested too deep to read"
        ) from None


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "map", "seq"))


class _Unusual(Exception):
    """A node the quick builder leaves to PyYAML's own constructor."""


def _yaml(text: str) -> Any:
    """The YAML document's data, shared as :func:`share` shares it: libyaml
    composes the nodes, and the plain ones (strings, mappings, lists: nearly
    all of an OpenAPI document) are made and shared here in one walk, in
    less than half the time PyYAML's constructor takes (0.8 s, not 1.9 s with
    the sharing, for 5 MB); anything unusual (a merge key ``<<``, an alias,
    a key that cannot be a dict key) is left to PyYAML's loader, for its data
    or its error."""
    try:
        node = yaml.compose(text, Loader=_Loader)
        return None if node is None else _built(node)
    except (_Unusual, TypeError):
        return share(yaml.load(text, Loader=_Loader))


def _built(root: yaml.Node) -> Any:
    scalars = yaml.SafeLoader("")  # for ints, floats, booleans, dates...
    parts = _Parts()
    # An alias is its anchor's node again: made once. One inside itself is
    # left to PyYAML's loader (which builds it; share() then refuses it).
    aliased: dict[int, Any] = {}
    building: set[int] = set()

    def walk(node: yaml.Node) -> Any:
        tag, kind = node.tag, type(node)
        if kind is yaml.ScalarNode:
            if tag == _STR:
                return parts.string(node.value)
            return scalars.construct_object(node, deep=True)
        key = id(node)
        if key in aliased:
            return aliased[key]
        if key in building:
            raise _Unusual
        building.add(key)
        aliased[key] = value = composite(node, tag, kind)
        return value

    def composite(node: yaml.Node, tag: str, kind: type[yaml.Node]) -> Any:
        if kind is yaml.MappingNode and tag == _MAP:
            items = []
            for key, value in node.value:
                if key.tag == "tag:yaml.org,2002:merge":
                    raise _Unusual
                items.append((walk(key), walk(value)))
            return parts.mapping(items)
        if kind is yaml.SequenceNode and tag == _SEQ:
            return parts.listing([walk(item) for item in node.value])
        raise _Unusual

    return walk(root)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while the parser builds objects by the million:
    nothing it makes is garbage, and each collection would walk them all (it
    makes parsing a 5 MB document three to four times slower)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Parts:
    """Each distinct string, mapping and list made once: a part equal to one
    made before is that one.

    The parts of a mapping or list are shared already, so each is known by
    its identity (and a key by its type too: 1 and True are equal, and mean
    different things). The signatures name parts by id(): ``made`` keeps
    every part alive until the walk is done, so no id is reused meanwhile.
    """

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.made: dict[tuple[Any, ...], Any] = {}

    def string(self, text: str) -> str:
        return self.strings.setdefault(text, text)

    def mapping(self, items: list[tuple[Any, Any]]) -> dict[Any, Any]:
        signature = ("{", *((k, type(k), id(v)) for k, v in items))
        found = self.made.get(signature)
        if found is None:
            found = self.made[signature] = dict(items)
        return found

    def listing(self, listed: list[Any]) -> list[Any]:
        signature = ("[", *[id(item) for item in listed])
        found = self.made.get(signature)
        if found is None:
            found = self.made[signature] = listed
        return found


def share(data: Any) -> Any:
    """``data`` with each distinct string, mapping and list made once and
    shared wherever it recurs. Keys as parsed, order kept."""
    parts = _Parts()

    def walk(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return parts.string(value)
        if kind is dict:
            return parts.mapping(
                [
                    (parts.string(key) if type(key) is str else key, walk(item))
                    for key, item in value.items()
                ]
            )
        if kind is list:
            return parts.listing([walk(item) for item in value])
        return value

    return walk(data)


def _check_shape(data: Any, path: Path) -> None:
    if not isinstance(data, Mapping) or not str(data.get("openapi", "")).startswith(
        "3."
    ):
        raise ContractError(
            f"contract {path} is not an OpenAPI 3.0 or 3.1 document (no "
            "'openapi: 3.x' at the top)"
        )
    if not isinstance(data.get("paths"), Mapping):
        raise ContractError(f"contract {path} has no 'paths'")


# -- the child that prepares a document -------------------------------------------


def _prepare_in_child(path: Path, directory: Path, validating: bool) -> bool:
    """Parse (and validate) ``path`` in a child process that writes the
    cache; False if that could not be done (then the caller parses here)."""
    command = [
        sys.executable,
        "-m",
        "apimock.contracts.files",
        str(path),
        str(directory),
    ]
    if validating:
        command.append("--validate")
    # The child imports what this process imports, from the same places.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, timeout=CHILD_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _child_main(argv: list[str]) -> int:
    path, directory = Path(argv[0]), Path(argv[1])
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    data = parse(raw, path)
    if not cache.write_document(directory, digest, data):
        return 1
    if "--validate" in argv[2:]:
        from apimock.contracts import validation

        validation.verdict(data, digest, directory)
    # What it wrote is written and closed: leave without taking the
    # document's million objects apart one by one (a quarter of a second).
    os._exit(0)


def forget() -> None:
    """Forget the documents read so far (tests of the cache use it)."""
    with _lock:
        _documents.clear()


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))

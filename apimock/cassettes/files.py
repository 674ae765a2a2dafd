"""Cassette files: readable YAML in, readable YAML out, never half-written.

An interaction is stored as plain data in a fixed key order (request, then
response; method, url, headers, body), so a re-recording diffs line by line.
A body is stored as ``json`` when it is JSON, ``body`` when it is text and
``body_base64`` otherwise. Writes go to a temporary file in the same folder
and are renamed into place under an exclusive lock, so a crash leaves the old
file and two processes never interleave; the temporary file's name is fixed
per cassette, so the next write cleans up after a killed one.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import glob
import json as jsonlib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from apimock.cassettes.validation import MAX_DEPTH, interaction_problem
from apimock.documents import DocumentError, load_yaml, within_depth
from apimock.exceptions import CassetteError

FORMAT_VERSION = 1
_HEADER = (
    "# apimock cassette: recorded traffic, secrets replaced by <PLACEHOLDERS>.\n"
    "# Edit freely; interactions replay in this order.\n"
)


@dataclass(frozen=True)
class Recorded:
    """A cassette as read: its interactions and the line each starts on."""

    interactions: list[dict[str, Any]]
    lines: list[int]


def encode_body(body: bytes, content_type: str) -> dict[str, Any]:
    """``{"json": ...}``, ``{"body": text}``, ``{"body_base64": ...}``; {} if empty."""
    if not body:
        return {}
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return {"body_base64": base64.b64encode(body).decode("ascii")}
    if "json" in content_type.lower():
        with contextlib.suppress(ValueError, RecursionError):
            data = jsonlib.loads(text)
            if within_depth(data, MAX_DEPTH):
                return {"json": data}
    return {"body": text}


def decode_body(part: Mapping[str, Any]) -> bytes:
    """The bytes :func:`encode_body` stored."""
    if "json" in part:
        return jsonlib.dumps(part["json"]).encode()
    if "body_base64" in part:
        return base64.b64decode(part["body_base64"])
    return str(part.get("body", "")).encode()


def text(path: Path) -> str:
    """The file's text, or "" when it cannot be read (read() says why)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def read(path: Path) -> Recorded:
    """The cassette at ``path``; CassetteError naming the file and line if it is bad."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CassetteError(f"cassette {path} cannot be read: {error}.") from None
    except UnicodeDecodeError as error:
        raise CassetteError(f"cassette {path} is not UTF-8 text: {error}.") from None
    try:
        document = load_yaml(text)
    except DocumentError as error:
        where = f", line {error.line}" if error.line else ""
        what = "is not valid YAML" if error.syntax else "cannot be used"
        raise CassetteError(
            f"cassette {path}{where} {what}: {error.problem}. Fix or delete the "
            "file; it is never recorded over silently."
        ) from None
    lines = _lines(document.root)
    interactions = _interactions(path, document.data, lines)
    if len(lines) != len(interactions):  # merge keys and the like
        lines = [0] * len(interactions)
    return Recorded(interactions, lines)


def _interactions(path: Path, data: Any, lines: list[int]) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
        raise CassetteError(
            f"cassette {path}, line 1: expected a mapping with an 'interactions' "
            "list (is it a cassette?)."
        )
    for index, item in enumerate(data["interactions"], 1):
        problem = interaction_problem(item)
        if problem:
            line = f", line {lines[index - 1]}" if len(lines) >= index else ""
            raise CassetteError(
                f"cassette {path}, interaction {index}{line}: {problem}."
            )
    return list(data["interactions"])


def _lines(root: Any) -> list[int]:
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "interactions" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def update(
    path: Path,
    change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
) -> None:
    """Write ``change(current interactions)`` to ``path``, atomically and locked.

    The current content is read under the lock, so processes recording into
    one cassette at once each add to what the other wrote. A file that is not
    a valid cassette is an error, never overwritten.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path):
        current = read(path).interactions if path.exists() else []
        interactions = change(current)
        text = _HEADER + yaml.safe_dump(
            {"version": FORMAT_VERSION, "interactions": interactions},
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=100,
        )
        write_atomically(path, text)


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``: a temporary file renamed into place.

    The temporary file has one name per file (:func:`temporary_for`): a
    writer killed half-way leaves it behind, and the next write of the same
    file reuses and renames it, so leftovers never pile up. Callers write one
    file from one writer at a time (cassettes under :func:`locked`, usage
    notes one per process).
    """
    temporary = temporary_for(path)
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):  # left by an older apimock's writer
            stale.unlink()
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def temporary_for(path: Path) -> Path:
    """Where :func:`write_atomically` writes ``path`` before renaming it."""
    return path.with_name(f".{path.name}.apimock-tmp")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock for writing ``path``, across processes.

    The lock is taken on the cassette's folder, so no lock files are left
    beside the cassettes; writes are short, so sharing it costs nothing.
    """
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(folder, fcntl.LOCK_UN)
    finally:
        os.close(folder)

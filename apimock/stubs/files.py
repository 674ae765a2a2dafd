"""Stub files: YAML or JSON, a list of stubs or a mapping with a ``stubs`` list.

Each file's content is parsed once: ``manage.py check`` and the first test
share it, and later runs read it from ``APIMOCK["CACHE_DIR"]`` (by the
content's SHA-256, see :mod:`apimock.diskcache`). One parse gives both the
stubs and their line numbers, with libyaml's parser where PyYAML has it.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from apimock import diskcache
from apimock.conf import conf
from apimock.documents import MAX_DEPTH, DocumentError, load_yaml, within_depth
from apimock.stubs.validation import Problem
from apimock.text import shown


class StubFileError(Exception):
    """A stub file that is missing or cannot be parsed; carries the Problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def resolve_path(path: str, base_dir: str | None) -> Path:
    candidate = Path(path)
    if candidate.is_absolute() or base_dir is None:
        return candidate
    return Path(base_dir) / candidate


def load(path: Path, shown_as: str) -> list[tuple[Any, int | None]]:
    """The stubs in a file, each with its line number where it is known.

    Parsed once per content (the same list for the same text: treat it as
    read-only); reading a file again costs little, and sees every change.
    """
    name = shown(shown_as)
    try:
        if not path.exists():
            raise FileNotFoundError
        if not path.is_file():  # a folder, a device, a pipe: never read
            raise StubFileError(
                Problem("apimock.E005", f"stub file {name} is not a file ({path}).")
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        start = path.parent if Path(shown_as).is_absolute() else _root(path, shown_as)
        guess = nearest_file(shown_as, start)
        raise StubFileError(
            Problem(
                "apimock.E005",
                f"stub file {name} does not exist (looked for {path}).",
                (f"Did you mean {guess!r}? " if guess else "")
                + "Relative paths start at settings.BASE_DIR.",
            )
        ) from None
    except (OSError, ValueError) as error:  # ValueError: NUL, not UTF-8
        raise StubFileError(
            Problem("apimock.E005", f"stub file {name} cannot be read: {error}.")
        ) from None
    return _stubs(text, path.suffix.lower() == ".json", shown_as)


@functools.lru_cache(maxsize=256)
def _stubs(text: str, is_json: bool, shown_as: str) -> list[tuple[Any, int | None]]:
    directory = diskcache.usable(conf.CACHE_DIR)
    digest = hashlib.sha256(f"{is_json}:{text}".encode()).hexdigest()
    kept = diskcache.read_document(directory, digest, "stubs")
    if isinstance(kept, tuple) and len(kept) == 2:
        data, lines = kept
    else:
        data, lines = _parse(text, is_json, shown_as)
        diskcache.write_document(directory, digest, (data, lines), "stubs")
    items = data.get("stubs") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise StubFileError(
            Problem(
                "apimock.E006",
                f"stub file {shown(shown_as)} must hold a list of stubs, or a mapping "
                f"with a 'stubs' list; got {type(data).__name__}.",
            )
        )
    if len(lines) != len(items):
        lines = [None] * len(items)
    return list(zip(items, lines, strict=True))


# Folders no stub file lives in; the walk for a did-you-mean skips them.
_SKIPPED = {".git", ".hg", ".tox", ".venv", "venv", "node_modules", "__pycache__"}
_MAX_FILES = 5000


def _root(path: Path, shown_as: str) -> Path:
    """The folder a relative ``shown_as`` was resolved from."""
    root = path
    for _ in Path(shown_as).parts:
        root = root.parent
    return root


def nearest_file(shown_as: str, root: Path) -> str | None:
    """The existing stub file under ``root`` whose path is nearest
    ``shown_as``, written as ``shown_as`` is (relative or not)."""
    suffixes = {".yaml", ".yml", ".json"}
    found: list[str] = []
    seen = 0
    for folder, dirs, names in os.walk(root):
        seen += len(names)
        dirs[:] = [d for d in dirs if d not in _SKIPPED and "site-packages" not in d]
        for name in names:
            if Path(name).suffix.lower() in suffixes:
                full = Path(folder) / name
                found.append(
                    str(full)
                    if Path(shown_as).is_absolute()
                    else full.relative_to(root).as_posix()
                )
        if seen > _MAX_FILES:  # a big tree: a guess is not worth the wait
            break
    close = difflib.get_close_matches(shown_as, found, n=1, cutoff=0.6)
    return close[0] if close else None


def _parse(text: str, is_json: bool, shown_as: str) -> tuple[Any, list[int | None]]:
    """The file's data and the line of each stub, from one parse; no file
    can crash or stall it (see :mod:`apimock.documents`)."""
    name = shown(shown_as)
    try:
        if is_json:
            return _parse_json(text)
        return _parse_yaml(text)
    except json.JSONDecodeError as error:
        problem = f"{name} is not valid JSON: line {error.lineno}, column {error.colno}"
        raise StubFileError(
            Problem("apimock.E006", f"stub file {problem}: {error.msg}.")
        ) from None
    except DocumentError as error:
        raise StubFileError(
            Problem("apimock.E006", f"{error.describe(f'stub file {name}')}.")
        ) from None


def _parse_yaml(text: str) -> tuple[Any, list[int | None]]:
    document = load_yaml(text)
    data, node = document.data, document.root
    if isinstance(node, yaml.MappingNode):
        node = next((value for key, value in node.value if key.value == "stubs"), None)
    if not isinstance(node, yaml.SequenceNode):
        return data, []
    return data, [item.start_mark.line + 1 for item in node.value]


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _parse_json(text: str) -> tuple[Any, list[int | None]]:
    """JSON, with the line where each stub of the list (or of the ``stubs``
    list of a mapping) starts. The list's items are decoded one by one where
    they stand, so the file is still parsed once; anything unexpected is left
    to ``json.loads``, which says where the file is wrong."""
    try:
        try:
            data, lines = _JsonLines(text).document()
        except (ValueError, IndexError):
            data, lines = json.loads(text), []
    except RecursionError:  # json recurses: thousands of brackets
        raise DocumentError(f"nested deeper than {MAX_DEPTH} levels") from None
    if not within_depth(data, MAX_DEPTH):
        raise DocumentError(f"nested deeper than {MAX_DEPTH} levels")
    return data, lines


class _JsonLines:
    def __init__(self, text: str) -> None:
        self.text = text
        self.line = 1
        self.counted = 0

    def skip(self, at: int) -> int:
        return _SPACE.match(self.text, at).end()  # type: ignore[union-attr]

    def expect(self, at: int, char: str) -> int:
        if not self.text.startswith(char, at):
            raise ValueError(char)
        return self.skip(at + 1)

    def document(self) -> tuple[Any, list[int | None]]:
        at = self.skip(0)
        lines: list[int | None] = []
        data: Any
        if self.text.startswith("[", at):
            data, lines, at = self.items(at)
        elif self.text.startswith("{", at):
            data, at = {}, self.skip(at + 1)
            while not self.text.startswith("}", at):
                key, at = _DECODER.raw_decode(self.text, at)
                if not isinstance(key, str):
                    raise ValueError(key)
                at = self.expect(self.skip(at), ":")
                if key == "stubs" and self.text.startswith("[", at):
                    data[key], lines, at = self.items(at)
                else:
                    data[key], at = _DECODER.raw_decode(self.text, at)
                at = self.next(at, "}")
            at = self.skip(at + 1)
        else:
            return json.loads(self.text), []
        if at != len(self.text):
            raise ValueError("more after the document")
        return data, lines

    def items(self, at: int) -> tuple[list[Any], list[int | None], int]:
        found: list[Any] = []
        lines: list[int | None] = []
        at = self.skip(at + 1)
        while not self.text.startswith("]", at):
            self.line += self.text.count("\n", self.counted, at)
            self.counted = at
            lines.append(self.line)
            item, at = _DECODER.raw_decode(self.text, at)
            found.append(item)
            at = self.next(at, "]")
        return found, lines, self.skip(at + 1)

    def next(self, at: int, closing: str) -> int:
        """Past the comma after a member; at ``closing`` if there is none."""
        at = self.skip(at)
        if self.text.startswith(",", at):
            at = self.skip(at + 1)
            if self.text.startswith(closing, at):
                raise ValueError("a trailing comma")
            return at
        if not self.text.startswith(closing, at):
            raise ValueError(closing)
        return at

"""Stub files: YAML or JSON, a list of stubs or a mapping with a ``stubs`` list."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import yaml

from apimock.stubs.validation import Problem


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
    """The stubs in a file, each with its line number where it is known."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        start = path.parent if Path(shown_as).is_absolute() else _root(path, shown_as)
        guess = nearest_file(shown_as, start)
        raise StubFileError(
            Problem(
                "apimock.E005",
                f"stub file {shown_as!r} does not exist (looked for {path}).",
                (f"Did you mean {guess!r}? " if guess else "")
                + "Relative paths start at settings.BASE_DIR.",
            )
        ) from None
    except OSError as error:
        raise StubFileError(
            Problem("apimock.E005", f"stub file {shown_as!r} cannot be read: {error}.")
        ) from None
    data = _parse(text, path, shown_as)
    items = data.get("stubs") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise StubFileError(
            Problem(
                "apimock.E006",
                f"stub file {shown_as!r} must hold a list of stubs, or a mapping "
                f"with a 'stubs' list; got {type(data).__name__}.",
            )
        )
    lines = _item_lines(text, len(items))
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


def _parse(text: str, path: Path, shown_as: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise StubFileError(
                Problem(
                    "apimock.E006",
                    f"stub file {shown_as!r} is not valid JSON: line {error.lineno}, "
                    f"column {error.colno}: {error.msg}.",
                )
            ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        reason = getattr(error, "problem", None) or str(error)
        raise StubFileError(
            Problem(
                "apimock.E006",
                f"stub file {shown_as!r} is not valid YAML: {where}{reason}.",
            )
        ) from None


def _item_lines(text: str, count: int) -> list[int | None]:
    # JSON is (nearly) YAML, so one composer gives line numbers for both.
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return [None] * count
    if isinstance(node, yaml.MappingNode):
        node = next((value for key, value in node.value if key.value == "stubs"), None)
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != count:
        return [None] * count
    return [item.start_mark.line + 1 for item in node.value]

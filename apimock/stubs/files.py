"""Stub files: YAML or JSON, a list of stubs or a mapping with a ``stubs`` list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from apimock.documents import Document, DocumentError, load_json, load_yaml
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
    """The stubs in a file, each with its line number where it is known."""
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
        raise StubFileError(
            Problem(
                "apimock.E005",
                f"stub file {name} does not exist (looked for {shown(str(path))}).",
                "Relative paths start at settings.BASE_DIR.",
            )
        ) from None
    except (OSError, ValueError) as error:  # ValueError: NUL, not UTF-8
        raise StubFileError(
            Problem("apimock.E005", f"stub file {name} cannot be read: {error}.")
        ) from None
    try:
        document = (
            load_json(text) if path.suffix.lower() == ".json" else load_yaml(text)
        )
    except DocumentError as error:
        raise StubFileError(
            Problem("apimock.E006", f"{error.describe(f'stub file {name}')}.")
        ) from None
    data = document.data
    items = data.get("stubs") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise StubFileError(
            Problem(
                "apimock.E006",
                f"stub file {name} must hold a list of stubs, or a mapping "
                f"with a 'stubs' list; got {type(data).__name__}.",
            )
        )
    lines = _item_lines(document, text, len(items))
    return list(zip(items, lines, strict=True))


def _item_lines(document: Document, text: str, count: int) -> list[int | None]:
    node = document.root
    if node is None:
        # JSON is (nearly) YAML, so one composer gives line numbers for both.
        try:
            node = load_yaml(text).root
        except DocumentError:
            return [None] * count
    if isinstance(node, yaml.MappingNode):
        node = next((value for key, value in node.value if key.value == "stubs"), None)
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != count:
        return [None] * count
    return [item.start_mark.line + 1 for item in node.value]

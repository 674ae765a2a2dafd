"""YAML and JSON documents users hand apimock (stub files, cassettes,
contracts), read so that no document can crash or stall the reader.

PyYAML alone lets a document do three things a loader must not allow: nest
deeper than Python's stack (a RecursionError from inside the parser), expand
a few aliases into billions of nodes (each later walk is exponential), and
repeat a mapping key (the last one silently wins). Each is a
:class:`DocumentError` with the line it is on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

#: Deeper documents are refused: every walk over them recurses.
MAX_DEPTH = 100
#: Nodes a document may hold once its aliases are expanded.
MAX_NODES = 1_000_000
_MERGE = "tag:yaml.org,2002:merge"
#: libyaml's parser where PyYAML was built with it: the same data, faster
#: (and it refuses flow nesting past 1,000 levels itself).
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DocumentError(ValueError):
    """Why a document cannot be read. ``syntax`` names the language ("YAML",
    "JSON") when the text does not parse; the problem is then the parser's."""

    def __init__(
        self,
        problem: str,
        line: int | None = None,
        column: int | None = None,
        syntax: str | None = None,
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column
        self.syntax = syntax

    def describe(self, what: str) -> str:
        """The message for ``what`` (``stub file 'x.yaml'``), without a stop."""
        if self.syntax:
            where = f"line {self.line}, column {self.column}: " if self.line else ""
            return f"{what} is not valid {self.syntax}: {where}{self.problem}"
        where = f", line {self.line}" if self.line else ""
        return f"{what}{where}: {self.problem}"


@dataclass(frozen=True)
class Document:
    data: Any
    #: The YAML node of the whole document (None for JSON read as JSON).
    root: yaml.Node | None


def load_yaml(text: str) -> Document:
    """``text`` as YAML (safe tags only); DocumentError saying what is wrong."""
    rough = _rough_depth(text)
    if rough is not None:
        raise DocumentError(f"nested deeper than {MAX_DEPTH} levels", rough)
    try:
        loader = _Loader(text)
    except yaml.YAMLError as error:  # a character YAML does not allow
        raise _syntax(error) from None
    try:
        try:
            root = loader.get_single_node()
        except RecursionError:
            raise DocumentError(f"nested deeper than {MAX_DEPTH} levels") from None
        except yaml.YAMLError as error:
            raise _syntax(error) from None
        if root is None:
            return Document(None, None)
        _check_nodes(root)
        try:
            data = loader.construct_document(root)
        except (yaml.YAMLError, RecursionError, TypeError, ValueError) as error:
            raise _syntax(error) from None
    finally:
        loader.dispose()
    return Document(data, root)


def load_json(text: str) -> Document:
    try:
        data = json.loads(text)
    except RecursionError:
        raise DocumentError(f"nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as error:
        raise DocumentError(error.msg, error.lineno, error.colno, "JSON") from None
    if not within_depth(data, MAX_DEPTH):
        raise DocumentError(f"nested deeper than {MAX_DEPTH} levels")
    return Document(data, None)


_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')
_BRACKETS = re.compile(r"[\[\]{}\n]")
_COMPACT = re.compile(r"^[ \t]*(?:[-?][ \t]+)+", re.MULTILINE)


def _rough_depth(text: str) -> int | None:
    """The line where ``text`` surely nests too deep for the parser, or None.

    PyYAML parses by recursion; refusing the obvious cases before it starts
    ("[[[[...", "- - - - ...", a line indented hundreds of columns) keeps the
    stack shallow. What this misses, a RecursionError catch still reports.
    """
    depth, line = 0, 1
    for found in _BRACKETS.finditer(_QUOTED.sub("", text)):
        char = found.group(0)
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif depth:
            depth -= 1
    for found in _COMPACT.finditer(text):
        prefix = found.group(0)
        if (
            prefix.count("-") + prefix.count("?") > MAX_DEPTH
            or len(prefix) > 4 * MAX_DEPTH
        ):
            return text.count("\n", 0, found.start()) + 1
    return None


def _syntax(error: BaseException) -> DocumentError:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error) or type(error).__name__
    if mark is None:
        return DocumentError(problem, syntax="YAML")
    return DocumentError(problem, mark.line + 1, mark.column + 1, "YAML")


def _check_nodes(root: yaml.Node) -> None:
    """Depth, expanded size and duplicate keys, walked without recursion."""
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    seen = 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        line = node.start_mark.line + 1
        if seen > MAX_NODES:
            raise DocumentError(
                f"holds more than {MAX_NODES:,} values once its aliases are expanded",
                line,
            )
        if depth > MAX_DEPTH:
            raise DocumentError(f"nested deeper than {MAX_DEPTH} levels", line)
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE:
                    if key.value in keys:
                        raise DocumentError(
                            f"the key {key.value!r} is given twice (the second "
                            "would silently win)",
                            key.start_mark.line + 1,
                        )
                    keys.add(key.value)
                stack += [(key, depth + 1), (value, depth + 1)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in node.value]


def within_depth(data: Any, limit: int, max_values: int = MAX_NODES) -> bool:
    """Is ``data`` (dicts, lists, tuples) nested at most ``limit`` deep, with
    at most ``max_values`` values? Iterative, and bounded for shared or
    cyclic data: asking must not overflow the stack the answer protects."""
    if not isinstance(data, (dict, list, tuple)):
        return True  # most values: a string or a number
    stack = [(data, 0)]
    seen = 0
    while stack:
        value, depth = stack.pop()
        seen += 1
        if seen > max_values:
            return False
        if isinstance(value, (dict, list, tuple)):
            if depth >= limit:
                return False
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
    return True

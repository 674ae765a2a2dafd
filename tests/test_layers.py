"""apimock's modules import in layers: no module reaches back up to one that
imports it, directly or through others, at module level, inside a function or
for type hints only (``if TYPE_CHECKING:``). A lower layer is handed what it
needs instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.test import SimpleTestCase

PACKAGE = Path(__file__).resolve().parent.parent / "apimock"


def _module_files() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def import_graph() -> dict[str, set[str]]:
    """Each apimock module and the apimock modules it imports."""
    modules = _module_files()

    def owner(dotted: str) -> str:
        while dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                if not (node.module or "").startswith("apimock"):
                    continue
                targets = [
                    f"{node.module}.{alias.name}"
                    if f"{node.module}.{alias.name}" in modules
                    else owner(str(node.module))
                    for alias in node.names
                ]
            elif isinstance(node, ast.Import):
                targets = [
                    owner(alias.name)
                    for alias in node.names
                    if alias.name.startswith("apimock")
                ]
            else:
                continue
            # A package's own __init__ is imported with any of its modules.
            graph[name].update(
                target
                for target in targets
                if target != name and not name.startswith(f"{target}.")
            )
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


class ImportLayersTest(SimpleTestCase):
    def test_no_module_imports_back_up(self):
        self.assertEqual(cycles(import_graph()), [])

    def test_the_check_sees_a_cycle(self):
        graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
        self.assertEqual(cycles(graph), [["a", "b", "c"]])

    def test_function_level_and_type_only_imports_count(self):
        graph = import_graph()
        # cassettes.recorder imports fetch inside a method, to send lazily;
        # stubs.validation imports StubSource for its hints only.
        self.assertIn("apimock.cassettes.fetch", graph["apimock.cassettes.recorder"])
        self.assertIn("apimock.stubs.source", graph["apimock.stubs.validation"])

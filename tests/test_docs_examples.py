"""The docs' examples from tests/doc_examples/ show what a reader needs to run
them: a test method the docs show that reads ``self.x`` made in ``setUp`` is
shown with that ``setUp``, and a helper it calls is on the page too."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
# A literalinclude of a doc example, with its options (pyobject, start-at...).
_INCLUDE = re.compile(
    r"^\.\. literalinclude:: \.\./(tests/doc_examples/\w+\.py)\n"
    r"((?:   :[\w-]+: .*\n)*)",
    re.M,
)


def shown(page: str) -> dict[str, list[str]]:
    """Each doc example file the page includes, with the text of every part shown."""
    parts: dict[str, list[str]] = {}
    for path, options in _INCLUDE.findall(page):
        source = (ROOT / path).read_text()
        option = dict(re.findall(r":([\w-]+): (.*)", options))
        if "pyobject" in option:
            text = _pyobject(source, option["pyobject"])
        else:
            start = source.index(option.get("start-at", ""))
            end = source.index(option["end-before"]) if "end-before" in option else None
            text = source[start:end]
        parts.setdefault(path, []).append(text)
    return parts


def _pyobject(source: str, dotted: str) -> str:
    body: list[ast.stmt] = ast.parse(source).body
    node: ast.AST | None = None
    for name in dotted.split("."):
        node = next(n for n in body if getattr(n, "name", None) == name)
        body = getattr(node, "body", [])
    assert node is not None
    return ast.get_source_segment(source, node) or ""


def _self_attributes(code: str, *, stored: bool) -> set[str]:
    context = ast.Store if stored else ast.Load
    return {
        node.attr
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
        and isinstance(node.ctx, context)
    }


class DocsExamplesTest(SimpleTestCase):
    def test_a_shown_test_shows_the_setup_it_relies_on(self):
        for page in sorted((ROOT / "docs").glob("*.rst")):
            for path, parts in shown(page.read_text()).items():
                source = (ROOT / path).read_text()
                for node in ast.walk(ast.parse(source)):
                    if not isinstance(node, ast.ClassDef):
                        continue
                    set_up = next(
                        (n for n in node.body if getattr(n, "name", "") == "setUp"),
                        None,
                    )
                    if set_up is None:
                        continue
                    made = _self_attributes(
                        ast.get_source_segment(source, set_up) or "", stored=True
                    )
                    for part in parts:
                        if not part.lstrip().startswith("def test"):
                            continue
                        with self.subTest(page=page.name, part=part.split("(")[0]):
                            used = _self_attributes(part, stored=False) & made
                            if used:
                                self.assertTrue(
                                    any("def setUp" in other for other in parts),
                                    f"{page.name} shows a test of {path} that uses "
                                    f"self.{', self.'.join(sorted(used))} but not "
                                    "the setUp that makes it",
                                )

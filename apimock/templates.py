"""``{settings.NAME}`` placeholders in stub values.

A placeholder is resolved from Django settings every time settings change, so
``override_settings(API_URL=...)`` on a class, a method or inside a test is
seen by the stubs that use it. ``{{`` and ``}}`` stand for literal braces.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_SETTING = re.compile(r"settings\.([A-Za-z_][A-Za-z0-9_]*)")


class TemplateError(ValueError):
    """A string holds a placeholder apimock does not know, or a lone brace."""


@dataclass(frozen=True)
class Template:
    """A string split into literal text and setting names."""

    parts: tuple[str | _Setting, ...]

    @property
    def setting_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parts if isinstance(p, _Setting))

    def render(self, lookup: Callable[[str], Any]) -> Any:
        # A string that is exactly one placeholder keeps the setting's type,
        # so "{settings.TIMEOUT}" in a JSON body stays a number.
        if len(self.parts) == 1 and isinstance(self.parts[0], _Setting):
            return lookup(self.parts[0].name)
        return "".join(
            str(lookup(p.name)) if isinstance(p, _Setting) else p for p in self.parts
        )


@dataclass(frozen=True)
class _Setting:
    name: str


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Template:
    """Split ``text`` into literal parts and placeholders; raise TemplateError."""
    parts: list[str | _Setting] = []
    literal: list[str] = []
    position = 0
    for token in _TOKEN.finditer(text):
        literal.append(text[position : token.start()])
        position = token.end()
        matched = token.group(0)
        if matched in ("{{", "}}"):
            literal.append(matched[0])
        elif token.group(1) is not None:
            setting = _SETTING.fullmatch(token.group(1))
            if setting is None:
                raise TemplateError(
                    f"unknown placeholder {matched!r} in {text!r}: the only "
                    "placeholder is {settings.NAME}; write {{ and }} for "
                    "literal braces"
                )
            parts.append("".join(literal))
            literal = []
            parts.append(_Setting(setting.group(1)))
        else:
            raise TemplateError(
                f"lone {matched!r} in {text!r}: write {matched * 2} for a literal brace"
            )
    literal.append(text[position:])
    parts.append("".join(literal))
    return Template(tuple(p for p in parts if p != ""))


def setting_names(value: Any) -> set[str]:
    """Every setting named by a placeholder anywhere inside ``value``."""
    names: set[str] = set()

    def collect(text: str) -> str:
        names.update(parse(text).setting_names)
        return text

    walk(value, collect)
    return names


def render(value: Any, lookup: Callable[[str], Any]) -> Any:
    """``value`` with every string's placeholders resolved through ``lookup``."""
    return walk(value, lambda text: parse(text).render(lookup))


def walk(value: Any, on_string: Callable[[str], Any]) -> Any:
    """Apply ``on_string`` to every string in nested dicts and lists (not keys)."""
    if isinstance(value, str):
        return on_string(value)
    if isinstance(value, dict):
        return {key: walk(item, on_string) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [walk(item, on_string) for item in value]
    return value

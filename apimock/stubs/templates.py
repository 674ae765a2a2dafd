"""Placeholders in stubs: ``{settings.NAME}``, ``{request.…}`` and URL ``{param}``.

* ``{settings.NAME}``: a Django setting, resolved whenever settings change, so
  ``override_settings`` on a class, a method or inside a test is seen.
* ``{request.path.id}``, ``{request.query.limit}``, ``{request.json.amount}``,
  ``{request.headers.X-Request-Id}``, ``{request.form.name}``,
  ``{request.method}``, ``{request.url}``, ``{request.body}``: parts of the
  request being answered, in response fields only.
* ``{id}`` in a stub's URL path: a path parameter that matches one segment.

``{{`` and ``}}`` are literal braces. A string that is exactly one placeholder
keeps the value's type, so ``"{request.json.amount}"`` stays a number.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_SETTING = re.compile(r"settings\.([A-Za-z_][A-Za-z0-9_]*)")
_REQUEST = re.compile(
    r"request\.(method|url|body|path|query|headers|json|form)(\.[^{}]+)?"
)
_PARAM = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class TemplateError(ValueError):
    """A string holds a placeholder apimock does not know, or a lone brace."""


@dataclass(frozen=True)
class Setting:
    name: str


@dataclass(frozen=True)
class RequestRef:
    """``{request.json.amount}`` as ("json", ("amount",))."""

    root: str
    path: tuple[str, ...]

    def __str__(self) -> str:
        return ".".join(("request", self.root, *self.path))


@dataclass(frozen=True)
class Param:
    name: str


Part = str | Setting | RequestRef | Param


@dataclass(frozen=True)
class Template:
    parts: tuple[Part, ...]

    def of(self, kind: type) -> list[Any]:
        return [part for part in self.parts if isinstance(part, kind)]


@dataclass(frozen=True)
class Deferred:
    """A response value that still needs the request: settings already resolved."""

    parts: tuple[str | RequestRef, ...]

    def render(self, lookup: Callable[[RequestRef], Any]) -> Any:
        if len(self.parts) == 1 and isinstance(self.parts[0], RequestRef):
            return lookup(self.parts[0])
        return "".join(
            part if isinstance(part, str) else _text(lookup(part))
            for part in self.parts
        )


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value)
    return str(value)


@functools.lru_cache(maxsize=4096)
def parse(text: str, *, params: bool = False, request: bool = False) -> Template:
    """Split ``text`` into literals and placeholders; TemplateError if malformed.

    ``params`` allows URL ``{name}`` parameters, ``request`` allows
    ``{request.…}``; ``{settings.NAME}`` is allowed everywhere.
    """
    parts: list[Part] = []
    literal: list[str] = []
    position = 0
    for token in _TOKEN.finditer(text):
        literal.append(text[position : token.start()])
        position = token.end()
        matched = token.group(0)
        if matched in ("{{", "}}"):
            literal.append(matched[0])
            continue
        if token.group(1) is None:
            raise TemplateError(
                f"lone {matched!r} in {text!r}: write {matched * 2} for a literal brace"
            )
        placeholder = _placeholder(token.group(1), text, params=params, request=request)
        parts += ["".join(literal), placeholder]
        literal = []
    literal.append(text[position:])
    parts.append("".join(literal))
    return Template(tuple(part for part in parts if part != ""))


def _placeholder(inner: str, text: str, *, params: bool, request: bool) -> Part:
    if setting := _SETTING.fullmatch(inner):
        return Setting(setting.group(1))
    if request and (ref := _REQUEST.fullmatch(inner)):
        path = tuple(ref.group(2)[1:].split(".")) if ref.group(2) else ()
        return RequestRef(ref.group(1), path)
    if params and _PARAM.fullmatch(inner):
        return Param(inner)
    known = ["{settings.NAME}"]
    if request:
        known.append(
            "{request.json.x} (and .path/.query/.headers/.form/.method/.url/.body)"
        )
    if params:
        known.append("{name} for a URL path parameter")
    raise TemplateError(
        f"unknown placeholder {{{inner}}} in {text!r}: the placeholders here are "
        f"{'; '.join(known)}; write {{{{ and }}}} for literal braces"
    )


def placeholders(
    value: Any, *, params: bool = False, request: bool = False
) -> list[Setting | RequestRef | Param]:
    """Every placeholder anywhere inside ``value``; TemplateError if malformed."""
    found: list[Setting | RequestRef | Param] = []

    def collect(text: str) -> str:
        template = parse(text, params=params, request=request)
        found.extend(part for part in template.parts if not isinstance(part, str))
        return text

    walk(value, collect)
    return found


def render(value: Any, lookup: Callable[[str], Any], *, request: bool = False) -> Any:
    """``value`` with settings resolved; strings still needing the request
    become :class:`Deferred`."""

    def on_string(text: str) -> Any:
        template = parse(text, request=request)
        if template.of(RequestRef):
            return Deferred(
                tuple(
                    part
                    if isinstance(part, (str, RequestRef))
                    else _text(lookup(part.name))
                    for part in template.parts
                    if not isinstance(part, Param)
                )
            )
        if len(template.parts) == 1 and isinstance(template.parts[0], Setting):
            return lookup(template.parts[0].name)
        return "".join(
            part if isinstance(part, str) else _text(lookup(part.name))  # type: ignore[union-attr]
            for part in template.parts
        )

    return walk(value, on_string)


def render_request(value: Any, lookup: Callable[[RequestRef], Any]) -> Any:
    """``value`` with every Deferred rendered against the request."""
    if isinstance(value, Deferred):
        return value.render(lookup)
    if isinstance(value, dict):
        return {key: render_request(item, lookup) for key, item in value.items()}
    if isinstance(value, list):
        return [render_request(item, lookup) for item in value]
    return value


def has_deferred(value: Any) -> bool:
    if isinstance(value, Deferred):
        return True
    if isinstance(value, dict):
        return any(has_deferred(item) for item in value.values())
    if isinstance(value, list):
        return any(has_deferred(item) for item in value)
    return False


def walk(value: Any, on_string: Callable[[str], Any]) -> Any:
    """Apply ``on_string`` to every string in nested dicts and lists (not keys)."""
    if isinstance(value, str):
        return on_string(value)
    if isinstance(value, dict):
        return {key: walk(item, on_string) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [walk(item, on_string) for item in value]
    return value

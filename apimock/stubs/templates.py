"""Placeholders in stubs: ``{settings.NAME}``, ``{request.…}`` and URL ``{param}``.

* ``{settings.NAME}``: a Django setting, resolved whenever settings change, so
  ``override_settings`` on a class, a method or inside a test is seen.
* ``{request.path.id}``, ``{request.query.limit}``, ``{request.json.amount}``,
  ``{request.headers.X-Request-Id}``, ``{request.form.name}``,
  ``{request.method}``, ``{request.url}``, ``{request.body}``: parts of the
  request being answered, in response fields only.
* ``{id}`` in a stub's URL path: a path parameter that matches one segment.

Only those are placeholders: every other brace is text, so a JSON body pasted
from a real API (``'{"message": "ok"}'``) or a template of its own
(``"Hi {name}"``, ``"Hi {{name}}"``) means what it says. A near miss of a
placeholder (``{setting.X}``, ``{requests.json.x}``) is an error with a
did-you-mean rather than text. To write a placeholder's text literally,
double its braces: ``{{settings.X}}`` is the text ``{settings.X}``; doubled
braces around anything else stay as they are. :func:`escape` does that for
any text. A string that is exactly one placeholder keeps the value's type,
so ``"{request.json.amount}"`` stays a number.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# A doubled pair around brace-free text, or a single pair: the doubled one
# first, so "{{settings.X}}" is read as the escape it is.
_BRACED = re.compile(r"\{\{([^{}]*)\}\}|\{([^{}]*)\}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SETTING = re.compile(r"settings\.([A-Za-z_][A-Za-z0-9_]*)")
REQUEST_ROOTS = ("method", "url", "body", "path", "query", "headers", "json", "form")
_REQUEST = re.compile(rf"request\.({'|'.join(REQUEST_ROOTS)})(\.[^{{}}]+)?")
# What a placeholder, or a misspelt one, looks like: a dotted word, no spaces
# or quotes (which JSON and prose between braces have).
_DOTTED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\.([^\s\"'{}]*)")
# In a URL, what is meant as a path parameter: a word that may not be one.
_PARAM_LIKE = re.compile(r"[\w.-]+")
_NOT_WORD = re.compile(r"\W")
_HEADS = ("settings", "request")


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
    """Split ``text`` into literals and placeholders; TemplateError for a
    near miss of a placeholder.

    ``params`` allows URL ``{name}`` parameters, ``request`` allows
    ``{request.…}``; ``{settings.NAME}`` is allowed everywhere.
    """
    parts: list[Part] = []
    literal: list[str] = []
    position = 0
    for found in _BRACED.finditer(text):
        escaped, inner = found.group(1), found.group(2)
        if escaped is not None:
            if _special(escaped, text, params=params, request=request):
                literal += [text[position : found.start()], "{", escaped, "}"]
                position = found.end()
            continue
        placeholder = _classify(inner, text, params=params, request=request)
        if placeholder is None:
            continue  # text: it stays in the next literal
        literal.append(text[position : found.start()])
        parts += ["".join(literal), placeholder]
        literal = []
        position = found.end()
    literal.append(text[position:])
    parts.append("".join(literal))
    return Template(tuple(part for part in parts if part != ""))


def escape(text: str, *, params: bool = False, request: bool = False) -> str:
    """``text`` written so that :func:`parse` reads it back as that text:
    each placeholder-like ``{…}`` in it gets its braces doubled."""

    def double(found: re.Match[str]) -> str:
        braced = found.group(0)
        special = _special(found.group(1), text, params=params, request=request)
        return "{" + braced + "}" if special else braced

    return re.sub(r"\{([^{}]*)\}", double, text)


def _special(inner: str, text: str, *, params: bool, request: bool) -> bool:
    """Whether ``{inner}`` is read as a placeholder (or a misspelt one)."""
    try:
        return _classify(inner, text, params=params, request=request) is not None
    except TemplateError:
        return True


def _classify(
    inner: str, text: str, *, params: bool, request: bool
) -> Setting | RequestRef | Param | None:
    """The placeholder ``{inner}`` is, None if it is text; TemplateError if
    it is meant as one and is not."""
    if setting := _SETTING.fullmatch(inner):
        return Setting(setting.group(1))
    if ref := _REQUEST.fullmatch(inner):
        if not request:
            raise TemplateError(
                f"{{{inner}}} in {text!r}: {{request.…}} is read from the request "
                "being answered, so only a response's json, body, headers and "
                "content_type may use it"
            )
        path = tuple(ref.group(2)[1:].split(".")) if ref.group(2) else ()
        return RequestRef(ref.group(1), path)
    if params and _IDENTIFIER.fullmatch(inner):
        return Param(inner)
    problem = _near_miss(inner, params=params, request=request)
    if problem is None:
        return None
    known = ["{settings.NAME}"]
    if request:
        known.append(
            "{request.json.x} (and .path/.query/.headers/.form/.method/.url/.body)"
        )
    if params:
        known.append("{name} for a URL path parameter")
    raise TemplateError(
        f"{{{inner}}} in {text!r} is not a placeholder: {problem} (the "
        f"placeholders here are {'; '.join(known)}); to mean the text itself, "
        f"write {{{{{inner}}}}}"
    )


def _near_miss(inner: str, *, params: bool, request: bool) -> str | None:
    """Why ``{inner}``, which looks meant as a placeholder, is none; None
    when it is plain text (JSON, prose, a template of the API's own)."""
    dotted = _DOTTED.fullmatch(inner)
    if dotted is not None:
        head, rest = dotted.groups()
        if head == "settings":
            return "a setting's name is a Python identifier, as in {settings.API_URL}"
        if head == "request":
            root = rest.split(".")[0]
            close = difflib.get_close_matches(root, REQUEST_ROOTS, n=1, cutoff=0.6)
            guess = (
                f"did you mean {{request.{rest.replace(root, close[0], 1)}}}?"
                if close
                else f"it has {', '.join(REQUEST_ROOTS)}"
            )
            return f"the request has no part {root!r}; {guess}"
        close = difflib.get_close_matches(head.lower(), _HEADS, n=1, cutoff=0.75)
        if close:
            return f"did you mean {{{close[0]}.{rest}}}?"
    if params and _PARAM_LIKE.fullmatch(inner):
        name = _NOT_WORD.sub("_", inner)
        return f"a path parameter's name is a Python identifier, as in {{{name}}}"
    return None


def placeholders(
    value: Any, *, params: bool = False, request: bool = False
) -> list[Setting | RequestRef | Param]:
    """Every placeholder anywhere inside ``value``; TemplateError if malformed."""
    found: list[Setting | RequestRef | Param] = []
    for text in braced_strings(value):
        template = parse(text, params=params, request=request)
        found.extend(part for part in template.parts if not isinstance(part, str))
    return found


def braced_strings(value: Any) -> list[str]:
    """The strings with a brace anywhere inside ``value`` (not keys), in
    order: the only ones that may hold a placeholder. Read without copying
    ``value``, as :func:`walk` would."""
    if type(value) is str:  # most values: one string without braces
        return [value] if "{" in value or "}" in value else []
    found: list[str] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "{" in item or "}" in item:
                found.append(item)
        elif isinstance(item, dict):
            pending.extend(reversed(item.values()))
        elif isinstance(item, (list, tuple)):
            pending.extend(reversed(item))
    return found


def render(value: Any, lookup: Callable[[str], Any], *, request: bool = False) -> Any:
    """``value`` with settings resolved; strings still needing the request
    become :class:`Deferred`."""

    def on_string(text: str) -> Any:
        if "{" not in text and "}" not in text:
            return text  # most strings: nothing to fill in
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

"""Where a stub applies: an exact or templated URL, a regex, a prefix or a host.

Exact and templated URLs are indexed by origin and path shape (a template's
``{id}`` segment is a wildcard), so finding them does not slow down as stubs
are added; regex, prefix and host stubs are checked one by one.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from apimock.request import URL, MultiDict
from apimock.stubs import templates
from apimock.stubs.templates import Param
from apimock.text import shown as show

WILDCARD = None  # a path segment that matches any single segment


@dataclass(frozen=True)
class Difference:
    field: str
    reason: str
    weight: float


def _distance(a: str, b: str) -> float:
    return 1 - difflib.SequenceMatcher(None, a, b).ratio()


@dataclass(frozen=True)
class PathTemplate:
    """``https://api.example.com/v1/customers/{id}?expand=card``."""

    text: str
    origin: str
    path: str
    shape: tuple[str | None, ...]
    #: The regex a templated path is matched with; None for an exact URL.
    source: str | None
    query: MultiDict = field(default_factory=MultiDict)

    kind = "url"

    @functools.cached_property
    def regex(self) -> re.Pattern[str] | None:
        """Compiled when a request first reaches this stub: of a project's
        many stub URLs, a test calls a few."""
        return None if self.source is None else re.compile(self.source)

    @property
    def index_key(self) -> tuple[str, tuple[str | None, ...]]:
        return self.origin, self.shape

    @property
    def specificity(self) -> int:
        return len(self.query) + sum(1 for segment in self.shape if segment is not None)

    def match(self, url: URL) -> dict[str, str] | None:
        if url.origin != self.origin:
            return None
        if self.regex is None:
            return {} if url.path == self.path else None
        found = self.regex.fullmatch(url.path)
        return found.groupdict() if found else None

    def differences(self, url: URL) -> list[Difference]:
        found = []
        if url.origin != self.origin:
            found.append(
                Difference(
                    "host",
                    f"host differs: {url.origin} vs {self.origin}",
                    2 + 3 * _distance(url.origin, self.origin),
                )
            )
        if self.match(URL.parse(self.origin + url.path)) is None:
            found.append(
                Difference(
                    "path",
                    f"path differs: {url.path} vs {self.path}",
                    1 + 4 * _distance(url.path, self.path),
                )
            )
        return found


@dataclass(frozen=True)
class UrlRegex:
    text: str
    regex: re.Pattern[str]
    kind = "url_regex"
    index_key = None
    specificity = 0
    query: MultiDict = field(default_factory=MultiDict)

    def match(self, url: URL) -> dict[str, str] | None:
        found = self.regex.fullmatch(url.full)
        return found.groupdict() if found else None

    def differences(self, url: URL) -> list[Difference]:
        if self.match(url) is not None:
            return []
        return [
            Difference(
                "url",
                f"url {url.full} does not match regex {self.text}{self._why(url)}",
                1 + 3 * _distance(url.full, self.text),
            )
        ]

    def _why(self, url: URL) -> str:
        """What a user of responses (which uses ``re.match``) needs told."""
        if url.query and self.regex.fullmatch(url.base):
            return (
                f" (the URL without its query does: the query ?{url.query} is "
                "part of what the regex sees; allow it with (\\?.*)? or match "
                "it with match.query)"
            )
        if self.regex.match(url.full):
            return (
                " (its start does: the regex must match the whole URL, query "
                "included, where responses' re.match let anything follow; end "
                "it with .* to do the same)"
            )
        return ""


@dataclass(frozen=True)
class UrlPrefix:
    text: str
    prefix: str
    kind = "url_prefix"
    index_key = None
    specificity = 0
    query: MultiDict = field(default_factory=MultiDict)

    def match(self, url: URL) -> dict[str, str] | None:
        return {} if url.full.startswith(self.prefix) else None

    def differences(self, url: URL) -> list[Difference]:
        if self.match(url) is not None:
            return []
        return [
            Difference(
                "url",
                f"url {url.full} does not start with {self.prefix}",
                1 + 3 * _distance(url.full[: len(self.prefix)], self.prefix),
            )
        ]


@dataclass(frozen=True)
class Host:
    text: str
    host: str
    kind = "host"
    index_key = None
    specificity = 0
    query: MultiDict = field(default_factory=MultiDict)

    def match(self, url: URL) -> dict[str, str] | None:
        return {} if url.host == self.host else None

    def differences(self, url: URL) -> list[Difference]:
        if url.host == self.host:
            return []
        return [
            Difference(
                "host",
                f"host differs: {url.host} vs {self.host}",
                2 + 3 * _distance(url.host, self.host),
            )
        ]


UrlPattern = PathTemplate | UrlRegex | UrlPrefix | Host


class UrlError(ValueError):
    pass


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be compiled, or None. ``re`` raises more than
    re.error: a repeat too large (OverflowError), too many nested groups
    (RecursionError)."""
    try:
        re.compile(pattern)
    except re.error as error:
        return str(error)
    except OverflowError:
        return "a repeat count is too large"
    except RecursionError:
        return "it nests too many groups"
    except (ValueError, TypeError, MemoryError) as error:
        return str(error) or type(error).__name__
    return None


def compile_pattern(kind: str, value: Any) -> UrlPattern:
    """The pattern for a stub's resolved ``url``/``url_regex``/``url_prefix``/``host``.

    ``value`` is the setting-resolved text; for ``url`` a Template whose
    Param parts are path parameters.
    """
    if kind == "url_regex":
        if isinstance(value, re.Pattern):  # compiled by the caller, flags and all
            return UrlRegex(value.pattern, value)
        problem = regex_problem(value)
        if problem:
            raise UrlError(f"invalid regex {show(value)}: {problem}")
        return UrlRegex(value, re.compile(value))
    if kind == "url_prefix":
        if "://" not in value:
            raise UrlError(f"{show(value)} is not an absolute URL prefix")
        parsed = _parsed(value, value)
        prefix = parsed.origin + (
            parsed.path if value.rstrip("/") != parsed.origin else ""
        )
        return UrlPrefix(value, prefix)
    if kind == "host":
        if not value.strip("[] "):
            raise UrlError("a host name is needed")
        return Host(value, value.lower().strip("[]"))
    return _path_template(tuple(value))


# The same URL is written in many stubs, and each is compiled when it is
# checked and again when it is resolved: one pattern serves them all (patterns
# are never changed once made). A URL that fails is not kept.
@functools.lru_cache(maxsize=4096)
def _path_template(parts: tuple[str | Param, ...]) -> PathTemplate:
    return _new_path_template(parts)


def _parsed(url: str, written: str) -> URL:
    try:
        return URL.parse(url)
    except ValueError as error:  # urlsplit: "Invalid IPv6 URL"...
        raise UrlError(f"{show(written)} is not a valid URL: {error}") from None


def _new_path_template(parts: Sequence[str | Param]) -> PathTemplate:
    # Stand-ins that survive URL quoting mark where the parameters go.
    names = [part.name for part in parts if isinstance(part, Param)]
    tokens = {f"apimockparam{index}x": name for index, name in enumerate(names)}
    marked = "".join(
        part if isinstance(part, str) else f"apimockparam{names.index(part.name)}x"
        for part in parts
    )
    shown = "".join(
        part if isinstance(part, str) else f"{{{part.name}}}" for part in parts
    )
    if "://" not in marked:
        raise UrlError(f"{show(shown)} is not an absolute URL")
    parsed = _parsed(marked, shown)
    if any(token in parsed.origin or token in parsed.query for token in tokens):
        raise UrlError(f"{show(shown)}: a {{parameter}} may only stand in the path")
    if len(set(names)) != len(names):
        raise UrlError(f"{show(shown)}: a parameter name is used twice")
    if not names:
        return PathTemplate(
            shown,
            parsed.origin,
            parsed.path,
            tuple(parsed.path.split("/")),
            None,
            parsed.params,
        )
    shape: list[str | None] = []
    pattern = []
    for segment in parsed.path.split("/"):
        if any(token in segment for token in tokens):
            shape.append(WILDCARD)
            piece = re.escape(segment)
            for token, name in tokens.items():
                piece = piece.replace(token, f"(?P<{name}>[^/]+)")
            pattern.append(piece)
        else:
            shape.append(segment)
            pattern.append(re.escape(segment))
    display_path = parsed.path
    for token, name in tokens.items():
        display_path = display_path.replace(token, f"{{{name}}}")
    return PathTemplate(
        shown,
        parsed.origin,
        display_path,
        tuple(shape),
        "/".join(pattern),
        parsed.params,
    )


def url_parts(text: str, lookup: Any) -> list[str | Param]:
    """A stub ``url`` with settings resolved and path parameters kept."""
    template = templates.parse(text, params=True)
    parts: list[str | Param] = []
    for part in template.parts:
        if isinstance(part, templates.Setting):
            parts.append(str(lookup(part.name)))
        elif isinstance(part, (str, Param)):
            parts.append(part)
    return parts

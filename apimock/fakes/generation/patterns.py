"""A string that matches a schema's ``pattern``: the regular expression walked
as Python's own parser reads it, each choice taken from a seeded generator.

OpenAPI patterns are ECMA-262 expressions; the constructs documents use
(classes, ranges, ``\\d``, ``\\w``, repeats, groups, alternation, anchors) read
the same in Python. A pattern Python cannot read gives None, and the caller
falls back to a plain string.
"""

from __future__ import annotations

import random
import re
import string
import warnings

# Python's own regular expression parser (sre_parse warns it is deprecated).
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

#: How many times an open repeat (``*``, ``+``, ``{2,}``) goes past its minimum.
_OPEN_EXTRA = 3
_PRINTABLE = string.ascii_letters + string.digits
_CATEGORIES = {
    sre.CATEGORY_DIGIT: string.digits,
    sre.CATEGORY_NOT_DIGIT: string.ascii_letters,
    sre.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    sre.CATEGORY_NOT_WORD: "-.!",
    sre.CATEGORY_SPACE: " ",
    sre.CATEGORY_NOT_SPACE: _PRINTABLE,
}


def matching(pattern: str, rng: random.Random) -> str | None:
    """A string ``re.search(pattern, it)`` finds a match in; None if unreadable."""
    try:
        with warnings.catch_warnings():
            # A document's "[[" is its own business, not a warning for a test.
            warnings.simplefilter("ignore", FutureWarning)
            parsed = sre_parse.parse(pattern)
            re.compile(pattern)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    groups: dict[int, str] = {}
    try:
        text = _emit(parsed, rng, groups)
    except (_Unsupported, RecursionError):
        return None
    return text if re.search(pattern, text) else None


class _Unsupported(Exception):
    pass


def _emit(items: Any, rng: random.Random, groups: dict[int, str]) -> str:
    return "".join(_one(op, av, rng, groups) for op, av in items)


def _one(op: Any, av: Any, rng: random.Random, groups: dict[int, str]) -> str:
    if op is sre.LITERAL:
        return chr(av)
    if op is sre.NOT_LITERAL:
        return next(c for c in _PRINTABLE if ord(c) != av)
    if op is sre.ANY:
        return rng.choice(_PRINTABLE)
    if op is sre.IN:
        return _from_class(av, rng)
    if op is sre.BRANCH:
        return _emit(rng.choice(av[1]), rng, groups)
    if op is sre.SUBPATTERN:
        group, *_, body = av
        text = _emit(body, rng, groups)
        if group is not None:
            groups[group] = text
        return text
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or op is getattr(
        sre, "POSSESSIVE_REPEAT", None
    ):
        low, high, body = av
        top = low + _OPEN_EXTRA if high is sre.MAXREPEAT else min(high, low + 3)
        count = rng.randint(low, max(low, top))
        return "".join(_emit(body, rng, groups) for _ in range(count))
    if op is sre.GROUPREF:
        return groups.get(av, "")
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return ""  # anchors and look-arounds take no characters
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _emit(av, rng, groups)
    raise _Unsupported(op)


def _from_class(items: Any, rng: random.Random) -> str:
    allowed: list[str] = []
    negated = False
    for op, av in items:
        if op is sre.NEGATE:
            negated = True
        elif op is sre.LITERAL:
            allowed.append(chr(av))
        elif op is sre.RANGE:
            low, high = av
            allowed.extend(chr(c) for c in range(low, min(high, low + 200) + 1))
        elif op is sre.CATEGORY:
            allowed.extend(_CATEGORIES.get(av, _PRINTABLE))
        else:
            raise _Unsupported(op)
    if negated:
        excluded = set(allowed)
        allowed = [c for c in _PRINTABLE if c not in excluded]
    if not allowed:
        raise _Unsupported("empty class")
    return rng.choice(allowed)

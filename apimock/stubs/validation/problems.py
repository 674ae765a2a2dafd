"""What a check reports, and the helpers every check words its problems with."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from apimock.text import shown

__all__ = ["Problem", "did_you_mean", "shown", "unknown_keys"]

Lookup = Callable[[str], Any]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a stub or the setting: a check id and a message."""

    id: str
    message: str
    hint: str | None = None


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice nearest ``word``, if one is near enough to be a typo of it."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    found = closest(word, choices)
    return f"did you mean {found!r}?" if found else None


def unknown_keys(
    raw: Mapping[str, Any],
    known: tuple[str, ...],
    where: str,
    inside: str,
    check: str = "apimock.E009",
) -> list[Problem]:
    return [
        Problem(
            check,
            f"{where}: unknown key {shown(key)}{inside}.",
            did_you_mean(shown(key).strip("'"), known)
            or f"Known keys: {', '.join(known)}.",
        )
        for key in raw
        if key not in known
    ]


def wrong_type(where: str, key: str, expected: str, value: Any) -> Problem:
    return Problem(
        "apimock.E010",
        f"{where}: key {key!r} must be {expected}, "
        f"got {type(value).__name__} {shown(value)}.",
    )


def is_str_dict(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )

"""Numbered placeholders for secrets no setting holds: ``<REDACTED_1>``...

Each distinct secret value of a cassette gets its own number, so a token the
code receives in one answer and sends back in the next request reads the
same in both, and the code sees the same placeholder recorded or replayed.
While recording, the placeholders the code sends are turned back into the
real values for the real request (:meth:`Placeholders.reveal`); the values
are kept in memory only. Numbering continues from the highest number the
cassette already holds.

Matching compares requests with every placeholder's number dropped
(:func:`normalise`): what a replayed request sent in place of a secret is
one placeholder or another, never a value to compare.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any, Protocol
from urllib.parse import quote

GENERIC = "<REDACTED>"
# <REDACTED> (older cassettes, and matching) or <REDACTED_12>; also as a
# client sends one back percent-encoded or JSON-escaped.
_NUMBERED = re.compile(r"<REDACTED(?:_(\d{1,9}))?>")
_ANY_FORM = re.compile(
    r"(?:<|%3[Cc]|\\u003[Cc])REDACTED(?:_(\d{1,9}))?(?:>|%3[Ee]|\\u003[Ee])"
)
_ANY_FORM_BYTES = re.compile(_ANY_FORM.pattern.encode())


def is_redacted(value: Any) -> bool:
    """Is ``value`` a whole redaction placeholder (``<REDACTED>``, ``<REDACTED_3>``)?"""
    return isinstance(value, str) and _NUMBERED.fullmatch(value) is not None


def decode(body: bytes) -> str:
    """Bytes as text and back (:func:`encode`) losing nothing, UTF-8 or not."""
    return body.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


# A setting's placeholder, <NAME> or <NAME:encoding> (see redaction).
_SETTING = r"<[A-Z][A-Z0-9_]{0,127}(?::[a-z0-9_]{1,16})?>"
_ONLY_PLACEHOLDERS = re.compile(rf"(?:{_SETTING}|[^A-Za-z0-9])*")


def only_placeholders(text: str) -> bool:
    """True when ``text`` holds nothing but placeholders and punctuation:
    it is already redacted (``Bearer <AUTH_KEY>`` minus its scheme)."""
    return _ONLY_PLACEHOLDERS.fullmatch(text) is not None


def highest(text: str) -> int:
    """The highest placeholder number in ``text`` (0 if there is none)."""
    return max((int(n) for n in _NUMBERED.findall(text) if n), default=0)


def normalise(value: Any) -> Any:
    """``value`` (text, bytes, or lists and tuples of them) with every
    placeholder, in any form, read as ``<REDACTED>``."""
    if isinstance(value, str):
        return _ANY_FORM.sub(GENERIC, value)
    if isinstance(value, bytes):
        return _ANY_FORM_BYTES.sub(GENERIC.encode(), value)
    if isinstance(value, (list, tuple)):
        return [normalise(item) for item in value]
    return value


class Replacer(Protocol):
    """What redaction asks for the placeholder of a secret no setting holds."""

    def __call__(self, value: str) -> str: ...

    def known(self) -> list[str]:
        """The secret values seen so far (to replace wherever they recur)."""
        ...


class Placeholders:
    """The placeholder for each secret value of one cassette, and back."""

    def __init__(self, start: int = 0) -> None:
        self._numbers: dict[str, int] = {}
        self._values: dict[int, str] = {}
        self._next = start + 1
        self._lock = threading.Lock()

    def __call__(self, value: str) -> str:
        """The placeholder standing for ``value`` (the same one every time)."""
        if only_placeholders(value) or _ANY_FORM.fullmatch(value):
            return value
        with self._lock:
            number = self._numbers.get(value)
            if number is None:
                number = self._numbers[value] = self._next
                self._values[number] = value
                self._next += 1
        return f"<REDACTED_{number}>"

    def known(self) -> list[str]:
        """Every secret value seen so far, the longest first."""
        with self._lock:
            return sorted(self._numbers, key=len, reverse=True)

    def reveal(self, text: str) -> str:
        """``text`` with each placeholder of this recording turned back into
        its value (percent-encoded or JSON-escaped as the placeholder was)."""
        if "REDACTED_" not in text:
            return text

        def real(found: re.Match[str]) -> str:
            value = self._values.get(int(found.group(1) or 0))
            if value is None:
                return found.group(0)
            form = found.group(0)
            if form.startswith("%"):
                return quote(value, safe="")
            if form.startswith("\\"):
                return json.dumps(value)[1:-1]
            return value

        return _ANY_FORM.sub(real, text)

    def reveal_bytes(self, body: bytes) -> bytes:
        if b"REDACTED_" not in body:
            return body
        return encode(self.reveal(decode(body)))


class Generic:
    """Placeholders for matching: every secret reads as ``<REDACTED>``."""

    def __call__(self, value: str) -> str:
        if only_placeholders(value) or _ANY_FORM.fullmatch(value):
            return value
        return GENERIC

    def known(self) -> list[str]:
        return []

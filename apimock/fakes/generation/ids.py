"""New ids in the API's own style, learned from the ids in its examples.

``cus_NffrFeUfNV2Hib`` teaches "``cus_`` and 14 letters and digits", ``42``
teaches integers, a UUID teaches UUIDs. Without an example the id property's
schema decides (an integer, a ``uuid`` format, a ``pattern``); failing that,
``customer_1``, ``customer_2``... name the resource.
"""

from __future__ import annotations

import random
import re
import string
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from apimock.fakes.generation import patterns

_PREFIXED = re.compile(r"^([A-Za-z][A-Za-z0-9]*[_-])([A-Za-z0-9]+)$")
_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


@dataclass(frozen=True)
class IdStyle:
    kind: str  # "integer", "uuid", "random" (prefix + tail), "pattern", "counted"
    prefix: str = ""
    length: int = 0
    alphabet: str = ""
    pattern: str = ""
    text: bool = False  # an integer id written as a string ("42")

    def new(self, rng: random.Random, number: int) -> str | int:
        """The id of the ``number``-th object made (1, 2, ...)."""
        if self.kind == "integer":
            return str(number) if self.text else number
        if self.kind == "uuid":
            return str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if self.kind == "pattern":
            found = patterns.matching(self.pattern, rng)
            if found is not None:
                return found
        if self.kind == "random":
            return self.prefix + "".join(
                rng.choice(self.alphabet) for _ in range(self.length)
            )
        return f"{self.prefix}{number}"


def learn(examples: Iterable[Any], schema: Any, singular: str) -> IdStyle:
    """The style of the first usable example; else what ``schema`` says."""
    for example in examples:
        style = _from_example(example)
        if style is not None:
            return style
    if isinstance(schema, dict):
        if schema.get("type") == "integer":
            return IdStyle("integer")
        if schema.get("format") == "uuid":
            return IdStyle("uuid")
        if isinstance(schema.get("pattern"), str):
            return IdStyle("pattern", prefix=f"{singular}_", pattern=schema["pattern"])
    return IdStyle("counted", prefix=f"{singular}_")


def _from_example(example: Any) -> IdStyle | None:
    if isinstance(example, bool):
        return None
    if isinstance(example, int):
        return IdStyle("integer")
    if not isinstance(example, str) or not example:
        return None
    if _UUID.match(example):
        return IdStyle("uuid")
    if example.isdigit():
        return IdStyle("integer", text=True)
    found = _PREFIXED.match(example)
    if found is None:
        return None
    prefix, tail = found.groups()
    return IdStyle("random", prefix, len(tail), _alphabet(tail))


def _alphabet(tail: str) -> str:
    if tail.isdigit():
        return string.digits
    if tail == tail.lower():
        return string.ascii_lowercase + string.digits
    if tail == tail.upper():
        return string.ascii_uppercase + string.digits
    return string.ascii_letters + string.digits

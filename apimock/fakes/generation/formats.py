"""Values for the string formats OpenAPI documents use, and plain words.

Every value is drawn from the generator it is given, so a seed gives the same
values on every run; each passes the format checks of the contract validator.
"""

from __future__ import annotations

import base64
import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

#: Generated times fall in the year from here: fixed, so a seed is enough.
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
EPOCH_SECONDS = int(EPOCH.timestamp())
_YEAR = 365 * 24 * 3600

WORDS = (
    "alpha", "bravo", "cedar", "delta", "ember", "fjord", "grove", "harbor",
    "indigo", "juniper", "kestrel", "lumen", "maple", "nimbus", "orchid",
    "pebble", "quartz", "raven", "sierra", "tundra", "umber", "violet",
    "willow", "xenon", "yarrow", "zephyr",
)  # fmt: skip


def word(rng: random.Random) -> str:
    return rng.choice(WORDS)


def moment(rng: random.Random) -> datetime:
    return EPOCH + timedelta(seconds=rng.randrange(_YEAR))


def timestamp(rng: random.Random) -> int:
    """Seconds since 1970, within the generated year (``created: 1767312000``)."""
    return EPOCH_SECONDS + rng.randrange(_YEAR)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _bytes(rng: random.Random) -> str:
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(9))).decode()


FORMATS: dict[str, Callable[[random.Random], str]] = {
    "date-time": lambda rng: moment(rng).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "date": lambda rng: moment(rng).strftime("%Y-%m-%d"),
    "time": lambda rng: moment(rng).strftime("%H:%M:%SZ"),
    "duration": lambda rng: f"PT{rng.randint(1, 59)}M",
    "email": lambda rng: f"{word(rng)}.{word(rng)}@example.com",
    "idn-email": lambda rng: f"{word(rng)}@example.com",
    "hostname": lambda rng: f"{word(rng)}.example.com",
    "idn-hostname": lambda rng: f"{word(rng)}.example.com",
    "ipv4": lambda rng: f"192.0.2.{rng.randint(1, 254)}",
    "ipv6": lambda rng: f"2001:db8::{rng.randint(1, 0xFFFF):x}",
    "uri": lambda rng: f"https://example.com/{word(rng)}",
    "url": lambda rng: f"https://example.com/{word(rng)}",
    "iri": lambda rng: f"https://example.com/{word(rng)}",
    "uri-reference": lambda rng: f"/{word(rng)}",
    "iri-reference": lambda rng: f"/{word(rng)}",
    "uri-template": lambda rng: f"https://example.com/{word(rng)}/{{id}}",
    "json-pointer": lambda rng: f"/{word(rng)}",
    "relative-json-pointer": lambda rng: "0",
    "regex": lambda rng: f"^{word(rng)}$",
    "uuid": _uuid,
    "byte": _bytes,
    "binary": lambda rng: word(rng),
    "password": lambda rng: f"{word(rng)}-{rng.randint(1000, 9999)}",
}

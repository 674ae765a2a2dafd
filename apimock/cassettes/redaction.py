"""Secrets out of cassettes, and back in on replay.

Every secret is replaced in an interaction before it is stored, in the
request and the response alike, wherever it is: URL (userinfo, path, query),
headers, and bodies of any content type (JSON, forms, text, base64), nested
data included.

* The value of every setting named by ``APIMOCK["REDACT_SETTINGS"]`` (names
  or patterns such as ``*_KEY``), found raw, URL-encoded, JSON-escaped or
  base64-encoded, becomes ``<NAME>`` (``<NAME:url>``... for an encoding),
  filled in again from the settings on replay.
* Everything else secret becomes a numbered placeholder, ``<REDACTED_1>``,
  the same number for the same value (see :mod:`placeholders`): the values
  of headers in ``REDACT_HEADERS`` (Authorization keeps its scheme, cookies
  their names and attributes), of fields, query parameters, form keys and
  header names that end with a name in ``REDACT_FIELDS`` (compared
  case-insensitively, ignoring punctuation: ``apiKey``, ``user[password]``),
  and values shaped like well-known credentials (:mod:`secrets`) with no
  name to go by.

``REDACT_HEADERS`` and ``REDACT_FIELDS`` add to the built-in lists. The
recording run gets the same restored copy the replays get, so the code under
test sees the same values either way.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

from apimock.cassettes import files, placeholders, secrets
from apimock.cassettes.placeholders import Generic, Replacer
from apimock.cassettes.scrub import Scrubber
from apimock.cassettes.secrets import SecretNames
from apimock.conf import conf, peek_setting, setting_names
from apimock.stubs import templates

# Secrets shorter than this are too likely to occur by chance in a body.
_MIN_SECRET = 4
_PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*)(?::([a-z0-9_]{1,16}))?>")


class Redactor:
    def __init__(
        self,
        setting_patterns: Iterable[str],
        headers: Iterable[str],
        fields: Iterable[str],
    ) -> None:
        self._patterns = tuple(setting_patterns)
        self._headers = frozenset(name.lower() for name in (*secrets.HEADERS, *headers))
        self._is_secret_field = SecretNames((*secrets.FIELDS, *fields))
        self._names: list[str] = []
        self._names_generation = -1
        self._variants: tuple[re.Pattern[str], dict[str, str]] | None = None
        self._variants_generation = -1

    # -- which settings are secret ------------------------------------------

    def secret_names(self) -> list[str]:
        """Names of the settings redacted, longest value first.

        Scanning every setting is not free and replay matching asks per
        request: the answer is kept until a setting changes.
        """
        if self._names_generation != conf.generation:
            self._names = self._scan_secret_names()
            self._names_generation = conf.generation
        return self._names

    def _scan_secret_names(self) -> list[str]:
        # Read with peek_setting: these settings are not ours, and reading one
        # through django.conf.settings may warn that it is deprecated.
        found = {}
        for name in setting_names():
            if not self._is_secret_name(name):
                continue
            value = peek_setting(name)
            if isinstance(value, str) and len(value) >= _MIN_SECRET:
                found[name] = value
        # "sk_live_abc" before "abc": a longer secret is replaced whole.
        return sorted(found, key=lambda name: -len(found[name]))

    def _is_secret_name(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self._patterns)

    # -- out: redact ---------------------------------------------------------

    def redact(
        self, interaction: dict[str, Any], replace: Replacer | None = None
    ) -> dict[str, Any]:
        """A copy of ``interaction`` with every secret replaced.

        ``replace`` gives the placeholder of a secret no setting holds: a
        cassette's numbered :class:`Placeholders` while recording; when
        matching, :class:`Generic` (``<REDACTED>`` for each).
        """
        scrubber = Scrubber(
            self._settings_sub(),
            self._is_secret_field,
            self._headers,
            replace if replace is not None else Generic(),
        )
        return {side: scrubber.part(interaction[side]) for side in interaction}

    def _settings_sub(self) -> Callable[[str], str]:
        """A function replacing every setting value, in any of its encodings."""
        if self._variants_generation != conf.generation:
            names = self.secret_names()
            values = [(str(peek_setting(name)), name) for name in names]
            self._variants = _variants(values)
            self._variants_generation = conf.generation
        found = self._variants
        if found is None:
            return lambda text: text
        pattern, placeholders = found
        return lambda text: pattern.sub(lambda m: placeholders[m.group(0)], text)

    # -- in: restore -----------------------------------------------------------

    def restore(self, value: Any) -> Any:
        """``value`` (text or JSON data) with each ``<NAME>`` of a redacted
        setting filled in from the settings as they are now (``<NAME:url>``
        and the other encodings encoded as they were found)."""
        names = set(self.secret_names())

        def fill(placeholder: re.Match[str]) -> str:
            name, encoding = placeholder.group(1), placeholder.group(2)
            if name not in names or encoding not in _ENCODINGS:
                return placeholder.group(0)
            return _ENCODINGS[encoding](str(peek_setting(name)))

        return templates.walk(value, lambda text: _PLACEHOLDER.sub(fill, text))

    def restore_body(self, part: Mapping[str, Any]) -> bytes:
        """The body bytes of a stored request or response, settings restored."""
        if "body_base64" in part:
            raw = files.decode_body(part)
            return placeholders.encode(self.restore(placeholders.decode(raw)))
        return files.decode_body(self.restore(dict(part)))


def _variants(
    values: list[tuple[str, str]],
) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One pattern for every setting value in every encoding, and the
    placeholder of each text it matches; the longest text first."""
    placeholders: dict[str, str] = {}
    for value, name in values:
        for encoding, encode in _ENCODINGS.items():
            text = encode(value)
            if len(text) >= _MIN_SECRET and text not in placeholders:
                placeholders[text] = f"<{name}:{encoding}>" if encoding else f"<{name}>"
    if not placeholders:
        return None
    ordered = sorted(placeholders, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))), placeholders


def _b64(value: str, urlsafe: bool = False, padded: bool = True) -> str:
    raw = value.encode("utf-8", "surrogateescape")
    text = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode()
    return text if padded else text.rstrip("=")


# How a setting's value may be found, by the placeholder suffix it gets; the
# raw value (None) first, so an encoding that changes nothing is the raw one.
_ENCODINGS: dict[str | None, Callable[[str], str]] = {
    None: lambda value: value,
    "url": lambda value: quote(value, safe=""),
    "form": lambda value: quote_plus(value, safe=""),
    "path": lambda value: quote(value),
    "json": lambda value: json.dumps(value)[1:-1],
    "jsonu": lambda value: json.dumps(value, ensure_ascii=False)[1:-1],
    "b64": _b64,
    "b64url": lambda value: _b64(value, urlsafe=True),
    "b64raw": lambda value: _b64(value, padded=False),
    "b64urlraw": lambda value: _b64(value, urlsafe=True, padded=False),
}

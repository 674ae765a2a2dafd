"""Secrets out of cassettes, and back in on replay.

Three kinds of secret are replaced in an interaction before it is stored,
in the request and the response alike:

* the value of every setting named by ``APIMOCK["REDACT_SETTINGS"]`` (names
  or patterns such as ``*_KEY``), wherever it appears, by ``<NAME>``;
* the value of each header in ``REDACT_HEADERS`` (Authorization, cookies,
  API-key headers) that still holds something after that, by ``<REDACTED>``;
* the value of each query, form or JSON field in ``REDACT_FIELDS``.

On replay ``<NAME>`` is filled in from the settings again. The recording run
gets the same restored copy the replays get, so the code under test sees the
same values either way.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from apimock.conf import conf, peek_setting, setting_names
from apimock.stubs import templates

REDACTED = "<REDACTED>"
# Secrets shorter than this are too likely to occur by chance in a body.
_MIN_SECRET = 4
_PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*)>")


class Redactor:
    def __init__(
        self,
        setting_patterns: Iterable[str],
        headers: Iterable[str],
        fields: Iterable[str],
    ) -> None:
        self._patterns = tuple(setting_patterns)
        self._headers = {name.lower() for name in headers}
        self._fields = set(fields)
        self._names: list[str] = []
        self._names_generation = -1

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

    def redact(self, interaction: dict[str, Any]) -> dict[str, Any]:
        """A copy of ``interaction`` with every secret replaced."""
        names = self.secret_names()
        values = [(str(peek_setting(name)), f"<{name}>") for name in names]

        def scrub(text: str) -> str:
            for secret, placeholder in values:
                text = text.replace(secret, placeholder)
            return text

        result: dict[str, Any] = {}
        for side in ("request", "response"):
            part = dict(interaction[side])
            if "url" in part:
                part["url"] = self._redact_query(scrub(part["url"]))
            if "headers" in part:
                part["headers"] = {
                    key: self._redact_header(key, scrub(value), value)
                    for key, value in part["headers"].items()
                }
            for key in ("json", "events"):  # events: a stream's data, one by one
                if key in part:
                    part[key] = self._redact_fields(templates.walk(part[key], scrub))
            if "body" in part:
                part["body"] = scrub(part["body"])
                if _is_form(part.get("headers", {})):
                    part["body"] = self._redact_form(part["body"])
            result[side] = part
        return result

    def _redact_header(self, name: str, scrubbed: str, original: str) -> str:
        if name.lower() not in self._headers:
            return scrubbed
        if scrubbed != original and _PLACEHOLDER.search(scrubbed):
            return scrubbed  # "Bearer <AUTH_KEY>": restorable, nothing else secret
        return REDACTED

    def _redact_query(self, url: str) -> str:
        parts = urlsplit(url)
        if not parts.query or not self._fields:
            return url
        query = self._redact_pairs(parse_qsl(parts.query, keep_blank_values=True))
        return urlunsplit(parts._replace(query=query))

    def _redact_form(self, body: str) -> str:
        pairs = parse_qsl(body, keep_blank_values=True)
        if not any(name in self._fields for name, _ in pairs):
            return body
        return self._redact_pairs(pairs)

    def _redact_pairs(self, pairs: list[tuple[str, str]]) -> str:
        # "<" and ">" are kept readable; urlencode would escape them.
        return urlencode(
            [(k, REDACTED if k in self._fields else v) for k, v in pairs],
            safe="<>",
        )

    # -- in: restore -----------------------------------------------------------

    def restore(self, value: Any) -> Any:
        """``value`` (text or JSON data) with each ``<NAME>`` of a redacted
        setting filled in from the settings as they are now."""
        names = set(self.secret_names())

        def fill(placeholder: re.Match[str]) -> str:
            name = placeholder.group(1)
            if name not in names:
                return placeholder.group(0)
            return str(peek_setting(name))

        return templates.walk(value, lambda text: _PLACEHOLDER.sub(fill, text))

    def _redact_fields(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: REDACTED if k in self._fields else self._redact_fields(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self._redact_fields(item) for item in value]
        return value


def _is_form(headers: dict[str, str]) -> bool:
    return any(
        key.lower() == "content-type" and "x-www-form-urlencoded" in value
        for key, value in headers.items()
    )

"""Walk one side of an interaction (URL, headers, body) and replace its secrets.

What counts as secret comes from :mod:`apimock.cassettes.redaction` (setting
values and the names and headers to redact) and :mod:`secrets` (shapes); the
replacement from :mod:`placeholders`. Bodies are redacted by what they hold,
whatever their declared content type: JSON (also inside a JSON string),
forms, free text, and ``body_base64`` bytes.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from apimock.cassettes import placeholders, secrets
from apimock.cassettes.placeholders import Replacer, only_placeholders
from apimock.cassettes.validation import MAX_DEPTH
from apimock.documents import within_depth

# Challenge parameters that describe the challenge rather than carry a secret.
_PLAIN_CHALLENGE = frozenset(
    {
        "realm",
        "scope",
        "service",
        "error",
        "error_uri",
        "error_description",
        "charset",
        "algorithm",
        "qop",
        "stale",
        "domain",
        "title",
    }
)
_AUTH_PARAM = re.compile(
    r'([A-Za-z][\w-]{0,63})=("(?:[^"\\]|\\.){0,4096}"|[^,\s]{0,4096})'
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,63}")
_SCHEME_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,31} +(?=<)")
_COOKIE_SEPARATOR = re.compile(r";\s*")
# Set-Cookie headers joined with ", " by the fetch; an Expires date's comma is
# followed by a day number and a space, never by "name=".
_SET_COOKIE_SEPARATOR = re.compile(r",\s*(?=[^;,=\s]+=)")
# A URL-encoded form, by its characters (whatever its declared type).
_FORM = re.compile(
    r"[\w.~%+*\[\]-]{1,256}=[\w.~%+*!$'(),:@/?-]*"
    r"(?:&[\w.~%+*\[\]-]{1,256}=[\w.~%+*!$'(),:@/?-]*)*"
)
# A secret value seen once is replaced wherever else it appears, when it is at
# least this long (shorter ones are too likely to occur by chance).
_MIN_KNOWN = 6


class Scrubber:
    """Redacts one interaction side; made per interaction, so it sees the
    secret values found so far."""

    def __init__(
        self,
        settings_sub: Callable[[str], str],
        is_secret_name: Callable[[str], bool],
        secret_headers: frozenset[str],
        replace: Replacer,
    ) -> None:
        self._settings_sub = settings_sub
        self._is_secret_name = is_secret_name
        self._headers = secret_headers
        self._replace = replace
        known = [v for v in replace.known() if len(v) >= _MIN_KNOWN]
        self._known = (
            re.compile("|".join(re.escape(value) for value in known)) if known else None
        )

    def part(self, part: Mapping[str, Any]) -> dict[str, Any]:
        result = dict(part)
        headers = part.get("headers")
        content_type = ""
        if isinstance(part.get("url"), str):
            result["url"] = self.url(part["url"])
        if isinstance(headers, Mapping):
            result["headers"] = {
                key: self.header(key, value) if isinstance(value, str) else value
                for key, value in headers.items()
            }
            content_type = next(
                (str(v) for k, v in headers.items() if k.lower() == "content-type"),
                "",
            )
        for key in ("json", "events"):  # events: a stream's, one by one
            if key in part:
                result[key] = self.data(part[key])
        if isinstance(part.get("body"), str):
            result["body"] = self.body(part["body"], content_type)
        if isinstance(part.get("body_base64"), str):
            result["body_base64"] = self.binary(part["body_base64"])
        return result

    # -- values ----------------------------------------------------------

    def text(self, text: str) -> str:
        """Free text: setting values, known secrets, credential shapes, and the
        values of secret-named pairs (``password=...``, ``"token": "..."``)."""
        text = self._settings_sub(text)
        if self._known is not None:
            text = self._known.sub(lambda found: self._replace(found.group(0)), text)
        text = secrets.scrub_shapes(text, self._replace)
        return secrets.scrub_pairs(text, self._is_secret_name, self._replace)

    def secret(self, value: str) -> str:
        """A value that is secret as a whole: kept only if all it held was
        a redacted setting (``<AUTH_KEY>``, ``Bearer <AUTH_KEY>``), else one
        placeholder."""
        scrubbed = self.text(value)
        scheme = _SCHEME_PREFIX.match(scrubbed)
        rest = scrubbed[scheme.end() :] if scheme else scrubbed
        return scrubbed if only_placeholders(rest) else self._replace(value)

    def data(self, value: Any, secret: bool = False, depth: int = 0) -> Any:
        """JSON data: every value under a secret-named key, every string."""
        if depth > MAX_DEPTH:  # parsed here, never this deep; from elsewhere
            return placeholders.GENERIC
        if isinstance(value, dict):
            return {
                self.text(key) if isinstance(key, str) else key: self.data(
                    item,
                    secret or (isinstance(key, str) and self._is_secret_name(key)),
                    depth + 1,
                )
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [self.data(item, secret, depth + 1) for item in value]
        if isinstance(value, str):
            return self.secret(value) if secret else self._string(value, depth)
        if secret and isinstance(value, (int, float)) and not isinstance(value, bool):
            return self._replace(str(value))
        return value

    def _string(self, value: str, depth: int) -> str:
        # JSON inside a JSON string (a webhook payload, a signed blob).
        embedded = _json(value) if value[:1] in ("{", "[") else None
        if embedded is not None:
            redacted = self.data(embedded, depth=depth + 1)
            return value if redacted == embedded else _dumps(redacted)
        if _FORM.fullmatch(value):
            return self.pairs(value)
        return self.text(value)

    # -- URL -----------------------------------------------------------------

    def url(self, url: str) -> str:
        try:
            parts = urlsplit(url)
        except ValueError:
            return self.text(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, _, host = netloc.rpartition("@")
            user, colon, password = userinfo.partition(":")
            password = self.secret(password) if password else password
            netloc = f"{self.text(user)}{colon}{password}@{host}"
        return urlunsplit(
            (
                parts.scheme,
                netloc,
                self.text(parts.path),
                self.pairs(parts.query),
                self.pairs(parts.fragment) if "=" in parts.fragment else parts.fragment,
            )
        )

    def pairs(self, text: str) -> str:
        """A query string or form body: secret-named fields, every value."""
        if not text:
            return text
        # Encoded setting values first: <NAME:form> survives the parsing.
        text = self._settings_sub(text)
        pairs = parse_qsl(text, keep_blank_values=True)
        redacted = [
            (
                self.text(name),
                self.secret(value) if self._is_secret_name(name) else self.text(value),
            )
            for name, value in pairs
        ]
        if redacted == pairs:
            # Nothing named secret: the text as it was, scanned whole (a
            # setting's URL-encoded value, a token in a key without "=").
            return self.text(text)
        # "<" and ">" are kept readable; urlencode would escape them.
        return urlencode(redacted, safe="<>:")

    # -- headers -------------------------------------------------------------

    def header(self, name: str, value: str) -> str:
        lower = name.lower()
        if lower == "cookie":
            return "; ".join(
                self._cookie(item) for item in _COOKIE_SEPARATOR.split(value)
            )
        if lower == "set-cookie":
            return ", ".join(
                self._set_cookie(item) for item in _SET_COOKIE_SEPARATOR.split(value)
            )
        if lower in ("www-authenticate", "proxy-authenticate"):
            return self._challenge(value)
        if lower in ("authorization", "proxy-authorization"):
            return self._credentials(value)
        if lower in self._headers or self._is_secret_name(name):
            return self.secret(value)
        return self.text(value)

    def _cookie(self, item: str) -> str:
        name, equals, value = item.partition("=")
        if not equals:
            return self.secret(item)
        return f"{self.text(name)}={self.secret(value)}"

    def _set_cookie(self, cookie: str) -> str:
        first, semicolon, attributes = cookie.partition(";")
        return self._cookie(first) + semicolon + self.text(attributes)

    def _credentials(self, value: str) -> str:
        scheme, space, credentials = value.strip().partition(" ")
        if space and _SCHEME.fullmatch(scheme):
            return f"{scheme} {self.secret(credentials)}"
        return self.secret(value)

    def _challenge(self, value: str) -> str:
        scheme, space, rest = value.strip().partition(" ")
        if space and rest.strip() and not _AUTH_PARAM.search(rest):
            return f"{scheme} {self.secret(rest)}"  # a token68

        def param(found: re.Match[str]) -> str:
            name, raw = found.group(1), found.group(2)
            quoted = raw.startswith('"') and raw.endswith('"') and len(raw) > 1
            inner = raw[1:-1] if quoted else raw
            plain = name.lower() in _PLAIN_CHALLENGE or not inner
            new = self.text(inner) if plain else self.secret(inner)
            return f'{name}="{new}"' if quoted else f"{name}={new}"

        return _AUTH_PARAM.sub(param, value)

    # -- bodies --------------------------------------------------------------

    def body(self, text: str, content_type: str) -> str:
        """A text body, by what it holds: JSON, a form, or free text."""
        if text.lstrip()[:1] in ("{", "["):
            data = _json(text)
            if data is not None:
                redacted = self.data(data)
                return text if redacted == data else _dumps(redacted)
        if "x-www-form-urlencoded" in content_type.lower() or _FORM.fullmatch(text):
            return self.pairs(text)
        return self.text(text)

    def binary(self, encoded: str) -> str:
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            return self.text(encoded)
        scrubbed = placeholders.encode(self.text(placeholders.decode(raw)))
        return encoded if scrubbed == raw else base64.b64encode(scrubbed).decode()


def _json(text: str) -> Any:
    """``text`` parsed as JSON, or None (not JSON, or nested too deep)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data if within_depth(data, MAX_DEPTH) else None


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)

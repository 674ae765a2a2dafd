"""What looks secret in recorded traffic: names of fields and headers, and
values shaped like well-known credentials, whether or not a setting holds them.

A name is secret when, lower-cased with everything but letters and digits
dropped (and trailing digits too), it ends with one of the listed names so
reduced: ``password``, ``Password``, ``user[password]``, ``new_password2``
and ``X-Auth-Token`` all end with a listed name; ``token_type`` does not
(OAuth clients check that it says ``bearer``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote

#: Headers whose values are always redacted (``REDACT_HEADERS`` adds more).
HEADERS = (
    "Authorization",
    "Proxy-Authorization",
    "Cookie",
    "Set-Cookie",
    "WWW-Authenticate",
    "Proxy-Authenticate",
    "X-Api-Key",
    "Api-Key",
    "X-Auth-Token",
    "X-Access-Token",
)
#: Names of fields, parameters and headers whose values are always redacted
#: (``REDACT_FIELDS`` adds more), compared by their ending.
FIELDS = (
    "token",
    "secret",
    "password",
    "passwd",
    "passphrase",
    "api_key",
    "apikey",
    "api-key",
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "private_key",
    "secret_access_key",
    "authorization",
    "credentials",
    "session",
    "sessionid",
    "session_id",
    "cookie",
    "csrf",
    "xsrf",
    "signature",
)

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_TRAILING_DIGITS = re.compile(r"[0-9]+$")


def compact(name: str) -> str:
    """``X-Hub-Signature-256`` as ``xhubsignature``: how names are compared."""
    return _TRAILING_DIGITS.sub("", _NOT_ALNUM.sub("", name.lower()))


class SecretNames:
    """The rule for "this field (or header) holds a secret"."""

    def __init__(self, names: Iterable[str]) -> None:
        self._suffixes = tuple(sorted({compact(n) for n in names if compact(n)}))
        self._seen: dict[str, bool] = {}

    def __call__(self, name: str) -> bool:
        known = self._seen.get(name)
        if known is None:
            known = compact(name).endswith(self._suffixes) if self._suffixes else False
            if len(self._seen) < 4096:
                self._seen[name] = known
        return known


# Credentials recognisable by their shape alone. Each pattern is bounded and
# anchored on a literal prefix, so scanning large bodies stays linear.
_SHAPES = (
    # JSON Web Tokens: header.payload.signature, base64url, header starts {"
    r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{0,1024}",
    # Stripe secret and restricted keys, webhook signing secrets
    r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,256}",
    r"\bwhsec_[A-Za-z0-9+/=]{8,256}",
    # AWS access key ids
    r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b",
    # GitHub tokens (classic and fine-grained)
    r"\bgh[pousr]_[A-Za-z0-9]{30,255}",
    r"\bgithub_pat_[A-Za-z0-9_]{20,255}",
    # OpenAI, Anthropic and other sk- keys; Slack, Google, SendGrid
    r"\bsk-[A-Za-z0-9_-]{20,256}",
    r"\bxox[abposr]-[A-Za-z0-9-]{10,256}",
    r"\bAIza[0-9A-Za-z_-]{35}",
    r"\bSG\.[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{16,64}",
    # PEM private keys, whole
    r"-----BEGIN [A-Z ]{0,32}PRIVATE KEY-----[\s\S]{1,16384}?"
    r"-----END [A-Z ]{0,32}PRIVATE KEY-----",
)
SHAPE = re.compile("|".join(f"(?:{shape})" for shape in _SHAPES))
# "Bearer <token>" anywhere (an echoed header, a log line in a body): the
# token, when it looks like one (a digit in it, or long).
BEARER = re.compile(r"\b(?P<scheme>[Bb]earer\s+)(?P<token>[A-Za-z0-9._~+/-]{8,4096}=*)")

Replace = Callable[[str], str]


def scrub_shapes(text: str, replace: Replace) -> str:
    """``text`` with each well-known credential and Bearer token replaced."""
    text = SHAPE.sub(lambda found: replace(found.group(0)), text)

    def bearer(found: re.Match[str]) -> str:
        token = found.group("token")
        if not any(c.isdigit() for c in token) and len(token) < 24:
            return found.group(0)  # "Bearer authentication": prose, not a token
        return found.group("scheme") + replace(token)

    return BEARER.sub(bearer, text)


# ``name=value``, ``name: value``, ``"name": "value"``, ``name="value"``
# (``user%5Bpassword%5D=...`` too; never inside a ``<PLACEHOLDER>``),
# ``<name>value</name>`` and multipart ``name="field"`` parts, in free text:
# a text/plain body, a query string inside a JSON string, an SSE event.
_PAIR = re.compile(
    r"""(?<![\w\[\]%<-])(?P<name>[A-Za-z_][\w\[\]%.-]{0,127})"""
    r"""(?P<sep>["']?[ \t]*[:=][ \t]*)"""
    r"""(?:"(?P<dq>(?:[^"\\\n]|\\.){0,4096})"|'(?P<sq>[^'\n]{0,4096})'"""
    r"""|(?P<bare>[^\s"'&,;<>{}()\[\]]{1,4096}))"""
)
_TAG = re.compile(
    r"<(?P<name>[A-Za-z_][\w:.-]{0,127})>(?P<value>[^<]{1,4096})</(?P=name)>"
)
_MULTIPART = re.compile(
    r'name="(?P<name>[^"\r\n]{1,128})"[^\r\n]{0,1024}\r\n(?:[^\r\n]{1,1024}\r\n){0,8}'
    r"\r\n(?P<value>[^\r]{0,65536})\r\n--"
)


def scrub_pairs(text: str, is_secret: Callable[[str], bool], replace: Replace) -> str:
    """``text`` with the value of each secret-named pair in it replaced."""
    if "=" in text or ":" in text:
        text = _PAIR.sub(lambda found: _pair(found, is_secret, replace), text)
    if "</" in text:
        text = _TAG.sub(lambda found: _group(found, "value", is_secret, replace), text)
    if "\r\n\r\n" in text:
        text = _MULTIPART.sub(
            lambda found: _group(found, "value", is_secret, replace), text
        )
    return text


def _pair(
    found: re.Match[str], is_secret: Callable[[str], bool], replace: Replace
) -> str:
    for group in ("dq", "sq", "bare"):
        if found.group(group) is not None:
            return _group(found, group, is_secret, replace)
    return found.group(0)


def _group(
    found: re.Match[str], group: str, is_secret: Callable[[str], bool], replace: Replace
) -> str:
    value = found.group(group)
    if not value or not is_secret(unquote(found.group("name"))):
        return found.group(0)
    start, end = found.span(group)
    offset = found.start()
    whole = found.group(0)
    return whole[: start - offset] + replace(value) + whole[end - offset :]

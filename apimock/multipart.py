"""``multipart/form-data`` bodies read into their parts, byte for byte.

Each part keeps its name, filename, content type, headers and exact bytes:
nothing is decoded, so a binary attachment or an iso-8859-1 text part is
compared as it was sent. A body that is not well-formed multipart gives the
parts read before the damage, never an error: it is the code under test's
request, and a miss report must still be able to show it.
"""

from __future__ import annotations

import email.message
import email.utils
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from django.utils.datastructures import CaseInsensitiveMapping

# What urllib3 and httpx write for characters a quoted parameter cannot
# hold (the HTML5 form encoding), undone when reading a filename back.
_HTML5 = {"%22": '"', "%0D": "\r", "%0A": "\n"}
#: The clients whose encoder writes a backslash in a name or filename as two
#: (httpx's _format_form_param). The others (urllib3 and so requests, curl,
#: browsers) write the HTML5 form encoding RFC 7578 points to, where a
#: backslash is itself and only a quote ends the value.
_BACKSLASH_DOUBLED = frozenset({"httpx", "httpx2"})
# A Content-Disposition parameter. A quoted value ends at the first quote
# that ends the parameter (one followed by ";" or the header's end): in
# 'name="\"; filename="0"' the name is "\", as urllib3 meant it, where an
# RFC 822 reader takes '\"' for a quote inside the name and loses the
# filename.
_DISPOSITION_PARAMETER = re.compile(
    r';\s*([^\s=;]+)\s*=\s*(?:"(.*?)"(?=\s*(?:;|$))|([^;]*))', re.DOTALL
)


@dataclass(frozen=True)
class Part:
    """One part of a multipart body, as sent.

    ``content_type`` is the part's media type without parameters, lower
    case, "" when the part has none (a plain form field); its charset is in
    ``headers``. ``text`` is the content decoded by that charset (UTF-8 if
    none), undecodable bytes replaced.
    """

    name: str | None
    filename: str | None
    content_type: str
    content: bytes
    headers: CaseInsensitiveMapping[str] = field(
        default_factory=lambda: CaseInsensitiveMapping({}), repr=False
    )

    @property
    def charset(self) -> str:
        return _parameter(self.headers.get("Content-Type", ""), "charset") or "utf-8"

    @property
    def text(self) -> str:
        try:
            return self.content.decode(self.charset, errors="replace")
        except LookupError:  # a charset Python does not know
            return self.content.decode("utf-8", errors="replace")

    @property
    def is_file(self) -> bool:
        """A part with a filename, which Django reads into ``request.FILES``."""
        return self.filename is not None


def is_multipart(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == "multipart/form-data"


def parse(body: bytes, content_type: str, client: str = "") -> list[Part]:
    """The parts of ``body``, in order; [] if it is not multipart. ``client``
    (the one that wrote it) says how its names and filenames were quoted."""
    boundary = _parameter(content_type, "boundary")
    if not is_multipart(content_type) or not boundary:
        return []
    delimiter = b"\r\n--" + boundary.encode("latin-1", errors="replace")
    # The first delimiter may open the body without a line break before it.
    pieces = (b"\r\n" + body).split(delimiter)
    parts = []
    for piece in pieces[1:]:
        if piece.startswith(b"--"):
            break  # the closing delimiter
        _, newline, rest = piece.partition(b"\r\n")
        part = _part(rest, client in _BACKSLASH_DOUBLED) if newline else None
        if part is None:
            break  # cut short
        parts.append(part)
    return parts


def _part(raw: bytes, backslash_doubled: bool) -> Part | None:
    if raw.startswith(b"\r\n"):
        head, content = b"", raw[2:]
    else:
        head, blank, content = raw.partition(b"\r\n\r\n")
        if not blank:
            return None  # its headers never end
    headers = CaseInsensitiveMapping(_headers(head))
    disposition = _disposition(
        headers.get("Content-Disposition", ""), backslash_doubled
    )
    return Part(
        name=disposition.get("name"),
        filename=disposition.get("filename"),
        content_type=headers.get("Content-Type", "").split(";")[0].strip().lower(),
        content=content,
        headers=headers,
    )


def _headers(head: bytes) -> list[tuple[str, str]]:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
    found: list[tuple[str, str]] = []
    for line in text.split("\r\n"):
        if line[:1] in (" ", "\t") and found:  # a folded line goes on
            name, value = found[-1]
            found[-1] = (name, f"{value} {line.strip()}")
        elif ":" in line:
            name, _, value = line.partition(":")
            found.append((name.strip(), value.strip()))
    return found


def _parameter(header: str, name: str) -> str | None:
    """A parameter of a header value (``name="x"``), RFC 2231 included."""
    if not header:
        return None
    message = email.message.Message()
    message["X"] = header
    value: Any = message.get_param(name, header="X", failobj=None)
    if value is None:
        return None
    return str(email.utils.collapse_rfc2231_value(value))


def _disposition(header: str, backslash_doubled: bool) -> dict[str, str]:
    """A Content-Disposition's parameters, their values as the client meant
    them; ``name*=UTF-8''...`` (RFC 2231) wins over ``name=``."""
    plain: dict[str, str] = {}
    extended: dict[str, str] = {}
    for match in _DISPOSITION_PARAMETER.finditer(header):
        key, quoted, token = match[1].lower(), match[2], match[3]
        if key.endswith("*"):
            raw = token.strip() if quoted is None else quoted
            extended.setdefault(key[:-1], _extended(raw))
        elif quoted is None:
            plain.setdefault(key, token.strip())
        else:
            plain.setdefault(key, _unquote(quoted, backslash_doubled))
    return plain | extended


def _unquote(value: str, backslash_doubled: bool) -> str:
    if '\\"' in value or backslash_doubled:
        # An RFC 822 quoted-string (a quote inside it is \"), or httpx's.
        value = re.sub(r"\\(.)", r"\1", value, flags=re.DOTALL)
    for escaped, character in _HTML5.items():
        value = value.replace(escaped, character)
    return value


def _extended(value: str) -> str:
    """An RFC 2231 value, ``charset'language'percent-encoded``."""
    charset, _, rest = value.partition("'")
    _, quoted, encoded = rest.partition("'")
    if not quoted:  # not in that form: percent-encoded at most
        return urllib.parse.unquote(value)
    try:
        return urllib.parse.unquote(encoded, encoding=charset or "utf-8")
    except LookupError:  # a charset Python does not know
        return urllib.parse.unquote(encoded)

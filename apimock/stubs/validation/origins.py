"""A stub URL's scheme and host, and a placeholder's missing brace: mistakes
that leave a URL unable to match any request (apimock.E010).

``htps://``, ``https:///v1`` or a space in the host passed the check before,
and the stub then never answered; an unclosed ``{settings.NAME`` was called
"not an absolute URL", which sent the reader looking in the wrong place.
"""

from __future__ import annotations

import re

from apimock.stubs import conversation, grpc
from apimock.stubs.validation.problems import Problem, closest
from apimock.text import shown

_ID = "apimock.E010"
HTTP_SCHEMES = ("http", "https")
# The scheme each non-HTTP method takes, checked by its own module (E025, E026).
_OWN_SCHEMES = {conversation.METHOD: conversation.SCHEMES, grpc.METHOD: (grpc.SCHEME,)}
_METHOD_OF_SCHEME = {
    **dict.fromkeys(conversation.SCHEMES, conversation.METHOD),
    grpc.SCHEME: grpc.METHOD,
}
# "{settings.NAME" or "{name" whose closing brace never comes.
_UNCLOSED = re.compile(r"(?<!\{)\{([A-Za-z_][\w.]*)(?![\w.]*\})")


def unclosed_brace(key: str, value: str, where: str) -> Problem | None:
    """The problem with a placeholder that opens and never closes, if any."""
    found = _UNCLOSED.search(value)
    if found is None:
        return None
    end = found.end()
    fixed = f"{value[:end]}}}{value[end:]}"
    return Problem(
        _ID,
        f"{where}: key {key!r} has an unclosed brace: {{{found.group(1)} in "
        f"{shown(value)} has no closing }}.",
        f"did you mean {shown(fixed)}?",
    )


def origin_problems(
    key: str, value: str, url: str, method: object, where: str
) -> list[Problem]:
    """What is wrong with the scheme and host of ``url`` (``value`` resolved)."""
    got = shown(value) if url == value else f"{shown(value)} (resolved: {shown(url)})"
    scheme, _, rest = url.partition("://")
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    own = _OWN_SCHEMES.get(method.upper() if isinstance(method, str) else "")
    problems = []
    if own is None and scheme.lower() not in HTTP_SCHEMES:
        problems.append(_scheme_problem(key, scheme, rest, got, where))
    if not host.strip():
        problems.append(
            Problem(
                _ID,
                f"{where}: key {key!r} has no host after {scheme}://, got {got}.",
                f'Write the host, e.g. "{scheme}://api.example.com/{rest.lstrip("/")}".',
            )
        )
    elif re.search(r"\s", host):
        fixed = re.sub(r"\s+", ".", host.strip())
        problems.append(
            Problem(
                _ID,
                f"{where}: key {key!r}: the host {host!r} has a space in it, "
                f"got {got}.",
                f"did you mean {shown(url.replace(host, fixed, 1))}?",
            )
        )
    return problems


def _scheme_problem(key: str, scheme: str, rest: str, got: str, where: str) -> Problem:
    other = _METHOD_OF_SCHEME.get(scheme.lower())
    hint: str | None
    if other is not None:
        hint = f'A {scheme}:// URL is for "method": "{other}".'
    else:
        near = closest(scheme.lower(), HTTP_SCHEMES)
        hint = f"did you mean {shown(f'{near}://{rest}')}?" if near else None
    return Problem(
        _ID,
        f"{where}: key {key!r}: scheme {scheme!r} is not one a stub answers; "
        "it must be http or https (ws or wss with method WEBSOCKET, grpc with "
        f"method GRPC), got {got}.",
        hint,
    )

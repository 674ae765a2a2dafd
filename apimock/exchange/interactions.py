"""An interaction: one request and its answer as plain data, in the shape
cassettes store (``request``: method, url, headers, and ``json``, ``body`` or
``body_base64``; ``response``: status, headers and the same body keys).

Everything that leaves apimock as a file (a cassette, an imported stub file,
an exported HAR) goes through :func:`redacted` first: the settings, headers
and fields ``APIMOCK["REDACT_…"]`` name are replaced as cassettes replace
them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apimock.cassettes import files
from apimock.cassettes.redaction import Redactor
from apimock.conf import conf
from apimock.request import APIRequest, APIResponse

Interaction = dict[str, Any]
#: Headers that describe one connection or one client build, not the API.
_VOLATILE = {
    "content-length",
    "content-encoding",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "host",
    "accept-encoding",
    "date",
}


def of_call(request: APIRequest, response: APIResponse) -> Interaction:
    return {
        "request": {
            "method": request.method,
            "url": request.url,
            "headers": kept_headers(request.headers),
            **files.encode_body(request.body, request.content_type),
        },
        "response": part(response.status, response.headers, response.body),
    }


def part(status: int, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """A response as an interaction stores it."""
    kept = kept_headers(headers)
    content_type = next((v for k, v in kept.items() if k.lower() == "content-type"), "")
    return {"status": status, "headers": kept, **files.encode_body(body, content_type)}


def kept_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {
        str(name): str(value)
        for name, value in sorted(headers.items(), key=lambda kv: str(kv[0]).lower())
        if str(name).lower() not in _VOLATILE
    }


def redactor() -> Redactor:
    return Redactor(conf.REDACT_SETTINGS, conf.REDACT_HEADERS, conf.REDACT_FIELDS)


def redacted(interactions: list[Interaction]) -> list[Interaction]:
    """Each interaction with its secrets replaced, as cassettes store them."""
    scrub = redactor()
    return [scrub.redact(interaction) for interaction in interactions]


class ExchangeError(ValueError):
    """A file to import is not what it should be: the message names the file
    and, where there is one, the entry."""

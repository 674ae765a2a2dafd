"""Interactions written as a YAML stub file that answers the same requests.

One stub per distinct request (method, URL with its query, and the body when
two requests differ only by it); a request made several times answers its
recorded responses in order (``responses``). Secrets are redacted as in
cassettes, and a redacted setting's value is written ``{settings.NAME}`` so
the stub still matches what the code sends; a query field that was redacted
is left out of the URL (any value then matches). A stub whose
recorded answer is 400 or 422 says ``contract: false``: what the API refused
may break its contract, and the check should not fail for a recording of
it. A body over
:data:`LARGE` bytes, or one that is not text, goes to a file beside the stub
file (``body_file``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml

from apimock.cassettes import files
from apimock.cassettes.placeholders import is_redacted
from apimock.exchange.interactions import ExchangeError, Interaction, redactor
from apimock.stubs import templates

#: Bodies longer than this many bytes are written to a file of their own.
LARGE = 2048
_PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*)>")
_HEADER = (
    "# apimock stubs imported from {source}.\n"
    '# Secrets are replaced as in cassettes; add this file to APIMOCK["STUBS"].\n'
)


@dataclass
class StubFile:
    """Stubs to write, and the body files they name (path -> bytes)."""

    stubs: list[dict[str, Any]] = field(default_factory=list)
    bodies: dict[str, bytes] = field(default_factory=dict)

    def body(self, folder: str, name: str, data: bytes, suffix: str) -> str:
        path = f"{folder}/{name}{suffix}"
        self.bodies[path] = data
        return path


def from_interactions(
    labelled: Iterable[tuple[str, Interaction]], output: Path
) -> StubFile:
    """A stub file for ``(label, interaction)`` pairs (``"entry 3"``)."""
    scrub = redactor()
    secrets = set(scrub.secret_names())
    stubs: dict[tuple[Any, ...], dict[str, Any]] = {}
    drafted: list[tuple[tuple[Any, ...], str, Interaction]] = []
    for label, raw in labelled:
        interaction = scrub.redact(raw)
        request = interaction["request"]
        url = _url(request["url"])
        drafted.append(
            ((request["method"].upper(), url, _body_key(request)), label, interaction)
        )
    # The body tells requests apart only where method and URL do not.
    bodies_per_url: dict[tuple[str, str], set[Any]] = {}
    for (method, url, body), _, _ in drafted:
        bodies_per_url.setdefault((method, url), set()).add(body)
    result = StubFile()
    folder = f"{output.stem}_bodies"
    for key, label, interaction in drafted:
        method, url, body = key
        stub = stubs.get(key)
        answer = _answer(
            result, folder, len(result.bodies) + 1, interaction["response"], secrets
        )
        if stub is not None:
            stub.setdefault("responses", [_pop_answer(stub)]).append(answer)
            continue
        stub = {
            "name": label,
            "method": method,
            "url": templated(url, secrets, url=True),
        }
        if len(bodies_per_url[(method, url)]) > 1:
            stub["match"] = _body_match(interaction["request"], secrets)
        stub.update(answer)
        if answer["status"] in _REFUSED:
            # What was refused may well break the API's contract: the check
            # should not fail a recording of it.
            stub["contract"] = False
        stubs[key] = stub
        result.stubs.append(stub)
    return result


def _url(url: str) -> str:
    """The URL with its redacted query fields left out."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_redacted(v)
    ]
    return urlunsplit(parts._replace(query=urlencode(pairs, safe="<>")))


def _body_key(request: Interaction) -> Any:
    if "json" in request:
        return json.dumps(request["json"], sort_keys=True)
    return request.get("body") or request.get("body_base64") or ""


def _body_match(request: Interaction, secrets: set[str]) -> dict[str, Any]:
    if "json" in request:
        return {"json_exact": templated(request["json"], secrets)}
    if "body" in request:
        return {"body": templated(request["body"], secrets)}
    return {"body_contains": ""}  # a binary body: method and URL must do


#: Statuses an API refuses a malformed request with.
_REFUSED = (400, 422)
_ANSWER_KEYS = ("status", "headers", "json", "body", "body_file", "content_type")


def _pop_answer(stub: dict[str, Any]) -> dict[str, Any]:
    return {key: stub.pop(key) for key in _ANSWER_KEYS if key in stub}


def _answer(
    result: StubFile, folder: str, number: int, response: Interaction, secrets: set[str]
) -> dict[str, Any]:
    headers = {
        name: templated(value, secrets)
        for name, value in response.get("headers", {}).items()
        if not is_redacted(value) and name.lower() != "content-type"
    }
    content_type = next(
        (
            v
            for k, v in response.get("headers", {}).items()
            if k.lower() == "content-type"
        ),
        "",
    )
    answer: dict[str, Any] = {"status": int(response.get("status", 200))}
    if headers:
        answer["headers"] = headers
    data = files.decode_body(response)
    large = len(data) > LARGE or "body_base64" in response
    if large:
        suffix = (
            ".json"
            if "json" in response
            else (".txt" if "body" in response else ".bin")
        )
        answer["body_file"] = result.body(folder, f"{number}", data, suffix)
        answer["content_type"] = content_type or "application/octet-stream"
    elif "json" in response:
        answer["json"] = templated(response["json"], secrets)
        if (
            content_type
            and "json" in content_type
            and content_type != "application/json"
        ):
            answer["content_type"] = content_type
    elif "body" in response:
        answer["body"] = templated(response["body"], secrets)
        if content_type:
            answer["content_type"] = content_type
    return answer


def templated(value: Any, secrets: set[str], *, url: bool = False) -> Any:
    """``value`` as stub text: whatever would read as a placeholder escaped,
    ``<NAME>`` of a redacted setting written ``{settings.NAME}``."""
    if isinstance(value, str):
        escaped = templates.escape(value, params=url, request=True)
        return _PLACEHOLDER.sub(
            lambda m: (
                f"{{settings.{m.group(1)}}}" if m.group(1) in secrets else m.group(0)
            ),
            escaped,
        )
    if isinstance(value, dict):
        return {key: templated(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [templated(item, secrets) for item in value]
    return value


def write(output: Path, stub_file: StubFile, source: str, *, force: bool) -> None:
    """Write the stubs to ``output`` and their bodies beside it."""
    if output.exists() and not force:
        raise ExchangeError(f"{output} exists; pass --force to replace it")
    text = _HEADER.format(source=source) + yaml.safe_dump(
        {"stubs": stub_file.stubs},
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    for relative, data in stub_file.bodies.items():
        path = output.parent / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    files.write_atomically(output, text)

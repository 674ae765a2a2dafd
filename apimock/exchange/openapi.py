"""One stub per operation of an OpenAPI document, answering as the document
says a success looks: its status, and its example or a body generated from
its schema (the fake's generator, so the same seed gives the same file).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from apimock.conf import conf
from apimock.contracts import conformance, files
from apimock.contracts.document import Contract, Operation
from apimock.exceptions import ContractError
from apimock.exchange.interactions import ExchangeError
from apimock.exchange.stubfile import LARGE, StubFile, templated
from apimock.fakes.document import FakeDocument
from apimock.fakes.resources import CREATE, READ, UPDATE
from apimock.fakes.store import FakeStore
from apimock.stubs import templates

_NAME = re.compile(r"\{([^{}/]+)\}")


def path_of(source: str) -> Path:
    """A document's path, given as one or as a ``file://`` URL."""
    if source.startswith("file://"):
        return Path(unquote(urlsplit(source).path))
    if "://" in source:
        raise ExchangeError(
            f"{source}: only a file (or a file:// URL) is imported; nothing is fetched"
        )
    return Path(source)


def stubs_for(path: Path, base_url: str | None, seed: int, output: Path) -> StubFile:
    """The stubs for every operation of the document at ``path``."""
    try:
        # The contracts' own reading: parsed once per content, kept in
        # CACHE_DIR, its validation verdict too.
        read = files.read(path, conf.CACHE_DIR, validating=True)
    except ContractError as error:
        raise ExchangeError(str(error)) from None
    data = read.data
    base = base_url or _server(data)
    _check(Contract(base or "https://api.invalid", str(path), data, read.digest))
    if base is None:
        raise ExchangeError(
            f"{path} names no absolute server URL (servers[0].url); say which API it "
            "describes with --base-url https://api.example.com/v1"
        )
    contract = Contract(base, str(path), data, read.digest)
    fake = FakeDocument(contract, seed)
    result = StubFile()
    try:
        for operation in fake.operations():
            status, key = fake.success(operation)
            media_type, _ = fake.media(operation, key)
            stub = {
                "name": str(operation.node.value.get("operationId") or operation),
                "method": operation.method,
                "url": templates.escape(contract.base_url, params=True)
                + _NAME.sub(_param, operation.path),
                "status": status,
            }
            if media_type:
                body = fake.template(operation, key, seed)
                if not fake.example(operation, key)[0]:
                    _styled_id(fake, operation, body, seed)
                _put_body(result, output, stub, media_type, body)
            result.stubs.append(stub)
    except ContractError as error:  # a $ref that leads nowhere
        raise ExchangeError(str(error)) from None
    return result


def _styled_id(fake: FakeDocument, operation: Operation, body: Any, seed: int) -> None:
    """A generated item's id in the API's own style (``pm_...``, as the fake
    gives it), the same in each answer of the resource."""
    role = fake.resources.role(operation)
    if role.resource is None or role.kind not in (CREATE, READ, UPDATE):
        return
    prop = fake.key_property(role.resource)
    if prop and isinstance(body, dict) and prop in body:
        body[prop] = fake.new_id(
            FakeStore(fake.contract.base_url, seed), role.resource, prop
        )


def _server(data: object) -> str | None:
    servers = data.get("servers") if isinstance(data, dict) else None
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        url = str(servers[0].get("url", ""))
        if url.startswith(("http://", "https://")) and "{" not in url:
            return url
    return None


def _check(contract: Contract) -> None:
    """The document is valid OpenAPI (when the contracts extra is installed)."""
    from apimock.contracts import static

    try:
        from apimock.contracts import schemas

        schemas.require_extra()
    except ContractError:
        return
    problems = static._spec_errors(contract)  # the system check's own words
    if problems:
        raise ExchangeError("; ".join(problems))


def _param(found: re.Match[str]) -> str:
    name = re.sub(r"\W", "_", found.group(1))
    return "{" + (name if name[:1].isalpha() or name[:1] == "_" else f"p_{name}") + "}"


def _put_body(
    result: StubFile,
    output: Path,
    stub: dict[str, object],
    media_type: str,
    body: object,
) -> None:
    is_json = conformance.is_json(media_type.lower())
    text = json.dumps(body) if is_json else str(body if body is not None else "")
    if len(text) > LARGE:
        name = re.sub(r"\W+", "_", str(stub["name"])).strip("_")
        stub["body_file"] = result.body(
            f"{output.stem}_bodies", name, text.encode(), ".json" if is_json else ".txt"
        )
        stub["content_type"] = media_type
    elif is_json:
        stub["json"] = templated(body, set())
        if media_type != "application/json":
            stub["content_type"] = media_type
    else:
        stub["body"] = templated(text, set())
        stub["content_type"] = media_type

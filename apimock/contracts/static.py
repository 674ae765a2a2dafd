"""Before any test runs: the contracts themselves, and every settings stub
whose URL falls under one, checked by ``manage.py check`` (apimock.E021-E023).

A stub is checked where it can be known without a request: its path and
method, the parameters and body fields its ``match`` rules name, and each
response's status and JSON body. ``{request.…}`` values are skipped; the
runtime check sees them filled in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from apimock import diskcache as cache
from apimock.conf import conf
from apimock.contracts import conformance, loaded, schemas, validation
from apimock.contracts.document import Contract, Node, Operation
from apimock.contracts.runtime import parsed_body
from apimock.contracts.schemas import Violation
from apimock.exceptions import ContractError, StubError
from apimock.stubs.model import Stub
from apimock.stubs.templates import Deferred
from apimock.stubs.validation import Problem


def contract_problems() -> list[Problem]:
    """Each configured contract loads and is a valid OpenAPI document."""
    problems = []
    try:
        listed = list(loaded.entries())
    except ContractError as error:
        return [Problem("apimock.E021", f"{error}.")]
    for key, base_url, file in listed:
        try:
            contract = loaded.load(base_url, file, validating=True)
            schemas.require_extra()
        except ContractError as error:
            problems.append(
                Problem("apimock.E021", f'APIMOCK["CONTRACTS"][{key!r}]: {error}.')
            )
            continue
        problems += [
            Problem("apimock.E021", f'APIMOCK["CONTRACTS"][{key!r}]: {message}.')
            for message in _spec_errors(contract)
        ]
    return problems


def _spec_errors(contract: Contract) -> list[str]:
    directory = cache.usable(conf.CACHE_DIR)
    return [
        f"{contract.source} {message}"
        for message in validation.verdict(contract.document, contract.digest, directory)
    ]


def stub_problems(stubs: list[Stub]) -> list[Problem]:
    """Every way each stub under a contract drifts from it."""
    problems = []
    for stub in stubs:
        if not stub.spec.contract or stub.pattern.kind != "url":
            continue
        contract = _contract_for(stub)
        if contract is None:
            continue
        try:
            found = list(_stub_violations(contract, stub))
        except ContractError as error:
            found = [Violation("contract", str(error))]
        problems += [
            Problem(
                "apimock.E022",
                f"{stub.label} drifts from its contract {contract}: {violation}.",
                'Fix the stub to what the API answers; give it "contract": False '
                "only if it leaves the contract on purpose (an outage).",
            )
            for violation in found
        ]
    return problems


def coverage(stubs: list[Stub]) -> list[tuple[Contract, int]]:
    """Each contract and how many of ``stubs`` it checks."""
    counts = dict.fromkeys(loaded.contracts(), 0)
    for stub in stubs:
        contract = _contract_for(stub) if stub.pattern.kind == "url" else None
        if contract is not None and stub.spec.contract:
            counts[contract] += 1
    return list(counts.items())


def _contract_for(stub: Stub) -> Contract | None:
    origin, path = stub.pattern.origin, stub.pattern.path  # type: ignore[union-attr]
    return next((c for c in loaded.contracts() if c.covers(origin, path)), None)


def _stub_violations(contract: Contract, stub: Stub) -> Iterator[Violation]:
    path = contract.relative(stub.pattern.path)  # type: ignore[union-attr]
    if stub.method == "ANY":
        # Any method: only the path can be checked.
        if contract.find_path(path) is None:
            yield from conformance.locate(contract, "GET", path)[2]
        return
    operation, params, found = conformance.locate(contract, stub.method, path)
    yield from found
    if operation is None:
        return
    yield from conformance.check_parameters(
        operation, "path", params, unknowable=lambda name: "{" in params[name]
    )
    yield from _match_violations(operation, stub.match)
    for index, answer in enumerate(stub.answers):
        yield from _answer_violations(operation, stub, index, answer)


def _match_violations(
    operation: Operation, match: Mapping[str, Any]
) -> Iterator[Violation]:
    for location, keys in (
        ("query", ("query", "query_exact")),
        ("header", ("headers",)),
    ):
        for key in keys:
            given = match.get(key) or {}
            yield from conformance.unknown_parameters(
                operation,
                location,
                [n for n in given if n not in _security(operation, location)],
            )
            yield from conformance.check_parameters(
                operation, location, given, required=False
            )
    regex_headers = [
        name
        for name in match.get("headers_regex") or {}
        if name not in _security(operation, "header")
    ]
    yield from conformance.unknown_parameters(operation, "header", regex_headers)
    for key, media_type in (
        ("json", "application/json"),
        ("json_exact", "application/json"),
        ("form", "application/x-www-form-urlencoded"),
        ("multipart", "multipart/form-data"),
    ):
        if key not in match:
            continue
        media, problems = conformance.request_body_media(
            operation, media_type, sent=True
        )
        yield from (
            Violation(f"match {key}", f"matches a {media_type} body", problem.expected)
            for problem in problems
        )
        if media is None:
            continue
        schema = media[1].get("schema")
        if key == "json_exact":
            yield from conformance.check_request_body(
                operation, media, match[key], where="match json_exact"
            )
        elif key == "multipart":
            yield from _unknown_fields(
                operation,
                schema,
                dict.fromkeys(match[key]),
                f"match {key}",
                values=False,
            )
        else:
            value = match[key]
            if key == "form":
                value = conformance.form_values(operation, media, value)
            yield from _unknown_fields(operation, schema, value, f"match {key}")


def _security(operation: Operation, location: str) -> set[str]:
    """Names of API-key parameters the document's security schemes declare."""
    schemes = operation.contract.document.get("components", {}).get(
        "securitySchemes", {}
    )
    return {
        str(scheme.get("name"))
        for scheme in schemes.values()
        if isinstance(scheme, Mapping)
        and scheme.get("type") == "apiKey"
        and scheme.get("in") == location
    }


def _unknown_fields(
    operation: Operation,
    schema: Node | None,
    value: Any,
    where: str,
    path: str = "$",
    *,
    values: bool = True,
) -> Iterator[Violation]:
    """Fields a partial match names that the body schema does not have, and
    (with ``values``) leaf values of the wrong type."""
    contract = operation.contract
    if not isinstance(value, Mapping):
        if values and schema is not None and not isinstance(value, (list, dict)):
            for problem in schemas.validate(
                contract,
                contract.deref(schema),
                value,
                where=f"{where} {path}",
                direction="request",
            ):
                yield Violation(f"{where} {path}", problem.message, problem.expected)
        return
    names, open_ = schemas.properties(contract, schema)
    for name, inner in value.items():
        field = f"{path}.{name}"
        if name not in names:
            if not open_:
                yield Violation(
                    f"{where} {field}",
                    "is not a field of the request body",
                    "its fields are " + (", ".join(sorted(names)) or "none"),
                )
            continue
        yield from _unknown_fields(
            operation,
            schemas.property_schema(contract, schema, name),
            inner,
            where,
            field,
            values=values,
        )


def _answer_violations(
    operation: Operation, stub: Stub, index: int, answer: Mapping[str, Any]
) -> Iterator[Violation]:
    if any(key in answer for key in ("error", "fault", "callback")):
        return
    label = f"responses[{index}] " if len(stub.answers) > 1 else ""
    status = int(answer.get("status", 200))
    if "json" in answer:
        deferred: list[tuple[Any, ...]] = []
        value = _known(answer["json"], (), deferred)
        if () in deferred:
            return
        headers = answer.get("headers") or {}
        content_type = answer.get("content_type") or next(
            (v for k, v in headers.items() if k.lower() == "content-type"),
            "application/json",
        )
        found = conformance.check_response(
            operation,
            status,
            str(content_type),
            value,
            unknowable=schemas.prefixes(deferred),
        )
    else:
        try:
            response = stub.prebuilt[index]
        except StubError:
            return
        if response is None:
            return  # a body made from the request: checked at run time
        content_type = next(
            (v for k, v in response.headers.items() if k.lower() == "content-type"), ""
        )
        found = conformance.check_response(
            operation, status, content_type, parsed_body(response)
        )
    for violation in found:
        yield Violation(label + violation.where, violation.message, violation.expected)


def _known(value: Any, path: tuple[Any, ...], deferred: list[tuple[Any, ...]]) -> Any:
    """``value`` with request placeholders blanked out, their paths noted."""
    if isinstance(value, Deferred):
        deferred.append(path)
        return None
    if isinstance(value, Mapping):
        return {
            key: _known(item, (*path, key), deferred) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_known(item, (*path, i), deferred) for i, item in enumerate(value)]
    return value

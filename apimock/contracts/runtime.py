"""In a test: each request to a contracted API, and each response apimock
gives it, checked against the contract as it happens.

:class:`~apimock.mock.APIMock` calls :func:`check_request` before choosing a
stub and :func:`check_response` after building the answer (stub, template,
callback or cassette alike). A broken contract raises ContractViolation
(``CONTRACT_MODE = "error"``) or warns with ContractWarning (``"warn"``).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from apimock.conf import conf
from apimock.contracts import conformance, loaded
from apimock.contracts.conformance import NO_BODY
from apimock.contracts.document import Contract, Operation
from apimock.contracts.schemas import Violation
from apimock.exceptions import ContractViolation, ContractWarning
from apimock.request import APIRequest, APIResponse, to_multidict

if TYPE_CHECKING:
    from apimock.stubs.model import Stub

Report = Callable[[ContractViolation], None]
_Answer = TypeVar("_Answer", covariant=True)


#: Verdicts remembered per contract, at most: a test sends the same request,
#: and a stub gives the same answer, many times over.
_REMEMBERED = 4096


def _active(request: APIRequest) -> tuple[Contract, str] | None:
    found, mode = loaded.active()
    if not found or mode == "off":
        return None
    url = request.parsed_url
    contract = next((c for c in found if c.covers(url.origin, url.path)), None)
    if contract is None:
        return None
    return contract, contract.relative(url.path)


class Answering(Protocol[_Answer]):
    """A contract's fake, told what the check found (see apimock.fakes)."""

    def located(self, operation: Operation, params: dict[str, str]) -> None: ...

    def rejection(
        self, operation: Operation, found: list[Violation]
    ) -> _Answer | None: ...


def check_request(
    request: APIRequest, record: Report, fake: Answering[_Answer] | None = None
) -> _Answer | None:
    """Validate what the code sent: path, method, parameters and body.

    Under a fake, the fake is told which operation the request is, and gives
    the answer the document declares for a request that breaks it (a 400 or
    422), returned instead of a report.
    """
    active = _active(request)
    if active is None:
        return None
    contract, path = active
    operation, params, found = conformance.locate(contract, request.method, path)
    if operation is not None:
        found += _remembered(
            contract,
            _request_key(operation, params, request),
            lambda: request_violations(operation, params, request),
        )
        if fake is not None:
            fake.located(operation, params)
    if found and fake is not None and operation is not None:
        answer = fake.rejection(operation, found)
        if answer is not None:
            return answer
    if found:
        _report(
            f"{request} does not conform to its contract "
            f"({contract}, {operation or path})",
            found,
            "Fix the request the code sends (or the contract, if the API changed).",
            record,
        )
    return None


def request_violations(
    operation: Operation, params: Mapping[str, str], request: APIRequest
) -> list[Violation]:
    found = conformance.check_parameters(operation, "path", params)
    found += conformance.check_parameters(operation, "query", request.params)
    found += conformance.check_parameters(operation, "header", dict(request.headers))
    media, problems = conformance.request_body_media(
        operation, request.headers.get("Content-Type", ""), sent=bool(request.body)
    )
    found += problems
    if media is None:
        return found
    media_type = media[0]
    if conformance.is_json(media_type):
        try:
            value = request.json()
        except ValueError:
            return [*found, Violation("request body", "is not valid JSON")]
    elif media_type == "application/x-www-form-urlencoded":
        value = conformance.form_values(operation, media, request.form)
    elif media_type == "multipart/form-data":
        fields = to_multidict((part.name or "", part.text) for part in request.files)
        value = conformance.form_values(operation, media, fields)
    else:
        return found  # bytes the contract only names a type for
    return found + conformance.check_request_body(operation, media, value)


def check_response(
    request: APIRequest, response: APIResponse, stub: Stub, record: Report
) -> None:
    """Validate what a stub answered: status documented, body as the schema says.

    Given the stub, not its label: the label is put together only for a report.
    """
    active = _active(request)
    if active is None or response.fault is not None:
        return
    contract, path = active
    operation, _, _ = conformance.locate(contract, request.method, path)
    if operation is None:
        return  # the request's own check has said so
    content_type = next(
        (v for k, v in response.headers.items() if k.lower() == "content-type"), ""
    )
    key = ("response", operation.method, operation.path, response.status)
    found = _remembered(
        contract,
        (*key, content_type, response.body),
        lambda: conformance.check_response(
            operation, response.status, content_type, parsed_body(response)
        ),
    )
    if found:
        _report(
            f"The response stub {stub.label} gave to {request} does not conform to its "
            f"contract ({contract}, {operation})",
            found,
            'Fix the stub, or give it "contract": False if it leaves the contract '
            "on purpose (an outage the API does not document).",
            record,
        )


def _request_key(
    operation: Operation, params: Mapping[str, str], request: APIRequest
) -> tuple[Any, ...]:
    """All that :func:`request_violations` reads of ``request``. Headers only
    where it reads them: a transport's headers are decoded on first read."""
    names = operation.header_names
    headers = request.headers
    return (
        "request",
        operation.method,
        operation.path,
        tuple(params.items()),
        request.parsed_url.query,
        tuple(headers.get(name) for name in names) if names else (),
        headers.get("Content-Type") if request.body else None,
        request.body,
    )


def _remembered(
    contract: Contract, key: tuple[Any, ...], check: Callable[[], list[Violation]]
) -> list[Violation]:
    """``check()``, or what it gave for ``key`` before: a request's or an
    answer's conformance depends on nothing else."""
    kept = contract.verdicts.get(key)
    if kept is None:
        if len(contract.verdicts) >= _REMEMBERED:
            contract.verdicts.clear()
        kept = contract.verdicts[key] = check()
    return list(kept)


def parsed_body(response: APIResponse) -> Any:
    """The body as JSON if it is JSON; its bytes if not; NO_BODY if empty."""
    if not response.body:
        return NO_BODY
    try:
        return json.loads(response.body)
    except ValueError:
        return response.body


def _report(headline: str, found: list[Violation], fix: str, record: Report) -> None:
    lines = "\n".join(f"  - {violation}" for violation in found)
    message = f"apimock: {headline}:\n{lines}\n{fix}"
    if conf.CONTRACT_MODE == "warn":
        warnings.warn(message, ContractWarning, stacklevel=4)
        return
    violation = ContractViolation(message)
    record(violation)
    raise violation

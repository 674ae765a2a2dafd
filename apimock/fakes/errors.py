"""The error answers a fake gives as the document declares them: 404 for an
object that is not there, 400 or 422 for a request that breaks the contract.

The body is the documented error's example, or generated from its schema,
with the first ``message`` (or ``detail``) field found, at the top or one
object down (``{"error": {"message": ...}}``), saying what happened.
"""

from __future__ import annotations

import json
from typing import Any

from apimock.contracts.document import Operation
from apimock.contracts.schemas import Violation
from apimock.fakes.document import FakeDocument
from apimock.fakes.store import FakeStore
from apimock.request import APIResponse

NOT_FOUND = (404,)
_MESSAGE_KEYS = ("message", "detail", "msg", "error_description", "title", "error")


def rejected_statuses(found: list[Violation]) -> tuple[int, ...]:
    """422 first for a body the schema refuses, 400 first for anything else."""
    body = all(violation.where.startswith("request body") for violation in found)
    return (422, 400) if body else (400, 422)


def documented(
    fake: FakeDocument,
    store: FakeStore,
    operation: Operation,
    statuses: tuple[int, ...],
    message: str,
) -> APIResponse | None:
    """The first of ``statuses`` the operation documents (exactly, then as
    ``4XX``, then ``default``) as an answer; None if it documents none."""
    chosen = _documented(operation, statuses)
    if chosen is None:
        return None
    status, key = chosen
    media_type, _ = fake.media(operation, key)
    body = fake.template(operation, key, store.seed)
    if not media_type:
        return APIResponse(status=status)
    _say(body, message)
    return APIResponse(
        status=status,
        headers={"Content-Type": media_type},
        body=json.dumps(body).encode() if body is not None else b"",
    )


def documents(operation: Operation, statuses: tuple[int, ...]) -> bool:
    """Does the operation document one of ``statuses`` (or 4XX, or default)?"""
    return _documented(operation, statuses) is not None


def not_found(
    fake: FakeDocument, store: FakeStore, operation: Operation, message: str
) -> APIResponse:
    """The documented 404; a plain JSON one when the document has none."""
    answer = documented(fake, store, operation, NOT_FOUND, message)
    if answer is not None:
        return answer
    return APIResponse(
        status=404,
        headers={"Content-Type": "application/json"},
        body=json.dumps({"error": {"message": message}}).encode(),
    )


def _documented(
    operation: Operation, statuses: tuple[int, ...]
) -> tuple[int, str] | None:
    documented = {key.upper(): key for key in operation.statuses}
    for status in statuses:
        if str(status) in documented:
            return status, documented[str(status)]
    for status in statuses:
        wildcard = f"{str(status)[0]}XX"
        if wildcard in documented:
            return status, documented[wildcard]
    if "DEFAULT" in documented:
        return statuses[0], documented["DEFAULT"]
    return None


def _say(body: Any, message: str) -> None:
    """Put ``message`` in the body's message field, if it has one: at the top,
    in an object under it (``error.message``) or in the first of a list of
    them (FastAPI's ``detail[0].msg``)."""
    if not isinstance(body, dict):
        return
    candidates = [body]
    for value in body.values():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = value[0]
        if isinstance(value, dict):
            candidates.append(value)
    for candidate in candidates:
        for name in _MESSAGE_KEYS:
            if isinstance(candidate.get(name), str):
                candidate[name] = message
                return

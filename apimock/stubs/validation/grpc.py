"""A gRPC stub: a grpc:// URL whose path is /package.Service/Method, and a
status code gRPC knows (apimock.E025)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from apimock.stubs import grpc
from apimock.stubs.validation.problems import Problem, did_you_mean

_ID = "apimock.E025"


def check_grpc(raw: Mapping[str, Any], where: str) -> list[Problem]:
    method = raw.get("method")
    is_grpc = isinstance(method, str) and method.upper() == grpc.METHOD
    url = raw.get("url")
    problems = []
    if is_grpc and isinstance(url, str):
        problems += _check_url(url, where)
    for answer in [raw, *_answers(raw)]:
        if "grpc_status" in answer or "grpc_details" in answer:
            if not is_grpc:
                problems.append(
                    Problem(
                        _ID,
                        f"{where}: key 'grpc_status' (or 'grpc_details') is for a "
                        f"gRPC stub, and this one's method is {method!r}.",
                        'Write "method": "GRPC" and a grpc:// URL.',
                    )
                )
            problems += _check_status(answer.get("grpc_status", "OK"), where)
    return problems


def _answers(raw: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    responses = raw.get("responses")
    if not isinstance(responses, list):
        return []
    return [answer for answer in responses if isinstance(answer, Mapping)]


def _check_url(url: str, where: str) -> list[Problem]:
    if "{" in url:
        return []  # a placeholder: checked once resolved
    try:
        parts = urlsplit(url)
    except ValueError as error:  # an unclosed [ in the host, say
        return [Problem(_ID, f"{where}: key 'url' is not a URL ({error}): {url!r}.")]
    if parts.scheme != grpc.SCHEME:
        return [
            Problem(
                _ID,
                f"{where}: key 'url' of a gRPC stub must be "
                f"grpc://target/package.Service/Method, got {url!r}.",
                f"did you mean {f'grpc://{parts.netloc}{parts.path}'!r}?"
                if parts.netloc
                else None,
            )
        ]
    if not grpc.METHOD_PATH.fullmatch(parts.path):
        better = grpc.suggested_path(parts.path)
        return [
            Problem(
                _ID,
                f"{where}: key 'url': {parts.path!r} is not a gRPC method; "
                "write /package.Service/Method.",
                f"did you mean {f'grpc://{parts.netloc}{better}'!r}?"
                if better
                else None,
            )
        ]
    return []


def _check_status(status: Any, where: str) -> list[Problem]:
    if isinstance(status, int) and not isinstance(status, bool):
        if status in grpc.STATUS_CODES.values():
            return []
    elif isinstance(status, str) and status.upper() in grpc.STATUS_CODES:
        return []
    return [
        Problem(
            _ID,
            f"{where}: key 'grpc_status': {status!r} is not a gRPC status code.",
            did_you_mean(str(status).upper(), tuple(grpc.STATUS_CODES))
            or f"Use one of {', '.join(grpc.STATUS_CODES)}.",
        )
    ]

"""gRPC in the stub language: ``{"method": "GRPC", "url":
"grpc://target/package.Service/Method", ...}``.

A gRPC call is a POST of a message to ``/package.Service/Method`` whose
outcome travels in trailers (``grpc-status``, ``grpc-message``). A stub says
the same in keys: ``json`` is the response message as a dict (a list of them
for a method that streams its response), ``grpc_status`` a status code by
name and ``grpc_details`` its message. This module holds what the stub
language knows of gRPC, with no gRPC package needed: the status codes and
the shape of a method's path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

METHOD = "GRPC"
SCHEME = "grpc"
#: The canonical status codes (grpc.StatusCode's names and numbers).
STATUS_CODES = {
    "OK": 0,
    "CANCELLED": 1,
    "UNKNOWN": 2,
    "INVALID_ARGUMENT": 3,
    "DEADLINE_EXCEEDED": 4,
    "NOT_FOUND": 5,
    "ALREADY_EXISTS": 6,
    "PERMISSION_DENIED": 7,
    "RESOURCE_EXHAUSTED": 8,
    "FAILED_PRECONDITION": 9,
    "ABORTED": 10,
    "OUT_OF_RANGE": 11,
    "UNIMPLEMENTED": 12,
    "INTERNAL": 13,
    "UNAVAILABLE": 14,
    "DATA_LOSS": 15,
    "UNAUTHENTICATED": 16,
}
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
#: ``/package.Service/Method`` (a package of any depth, or none).
METHOD_PATH = re.compile(rf"/(?:{_NAME}\.)*{_NAME}/{_NAME}")
STATUS_HEADER = "grpc-status"
DETAILS_HEADER = "grpc-message"


def trailers(answer: Mapping[str, Any]) -> dict[str, str]:
    """The ``grpc-status``/``grpc-message`` a stub's answer gives, if any."""
    if "grpc_status" not in answer:
        return {}
    status = answer["grpc_status"]
    code = STATUS_CODES[status.upper()] if isinstance(status, str) else int(status)
    found = {STATUS_HEADER: str(code)}
    if "grpc_details" in answer:
        found[DETAILS_HEADER] = str(answer["grpc_details"])
    return found


def suggested_path(path: str) -> str | None:
    """A ``/package.Service/Method`` close to ``path``, if one is: the dots
    and slashes people mix up, put right."""
    parts = [part for part in re.split(r"[/.]", path) if part]
    if len(parts) < 2 or not all(re.fullmatch(_NAME, part) for part in parts):
        return None
    return "/" + ".".join(parts[:-1]) + "/" + parts[-1]

"""Is a contract a valid OpenAPI document? openapi-spec-validator says, once
per document and validator version: its verdict is kept with the parsed
document (in this process, and on disk), as it takes seconds for a
provider-sized document."""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from apimock import diskcache as cache

#: The validator's problems a check reports, at most.
SHOWN = 3

_lock = threading.Lock()
_verdicts: dict[tuple[str, str], list[str]] = {}


def version(data: Mapping[str, Any]) -> str:
    """The OpenAPI version a document is validated as: "3.0" or "3.1"."""
    given = str(data.get("openapi", ""))
    return "3.1" if given.startswith(("3.1", "3.2")) else "3.0"


#: Bumped when the words of a verdict change, so a verdict kept on disk in
#: the old words is made again.
_WORDING = 2


@functools.cache
def validator_version() -> str:
    """What a kept verdict depends on besides the document: the validator's
    version and our wording of its messages."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return f"osv{installed('openapi-spec-validator')}.w{_WORDING}"
    except PackageNotFoundError:
        return f"osv-unknown.w{_WORDING}"


def verdict(data: Mapping[str, Any], digest: str, directory: Path | None) -> list[str]:
    """What is wrong with the document (at most SHOWN messages, each
    starting with "is not valid OpenAPI"); empty when it is valid."""
    key = (digest, validator_version())
    with _lock:
        found = _verdicts.get(key)
        if found is None:
            found = cache.read_verdict(directory, *key)
        if found is None:
            found = _validate(data)
            cache.write_verdict(directory, *key, found)
        _verdicts[key] = found
        return list(found)


def _validate(data: Mapping[str, Any]) -> list[str]:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    shown = version(data)
    cls = OpenAPIV31SpecValidator if shown == "3.1" else OpenAPIV30SpecValidator
    messages = []
    try:
        for error in cls(dict(data)).iter_errors():
            where = "/".join(str(part) for part in getattr(error, "path", ()))
            messages.append(
                f"is not valid OpenAPI {shown}: "
                f"{where + ': ' if where else ''}{error.message}"
            )
            if len(messages) == SHOWN:
                break
    except Exception as error:  # a reference the validator cannot follow
        # referencing says "'/x' does not exist within {<the whole document>}".
        shown_error = str(error).split(" within {", 1)[0]
        messages.append(f"is not valid OpenAPI: {shown_error}")
    return messages


def forget() -> None:
    with _lock:
        _verdicts.clear()

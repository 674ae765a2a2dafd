"""Is a contract a valid OpenAPI document? openapi-spec-validator says, once
per document and validator version: its verdict is kept with the parsed
document (in this process, and on disk), as it takes seconds for a
provider-sized document.

A 3.0 document the quick screen (:mod:`~apimock.contracts.screening`)
vouches for is valid without asking it (milliseconds, not 10 s at 1,500
paths); any other is validated by openapi-spec-validator, whose messages
name the key."""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from apimock import diskcache as cache
from apimock.contracts import screening

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
_WORDING = 3


@functools.cache
def validator_version() -> str:
    """What a kept verdict depends on besides the document: the validator's
    version and our wording of its messages."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        osv = installed("openapi-spec-validator")
    except PackageNotFoundError:
        osv = "unknown"
    return f"osv{osv}.s{screening.VERSION}.w{_WORDING}"


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
    if screening.surely_valid(data):
        return []
    shown = version(data)
    cls = _spec_validator(shown)
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


@functools.cache
def _spec_validator(shown: str) -> Any:
    """openapi-spec-validator's validator for OpenAPI ``shown``, checking the
    document against its JSON Schema with jsonschema, even where
    jsonschema-rs is installed (which it would use otherwise): jsonschema's
    messages are one line ("'info' is a required property"), jsonschema-rs's
    a paragraph that quotes the whole document."""
    import jsonschema.validators
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator import schemas as bundled

    cls = OpenAPIV31SpecValidator if shown == "3.1" else OpenAPIV30SpecValidator
    try:
        schema = dict(bundled.schema_v31 if shown == "3.1" else bundled.schema_v30)
    except AttributeError:  # an openapi-spec-validator without them
        return cls
    checker = jsonschema.validators.validator_for(schema)(schema)
    return type(cls.__name__, (cls,), {"schema_validator": checker})


def forget() -> None:
    with _lock:
        _verdicts.clear()

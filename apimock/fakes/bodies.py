"""What a request sent, as the data a fake stores: JSON as it is; a form (or
multipart fields) with ``metadata[order]=6735`` and ``tags[]=a`` read into
nested objects and lists, and text read as the schema's numbers and booleans.
"""

from __future__ import annotations

from typing import Any

from apimock.contracts import conformance, forms
from apimock.contracts.document import Operation
from apimock.request import APIRequest


def sent(operation: Operation, request: APIRequest) -> Any:
    """The request body as data; {} when there is none or it cannot be read."""
    if not request.body:
        return {}
    media = operation.request_media(request.headers.get("Content-Type", ""))
    kind = media[0] if media else request.content_type
    schema = media[1].get("schema") if media else None
    if conformance.is_json(kind) or kind == "application/json":
        try:
            return request.json()
        except ValueError:
            return {}
    if kind == "application/x-www-form-urlencoded":
        pairs = forms.pairs(request.form)
    elif kind == "multipart/form-data":
        pairs = [(part.name or "", part.text) for part in request.files]
    else:
        return {}
    return forms.typed(operation.contract, schema, forms.nested(pairs))

"""Build what a stub answers for one request: templated, from a callback, or a fault."""

from __future__ import annotations

import json as jsonlib
from collections.abc import Callable, Mapping
from typing import Any

from apimock.exceptions import StubError
from apimock.request import APIRequest, APIResponse
from apimock.stubs import faults, grpc, streams, templates
from apimock.stubs.templates import RequestRef
from apimock.stubs.validation.keys import STREAM_KEYS, TEMPLATED_KEYS
from apimock.text import shown

_MISSING = object()


def prebuild(answer: Mapping[str, Any]) -> APIResponse | None:
    """The response of an answer that never looks at the request, built once;
    None for one that does (templates, callbacks) or that raises."""
    if "callback" in answer or "error" in answer:
        return None
    if any(templates.has_deferred(answer.get(key)) for key in TEMPLATED_KEYS):
        return None
    body = answer.get("body")
    if isinstance(body, BaseException) or (
        isinstance(body, type) and issubclass(body, BaseException)
    ):
        return None
    return _response("", answer, None)  # no label: nothing here can fail


def copy(response: APIResponse) -> APIResponse:
    """A prebuilt response for one request: its headers are the caller's to change."""
    return APIResponse(
        status=response.status,
        headers=dict(response.headers),
        body=response.body,
        fault=response.fault,
        stream=response.stream,  # a prebuilt stream is a tuple: read anew each time
    )


def build(label: str, answer: Mapping[str, Any], request: APIRequest) -> APIResponse:
    """The response ``answer`` gives ``request``; raises the answer's error."""
    if "callback" in answer:
        response = _from_callback(label, answer["callback"](request), request)
        return _stub_defaults(label, answer, request, response)
    if "error" in answer:
        if isinstance(answer["error"], str):
            raise faults.Fault(answer["error"])
        _raise(answer["error"])
    _raise(answer.get("body"))
    return _response(label, answer, request)


def _raise(value: Any) -> None:
    """Raise ``value`` if it is an exception or an exception class."""
    if isinstance(value, type) and issubclass(value, BaseException):
        raise value()
    if isinstance(value, BaseException):
        raise value


def _stub_defaults(
    label: str, answer: Mapping[str, Any], request: APIRequest, response: APIResponse
) -> APIResponse:
    """A callback's response with the stub's ``headers`` and ``content_type``
    where the callback set none, as responses' ``add_callback`` does."""
    if "headers" not in answer and "content_type" not in answer:
        return response
    lookup = _lookup(label, request)
    own = {name.lower() for name in response.headers}
    headers = {
        name: value
        for name, value in templates.render_request(
            answer.get("headers") or {}, lookup
        ).items()
        if name.lower() not in own
    }
    headers.update(response.headers)
    content_type = templates.render_request(answer.get("content_type"), lookup)
    if content_type and not any(k.lower() == "content-type" for k in headers):
        headers["Content-Type"] = content_type
    response.headers = headers
    return response


def _lookup(label: str, request: APIRequest | None) -> Callable[[RequestRef], Any]:
    def lookup(ref: RequestRef) -> Any:
        assert request is not None, "prebuild() leaves templated answers alone"
        return request_value(label, request, ref)

    return lookup


def _response(
    label: str, answer: Mapping[str, Any], request: APIRequest | None
) -> APIResponse:
    lookup = _lookup(label, request)
    headers = {
        name: _header_text(label, f"header {name!r}", value)
        for name, value in templates.render_request(
            answer.get("headers") or {}, lookup
        ).items()
    }
    content_type = _header_text(
        label,
        "key 'content_type'",
        templates.render_request(answer.get("content_type"), lookup),
    )
    stream_key = next((key for key in STREAM_KEYS if key in answer), None)
    if stream_key is not None:
        return _streamed(label, answer, stream_key, headers, content_type, lookup)
    if "json" in answer:
        data = templates.render_request(answer["json"], lookup)
        try:
            body = jsonlib.dumps(data).encode()
        except (TypeError, ValueError) as error:
            raise StubError(
                f"{label}: key 'json' cannot be sent as JSON once its placeholders "
                f"are filled in: {error}."
            ) from None
        content_type = content_type or "application/json"
    else:
        raw = templates.render_request(answer.get("body"), lookup)
        if isinstance(raw, str):
            body = raw.encode("utf-8", "surrogatepass")
            content_type = content_type or "text/plain; charset=utf-8"
        elif raw is None or isinstance(raw, bytes):
            body = raw or b""
        else:
            raise StubError(
                f"{label}: key 'body' is {shown(raw)} once its placeholders are "
                "filled in; a body is text or bytes (use 'json' for data)."
            )
    if content_type:
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        headers["Content-Type"] = content_type
    headers.update(grpc.trailers(answer))
    return _with_fault(
        APIResponse(status=answer.get("status", 200), headers=headers, body=body),
        answer.get("fault"),
    )


def _streamed(
    label: str,
    answer: Mapping[str, Any],
    key: str,
    headers: dict[str, str],
    content_type: str | None,
    lookup: Any,
) -> APIResponse:
    """A streamed answer: sent chunked, so with no Content-Length."""
    items = templates.render_request(answer[key], lookup)
    # A Content-Type among the headers is kept (a recorded stream has one).
    given = content_type or next(
        (v for k, v in headers.items() if k.lower() == "content-type"), None
    )
    if key == "events":
        given = given or streams.EVENT_STREAM
    elif given is None and isinstance(items, (list, tuple)):  # not a generator
        text = any(isinstance(item, str) for item in items)
        given = "text/plain; charset=utf-8" if text else None
    framing = ("content-type", "content-length", "transfer-encoding")
    headers = {k: v for k, v in headers.items() if k.lower() not in framing}
    if given:
        headers["Content-Type"] = given
    headers["Transfer-Encoding"] = "chunked"
    return APIResponse(
        status=answer.get("status", 200),
        headers=headers,
        stream=streams.pieces(label, key, items),
        fault=fault if (fault := answer.get("fault")) in faults.CUT_SHORT else None,
    )


def _header_text(label: str, what: str, value: Any) -> Any:
    """A header as text: a number from a setting is written out; anything
    else that is not text is the stub's error, not the client's crash."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise StubError(
        f"{label}: {what} is {shown(value)} once its placeholders are filled in; "
        "a header is text."
    )


def _with_fault(response: APIResponse, fault: str | None) -> APIResponse:
    """``malformed_json`` is a complete response whose JSON is cut short; the
    transports cut a ``truncated_body`` (a clean close) or ``connection_reset``
    (a reset) response half-way through, after promising the whole body."""
    if fault == faults.MALFORMED_JSON:
        text = response.body or b'{"id": "obj_1", "object": "thing"}'
        response.body = text[: max(1, len(text) // 2)]
        response.headers = {**response.headers, "Content-Type": "application/json"}
    elif fault in (faults.TRUNCATED_BODY, faults.CONNECTION_RESET):
        response.fault = fault
    return response


def _from_callback(label: str, result: Any, request: APIRequest) -> APIResponse:
    if isinstance(result, APIResponse):
        return result
    if isinstance(result, tuple) and len(result) == 3:
        status, headers, body = result
        if isinstance(body, str):
            body = body.encode()
        return APIResponse(status=status, headers=dict(headers or {}), body=body or b"")
    if isinstance(result, Mapping):
        return build(label, result, request)
    raise StubError(
        f"{label}: the callback returned {result!r}; return an APIResponse, a "
        "(status, headers, body) tuple or a dict like a stub's response keys."
    )


def request_value(label: str, request: APIRequest, ref: RequestRef) -> Any:
    """The part of ``request`` that ``{request.…}`` names; StubError if absent."""
    root, path = ref.root, ref.path
    if root in ("method", "url", "body") and not path:
        return {"method": request.method, "url": request.url, "body": request.text}[
            root
        ]
    if root == "path":
        if not path:
            return request.parsed_url.path
        value = request.path_params.get(path[0], _MISSING)
    elif root == "query":
        value = _first(request.params, path)
    elif root == "form":
        value = _first(request.form, path)
    elif root == "headers":
        value = (
            request.headers.get(".".join(path), _MISSING)
            if path
            else dict(request.headers)
        )
    else:  # json
        try:
            value = _dig(request.json(), path)
        except ValueError:
            value = _MISSING
    if value is _MISSING:
        raise StubError(f"{label}: {{{ref}}} is not in the request {request}.")
    return value


def _first(values: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    if not path:
        return dict(values)
    return values.get(path[0], _MISSING)


def _dig(value: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        elif isinstance(value, dict) and key in value:
            value = value[key]
        else:
            return _MISSING
    return value

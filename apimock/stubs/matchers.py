"""The ``match`` rules of a stub: each explains how a request differs from it.

Every rule returns a list of :class:`~apimock.stubs.urls.Difference`; a request
matches when no rule finds one. The same answers rank near misses.
"""

from __future__ import annotations

import email.parser
import email.policy
import json as jsonlib
import re
from collections.abc import Callable, Mapping
from typing import Any

from apimock.exceptions import StubError
from apimock.request import APIRequest, MultiDict
from apimock.stubs.urls import Difference

Rule = Callable[[Any, APIRequest, Mapping[str, Any]], list[Difference]]


_WIDTH = 60


def _full(value: Any) -> str:
    return repr(value) if isinstance(value, str) else jsonlib.dumps(value, default=str)


def _show(value: Any) -> str:
    text = _full(value)
    return text if len(text) <= _WIDTH else text[: _WIDTH - 3] + "..."


def show_pair(got: Any, wanted: Any) -> tuple[str, str]:
    """Two different values shown so that they look different.

    Long values are cut around their first difference, not at the same
    place; values whose text is the same show their types.
    """
    got_text, wanted_text = _full(got), _full(wanted)
    if got_text == wanted_text:
        return (
            f"{got_text} ({type(got).__name__})",
            f"{wanted_text} ({type(wanted).__name__})",
        )
    if max(len(got_text), len(wanted_text)) <= _WIDTH:
        return got_text, wanted_text
    first = next(
        (
            i
            for i, (a, b) in enumerate(zip(got_text, wanted_text, strict=False))
            if a != b
        ),
        min(len(got_text), len(wanted_text)),
    )
    start = max(0, first - 20)

    def window(text: str) -> str:
        piece = text[start : start + _WIDTH - 6]
        return (
            ("..." if start else "")
            + piece
            + ("..." if start + len(piece) < len(text) else "")
        )

    return window(got_text), window(wanted_text)


# -- query, form, headers ------------------------------------------------


def _value_mismatch(wanted: Any, got: Any, where: str) -> str | None:
    """A query/form value: a string exactly, a dict or list as JSON (partial)."""
    if isinstance(wanted, (dict, list)) and isinstance(got, str):
        try:
            decoded = jsonlib.loads(got)
        except ValueError:
            return f"{where} is not JSON: {_show(got)}"
        paths = json_mismatches(wanted, decoded, "$", partial=True, any_order=False)
        return f"{where} differs: {paths[0]}" if paths else None
    wanted_text = [str(v) for v in wanted] if isinstance(wanted, list) else str(wanted)
    if wanted_text != got:
        shown_got, shown_wanted = show_pair(got, wanted_text)
        return f"{where} differs: {shown_got} vs {shown_wanted}"
    return None


def _fields(kind: str, wanted: Mapping[str, Any], got: MultiDict) -> list[Difference]:
    found = []
    for name, value in wanted.items():
        if name not in got:
            found.append(Difference(kind, f"{kind} lacks {name}={_show(value)}", 1))
        elif mismatch := _value_mismatch(value, got[name], f"{kind} {name}"):
            found.append(Difference(kind, mismatch, 0.8))
    return found


def query(
    wanted: Mapping[str, Any], request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    return _fields("query", wanted, request.params)


def query_exact(
    wanted: Mapping[str, Any], request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    found = _fields("query", wanted, request.params)
    extra = sorted(set(request.params) - set(wanted))
    if extra:
        found.append(
            Difference("query", f"query has unexpected {', '.join(extra)}", 0.8)
        )
    return found


def form(
    wanted: Mapping[str, Any], request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    return _fields("form", wanted, request.form)


def _headers(
    wanted: Mapping[str, str],
    request: APIRequest,
    mismatch: Callable[[str, str, str], str | None],
) -> list[Difference]:
    found = []
    for name, value in wanted.items():
        got = request.headers.get(name)
        if got is None:
            found.append(Difference("headers", f"header {name} is missing", 1))
        elif reason := mismatch(name, got, value):
            found.append(Difference("headers", reason, 0.8))
    return found


def headers(
    wanted: Mapping[str, str], request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    return _headers(
        wanted,
        request,
        lambda name, got, value: (
            None
            if got == value
            else "header {} differs: {} vs {}".format(name, *show_pair(got, value))
        ),
    )


def headers_regex(
    wanted: Mapping[str, str], request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    return _headers(
        wanted,
        request,
        lambda name, got, pattern: (
            None
            if re.fullmatch(pattern, got)
            else f"header {name} {got!r} does not match regex {pattern}"
        ),
    )


# -- bodies ----------------------------------------------------------------


def _request_json(request: APIRequest) -> tuple[Any, Difference | None]:
    try:
        return request.json(), None
    except ValueError:
        shown = request.text[:60] or "empty"
        return None, Difference("json", f"body is not JSON ({shown})", 2)


def _json(partial: bool) -> Rule:
    def rule(
        wanted: Any, request: APIRequest, ctx: Mapping[str, Any]
    ) -> list[Difference]:
        got, problem = _request_json(request)
        if problem:
            return [problem]
        any_order = bool(ctx.get("json_any_order"))
        return [
            Difference("json", f"json differs: {mismatch}", 1)
            for mismatch in json_mismatches(
                wanted, got, "$", partial=partial, any_order=any_order
            )
        ]

    return rule


def json_mismatches(
    wanted: Any, got: Any, path: str, *, partial: bool, any_order: bool
) -> list[str]:
    """Where ``got`` differs from ``wanted``. Partial: ``wanted``'s keys must
    be there, others may be too. Lists compare in order unless ``any_order``."""
    if isinstance(wanted, dict):
        if not isinstance(got, dict):
            return [f"{path} is {_show(got)}, expected an object"]
        found = []
        for key, value in wanted.items():
            if key not in got:
                found.append(f"{path}.{key} is missing")
            else:
                found += json_mismatches(
                    value,
                    got[key],
                    f"{path}.{key}",
                    partial=partial,
                    any_order=any_order,
                )
        if not partial:
            found += [
                f"{path}.{key} is not expected" for key in got if key not in wanted
            ]
        return found
    if isinstance(wanted, list):
        if not isinstance(got, list) or len(got) != len(wanted):
            return ["{} is {}, expected {}".format(path, *show_pair(got, wanted))]
        if any_order:
            return _unordered(wanted, got, path, partial=partial)
        return [
            mismatch
            for index, (want, have) in enumerate(zip(wanted, got, strict=True))
            for mismatch in json_mismatches(
                want, have, f"{path}[{index}]", partial=partial, any_order=any_order
            )
        ]
    # bool is an int in Python; JSON true is not 1.
    if wanted != got or isinstance(wanted, bool) != isinstance(got, bool):
        shown_got, shown_wanted = show_pair(got, wanted)
        return [f"{path} is {shown_got}, expected {shown_wanted}"]
    return []


def _unordered(
    wanted: list[Any], got: list[Any], path: str, *, partial: bool
) -> list[str]:
    remaining = list(got)
    for want in wanted:
        match = next(
            (
                index
                for index, have in enumerate(remaining)
                if not json_mismatches(
                    want, have, path, partial=partial, any_order=True
                )
            ),
            None,
        )
        if match is None:
            return [f"{path} has no element matching {_show(want)} (in any order)"]
        remaining.pop(match)
    return []


def body(wanted: str, request: APIRequest, ctx: Mapping[str, Any]) -> list[Difference]:
    if request.text == wanted:
        return []
    return [
        Difference(
            "body", "body differs: {} vs {}".format(*show_pair(request.text, wanted)), 1
        )
    ]


def body_contains(
    wanted: str | list[str], request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    pieces = [wanted] if isinstance(wanted, str) else wanted
    return [
        Difference("body", f"body does not contain {_show(piece)}", 1)
        for piece in pieces
        if piece not in request.text
    ]


def multipart_fields(request: APIRequest) -> dict[str, dict[str, Any]] | None:
    """The parts of a multipart/form-data body by field name, or None."""
    content_type = request.headers.get("Content-Type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        return None
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + request.body
    )
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                payload = b""
            fields[str(name)] = {
                "content": payload.decode("utf-8", errors="replace"),
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
            }
    return fields


def multipart(
    wanted: Mapping[str, Any], request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    fields = multipart_fields(request)
    if fields is None:
        return [Difference("multipart", "body is not multipart/form-data", 2)]
    found = []
    for name, expected in wanted.items():
        if name not in fields:
            found.append(Difference("multipart", f"multipart lacks field {name}", 1))
            continue
        expected = {"content": expected} if isinstance(expected, str) else expected
        for key, value in expected.items():
            if fields[name].get(key) != value:
                found.append(
                    Difference(
                        "multipart",
                        f"multipart {name} {key} differs: {{}} vs {{}}".format(
                            *show_pair(fields[name].get(key), value)
                        ),
                        0.8,
                    )
                )
    return found


def custom(
    wanted: Any, request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    found = []
    for matcher in wanted if isinstance(wanted, list) else [wanted]:
        name = getattr(matcher, "__qualname__", repr(matcher))
        try:
            result = matcher(request)
        except Exception as error:
            raise StubError(
                f"custom matcher {name} raised {error!r} for {request}."
            ) from error
        matched, reason = _verdict(name, result)
        if not matched:
            found.append(Difference("custom", f"{name}: {reason}", 1))
    return found


def _verdict(name: str, result: Any) -> tuple[bool, str]:
    """A custom matcher's ``(matched, reason)``; a bare bool is taken too."""
    if isinstance(result, bool):
        return result, "did not match"
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], bool):
        matched, reason = result
        return matched, str(reason) if reason else "did not match"
    raise StubError(
        f"custom matcher {name} returned {result!r}; return (matched, reason) "
        "with matched a bool, or a bare bool."
    )


RULES: dict[str, Rule] = {
    "query": query,
    "query_exact": query_exact,
    "headers": headers,
    "headers_regex": headers_regex,
    "json": _json(partial=True),
    "json_exact": _json(partial=False),
    "form": form,
    "multipart": multipart,
    "body": body,
    "body_contains": body_contains,
    "custom": custom,
}
#: Keys of ``match`` that change how rules compare rather than being rules.
MODIFIERS = ("json_any_order",)
MATCH_KEYS = (*RULES, *MODIFIERS)


def differences(match: Mapping[str, Any], request: APIRequest) -> list[Difference]:
    found: list[Difference] = []
    for key, rule in match.items():
        if key in RULES:
            found += RULES[key](rule, request, match)
    return found


def specificity(match: Mapping[str, Any]) -> int:
    """How many conditions: with more of them a stub wins over another."""
    return sum(
        len(rule) if isinstance(rule, (Mapping, list)) else 1
        for key, rule in match.items()
        if key in RULES
    )

"""The ``match`` rules of a stub: each explains how a request differs from it.

Every rule returns a list of :class:`~apimock.stubs.urls.Difference`; a request
matches when no rule finds one. The same answers rank near misses.
"""

from __future__ import annotations

import json as jsonlib
import re
from collections.abc import Callable, Mapping
from typing import Any

from apimock.exceptions import StubError
from apimock.multipart import Part, is_multipart
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


def _value_mismatch(wanted: Any, got: MultiDict, name: str, where: str) -> str | None:
    """How field ``name`` differs from ``wanted``: a list is its values in
    order (one value sent is a one-item list), anything else its one value;
    a dict (or a list its one value decodes to) means the value is JSON,
    compared partially."""
    values = got.getlist(name)
    if isinstance(wanted, list):
        if values == [_as_text(item) for item in wanted]:
            return None
        if len(values) == 1 and (decoded := _json_or_none(values[0])) is not None:
            paths = json_mismatches(wanted, decoded, "$", partial=True, any_order=False)
            if not paths:
                return None
        shown_got, shown_wanted = show_pair(values, [_as_text(v) for v in wanted])
        return f"{where} differs: {shown_got} vs {shown_wanted}"
    if len(values) != 1:
        return f"{where} was sent {len(values)} times: {_show(values)}"
    if isinstance(wanted, dict):
        decoded = _json_or_none(values[0])
        if decoded is None:
            return f"{where} is not JSON: {_show(values[0])}"
        paths = json_mismatches(wanted, decoded, "$", partial=True, any_order=False)
        return f"{where} differs: {paths[0]}" if paths else None
    if _as_text(wanted) == values[0]:
        return None
    shown_got, shown_wanted = show_pair(values[0], _as_text(wanted))
    return f"{where} differs: {shown_got} vs {shown_wanted}"


def _as_text(value: Any) -> Any:
    """A value as a form or query carries it; a matcher object (mock.ANY)
    stays itself, to compare with ==."""
    return str(value) if isinstance(value, (str, int, float)) else value


def _json_or_none(text: str) -> Any:
    try:
        return jsonlib.loads(text)
    except ValueError:
        return None


def field_differences(
    kind: str, wanted: Mapping[str, Any], got: MultiDict
) -> list[Difference]:
    """How query parameters or form fields differ from ``wanted``; fields
    ``wanted`` does not name may be there too."""
    found = []
    for name, value in wanted.items():
        if name not in got:
            found.append(Difference(kind, f"{kind} lacks {name}={_show(value)}", 1))
        elif mismatch := _value_mismatch(value, got, name, f"{kind} {name}"):
            found.append(Difference(kind, mismatch, 0.8))
    return found


def query(
    wanted: Mapping[str, Any], request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    return field_differences("query", wanted, request.params)


def query_exact(
    wanted: Mapping[str, Any], request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    found = field_differences("query", wanted, request.params)
    extra = sorted(set(request.params) - set(wanted))
    if extra:
        found.append(
            Difference("query", f"query has unexpected {', '.join(extra)}", 0.8)
        )
    return found


def form(
    wanted: Mapping[str, Any], request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    return field_differences("form", wanted, request.form)


def _headers(
    wanted: Mapping[str, str],
    request: APIRequest,
    mismatch: Callable[[str, str, str], str | None],
    expected: Callable[[str], str],
) -> list[Difference]:
    found = []
    for name, value in wanted.items():
        got = request.headers.get(name)
        if got is None:
            # The value to send, so the fix can be pasted from the report.
            missing = f"header {name} is missing (expected {expected(value)})"
            found.append(Difference("headers", missing, 1))
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
        _show,
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
        lambda pattern: f"one matching regex {pattern}",
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


#: What a ``match.multipart`` part may say, besides being its content.
PART_KEYS = ("content", "filename", "content_type", "headers")


def multipart(
    wanted: Mapping[str, Any], request: APIRequest, ctx: Mapping[str, Any]
) -> list[Difference]:
    if not is_multipart(request.headers.get("Content-Type", "")):
        return [Difference("multipart", "body is not multipart/form-data", 2)]
    found = []
    for name, expected in wanted.items():
        parts = [part for part in request.files if part.name == name]
        if not parts:
            found.append(Difference("multipart", f"multipart lacks part {name}", 1))
        elif isinstance(expected, list):
            found += _part_list(name, expected, parts)
        else:
            # One description: one of the parts so named fits it.
            reasons = [part_mismatches(expected, part) for part in parts]
            if all(reasons):
                found += [
                    Difference("multipart", f"multipart {name} {reason}", 0.8)
                    for reason in reasons[0]
                ]
    return found


def _part_list(name: str, expected: list[Any], parts: list[Part]) -> list[Difference]:
    """Parts told apart by their order: the nth description, the nth part."""
    if len(parts) != len(expected):
        return [
            Difference(
                "multipart",
                f"multipart has {len(parts)} part(s) named {name}, expected "
                f"{len(expected)}",
                0.9,
            )
        ]
    return [
        Difference("multipart", f"multipart {name}[{index}] {reason}", 0.8)
        for index, (want, part) in enumerate(zip(expected, parts, strict=True))
        for reason in part_mismatches(want, part)
    ]


def part_mismatches(expected: Any, part: Part) -> list[str]:
    """How ``part`` differs from a description: its content (text is
    compared as the part's charset decodes it, bytes byte for byte), or a
    dict of ``content``, ``filename``, ``content_type``, ``headers``."""
    described = expected if isinstance(expected, Mapping) else {"content": expected}
    found = []
    for key, value in described.items():
        if key == "content":
            got: Any = part.content if isinstance(value, bytes) else part.text
        elif key == "content_type" and isinstance(value, str) and ";" in value:
            got = part.headers.get("Content-Type", "")
        elif key == "headers":
            got = {header: part.headers.get(header) for header in value}
        else:
            got = getattr(part, key)
        if got != value:
            found.append("{} differs: {} vs {}".format(key, *show_pair(got, value)))
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

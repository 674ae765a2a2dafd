"""``{settings.NAME}`` and ``{request...}`` placeholders: known names, defined
settings, path parameters the URL captures."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from apimock.stubs import templates
from apimock.stubs.validation.keys import TEMPLATED_KEYS, URL_KEYS
from apimock.stubs.validation.problems import (
    Lookup,
    Problem,
    closest,
    did_you_mean,
)


def _placeholder_fields(
    raw: Mapping[str, Any],
) -> list[tuple[str, Any, dict[str, bool]]]:
    fields: list[tuple[str, Any, dict[str, bool]]] = []
    for key in URL_KEYS:
        if key in raw:
            fields.append((key, raw[key], {"params": key == "url"}))
    if "match" in raw:
        fields.append(("match", raw["match"], {}))
    listed = raw.get("responses")
    answers: list[Any] = listed if isinstance(listed, list) else [raw]
    for index, answer in enumerate(answers):
        if not isinstance(answer, Mapping):
            continue
        prefix = f"responses[{index}]." if answer is not raw else ""
        for key in TEMPLATED_KEYS:
            if key in answer:
                fields.append((prefix + key, answer[key], {"request": True}))
    return fields


def check_placeholders(
    raw: Mapping[str, Any], where: str, lookup: Lookup | None
) -> list[Problem]:
    problems: list[Problem] = []
    for key, value, allowed in _placeholder_fields(raw):
        if isinstance(value, (bytes, BaseException, type)) or callable(value):
            continue
        try:
            found = templates.placeholders(value, **allowed)
        except templates.TemplateError as error:
            problems.append(Problem("apimock.E011", f"{where}: key {key!r}: {error}."))
            continue
        if not found:  # most values: no placeholder at all
            continue
        names = {part.name for part in found if isinstance(part, templates.Setting)}
        problems += [
            Problem(
                "apimock.E011",
                f"{where}: key {key!r} uses {{settings.{name}}} but there is no "
                f"setting {name}.",
                _setting_hint(lookup, name),
            )
            for name in sorted(names)
            if lookup is not None and not _exists(lookup, name)
        ]
        problems += _unknown_path_params(raw, where, key, found)
    return problems


def _unknown_path_params(
    raw: Mapping[str, Any],
    where: str,
    key: str,
    found: list[templates.Setting | templates.RequestRef | templates.Param],
) -> list[Problem]:
    """``{request.path.NAME}`` where the stub's URL captures no NAME: it could
    only fail when the stub answers, so it is reported now."""
    wanted = sorted(
        {
            part.path[0]
            for part in found
            if isinstance(part, templates.RequestRef)
            and part.root == "path"
            and part.path
        }
    )
    if not wanted:
        return []
    captured = _path_param_names(raw)
    if captured is None:  # the URL itself is reported as broken
        return []
    if captured:
        listed = ", ".join(f"{{request.path.{name}}}" for name in sorted(captured))
        fallback = f"This stub's URL captures {listed}."
    else:
        fallback = (
            "Only a 'url' with {name} path segments or a 'url_regex' with named "
            "groups (?P<name>...) captures path parameters."
        )
    return [
        Problem(
            "apimock.E011",
            f"{where}: key {key!r} uses {{request.path.{name}}} but the stub's "
            f"URL captures no parameter {name!r}.",
            did_you_mean(name, captured) or fallback,
        )
        for name in wanted
        if name not in captured
    ]


_NAMED_GROUP = re.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")


def _path_param_names(raw: Mapping[str, Any]) -> frozenset[str] | None:
    """The parameters a request's path can give this stub; None if unknown."""
    if "url" in raw:
        if not isinstance(raw["url"], str):
            return None
        try:
            parts = templates.parse(raw["url"], params=True).parts
        except templates.TemplateError:
            return None
        return frozenset(p.name for p in parts if isinstance(p, templates.Param))
    if "url_regex" in raw:
        regex = raw["url_regex"]
        if isinstance(regex, re.Pattern):
            return frozenset(regex.groupindex)
        return (
            frozenset(_NAMED_GROUP.findall(regex)) if isinstance(regex, str) else None
        )
    return frozenset()


def _setting_hint(lookup: Lookup, name: str) -> str:
    """A did-you-mean among the settings that exist, when ``lookup`` can
    list them (the checks' can), else how to fix it."""
    names = getattr(lookup, "names", None)
    guess = closest(name, names()) if callable(names) else None
    if guess:
        return f"Did you mean {{settings.{guess}}}? Or define {name} in settings.py."
    return "Define it in settings.py, or escape literal braces as {{ and }}."


def _exists(lookup: Lookup, name: str) -> bool:
    try:
        lookup(name)
    except LookupError:
        return False
    return True

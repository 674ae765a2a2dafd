"""Validate a stub dict: every problem, each with a check id, the stub and the key.

Collecting all problems (rather than stopping at the first) lets ``manage.py
check`` list them together; :func:`apimock.stubs.model.parse_stub` raises the first.
"""

from __future__ import annotations

import difflib
import json as jsonlib
import pkgutil
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from apimock.stubs import faults, matchers, templates

if TYPE_CHECKING:
    from apimock.stubs.source import StubSource

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "ANY"})
URL_KEYS = ("url", "url_regex", "url_prefix", "host")
#: What one response may say (a stub's own keys, or each item of ``responses``).
ANSWER_KEYS = (
    "status",
    "json",
    "body",
    "body_file",
    "content_type",
    "headers",
    "error",
    "fault",
    "delay",
    "real_delay",
    "callback",
)
STUB_KEYS = (
    "name",
    "method",
    *URL_KEYS,
    "match",
    "priority",
    *ANSWER_KEYS,
    "responses",
    "then",
    "times",
    "required",
    "contract",
    "scenario",
    "state",
    "next_state",
)
MATCH_KEYS = matchers.MATCH_KEYS
BODY_KEYS = ("json", "body", "body_file", "callback", "error")
THEN = ("repeat", "fail")

Lookup = Callable[[str], Any]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a stub or the setting: a check id and a message."""

    id: str
    message: str
    hint: str | None = None


def did_you_mean(word: str, choices: tuple[str, ...] | frozenset[str]) -> str | None:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def validate_stub(
    raw: Any,
    source: StubSource,
    lookup: Lookup | None = None,
    base_dir: str | None = None,
) -> list[Problem]:
    """Every problem with one stub dict; empty when it is fine.

    With ``lookup`` (a setting's value by name, LookupError if there is none)
    placeholders are checked against the settings too. ``base_dir`` is where
    ``body_file`` paths start.
    """
    where = str(source)
    if not isinstance(raw, Mapping):
        return [
            Problem(
                "apimock.E004",
                f"{where}: a stub must be a dict or a path to a stub file, "
                f"got {type(raw).__name__}.",
            )
        ]
    problems = _unknown_keys(raw, STUB_KEYS, where, "")
    problems += _validate_method_and_url(raw, where, lookup)
    problems += _validate_state(raw, where)
    problems += _validate_answers(raw, where, base_dir)
    if "match" in raw:
        problems += _validate_match(raw["match"], where)
    problems += _validate_placeholders(raw, where, lookup)
    return problems


def _unknown_keys(
    raw: Mapping[str, Any], known: tuple[str, ...], where: str, inside: str
) -> list[Problem]:
    return [
        Problem(
            "apimock.E009",
            f"{where}: unknown key {key!r}{inside}.",
            did_you_mean(str(key), known) or f"Known keys: {', '.join(known)}.",
        )
        for key in raw
        if key not in known
    ]


def _wrong_type(where: str, key: str, expected: str, value: Any) -> Problem:
    return Problem(
        "apimock.E010",
        f"{where}: key {key!r} must be {expected}, "
        f"got {type(value).__name__} {value!r}.",
    )


def _is_str_dict(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


# -- method and URL ----------------------------------------------------------


def _validate_method_and_url(
    raw: Mapping[str, Any], where: str, lookup: Lookup | None
) -> list[Problem]:
    problems = []
    if "method" not in raw:
        problems.append(
            Problem("apimock.E007", f"{where}: missing required key 'method'.")
        )
    elif not isinstance(raw["method"], str) or raw["method"].upper() not in METHODS:
        problems.append(
            Problem(
                "apimock.E008",
                f"{where}: unknown method {raw['method']!r} in key 'method'.",
                f"Use one of {', '.join(sorted(METHODS))}.",
            )
        )
    given = [key for key in URL_KEYS if key in raw]
    if not given:
        problems.append(
            Problem(
                "apimock.E007",
                f"{where}: missing required key 'url' (or one of 'url_regex', "
                "'url_prefix', 'host').",
            )
        )
    elif len(given) > 1:
        problems.append(
            Problem(
                "apimock.E010", f"{where}: give one of {', '.join(map(repr, given))}."
            )
        )
    for key in given:
        problems += _validate_url(key, raw[key], where, lookup)
    return problems


def _validate_url(
    key: str, value: Any, where: str, lookup: Lookup | None
) -> list[Problem]:
    if not isinstance(value, str):
        return [_wrong_type(where, key, "a string", value)]
    try:
        template = templates.parse(value, params=key == "url")
        if lookup is not None:
            text = "".join(
                str(lookup(part.name))
                if isinstance(part, templates.Setting)
                else part
                if isinstance(part, str)
                else "x"
                for part in template.parts
            )
        elif template.of(templates.Setting):
            return []  # checked when it is resolved
        else:
            text = "".join(
                part if isinstance(part, str) else "x" for part in template.parts
            )
    except (templates.TemplateError, LookupError):
        return []  # reported as a placeholder problem
    if key == "url_regex":
        try:
            re.compile(text)
        except re.error as error:
            return [
                Problem(
                    "apimock.E015",
                    f"{where}: key 'url_regex' is not a valid regex: {error}.",
                )
            ]
        return []
    if key in ("url", "url_prefix") and "://" not in text:
        return [
            Problem(
                "apimock.E010",
                f"{where}: key {key!r} must be an absolute URL string, got {value!r}.",
                'Write the scheme and host, e.g. "https://api.example.com/v1/items" '
                'or "{settings.API_URL}".',
            )
        ]
    return []


# -- state: times, sequences, scenarios ---------------------------------------


def _validate_state(raw: Mapping[str, Any], where: str) -> list[Problem]:
    problems = []
    for key, least in (("times", 1), ("priority", 0)):
        value = raw.get(key)
        if key in raw and (
            isinstance(value, bool) or not isinstance(value, int) or value < least
        ):
            expected = f"a whole number, {least} or more"
            problems.append(_wrong_type(where, key, expected, value))
    for key in ("required", "contract"):
        if key in raw and not isinstance(raw[key], bool):
            problems.append(_wrong_type(where, key, "True or False", raw[key]))
    if "then" in raw and raw["then"] not in THEN:
        problems.append(
            Problem(
                "apimock.E010",
                f"{where}: key 'then' must be 'repeat' or 'fail', got {raw['then']!r}.",
                did_you_mean(str(raw["then"]), THEN),
            )
        )
    for key in ("name", "scenario", "state", "next_state"):
        if key in raw and not isinstance(raw[key], str):
            problems.append(_wrong_type(where, key, "a string", raw[key]))
    for key in ("state", "next_state"):
        if key in raw and "scenario" not in raw:
            problems.append(
                Problem(
                    "apimock.E017",
                    f"{where}: key {key!r} needs a 'scenario' to belong to.",
                )
            )
    return problems


def scenario_problems(stubs: list[tuple[Mapping[str, Any], str]]) -> list[Problem]:
    """States that no stub ever moves a scenario into (checked across stubs)."""
    reachable: dict[str, set[str]] = {}
    for raw, _ in stubs:
        if isinstance(raw.get("scenario"), str):
            states = reachable.setdefault(raw["scenario"], {"Started"})
            if isinstance(raw.get("next_state"), str):
                states.add(raw["next_state"])
    return [
        Problem(
            "apimock.E017",
            f"{where}: scenario {raw['scenario']!r} never reaches state "
            f"{raw['state']!r}: no stub has it as 'next_state'.",
            did_you_mean(raw["state"], tuple(reachable[raw["scenario"]]))
            or "Scenarios start in state 'Started'.",
        )
        for raw, where in stubs
        if isinstance(raw.get("scenario"), str)
        and isinstance(raw.get("state"), str)
        and raw["state"] not in reachable[raw["scenario"]]
    ]


# -- responses ---------------------------------------------------------------


def _validate_answers(
    raw: Mapping[str, Any], where: str, base_dir: str | None
) -> list[Problem]:
    single = [key for key in ANSWER_KEYS if key in raw]
    if "responses" not in raw:
        return _validate_answer(raw, where, "", base_dir)
    answers = raw["responses"]
    if single:
        return [
            Problem(
                "apimock.E010",
                f"{where}: give the response either in 'responses' or as "
                f"{', '.join(map(repr, single))}, not both.",
            )
        ]
    if not isinstance(answers, list) or not answers:
        return [
            _wrong_type(where, "responses", "a non-empty list of responses", answers)
        ]
    problems = []
    for index, answer in enumerate(answers):
        inside = f" in responses[{index}]"
        if not isinstance(answer, Mapping):
            problems.append(_wrong_type(where, f"responses[{index}]", "a dict", answer))
            continue
        problems += _unknown_keys(answer, ANSWER_KEYS, where, inside)
        problems += _validate_answer(answer, where, f"responses[{index}].", base_dir)
    return problems


def _validate_answer(
    answer: Mapping[str, Any], where: str, prefix: str, base_dir: str | None
) -> list[Problem]:
    problems: list[Problem] = []
    status = answer.get("status", 200)
    if (
        isinstance(status, bool)
        or not isinstance(status, int)
        or not 100 <= status <= 599
    ):
        problems.append(
            _wrong_type(where, f"{prefix}status", "an HTTP status (100-599)", status)
        )
    if "headers" in answer and not _is_str_dict(answer["headers"]):
        problems.append(
            _wrong_type(
                where, f"{prefix}headers", "a dict of strings", answer["headers"]
            )
        )
    if "content_type" in answer and not isinstance(answer["content_type"], str):
        problems.append(
            _wrong_type(
                where, f"{prefix}content_type", "a string", answer["content_type"]
            )
        )
    given = [key for key in BODY_KEYS if key in answer]
    if len(given) > 1:
        problems.append(
            Problem(
                "apimock.E010",
                f"{where}: give one of {', '.join(map(repr, BODY_KEYS))}, not "
                f"{' and '.join(repr(prefix + key) for key in given)}.",
            )
        )
    for key, kinds in (("error", faults.KINDS), ("fault", faults.RESPONSE_FAULTS)):
        if key in answer and answer[key] not in kinds:
            problems.append(
                Problem(
                    "apimock.E010",
                    f"{where}: key {prefix + key!r} must be one of {', '.join(kinds)}, "
                    f"got {answer[key]!r}.",
                    did_you_mean(str(answer[key]), kinds),
                )
            )
    delay = answer.get("delay", 0)
    if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0:
        problems.append(
            _wrong_type(
                where, f"{prefix}delay", "a number of seconds, 0 or more", delay
            )
        )
    if "real_delay" in answer and not isinstance(answer["real_delay"], bool):
        problems.append(
            _wrong_type(
                where, f"{prefix}real_delay", "True or False", answer["real_delay"]
            )
        )
    if "json" in answer:
        try:
            jsonlib.dumps(answer["json"])
        except (TypeError, ValueError):
            problems.append(
                _wrong_type(where, f"{prefix}json", "JSON-serialisable", answer["json"])
            )
    body = answer.get("body")
    if body is not None and not _is_body(body):
        problems.append(
            _wrong_type(where, f"{prefix}body", "a string, bytes or an exception", body)
        )
    if "body_file" in answer:
        problems += _validate_body_file(answer["body_file"], where, prefix, base_dir)
    if "callback" in answer:
        problems += _validate_callables(answer["callback"], where, prefix + "callback")
    return problems


def _is_body(body: Any) -> bool:
    if isinstance(body, type):
        return issubclass(body, BaseException)
    return isinstance(body, (str, bytes, BaseException))


def _validate_body_file(
    value: Any, where: str, prefix: str, base_dir: str | None
) -> list[Problem]:
    if not isinstance(value, str):
        return [_wrong_type(where, f"{prefix}body_file", "a path", value)]
    path = Path(value)
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    if not path.is_file():
        return [
            Problem(
                "apimock.E016",
                f"{where}: key {prefix + 'body_file'!r}: {value!r} does not exist "
                f"(looked for {path}).",
                "A body_file path starts at the stub file's folder "
                "(settings.BASE_DIR for stubs written in settings).",
            )
        ]
    return []


def _validate_callables(value: Any, where: str, key: str) -> list[Problem]:
    problems = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            try:
                item = pkgutil.resolve_name(item)
            except (ImportError, AttributeError, ValueError) as error:
                problems.append(
                    Problem(
                        "apimock.E018",
                        f"{where}: key {key!r}: {item!r} cannot be imported ({error}).",
                    )
                )
                continue
        if not callable(item):
            problems.append(
                Problem(
                    "apimock.E018", f"{where}: key {key!r}: {item!r} is not callable."
                )
            )
    return problems


# -- match ---------------------------------------------------------------------


def _validate_match(match: Any, where: str) -> list[Problem]:
    if not isinstance(match, Mapping):
        return [_wrong_type(where, "match", "a dict", match)]
    problems = _unknown_keys(match, MATCH_KEYS, where, " in 'match'")
    for key in ("form", "query", "query_exact", "multipart"):
        if key in match and not (
            isinstance(match[key], Mapping)
            and all(isinstance(k, str) for k in match[key])
        ):
            problems.append(_wrong_type(where, f"match.{key}", "a dict", match[key]))
    for key in ("headers", "headers_regex"):
        if key in match and not _is_str_dict(match[key]):
            problems.append(
                _wrong_type(where, f"match.{key}", "a dict of strings", match[key])
            )
    for name, pattern in dict(match.get("headers_regex") or {}).items():
        try:
            re.compile(str(pattern))
        except re.error as error:
            problems.append(
                Problem(
                    "apimock.E015",
                    f"{where}: key 'match.headers_regex.{name}' is not a valid "
                    f"regex: {error}.",
                )
            )
    if "body" in match and not isinstance(match["body"], str):
        problems.append(_wrong_type(where, "match.body", "a string", match["body"]))
    contains = match.get("body_contains", "")
    if not (
        isinstance(contains, str)
        or (isinstance(contains, list) and all(isinstance(c, str) for c in contains))
    ):
        problems.append(
            _wrong_type(
                where, "match.body_contains", "a string or list of strings", contains
            )
        )
    if "json_any_order" in match and not isinstance(match["json_any_order"], bool):
        problems.append(
            _wrong_type(
                where, "match.json_any_order", "True or False", match["json_any_order"]
            )
        )
    if "custom" in match:
        problems += _validate_callables(match["custom"], where, "match.custom")
    return problems


# -- placeholders ----------------------------------------------------------


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
        for key in ("json", "body", "headers", "content_type"):
            if key in answer:
                fields.append((prefix + key, answer[key], {"request": True}))
    return fields


def _validate_placeholders(
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
        names = {part.name for part in found if isinstance(part, templates.Setting)}
        problems += [
            Problem(
                "apimock.E011",
                f"{where}: key {key!r} uses {{settings.{name}}} but there is no "
                f"setting {name}.",
                "Define it in settings.py, or escape literal braces as {{ and }}.",
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
        return (
            frozenset(_NAMED_GROUP.findall(regex)) if isinstance(regex, str) else None
        )
    return frozenset()


def _exists(lookup: Lookup, name: str) -> bool:
    try:
        lookup(name)
    except LookupError:
        return False
    return True

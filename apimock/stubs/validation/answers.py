"""What a stub answers: status, headers, one body, faults, files and callbacks."""

from __future__ import annotations

import json as jsonlib
import pkgutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from apimock.stubs import faults
from apimock.stubs.validation.keys import ANSWER_KEYS, BODY_KEYS, STREAM_KEYS
from apimock.stubs.validation.problems import (
    Problem,
    did_you_mean,
    is_str_dict,
    shown,
    unknown_keys,
    wrong_type,
)
from apimock.stubs.validation.streams import check_stream


def check_answers(
    raw: Mapping[str, Any], where: str, base_dir: str | None
) -> list[Problem]:
    single = [key for key in ANSWER_KEYS if key in raw]
    if "responses" not in raw:
        return _check_answer(raw, where, "", base_dir)
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
            wrong_type(where, "responses", "a non-empty list of responses", answers)
        ]
    problems = []
    for index, answer in enumerate(answers):
        inside = f" in responses[{index}]"
        if not isinstance(answer, Mapping):
            problems.append(wrong_type(where, f"responses[{index}]", "a dict", answer))
            continue
        problems += unknown_keys(answer, ANSWER_KEYS, where, inside)
        problems += _check_answer(answer, where, f"responses[{index}].", base_dir)
    return problems


def _check_answer(
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
            wrong_type(where, f"{prefix}status", "an HTTP status (100-599)", status)
        )
    if "headers" in answer and not is_str_dict(answer["headers"]):
        problems.append(
            wrong_type(
                where, f"{prefix}headers", "a dict of strings", answer["headers"]
            )
        )
    if "content_type" in answer and not isinstance(answer["content_type"], str):
        problems.append(
            wrong_type(
                where, f"{prefix}content_type", "a string", answer["content_type"]
            )
        )
    given = [key for key in BODY_KEYS if key in answer]
    problems += check_stream(answer, where, prefix)
    if len(given) > 1 and not set(given) & set(STREAM_KEYS):
        problems.append(
            Problem(
                "apimock.E010",
                f"{where}: give one of {', '.join(map(repr, BODY_KEYS))}, not "
                f"{' and '.join(repr(prefix + key) for key in given)}.",
            )
        )
    for key, kinds in (("error", faults.KINDS), ("fault", faults.RESPONSE_FAULTS)):
        if key == "error" and _is_exception(answer.get(key)):
            continue  # raised as it is, as an exception given as body is
        if key in answer and answer[key] not in kinds:
            problems.append(
                Problem(
                    "apimock.E010",
                    f"{where}: key {prefix + key!r} must be one of {', '.join(kinds)}"
                    f"{_OR_EXCEPTION if key == 'error' else ''}, got "
                    f"{shown(answer[key])}.",
                    did_you_mean(shown(answer[key]).strip("'"), kinds),
                )
            )
    delay = answer.get("delay", 0)
    if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0:
        problems.append(
            wrong_type(where, f"{prefix}delay", "a number of seconds, 0 or more", delay)
        )
    if "real_delay" in answer and not isinstance(answer["real_delay"], bool):
        problems.append(
            wrong_type(
                where, f"{prefix}real_delay", "True or False", answer["real_delay"]
            )
        )
    if "json" in answer:
        try:
            jsonlib.dumps(answer["json"])
        except (TypeError, ValueError):
            problems.append(
                wrong_type(where, f"{prefix}json", "JSON-serialisable", answer["json"])
            )
    body = answer.get("body")
    if body is not None and not _is_body(body):
        problems.append(
            wrong_type(where, f"{prefix}body", "a string, bytes or an exception", body)
        )
    if "body_file" in answer:
        problems += _check_body_file(answer["body_file"], where, prefix, base_dir)
    if "callback" in answer:
        problems += check_callables(answer["callback"], where, prefix + "callback")
    return problems


_OR_EXCEPTION = " or an exception instance or class (as body= takes)"


def _is_body(body: Any) -> bool:
    return isinstance(body, (str, bytes)) or _is_exception(body)


def _is_exception(value: Any) -> bool:
    if isinstance(value, type):
        return issubclass(value, BaseException)
    return isinstance(value, BaseException)


def _check_body_file(
    value: Any, where: str, prefix: str, base_dir: str | None
) -> list[Problem]:
    if not isinstance(value, str):
        return [wrong_type(where, f"{prefix}body_file", "a path", value)]
    path = Path(value)
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    if not path.is_file():
        return [
            Problem(
                "apimock.E016",
                f"{where}: key {prefix + 'body_file'!r}: {shown(value)} does not exist "
                f"(looked for {path}).",
                "A body_file path starts at the stub file's folder "
                "(settings.BASE_DIR for stubs written in settings).",
            )
        ]
    return []


def check_callables(value: Any, where: str, key: str) -> list[Problem]:
    problems = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            try:
                item = pkgutil.resolve_name(item)
            except (ImportError, AttributeError, ValueError) as error:
                problems.append(
                    Problem(
                        "apimock.E018",
                        f"{where}: key {key!r}: {shown(item)} cannot be imported "
                        f"({error}).",
                    )
                )
                continue
        if not callable(item):
            problems.append(
                Problem(
                    "apimock.E018",
                    f"{where}: key {key!r}: {shown(item)} is not callable.",
                )
            )
    return problems

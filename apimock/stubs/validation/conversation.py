"""A WebSocket stub: a ws:// or wss:// URL and a conversation whose every
step has known keys and values (apimock.E026)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apimock.stubs import conversation
from apimock.stubs.validation.problems import Problem, did_you_mean

_ID = "apimock.E026"


def check_conversation(raw: Mapping[str, Any], where: str) -> list[Problem]:
    method = raw.get("method")
    is_websocket = isinstance(method, str) and method.upper() == conversation.METHOD
    problems = []
    url = raw.get("url")
    if is_websocket and isinstance(url, str) and "{" not in url:
        scheme = url.partition("://")[0].lower()
        if scheme not in conversation.SCHEMES:
            problems.append(
                Problem(
                    _ID,
                    f"{where}: key 'url' of a WebSocket stub must start with ws:// "
                    f"or wss://, got {url!r}.",
                )
            )
    if "conversation" not in raw:
        return problems
    if not is_websocket:
        return [
            *problems,
            Problem(
                _ID,
                f"{where}: key 'conversation' is for a WebSocket stub, and this "
                f"one's method is {method!r}.",
                'Write "method": "WEBSOCKET" and a ws:// or wss:// URL.',
            ),
        ]
    steps = raw["conversation"]
    if not isinstance(steps, list):
        return [
            *problems,
            Problem(
                _ID,
                f"{where}: key 'conversation' must be a list of steps, got "
                f"{type(steps).__name__}.",
            ),
        ]
    for index, step in enumerate(steps):
        problems += _check_step(step, f"{where}: key 'conversation', step {index}")
    return problems


def _check_step(step: Any, where: str) -> list[Problem]:
    if not isinstance(step, Mapping):
        return [
            Problem(
                _ID,
                f"{where} must be a mapping of {', '.join(conversation.STEP_KEYS)}, "
                f"got {type(step).__name__} {step!r}.",
            )
        ]
    problems = [
        Problem(
            _ID,
            f"{where}: unknown key {key!r}.",
            did_you_mean(str(key), conversation.STEP_KEYS)
            or f"Known keys: {', '.join(conversation.STEP_KEYS)}.",
        )
        for key in step
        if key not in conversation.STEP_KEYS
    ]
    if not any(key in step for key in ("send", "receive", "close")):
        problems.append(
            Problem(_ID, f"{where} does nothing: give 'send', 'receive' or 'close'.")
        )
    for key in ("send", "receive"):
        if key in step and not isinstance(step[key], (str, bytes, dict, list)):
            problems.append(
                Problem(
                    _ID,
                    f"{where}: key {key!r} must be text, bytes, a dict or a list, "
                    f"got {type(step[key]).__name__}.",
                )
            )
    code = step.get("close")
    if "close" in step and (
        not isinstance(code, int) or isinstance(code, bool) or not 1000 <= code <= 4999
    ):
        problems.append(
            Problem(
                _ID,
                f"{where}: key 'close' must be a close code from 1000 to 4999, "
                f"got {code!r}.",
            )
        )
    if "reason" in step and "close" not in step:
        problems.append(Problem(_ID, f"{where}: key 'reason' needs a 'close' code."))
    return problems

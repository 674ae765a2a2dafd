"""times, priority, sequences and scenarios."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apimock.stubs.validation.keys import THEN
from apimock.stubs.validation.problems import (
    Problem,
    did_you_mean,
    shown,
    wrong_type,
)


def check_state(raw: Mapping[str, Any], where: str) -> list[Problem]:
    problems = []
    for key, least in (("times", 1), ("priority", 0)):
        value = raw.get(key)
        if key in raw and (
            isinstance(value, bool) or not isinstance(value, int) or value < least
        ):
            expected = f"a whole number, {least} or more"
            problems.append(wrong_type(where, key, expected, value))
    for key in ("required", "contract"):
        if key in raw and not isinstance(raw[key], bool):
            problems.append(wrong_type(where, key, "True or False", raw[key]))
    if "then" in raw and raw["then"] not in THEN:
        problems.append(
            Problem(
                "apimock.E010",
                f"{where}: key 'then' must be 'repeat' or 'fail', got "
                f"{shown(raw['then'])}.",
                did_you_mean(shown(raw["then"]).strip("'"), THEN),
            )
        )
    for key in ("name", "scenario", "state", "next_state"):
        if key in raw and not isinstance(raw[key], str):
            problems.append(wrong_type(where, key, "a string", raw[key]))
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
            f"{where}: scenario {shown(raw['scenario'])} never reaches state "
            f"{shown(raw['state'])}: no stub has it as 'next_state'.",
            did_you_mean(raw["state"], tuple(reachable[raw["scenario"]]))
            or "Scenarios start in state 'Started'.",
        )
        for raw, where in stubs
        if isinstance(raw.get("scenario"), str)
        and isinstance(raw.get("state"), str)
        and raw["state"] not in reachable[raw["scenario"]]
    ]

"""``APIMOCK["FAKES"]`` and ``APIMOCK["FAKE_SEED"]`` read, and every way they
can be wrong (apimock.E040-E042).

``FAKES`` names contracts by their ``CONTRACTS`` key (as written, or the base
URL it stands for): a list of keys, or a dict of key -> options
(``seed``, ``handlers``, ``fixtures``).
"""

from __future__ import annotations

import json
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from apimock.conf import conf
from apimock.contracts import loaded
from apimock.exceptions import ContractError
from apimock.stubs.validation import Problem, did_you_mean
from apimock.stubs.validation.problems import unknown_keys

OPTIONS = ("seed", "handlers", "fixtures")
Handler = Callable[..., Any]


@dataclass(frozen=True)
class FakeOptions:
    """One FAKES entry: which contract, and how its fake behaves."""

    key: str  # as written in FAKES
    base_url: str
    source: str  # the contract's document, as CONTRACTS names it
    seed: int
    handlers: Mapping[str, Any] = field(default_factory=dict)
    fixtures: Any = None

    @property
    def where(self) -> str:
        return f'APIMOCK["FAKES"][{self.key!r}]'


def is_seed(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _raw_entries() -> Iterator[tuple[str, Any]]:
    configured = conf.FAKES
    if isinstance(configured, Mapping):
        for key, options in configured.items():
            yield str(key), options
    elif isinstance(configured, (list, tuple)):
        for key in configured:
            yield str(key), None
    else:
        raise ContractError(
            'APIMOCK["FAKES"] must be a list of CONTRACTS keys, or a dict of '
            f"CONTRACTS key -> options, got {type(configured).__name__}"
        )


def entries() -> list[FakeOptions]:
    """The configured fakes; ContractError for the first problem.

    Read again whenever any setting changes (every ``override_settings``), so
    the valid case does no more than it must; the checks' words come only
    when something is wrong.
    """
    contracts = {key: (base_url, path) for key, base_url, path in loaded.entries()}
    by_url = {base_url.rstrip("/"): key for key, (base_url, _) in contracts.items()}
    default_seed = conf.FAKE_SEED
    found = []
    for key, raw in _raw_entries():
        contract_key = key if key in contracts else by_url.get(key.rstrip("/"))
        options = dict(raw) if isinstance(raw, Mapping) else {}
        seed = options.get("seed", default_seed)
        valid = raw is None or raw is True or isinstance(raw, Mapping)
        if contract_key is None or not valid or not is_seed(seed):
            problems = setting_problems() or _UNREADABLE
            raise ContractError(problems[0].message.rstrip("."))
        base_url, path = contracts[contract_key]
        found.append(
            FakeOptions(
                key,
                base_url.rstrip("/"),
                str(path),
                seed,
                dict(options.get("handlers") or {}),
                options.get("fixtures"),
            )
        )
    return found


_UNREADABLE = [Problem("apimock.E040", 'APIMOCK["FAKES"] cannot be read.')]


def setting_problems() -> list[Problem]:
    """What is wrong with FAKES and FAKE_SEED themselves (no document read)."""
    problems = []
    seed = conf.FAKE_SEED
    if not is_seed(seed):
        problems.append(_seed_problem('APIMOCK["FAKE_SEED"]', seed))
    try:
        raw = list(_raw_entries())
        listed = list(loaded.entries())
    except ContractError as error:
        return [Problem("apimock.E040", f"{error}.")]
    keys = {key for key, _, _ in listed}
    urls = {base_url.rstrip("/") for _, base_url, _ in listed}
    for key, options in raw:
        where = f'APIMOCK["FAKES"][{key!r}]'
        if key not in keys and key.rstrip("/") not in urls:
            known = tuple(sorted(keys))
            problems.append(
                Problem(
                    "apimock.E040",
                    f"{where} names no contract: a fake answers from a document "
                    'APIMOCK["CONTRACTS"] names.',
                    did_you_mean(key, known)
                    or (
                        f"CONTRACTS has {', '.join(map(repr, known))}."
                        if known
                        else 'Add the document to APIMOCK["CONTRACTS"] first.'
                    ),
                )
            )
        problems += _option_problems(where, options)
    return problems


def _option_problems(where: str, options: Any) -> list[Problem]:
    if options is None or options is True:
        return []
    if not isinstance(options, Mapping):
        return [
            Problem(
                "apimock.E042",
                f"{where} must be a dict of options ({', '.join(OPTIONS)}), got "
                f"{type(options).__name__}.",
            )
        ]
    problems = unknown_keys(options, OPTIONS, where, "", "apimock.E042")
    if "seed" in options and not is_seed(options["seed"]):
        problems.append(_seed_problem(f'{where}["seed"]', options["seed"]))
    handlers = options.get("handlers", {})
    if not isinstance(handlers, Mapping):
        problems.append(
            Problem(
                "apimock.E042",
                f'{where}["handlers"] must be a dict of operation '
                '("POST /charges/{charge}/capture" or an operationId) -> '
                f"callable or dotted path, got {type(handlers).__name__}.",
            )
        )
    else:
        for name, target in handlers.items():
            problem = handler_problem(target)
            if problem:
                problems.append(
                    Problem(
                        "apimock.E042", f'{where}["handlers"][{name!r}]: {problem}.'
                    )
                )
    return problems


def _seed_problem(where: str, value: Any) -> Problem:
    return Problem(
        "apimock.E041",
        f"{where} must be an int, got {type(value).__name__} {value!r}.",
        "A seed is a whole number (FAKE_SEED = 1234): the same seed gives the "
        "same generated data on every run.",
    )


def handler_problem(target: Any) -> str | None:
    try:
        resolve_handler(target)
    except ContractError as error:
        return str(error)
    return None


def resolve_handler(target: Any) -> Handler:
    if isinstance(target, str):
        try:
            target = pkgutil.resolve_name(target)
        except (ImportError, AttributeError, ValueError) as error:
            raise ContractError(f"cannot import {target!r} ({error})") from None
    if not callable(target):
        raise ContractError(f"{target!r} is not callable")
    return target  # type: ignore[no-any-return]


def read_fixtures(where: str, fixtures: Any) -> dict[str, list[dict[str, Any]]]:
    """Fixtures as resource -> objects; ContractError naming the file and key."""
    shown = where
    if isinstance(fixtures, (str, Path)):
        path = Path(fixtures)
        if not path.is_absolute() and conf.BASE_DIR is not None:
            path = Path(conf.BASE_DIR) / path
        shown = f"{where}: fixtures {fixtures}"
        try:
            text = path.read_text(encoding="utf-8")
            fixtures = (
                json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
            )
        except (OSError, UnicodeDecodeError) as error:
            raise ContractError(f"{shown} cannot be read: {error}") from None
        except (ValueError, yaml.YAMLError) as error:
            raise ContractError(f"{shown} is not valid YAML/JSON: {error}") from None
    if not isinstance(fixtures, Mapping):
        raise ContractError(
            f"{shown} must map a resource (customers, /customers/cus_1/sources) to "
            f"a list of objects, got {type(fixtures).__name__}"
        )
    result = {}
    for name, objects in fixtures.items():
        if not isinstance(objects, list) or not all(
            isinstance(o, dict) for o in objects
        ):
            raise ContractError(f"{shown}: {name!r} must be a list of objects (dicts)")
        result[str(name)] = objects
    return result

"""System checks: every way ``APIMOCK`` can be wrong, as ``apimock.E0xx``, and
an installed client apimock cannot answer, as ``apimock.W001``.

``manage.py check`` lists them; ``manage.py test`` runs the same checks before
any test starts, so a broken stub never turns into a confusing test failure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

from apimock import clients
from apimock.cassettes.recorder import MODES, match_on_problem
from apimock.conf import DEFAULTS, RECORD_MODE_ENV, conf
from apimock.contracts import loaded as contracts
from apimock.contracts import static as contract_checks
from apimock.dev import mode as devmode
from apimock.exceptions import StubError
from apimock.fakes import registry as fake_registry
from apimock.guard import hosts
from apimock.guard.hosts import parse_entry
from apimock.stubs import definitions
from apimock.stubs.loading import iter_entries
from apimock.stubs.model import parse_stub
from apimock.stubs.registry import lookup_setting, settings_stubs
from apimock.stubs.validation import (
    Problem,
    did_you_mean,
    scenario_problems,
    validate_stub,
)
from apimock.text import shown

_TYPES: Mapping[str, tuple[tuple[type, ...], str]] = {
    "STUBS": ((list, tuple), "a list of stub dicts and stub-file paths"),
    "CLIENTS": ((Mapping,), "a dict of dotted path -> replacement"),
    "ALLOWED_HOSTS": ((list, tuple, set, frozenset), "a list of host names"),
    "ACTIVE_IN_DEV": ((bool,), "True or False"),
    "ASSERT_ALL_USED": ((bool,), "True or False"),
    "PYTEST_GUARD_ALL": ((bool,), "True or False"),
    "CASSETTE_DIR": ((str, PurePath), "a folder path"),
    "RECORD_MODE": ((str,), "a record mode name"),
    "CASSETTE_MATCH_ON": ((list, tuple), "a list such as ['method', 'url']"),
    "REDACT_SETTINGS": ((list, tuple), "a list of setting names or patterns"),
    "REDACT_HEADERS": ((list, tuple), "a list of header names"),
    "REDACT_FIELDS": ((list, tuple), "a list of query/form/JSON field names"),
    "CONTRACTS": ((Mapping,), "a dict of base URL -> OpenAPI document path"),
    "CONTRACT_MODE": ((str,), '"error", "warn" or "off"'),
    "FAKES": (
        (list, tuple, Mapping),
        "a list of CONTRACTS keys, or a dict of key -> options",
    ),
    "HAR_DIR": ((str, PurePath), "a folder path"),
    "CACHE_DIR": ((str, PurePath, bool, type(None)), "a folder path, or False"),
}


def _error(problem: Problem) -> Error:
    return Error(problem.message, hint=problem.hint, id=problem.id)


def check_apimock_setting(**kwargs: Any) -> list[CheckMessage]:
    raw = conf.raw
    if not isinstance(raw, Mapping):
        return [
            Error(
                f"APIMOCK must be a dict, got {type(raw).__name__}.",
                id="apimock.E001",
            )
        ]
    errors: list[CheckMessage] = [
        Error(
            f"APIMOCK has an unknown key {shown(key)}.",
            hint=did_you_mean(shown(key).strip("'"), tuple(DEFAULTS))
            or f"Known keys: {', '.join(DEFAULTS)}.",
            id="apimock.E002",
        )
        for key in raw
        if key not in DEFAULTS
    ]
    errors += _type_errors(raw)
    if isinstance(raw.get("STUBS", ()), (list, tuple)):
        errors += _stub_errors(raw.get("STUBS", ()))
    errors += [
        Error(message, id="apimock.E012")
        for message in clients.problems(raw.get("CLIENTS", {}))
    ]
    errors += [
        Error(message, id="apimock.E024")
        for message in clients.shared_state(
            raw.get("CLIENTS", {}), 'APIMOCK["CLIENTS"]'
        )
    ]
    errors += _cassette_errors(raw)
    errors += _journal_errors(raw)
    if not errors:
        errors += _contract_errors(raw)
    return errors


def _contract_errors(raw: Mapping[str, Any]) -> list[CheckMessage]:
    """The contracts load, and no settings stub drifts from its contract.

    Run only on an otherwise valid setting: stubs must resolve to be checked.
    """
    mode = raw.get("CONTRACT_MODE", "error")
    if mode not in contracts.MODES:
        return [
            Error(
                f'APIMOCK["CONTRACT_MODE"] is {shown(mode)}.',
                hint=f"Use one of {', '.join(contracts.MODES)}.",
                id="apimock.E023",
            )
        ]
    if not raw.get("CONTRACTS"):
        return [_error(problem) for problem in fake_registry.problems()]
    problems = contract_checks.contract_problems()
    if problems:
        return [_error(problem) for problem in problems]
    problems = fake_registry.problems()
    if problems:
        return [_error(problem) for problem in problems]
    try:
        stubs = settings_stubs.current().stubs()
    except StubError as error:  # a {settings.NAME} that does not exist
        return [Error(str(error), id="apimock.E022")]
    return [_error(problem) for problem in contract_checks.stub_problems(stubs)]


def _cassette_errors(raw: Mapping[str, Any]) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    mode = conf.RECORD_MODE
    if isinstance(raw.get("RECORD_MODE", "none"), str) and mode not in MODES:
        source = (
            f"The {RECORD_MODE_ENV} environment variable"
            if conf.RECORD_MODE_FORCED
            else 'APIMOCK["RECORD_MODE"]'
        )
        errors.append(
            Error(
                f"{source} is {shown(mode)}, not a record mode.",
                hint=f"Use one of {', '.join(MODES)}.",
                id="apimock.E019",
            )
        )
    match_on = raw.get("CASSETTE_MATCH_ON")
    problem = None if match_on is None else match_on_problem(match_on)
    if problem:
        errors.append(
            Error(f'APIMOCK["CASSETTE_MATCH_ON"] {problem}.', id="apimock.E020")
        )
    return errors


def _journal_errors(raw: Mapping[str, Any]) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    size = raw.get("JOURNAL_SIZE", DEFAULTS["JOURNAL_SIZE"])
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        errors.append(
            Error(
                f'APIMOCK["JOURNAL_SIZE"] is {shown(size)}: it must be a positive '
                "whole number, the count of calls the journal keeps.",
                hint=f"For example {DEFAULTS['JOURNAL_SIZE']}, the default.",
                id="apimock.E028",
            )
        )
    path = raw.get("JOURNAL_PATH", DEFAULTS["JOURNAL_PATH"])
    problem = _journal_path_problem(path)
    if problem:
        errors.append(
            Error(
                f'APIMOCK["JOURNAL_PATH"] is {shown(path)}: {problem}.',
                hint='Write a path of its own such as "/__apimock__/", or None '
                "for no journal.",
                id="apimock.E029",
            )
        )
    return errors


def _journal_path_problem(path: Any) -> str | None:
    if path is None:
        return None
    if not isinstance(path, str):
        return f"it must be a URL path (text) or None, not {type(path).__name__}"
    if not path.startswith("/"):
        return "it must start with a slash"
    if path.strip("/") == "":
        return "the journal needs a path of its own, not the site's root"
    if any(char in path for char in "?#") or any(char.isspace() for char in path):
        return "it must be a plain path, without a query, a fragment or spaces"
    return None


def _type_errors(raw: Mapping[str, Any]) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for key, (types, expected) in _TYPES.items():
        if key in raw and not isinstance(raw[key], types):
            errors.append(
                Error(
                    f'APIMOCK["{key}"] must be {expected}, got '
                    f"{type(raw[key]).__name__}.",
                    hint=_as_list(key, raw[key]) if list in types else None,
                    id="apimock.E003",
                )
            )
    for key in ("REDACT_SETTINGS", "REDACT_HEADERS", "REDACT_FIELDS"):
        names = raw.get(key, ())
        if isinstance(names, (list, tuple)):
            errors += [
                Error(
                    f'APIMOCK["{key}"][{index}] must be a non-empty string, got '
                    f"{shown(name)}.",
                    id="apimock.E003",
                )
                for index, name in enumerate(names)
                if not isinstance(name, str) or not name.strip()
            ]
    hosts = raw.get("ALLOWED_HOSTS", ())
    if isinstance(hosts, (list, tuple, set, frozenset)):
        errors += _allowed_host_errors(hosts)
    return errors


def _as_list(key: str, value: Any) -> str | None:
    """For a string where a list belongs, the list to paste instead."""
    if not isinstance(value, str):
        return None
    # A stub-file path may hold spaces; host names and patterns do not.
    items = [value] if key == "STUBS" else re.split(r"[,\s]+", value.strip(" ,"))
    return f"Write a list: {json.dumps(key)}: {json.dumps(items)},"


def _allowed_host_errors(hosts: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for entry in hosts:
        try:
            parse_entry(entry)
        except ValueError as error:
            errors.append(
                Error(
                    f'APIMOCK["ALLOWED_HOSTS"] entry {shown(entry)}: {error}.',
                    hint='Write a host name ("api.local"), an IP ("10.0.0.5"), a '
                    'CIDR range ("10.0.0.0/8") or host:port ("localhost:8000").',
                    id="apimock.E014",
                )
            )
    return errors


def _stub_errors(stubs: Sequence[Any]) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    valid = []
    for entry in iter_entries(stubs, conf.BASE_DIR):
        if isinstance(entry, Problem):
            errors.append(_error(entry))
            continue
        raw, source, base_dir = entry
        problems = validate_stub(raw, source, _setting, base_dir=base_dir)
        errors += [_error(problem) for problem in problems]
        if not problems and isinstance(raw, Mapping):
            # Known valid now: neither the trial below nor the first test
            # validates it again, and the trial's compiled stub is kept for
            # that test.
            definitions.remember(definitions.content_key(raw))
        errors += [] if problems else _trial_errors(raw, source, base_dir)
        if isinstance(raw, Mapping):
            valid.append((raw, str(source)))
    errors += [_error(problem) for problem in scenario_problems(valid)]
    return errors


def _trial_errors(raw: Any, source: Any, base_dir: str | None) -> list[CheckMessage]:
    """Compile the stub against the settings and build every answer that does
    not need a request, as its first request will: a stub the checks pass
    can then answer (apimock.E032 names what the other checks missed)."""
    try:
        spec = parse_stub(raw, source, base_dir=base_dir)
        stub = spec.resolve(lookup_setting(spec))
        stub.prebuilt  # noqa: B018 -- builds and keeps the answers
    except Exception as error:  # whatever it is, the first request would hit it
        message = str(error) if isinstance(error, StubError) else f"{source}: {error}"
        return [
            Error(
                f"{message.rstrip('.')}.",
                hint="Fix the stub so that it can answer (this is what its "
                "first request would fail with).",
                id="apimock.E032",
            )
        ]
    return []


class _SettingLookup:
    """A setting's value by name (LookupError if there is none), and the
    names there are, for a did-you-mean."""

    def __call__(self, name: str) -> Any:
        try:
            return getattr(settings, name)
        except AttributeError:
            raise LookupError(name) from None

    def names(self) -> list[str]:
        return [name for name in dir(settings) if name.isupper()]


_setting = _SettingLookup()


def check_test_clients(**kwargs: Any) -> list[CheckMessage]:
    """``mock_clients`` of the test classes imported (``manage.py test`` runs
    the checks once it has found the tests) that one object cannot serve."""
    return [
        Error(message, id="apimock.E024")
        for cls in sorted(clients.declared, key=lambda cls: cls.__qualname__)
        for message in clients.shared_state(
            getattr(cls, "mock_clients", {}),
            f"{cls.__module__}.{cls.__qualname__}.mock_clients",
        )
    ]


def check_wide_open_hosts(**kwargs: Any) -> list[CheckMessage]:
    """ALLOWED_HOSTS entries that let a swathe of the internet through: an
    error where dev mode runs (its stubs stand in for real APIs), a warning
    in tests (every unstubbed request there goes out for real)."""
    entries = conf.raw.get("ALLOWED_HOSTS") if isinstance(conf.raw, Mapping) else None
    if not isinstance(entries, (list, tuple, set, frozenset)):
        return []
    wide = hosts.wide_open(entries)
    if not wide:
        return []
    shown_entries = ", ".join(shown(entry) for entry in wide)
    hint = (
        "Allow the hosts the code reaches for real by name or by a narrow range "
        '("api.internal", "10.1.2.0/24"); stub the rest.'
    )
    if devmode.may_run():
        return [
            Error(
                f'APIMOCK["ALLOWED_HOSTS"] has {shown_entries}: dev mode would let '
                "every unstubbed request to those addresses out for real.",
                hint=hint,
                id="apimock.E031",
            )
        ]
    return [
        Warning(
            f'APIMOCK["ALLOWED_HOSTS"] has {shown_entries}: an unstubbed request '
            "to any of those addresses leaves the test process for real.",
            hint=hint,
            id="apimock.W002",
        )
    ]


def check_dev_mode(**kwargs: Any) -> list[CheckMessage]:
    if devmode.refused():
        return [
            Error(
                'APIMOCK["ACTIVE_IN_DEV"] is True but DEBUG is False: apimock '
                "would answer real API calls with stubs (fake payments) in what "
                "may be production.",
                hint="Set ACTIVE_IN_DEV only in development settings (DEBUG = True).",
                id="apimock.E013",
            )
        ]
    if devmode.debug_at_startup() is False:
        from apimock.dev.journal.mount import included

        if included():
            return [
                Error(
                    "The apimock journal (apimock.urls) is in the URLconf but "
                    "DEBUG is False: it lists every outbound request, headers "
                    "and bodies included, and has no place in what may be "
                    "production.",
                    hint="Include it only where DEBUG is on (if settings.DEBUG: "
                    "urlpatterns += ...), or leave it out: dev mode serves the "
                    'journal at APIMOCK["JOURNAL_PATH"] by itself.',
                    id="apimock.E030",
                )
            ]
    return []


def check_clients(**kwargs: Any) -> list[CheckMessage]:
    from apimock.transports import unsupported_clients

    return [
        Warning(
            reason,
            hint=f"Install a version of {client} that apimock supports (docs: "
            "Supported versions), or replace the code that calls it with "
            "APIMOCK['CLIENTS'].",
            id="apimock.W001",
        )
        for client, reason in unsupported_clients().items()
    ]

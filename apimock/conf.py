"""The one accessor for the ``APIMOCK`` setting, and for the settings apimock
only looks at.

Every property reads the live setting, so ``override_settings`` needs nothing
more. ``generation`` counts setting changes: compiled stubs remember the
generation they were resolved at and re-resolve when it moves on.

``setting_names`` and ``peek_setting`` serve the cassettes' secret scan,
which reads settings it does not own (every ``*_PASSWORD``) only to keep
their values out of files.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import empty

from apimock.guard.hosts import AllowedHosts, allowed_hosts
from apimock.text import shown

DEFAULT_ALLOWED_HOSTS = ("localhost", "127.0.0.1", "::1", "testserver")

#: Every key ``APIMOCK`` may hold, with its default.
DEFAULTS: Mapping[str, Any] = {
    "STUBS": (),
    "CLIENTS": {},
    "ALLOWED_HOSTS": DEFAULT_ALLOWED_HOSTS,
    "ACTIVE_IN_DEV": False,
    "ASSERT_ALL_USED": False,
    "PYTEST_GUARD_ALL": True,
    "CASSETTE_DIR": None,
    "RECORD_MODE": "none",
    "CASSETTE_MATCH_ON": ("method", "url"),
    "REDACT_SETTINGS": ("AUTH_KEY", "*_KEY", "*_SECRET", "*_TOKEN", "*_PASSWORD"),
    # Added to the built-in lists (apimock.cassettes.secrets), never instead.
    "REDACT_HEADERS": (),
    "REDACT_FIELDS": (),
    "CONTRACTS": {},
    "CONTRACT_MODE": "error",
    "JOURNAL_SIZE": 200,
    "JOURNAL_PATH": "/__apimock__/",
    "FAKES": {},
    "FAKE_SEED": 0,
    "HAR_DIR": None,
    "CACHE_DIR": None,
}

#: The environment variable that overrides every cassette's record mode.
RECORD_MODE_ENV = "APIMOCK_RECORD_MODE"
#: The environment variable that sets (or overrides) ``HAR_DIR``.
HAR_DIR_ENV = "APIMOCK_HAR_DIR"

_generations = itertools.count(1)


class Settings:
    generation: int = 0

    @property
    def raw(self) -> Any:
        return getattr(settings, "APIMOCK", {})

    def _get(self, key: str) -> Any:
        raw = self.raw
        return (
            raw.get(key, DEFAULTS[key]) if isinstance(raw, Mapping) else DEFAULTS[key]
        )

    @property
    def STUBS(self) -> list[Any]:
        return list(self.STUBS_RAW)

    @property
    def STUBS_RAW(self) -> Any:
        """The setting's own object, so parsed stubs can be cached against it."""
        return self._get("STUBS")

    @property
    def CLIENTS(self) -> dict[str, Any]:
        return dict(self._get("CLIENTS"))

    @property
    def ALLOWED_HOSTS(self) -> AllowedHosts:
        return allowed_hosts(tuple(self._get("ALLOWED_HOSTS")))

    @property
    def ACTIVE_IN_DEV(self) -> bool:
        return bool(self._get("ACTIVE_IN_DEV"))

    @property
    def ASSERT_ALL_USED(self) -> bool:
        return bool(self._get("ASSERT_ALL_USED"))

    @property
    def PYTEST_GUARD_ALL(self) -> bool:
        """Mock every pytest test (of a project with apimock in INSTALLED_APPS),
        not only those using the fixture or marker."""
        return bool(self._get("PYTEST_GUARD_ALL"))

    @property
    def CASSETTE_DIR(self) -> Path:
        """Where cassettes live: the setting, else ``BASE_DIR/cassettes``."""
        configured = self._get("CASSETTE_DIR")
        if configured is not None:
            return Path(configured)
        return Path(self.BASE_DIR or ".") / "cassettes"

    @property
    def RECORD_MODE(self) -> str:
        """``APIMOCK_RECORD_MODE`` from the environment, else the setting."""
        return os.environ.get(RECORD_MODE_ENV) or _text(self._get("RECORD_MODE"))

    @property
    def RECORD_MODE_FORCED(self) -> bool:
        return bool(os.environ.get(RECORD_MODE_ENV))

    @property
    def CASSETTE_MATCH_ON(self) -> list[str]:
        return list(self._get("CASSETTE_MATCH_ON"))

    @property
    def REDACT_SETTINGS(self) -> list[str]:
        return list(self._get("REDACT_SETTINGS"))

    @property
    def REDACT_HEADERS(self) -> list[str]:
        return list(self._get("REDACT_HEADERS"))

    @property
    def REDACT_FIELDS(self) -> list[str]:
        return list(self._get("REDACT_FIELDS"))

    @property
    def CONTRACTS(self) -> Any:
        """Base URL -> OpenAPI document path (the setting's own object)."""
        return self._get("CONTRACTS")

    @property
    def CONTRACT_MODE(self) -> str:
        """What a broken contract does in a test: "error", "warn" or "off"."""
        return _text(self._get("CONTRACT_MODE"))

    @property
    def JOURNAL_SIZE(self) -> int:
        """How many calls the dev-mode journal keeps (the newest)."""
        return int(self._get("JOURNAL_SIZE"))

    @property
    def JOURNAL_PATH(self) -> str | None:
        """Where the journal is served (``/__apimock__/``); None: no journal."""
        path = self._get("JOURNAL_PATH")
        if path is None:
            return None
        path = str(path)
        return path if path.endswith("/") else f"{path}/"

    @property
    def FAKES(self) -> Any:
        """Contracts answered by a fake (the setting's own object)."""
        return self._get("FAKES")

    @property
    def FAKE_SEED(self) -> Any:
        """The seed of generated fake data (checked to be an int: apimock.E041)."""
        return self._get("FAKE_SEED")

    @property
    def HAR_DIR(self) -> Path | None:
        """Where each test's call log is written as HAR: ``APIMOCK_HAR_DIR``
        from the environment, else the setting; None writes nothing."""
        configured = os.environ.get(HAR_DIR_ENV) or self._get("HAR_DIR")
        return Path(configured) if configured else None

    @property
    def CACHE_DIR(self) -> Path | None:
        """Where parsed and validated contracts are kept between runs: the
        setting, else ``BASE_DIR/.apimock-cache`` (else the user's cache
        folder); None when the setting is False."""
        configured = self._get("CACHE_DIR")
        if configured is False:
            return None
        if configured not in (None, True):
            return Path(configured)
        if self.BASE_DIR is not None:
            return Path(self.BASE_DIR) / ".apimock-cache"
        if os.name == "nt":
            home = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
        else:
            home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(home) / "django-apimock"

    @property
    def BASE_DIR(self) -> str | None:
        """Where relative stub-file paths start: ``settings.BASE_DIR`` if set."""
        base = getattr(settings, "BASE_DIR", None)
        return None if base is None else str(base)


def _text(value: Any) -> str:
    # A wrong type is reported by the checks; shown, it names itself.
    return value if isinstance(value, str) else shown(value)


conf = Settings()


def _configured() -> Any:
    """The settings object beneath ``django.conf.settings``: the settings
    module's values, or under ``override_settings`` the holder of the
    overrides in front of them (``settings`` itself only forwards to it)."""
    lazy: Any = settings  # a LazySettings; django-stubs types it as Settings
    if lazy._wrapped is empty:
        lazy._setup()
    return lazy._wrapped


def setting_names() -> list[str]:
    """The name of every setting in force, the defaults included."""
    return [name for name in dir(_configured()) if name.isupper()]


def peek_setting(name: str, default: Any = None) -> Any:
    """A setting's value, read beneath ``django.conf.settings``.

    ``settings.NAME`` is where Django warns about a deprecated setting (6.1
    does for every ``EMAIL_*`` one, defaults included), and that warning is
    meant for code that uses the setting. Looking at a value to keep it out
    of a cassette is not a use, so the secret scan reads here and never
    triggers it. Suppressing the warning around a ``settings.NAME`` read
    instead would change the process-wide warning filters, under every
    thread, while the scan ran.
    """
    return getattr(_configured(), name, default)


@receiver(setting_changed)
def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    # Any setting may be named by a {settings.NAME} placeholder, so every
    # change moves the generation on; re-resolving is cheap and lazy.
    conf.generation = next(_generations)

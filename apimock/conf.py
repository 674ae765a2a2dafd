"""The one accessor for the ``APIMOCK`` setting.

Every property reads the live setting, so ``override_settings`` needs nothing
more. ``generation`` counts setting changes: compiled stubs remember the
generation they were resolved at and re-resolve when it moves on.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from apimock.hosts import AllowedHosts, allowed_hosts

DEFAULT_ALLOWED_HOSTS = ("localhost", "127.0.0.1", "::1", "testserver")

#: Every key ``APIMOCK`` may hold, with its default.
DEFAULTS: Mapping[str, Any] = {
    "STUBS": (),
    "CLIENTS": {},
    "ALLOWED_HOSTS": DEFAULT_ALLOWED_HOSTS,
    "ACTIVE_IN_DEV": False,
    "ASSERT_ALL_USED": False,
    "PYTEST_GUARD_ALL": False,
}

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
        """Mock every pytest test, not only those using the fixture or marker."""
        return bool(self._get("PYTEST_GUARD_ALL"))

    @property
    def BASE_DIR(self) -> str | None:
        """Where relative stub-file paths start: ``settings.BASE_DIR`` if set."""
        base = getattr(settings, "BASE_DIR", None)
        return None if base is None else str(base)


conf = Settings()


@receiver(setting_changed)
def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    # Any setting may be named by a {settings.NAME} placeholder, so every
    # change moves the generation on; re-resolving is cheap and lazy.
    conf.generation = next(_generations)

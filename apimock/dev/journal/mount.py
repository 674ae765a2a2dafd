"""Where dev mode serves the journal: ``APIMOCK["JOURNAL_PATH"]`` in the
project's own URLconf, with no line to add to urls.py. (The system check
that looks for the journal in a production URLconf imports this module, and
nothing of the journal with it.)

Done once, when dev mode starts in the development server: the journal's
patterns go first in the root URLconf's ``urlpatterns``, unless the project
includes ``apimock.urls`` itself. A test run never gets here (dev mode does
not start in one).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.urls import (
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    include,
    path,
    resolve,
)

from apimock.conf import conf

if TYPE_CHECKING:
    from apimock.dev.journal.recording import Journal
    from apimock.mock import APIMock

logger = logging.getLogger("apimock")


def start(journal: Journal, mock: APIMock) -> str | None:
    """Install ``journal`` for ``mock`` and mount its pages; their path, or
    None when they could not be mounted (logged, with what to do)."""
    from apimock.dev.journal import recording

    recording.install(journal, mock)
    where = conf.JOURNAL_PATH
    if where is None or _mounted(where):
        return where
    patterns = get_resolver().url_patterns
    if not isinstance(patterns, list):
        logger.warning(
            "apimock dev mode: the journal cannot be mounted at %s: the root "
            'URLconf\'s urlpatterns is not a list. Add path("", '
            'include("apimock.urls")) to it.',
            where,
        )
        return None
    # First: a catch-all pattern of the project must not hide the journal.
    mounted = path(where.lstrip("/"), include("apimock.dev.journal.urls"))
    patterns.insert(0, mounted)
    _mounted_in[:] = [(patterns, mounted)]
    return where


def stop(journal: Journal) -> None:
    """Take the pages out again (the URLconf is as the project wrote it)."""
    from apimock.dev.journal import recording

    recording.uninstall(journal)
    for patterns, mounted in _mounted_in:
        if mounted in patterns:
            patterns.remove(mounted)
    _mounted_in.clear()


# The list the pages were put in, and their pattern.
_mounted_in: list[tuple[list[URLPattern | URLResolver], URLResolver]] = []


def _mounted(where: str) -> bool:
    from apimock.dev.journal import views

    try:
        return resolve(where).func is views.index
    except Resolver404:
        return False


def included() -> bool:
    """Whether the root URLconf includes the journal's pages (apimock.urls)."""
    try:
        patterns = get_resolver().url_patterns
    except Exception:  # a broken URLconf: Django's own checks report it
        return False
    return _includes(patterns)


def _includes(patterns: list[URLPattern | URLResolver]) -> bool:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            # include() imports the module it is named: compare names.
            name = getattr(pattern.urlconf_name, "__name__", pattern.urlconf_name)
            if name in _JOURNAL_URLCONFS:
                return True
            if _includes(pattern.url_patterns):
                return True
    return False


_JOURNAL_URLCONFS = ("apimock.urls", "apimock.dev.journal.urls")

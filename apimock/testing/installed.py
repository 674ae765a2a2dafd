"""What the pytest plugin makes sure of before the first test: the project
really has apimock installed, and its configuration passes apimock's system
checks.

Without ``"apimock"`` in INSTALLED_APPS its system checks are never
registered and the pytest plugin would mock only the tests that ask; a
project that sets ``settings.APIMOCK`` plainly meant to use it, so both the
plugin and the test cases stop with this message rather than run half-set-up.

pytest-django runs no system checks, so without ``check_warnings`` a typo'd
key or a bad stub file would surface one test at a time, as a miss or a
traceback, instead of as the ``apimock.E0xx`` list ``manage.py test`` prints.
"""

from __future__ import annotations

import io

NOT_INSTALLED = '"apimock" is not in INSTALLED_APPS'
ADD_IT = 'Add "apimock" to INSTALLED_APPS.'


def apimock_installed() -> bool:
    """``"apimock"`` is in INSTALLED_APPS (read from the setting before
    Django's app registry is ready)."""
    from django.apps import apps
    from django.conf import settings

    if apps.ready:
        return apps.is_installed("apimock")
    return any(
        app == "apimock" or app.startswith("apimock.")
        for app in settings.INSTALLED_APPS
    )


def missing_app_problem() -> str | None:
    """The message for a project that sets ``APIMOCK`` but does not install
    the app; None when the project is fine (or is not a Django one)."""
    from django.conf import settings

    if not settings.configured or apimock_installed():
        return None
    if not hasattr(settings, "APIMOCK"):
        return None  # the package installed for another project: leave it be
    return (
        f"apimock: settings.APIMOCK is set but {NOT_INSTALLED}, so apimock's "
        "system checks never run and only the tests that ask for the mock "
        f"(the apimock fixture or marker) are mocked. {ADD_IT}"
    )


class ChecksFailed(Exception):
    """apimock's system checks found an error: the message says which."""


def check_warnings() -> list[str]:
    """apimock's system checks, run as ``manage.py check`` runs them
    (silenced ones left out, as there): the warnings' lines as it prints
    them, none when the checks pass cleanly. Raises :class:`ChecksFailed`
    when any is an error."""
    from django.apps import apps
    from django.core.management.base import BaseCommand, SystemCheckError

    if not apps.ready or not apps.is_installed("apimock"):
        return []
    printed = io.StringIO()
    try:
        BaseCommand(stdout=printed, stderr=printed).check(
            tags=["apimock"], display_num_errors=True
        )
    except SystemCheckError as error:
        found = str(error).removeprefix("SystemCheckError: ")
        raise ChecksFailed(
            "apimock: its system checks found errors, so no test ran (manage.py "
            "test would stop here too). Fix them, or pass --no-apimock-checks "
            f"to run the tests anyway.\n\n{found}"
        ) from None
    # "System check identified some issues:", "WARNINGS:", the warnings, and
    # the count: the warnings alone are worth a line each in pytest's header.
    return [
        line
        for line in printed.getvalue().splitlines()
        if line.strip()
        and not line.startswith(("System check identified", "WARNINGS:"))
    ]

"""Whether the project really has apimock installed, and what to say if not.

Without ``"apimock"`` in INSTALLED_APPS its system checks are never
registered and the pytest plugin would mock only the tests that ask; a
project that sets ``settings.APIMOCK`` plainly meant to use it, so both the
plugin and the test cases stop with this message rather than run half-set-up.
"""

from __future__ import annotations

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

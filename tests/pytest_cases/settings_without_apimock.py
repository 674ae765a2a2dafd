"""A project that has apimock installed in its environment but does not use it:
not in INSTALLED_APPS, no APIMOCK setting."""

from testproject.settings import *  # noqa: F403
from testproject.settings import APIMOCK, INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "apimock"]
del APIMOCK

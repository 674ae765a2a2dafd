"""A project that has apimock installed in its environment but not in INSTALLED_APPS."""

from testproject.settings import *  # noqa: F403
from testproject.settings import APIMOCK, INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "apimock"]
APIMOCK = {**APIMOCK, "PYTEST_GUARD_ALL": True}

"""A project that sets APIMOCK but forgot "apimock" in INSTALLED_APPS."""

from testproject.settings import *  # noqa: F403
from testproject.settings import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "apimock"]

"""The sample project with django-debug-toolbar and apimock's "API calls"
panel: ``DJANGO_SETTINGS_MODULE=testproject.toolbar_settings python manage.py
runserver``, then open a page and the toolbar's API calls panel."""

from debug_toolbar.settings import PANELS_DEFAULTS

from testproject.settings import *  # noqa: F403
from testproject.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.staticfiles", "debug_toolbar"]
MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware", *MIDDLEWARE]
INTERNAL_IPS = ["127.0.0.1"]
DEBUG_TOOLBAR_PANELS = [*PANELS_DEFAULTS, "apimock.dev.journal.panel.APICallsPanel"]

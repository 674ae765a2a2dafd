"""A project without DRF, for tests/test_without_drf.py."""

SECRET_KEY = "not-secret"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "apimock"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True

"""Sphinx configuration for django-apimock's documentation."""

from __future__ import annotations

import os
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testproject.settings")

import django  # noqa: E402

django.setup()

project = "django-apimock"
author = "django-apimock contributors"
try:
    release = metadata.version("django-apimock")
except metadata.PackageNotFoundError:
    release = "unreleased"

extensions = ["sphinx.ext.autodoc"]
autodoc_typehints = "none"
exclude_patterns = ["_build"]
html_theme = "furo"
version = release

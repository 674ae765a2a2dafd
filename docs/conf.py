"""Sphinx configuration for django-apimock's documentation."""

from __future__ import annotations

import os
import sys
import zlib
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

extensions = ["sphinx.ext.autodoc", "sphinx.ext.intersphinx"]
autodoc_typehints = "none"
exclude_patterns = ["_build", "_inventories"]

INVENTORIES = Path(__file__).resolve().parent / "_inventories"


def compressed_inventory(name: str) -> str:
    """Write ``_inventories/<name>.txt`` as a Sphinx v2 inventory; its path.

    The projects built with MkDocs publish no objects.inv; the names these
    docs link to are listed by hand and compressed here, as Sphinx reads them.
    """
    source = INVENTORIES / f"{name}.txt"
    header, entries = [], []
    for line in source.read_text(encoding="utf-8").splitlines():
        (header if line.startswith("#") else entries).append(line)
    project, version = (line.split(": ", 1)[1] for line in header[:2])
    # Beside the build output (ignored by git), never in the source tree.
    target = INVENTORIES.parent / "_build" / "inventories" / f"{name}.inv"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(
        (
            "# Sphinx inventory version 2\n"
            f"# Project: {project}\n# Version: {version}\n"
            "# The remainder of this file is compressed using zlib.\n"
        ).encode()
        + zlib.compress("\n".join(entries).encode() + b"\n")
    )
    return str(target)


# Local inventories (see _inventories/README.txt): the build never goes online.
intersphinx_mapping = {
    "python": ("https://docs.python.org/3.11/", str(INVENTORIES / "python.inv")),
    "django": (
        "https://docs.djangoproject.com/en/4.2/",
        str(INVENTORIES / "django.inv"),
    ),
    "requests": (
        "https://requests.readthedocs.io/en/latest/",
        str(INVENTORIES / "requests.inv"),
    ),
    "drf": ("https://www.django-rest-framework.org/", compressed_inventory("drf")),
    "httpx": ("https://www.python-httpx.org/", compressed_inventory("httpx")),
}
html_theme = "furo"
version = release

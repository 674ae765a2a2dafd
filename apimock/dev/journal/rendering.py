"""The journal's templates and assets, shipped in this folder.

A template engine of its own: the pages render the same whatever the
project's TEMPLATES say (the sample project has none), and nothing is
fetched from a network or built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template import Context, Engine

_HERE = Path(__file__).resolve().parent
_engine = Engine(dirs=[str(_HERE / "templates")], autoescape=True)

#: The files under static/ a page may ask for, and their content types.
ASSETS = {
    "journal.js": "text/javascript; charset=utf-8",
    "journal.css": "text/css; charset=utf-8",
}


def render(name: str, context: dict[str, Any]) -> str:
    return _engine.get_template(f"apimock/journal/{name}").render(Context(context))


def asset(name: str) -> bytes:
    """The bytes of one of :data:`ASSETS`."""
    if name not in ASSETS:
        raise KeyError(name)
    return (_HERE / "static" / name).read_bytes()

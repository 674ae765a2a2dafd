"""How messages show the values users gave apimock."""

from __future__ import annotations

import reprlib
from typing import Any

# Set one by one: Repr takes them as arguments only from Python 3.12.
_SHOWN = reprlib.Repr()
_SHOWN.maxlevel = 3
_SHOWN.maxdict = _SHOWN.maxlist = _SHOWN.maxtuple = _SHOWN.maxset = 4
_SHOWN.maxstring = _SHOWN.maxother = 80


def shown(value: Any) -> str:
    """``value`` as a message shows it: a repr cut short, for any value (a
    huge string, data nested thousands deep, an object whose repr fails)."""
    try:
        return _SHOWN.repr(value)
    except Exception:
        return f"<{type(value).__name__}>"

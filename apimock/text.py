"""How messages show the values users gave apimock."""

from __future__ import annotations

import reprlib
from typing import Any

_SHOWN = reprlib.Repr(
    maxlevel=3, maxdict=4, maxlist=4, maxtuple=4, maxset=4, maxstring=80, maxother=80
)


def shown(value: Any) -> str:
    """``value`` as a message shows it: a repr cut short, for any value (a
    huge string, data nested thousands deep, an object whose repr fails)."""
    try:
        return _SHOWN.repr(value)
    except Exception:
        return f"<{type(value).__name__}>"

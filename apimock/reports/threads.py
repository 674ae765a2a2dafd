"""A thread that dies of a miss: reported once, by its test, as a death.

Python's ``threading.excepthook`` prints an exception that ends a thread;
the test then reported the same miss again as one the code had caught. While
apimock is active its hook takes the errors a mock keeps for its test's end,
notes which thread they killed and prints nothing; everything else goes to
the hook that was there before (pytest's, or Python's).
"""

from __future__ import annotations

import threading
from typing import Any

from apimock.exceptions import is_kept, is_reported

_KILLED = "_apimock_killed_thread"
_previous: Any = None


def killed(error: BaseException) -> str | None:
    """The name of the thread ``error`` ended, if it ended one."""
    return getattr(error, _KILLED, None)


def _hook(args: Any) -> None:
    error = args.exc_value
    # Kept and not yet reported: its test's end reports it, saying the
    # thread died of it.
    if error is not None and is_kept(error) and not is_reported(error):
        setattr(error, _KILLED, args.thread.name if args.thread else "a thread")
        return
    (_previous or threading.__excepthook__)(args)


def install() -> None:
    global _previous
    if threading.excepthook is not _hook:
        _previous = threading.excepthook
        threading.excepthook = _hook


def uninstall() -> None:
    # Another hook set over ours keeps it as its previous one; ours then
    # passes everything on.
    if threading.excepthook is _hook:
        threading.excepthook = _previous or threading.__excepthook__

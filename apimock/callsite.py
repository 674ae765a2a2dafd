"""Where in the user's code a request was made, or a stub added.

Reports point at the user's own line: the innermost frame outside apimock,
the standard library and the installed packages (the HTTP clients and the
SDKs over them). A miss the code under test swallowed, or one in a thread,
otherwise surfaces in apimock's own frames when the test ends.

Finding it walks the frames up from the caller, deciding once per module
whether it is a library's: the cost every stubbed request pays is a dozen
dictionary look-ups. The walk reads each frame's globals, not its code:
reading ``f_code`` raises an audit event, and the guard's audit hook (a
Python function) would then run for every frame of every call.
"""

from __future__ import annotations

import linecache
import os
import site
import sys
import sysconfig
from pathlib import Path
from types import FrameType
from typing import NamedTuple

_APIMOCK = str(Path(__file__).resolve().parent) + os.sep
#: How many user frames a miss keeps (innermost first).
KEPT_FRAMES = 3
# Where a test's own frames end: what calls a test method, a class fixture or
# a pytest test is the runner, and frames further out are not the test's.
_RUNNERS = frozenset({"unittest.case", "unittest.suite", "_pytest.python"})
# A stdlib module that wraps a client apimock answers is the client the user
# called: urlopen's request is http.client's underneath.
_WRAPPERS = {("http.client", "urllib.request"): "urllib.request"}


def _library_roots() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    roots = {paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    roots.update(site.getsitepackages())
    roots.add(site.getusersitepackages())
    roots.add(_APIMOCK)
    return tuple(
        str(Path(root).resolve()) + os.sep if root != _APIMOCK else root
        for root in roots
        if root
    )


_ROOTS = _library_roots()
# The stdlib modules that are HTTP clients; any other stdlib frame between
# the user's code and the client (contextlib, asyncio) is plumbing.
_STDLIB_CLIENTS = frozenset({"urllib.request", "http.client"})
# Per file, decided once: (is it a library's, the library as the user names
# it). Every stubbed request walks its frames through this dictionary.
_files: dict[str, tuple[bool, str | None]] = {}
# The same decision per module, by its ``__file__``: what the walk of every
# request reads, since a frame's globals cost no audit event.
_modules: dict[object, tuple[bool, str | None]] = {}
#: The sites :func:`find` made with one frame, by file, line, function and
#: library (a CallSite is immutable: every call from one line shares one).
_sites: dict[tuple[str, int, str, str | None], CallSite] = {}
_SITES_KEPT = 4096


def _kind(filename: str, frame: FrameType) -> tuple[bool, str | None]:
    """Whether ``filename`` is a library's, and which library: an installed
    package by its top-level name, a stdlib client by its module name; None
    for the rest of the stdlib, apimock and the user's code."""
    library = filename.startswith("<") or os.path.realpath(filename).startswith(_ROOTS)
    name = frame.f_globals.get("__name__")
    found = None
    if library and isinstance(name, str):
        top = name.partition(".")[0]
        if name in _STDLIB_CLIENTS:
            found = name
        elif top not in sys.stdlib_module_names and top != "apimock":
            found = top
    kind = _files[filename] = (library, found)
    return kind


def _module_kind(frame: FrameType) -> tuple[bool, str | None]:
    """:func:`_kind` by the module the frame runs in, decided once per module
    file; a frame whose globals name no file (code run by ``exec`` in a
    namespace of its own) is decided by its code's file, as before."""
    file = frame.f_globals.get("__file__")
    if not isinstance(file, str) or file.startswith("<"):
        code_file = frame.f_code.co_filename
        return _files.get(code_file) or _kind(code_file, frame)
    kind = _modules[file] = _kind(file, frame)
    return kind


def _is_library(frame: FrameType) -> bool:
    filename = frame.f_code.co_filename
    return (_files.get(filename) or _kind(filename, frame))[0]


class Frame(NamedTuple):
    """One frame of the user's code: file, line and function."""

    file: str
    line: int
    function: str

    def __str__(self) -> str:
        return f"{shown_path(self.file)}:{self.line}"

    @property
    def source(self) -> str:
        return linecache.getline(self.file, self.line).strip()

    def describe(self) -> list[str]:
        """``path:line, in function`` and the source line under it."""
        lines = [f"{self}, in {self.function}"]
        if self.source:
            lines.append(f"    {self.source}")
        return lines


class CallSite(NamedTuple):
    """The user's frames that led to a request, innermost first, and the
    library the innermost one called (``requests``, ``stripe``,
    ``urllib.request``)."""

    frames: tuple[Frame, ...]
    via: str | None
    #: Run by a ``concurrent.futures`` worker thread: what it raised went to
    #: a Future, not up the thread (looked for only when frames are kept).
    in_worker: bool = False

    @property
    def innermost(self) -> Frame:
        return self.frames[0]

    def __str__(self) -> str:
        return str(self.innermost)


def find(keep: int = 1, skip: int = 1) -> CallSite | None:
    """Where the running code was called from in the user's code; None when
    no frame is the user's (all of it is library code).

    ``keep`` is how many user frames to keep; ``skip`` how many frames above
    this function's caller to start from.
    """
    frame: FrameType | None = sys._getframe(skip)
    modules = _modules
    via = None
    # The walk every call makes, to the first frame of the user's code.
    while frame is not None:
        library, name = modules.get(frame.f_globals.get("__file__")) or _module_kind(
            frame
        )
        if not library:
            # The one code object the walk reads. Code compiled from a string
            # in a user module's namespace (a dataclass's __init__) is not
            # the user's line: decided by its own file name, as it always was.
            code = frame.f_code
            if not code.co_filename.startswith("<"):
                break
            library, name = _files.get(code.co_filename) or _kind(
                code.co_filename, frame
            )
        # The outermost library the user's code called into is the one it
        # used: stripe over requests, urlopen over http.client.
        via = name or via
        frame = frame.f_back
    if frame is None:
        return None
    if keep == 1:
        # A test calls from the same few lines again and again, and the log
        # keeps every call's site: one shared site per line, not three
        # objects per call for the garbage collector to count and walk.
        key = (code.co_filename, frame.f_lineno, code.co_name, via)
        site = _sites.get(key)
        if site is None:
            if len(_sites) >= _SITES_KEPT:
                _sites.clear()
            site = _sites[key] = CallSite((Frame(*key[:3]),), via)
        return site
    first = Frame(code.co_filename, frame.f_lineno, code.co_name)
    return CallSite(
        (first, *_outer(frame.f_back, keep - 1)), via, _in_worker(sys._getframe(skip))
    )


def _outer(frame: FrameType | None, keep: int) -> list[Frame]:
    """Up to ``keep`` more user frames outside ``frame``, up to the runner."""
    frames: list[Frame] = []
    while frame is not None and len(frames) < keep:
        if not _is_library(frame):
            code = frame.f_code
            frames.append(Frame(code.co_filename, frame.f_lineno, code.co_name))
        elif frame.f_globals.get("__name__") in _RUNNERS:
            break
        frame = frame.f_back
    return frames


def _in_worker(frame: FrameType | None) -> bool:
    """Whether the user's outermost frame was called by a thread pool's
    worker: a function given to ``executor.submit``, whose error goes to its
    Future. (An async test that asgiref runs in a pool is not one: the event
    loop calls its code.)"""
    caller = None
    while frame is not None:
        if not _is_library(frame):
            caller = frame.f_back
        frame = frame.f_back
    return (
        caller is not None
        and caller.f_globals.get("__name__") == "concurrent.futures.thread"
    )


def client_name(client: str, site: CallSite | None) -> str:
    """The client to name in reports: ``urllib.request`` for a urlopen call."""
    if site is None or site.via is None:
        return client
    return _WRAPPERS.get((client, site.via), client)


def through(client: str, site: CallSite | None) -> str:
    """``requests``, or ``requests, called through stripe`` for an SDK's call."""
    if site is None or site.via in (None, client, "apimock"):
        return client
    if (client, site.via) in _WRAPPERS:
        return client
    return f"{client}, called through {site.via}"


def shown_path(path: str) -> str:
    """``path`` relative to the working directory when it is under it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith(os.pardir) else relative

"""Which recorded interactions the last test run replayed, for ``apimock cassettes``.

Each test process writes its own small JSON file under
``CASSETTE_DIR/.apimock-usage/<run>/``; the run id is set once per test
run, before Django's runner forks its workers, so parallel workers share it.

The two newest runs are kept, and no run still going is ever removed, so
test runs at once (two checkouts, CI jobs sharing a folder) never delete
each other's notes: each process holds a shared lock on its run's
``.alive`` file for as long as it lives (the system drops it when the
process ends, however it ends), and a run is pruned only when its
``.alive`` can be locked exclusively.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from apimock.cassettes import files

RUN_ENV = "APIMOCK_RUN_ID"
FOLDER = ".apimock-usage"
_KEEP = 2
_ALIVE = ".alive"
# Runs this process takes part in (a test suite may use several folders).
_MAX_HELD = 8
_held: dict[Path, int] = {}
_lock = threading.Lock()
# What this process replayed in the current run (one file per process).
_seen: dict[str, dict[str, Any]] = {}
_seen_run: list[str] = []


def run_id() -> str:
    """This test run's id, shared with the processes it starts."""
    if RUN_ENV not in os.environ:
        os.environ[RUN_ENV] = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    return os.environ[RUN_ENV]


def note(name: str, total: int, replayed: list[int]) -> None:
    """Remember that cassette ``name`` (``total`` long) replayed ``replayed``."""
    from apimock.conf import conf

    root = Path(conf.CASSETTE_DIR) / FOLDER
    with _lock:
        if _seen_run != [run_id()]:
            _seen.clear()
            _seen_run[:] = [run_id()]
        entry = _seen.setdefault(name, {"interactions": total, "replayed": []})
        entry["interactions"] = total
        entry["replayed"] = sorted({*entry["replayed"], *replayed})
        folder = root / run_id()
        new_run = folder not in _held
        folder.mkdir(parents=True, exist_ok=True)
        _hold(folder)
        text = json.dumps(_seen, indent=1, sort_keys=True)
        files.write_atomically(folder / f"{os.getpid()}.json", text)
    if new_run:
        prune(root)


def _hold(folder: Path) -> None:
    """Take part in ``folder``'s run until this process ends."""
    if folder in _held:
        return
    handle = os.open(folder / _ALIVE, os.O_CREAT | os.O_RDWR, 0o644)
    fcntl.flock(handle, fcntl.LOCK_SH)
    _held[folder] = handle
    while len(_held) > _MAX_HELD:  # the oldest folder's tests are long done
        os.close(_held.pop(next(iter(_held))))


def prune(root: Path) -> list[Path]:
    """Remove the runs before the two newest that no process still takes
    part in; the runs removed."""
    runs = sorted(p for p in root.iterdir() if p.is_dir())
    removed = []
    for old in runs[:-_KEEP]:
        if old in _held or not _ended(old):
            continue
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old)
    return removed


def _ended(run: Path) -> bool:
    """Does no live process hold ``run``'s ``.alive`` lock?"""
    try:
        handle = os.open(run / _ALIVE, os.O_RDWR)
    except FileNotFoundError:
        return True  # written before runs held locks, or by hand
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        with contextlib.suppress(OSError):
            os.close(handle)
    return True


def last_run(cassette_dir: Path) -> tuple[str | None, dict[str, dict[str, Any]]]:
    """The newest run's id and, per cassette, its size and what it replayed."""
    root = cassette_dir / FOLDER
    runs = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if not runs:
        return None, {}
    merged: dict[str, dict[str, Any]] = {}
    for part in runs[-1].glob("*.json"):
        for name, entry in _entries(part):
            seen = merged.setdefault(name, {"interactions": 0, "replayed": set()})
            seen["interactions"] = max(seen["interactions"], entry["interactions"])
            seen["replayed"] |= set(entry["replayed"])
    return runs[-1].name, merged


def _entries(part: Path) -> list[tuple[str, dict[str, Any]]]:
    """One process's notes; a file that is not what this module writes (cut
    short, edited) is skipped: it only says what was replayed."""
    try:
        data = json.loads(part.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict):
        return []
    return [
        (name, entry)
        for name, entry in data.items()
        if isinstance(entry, dict)
        and isinstance(entry.get("interactions"), int)
        and isinstance(entry.get("replayed"), list)
        and all(isinstance(n, int) for n in entry["replayed"])
    ]

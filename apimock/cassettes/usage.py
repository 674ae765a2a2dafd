"""Which recorded interactions the last test run replayed, for ``apimock cassettes``.

Each test process writes its own small JSON file under
``CASSETTE_DIR/.apimock-usage/<run>/``; the run id is set once per test
run, before Django's runner forks its workers, so parallel workers share it.
The two newest runs are kept.
"""

from __future__ import annotations

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
        new_run = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(_seen, indent=1, sort_keys=True)
        files.write_atomically(folder / f"{os.getpid()}.json", text)
    if new_run:
        _prune(root)


def _prune(root: Path) -> None:
    runs = sorted(p for p in root.iterdir() if p.is_dir())
    for old in runs[:-_KEEP]:
        shutil.rmtree(old, ignore_errors=True)


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

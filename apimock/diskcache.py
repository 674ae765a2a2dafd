"""What is slow to make from a file, kept on disk between runs, by content.

Parsing a provider-sized contract and validating it with
openapi-spec-validator takes seconds (a 5 MB document: about 1.5 s to parse,
15 s to validate), and parsing a project's stub files a good part of a
second; a test run, a ``--parallel`` worker or a ``manage.py check`` that
finds the same content again reads what the first one wrote
(``APIMOCK["CACHE_DIR"]``).

An entry is named by the SHA-256 of the file's bytes (and by the
validator's version, for a verdict), so an edited file never meets a stale
entry. It is only ever read from a folder this user owns and no one else
can write to (created so: ``0700``), written to a temporary file and renamed
into place (a reader sees all of an entry or none), and holds data only:
parsed data as ``marshal`` writes it (dicts, lists, strings, numbers:
marshal rebuilds data and runs nothing), a verdict as JSON. An entry that
cannot be read is ignored and rewritten; a folder that cannot be used means
nothing is kept, never a failure.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: Bumped whenever what an entry holds changes shape.
FORMAT = 1
#: Entries not written for this long are removed when a new one is written.
MAX_AGE = 30 * 24 * 3600
_PYTHON = f"py{sys.version_info[0]}{sys.version_info[1]}"
_KINDS = ("document-", "verdict-", "stubs-")


def usable(directory: Path | None) -> Path | None:
    """``directory``, created if need be, if it is safe to read from."""
    if directory is None:
        return None
    try:
        if not directory.is_dir():
            directory.mkdir(mode=0o700, parents=True)
            # Out of version control, as pytest's and mypy's caches keep out.
            (directory / ".gitignore").write_text("# made by django-apimock\n*\n")
        found = directory.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode):
        return None
    if hasattr(os, "getuid") and (
        found.st_uid != os.getuid() or found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    ):
        return None  # someone else could plant entries: keep nothing here
    return directory


def document_entry(directory: Path, digest: str, kind: str = "document") -> Path:
    return directory / f"{kind}-{digest}-{_PYTHON}-v{FORMAT}.marshal"


def verdict_entry(directory: Path, digest: str, validator: str) -> Path:
    return directory / f"verdict-{digest}-{validator}-v{FORMAT}.json"


def read_document(directory: Path | None, digest: str, kind: str = "document") -> Any:
    """The parsed data kept for ``digest``; None if there is none."""
    if directory is None:
        return None
    try:
        kept = marshal.loads(document_entry(directory, digest, kind).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(kept, tuple) or len(kept) != 3 or kept[:2] != (FORMAT, digest):
        return None
    return kept[2]


def write_document(
    directory: Path | None, digest: str, data: Any, kind: str = "document"
) -> bool:
    """Keep ``data`` (plain data only); False if it could not be kept."""
    if directory is None:
        return False
    try:
        payload = marshal.dumps((FORMAT, digest, data))
    except ValueError:  # a YAML date or another value marshal cannot write
        return False
    return _write(document_entry(directory, digest, kind), payload)


def read_verdict(directory: Path | None, digest: str, validator: str) -> Any:
    """The messages the validator gave for ``digest``; None if not kept."""
    if directory is None:
        return None
    try:
        kept = json.loads(verdict_entry(directory, digest, validator).read_text())
    except (OSError, ValueError):
        return None
    if not (isinstance(kept, dict) and kept.get("digest") == digest):
        return None
    messages = kept.get("messages")
    if not (isinstance(messages, list) and all(isinstance(m, str) for m in messages)):
        return None
    return messages


def write_verdict(
    directory: Path | None, digest: str, validator: str, messages: list[str]
) -> bool:
    if directory is None:
        return False
    payload = json.dumps({"digest": digest, "messages": messages}).encode()
    return _write(verdict_entry(directory, digest, validator), payload)


def _write(target: Path, payload: bytes) -> bool:
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".writing-")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    _prune(target.parent, keep=target)
    return True


def _prune(directory: Path, keep: Path) -> None:
    cutoff = time.time() - MAX_AGE
    with contextlib.suppress(OSError):
        for entry in directory.iterdir():
            if entry == keep or not entry.name.startswith(_KINDS):
                continue
            with contextlib.suppress(OSError):
                if entry.stat().st_mtime < cutoff:
                    entry.unlink()

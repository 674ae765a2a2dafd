"""Turn ``APIMOCK["STUBS"]`` (dicts and file paths) into stub specs.

Parsed once per value of the setting, not once per test: the specs are cached
against the list object they came from and reused until it changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

from apimock.conf import conf
from apimock.exceptions import StubError
from apimock.stubs.files import StubFileError, load, resolve_path
from apimock.stubs.model import StubSpec, parse_stub
from apimock.stubs.source import StubSource
from apimock.stubs.validation import Problem

_cache: tuple[Any, list[StubSpec]] | None = None
_lock = threading.Lock()


def iter_entries(
    stubs: Sequence[Any], base_dir: str | None
) -> Iterator[tuple[Any, StubSource, str | None] | Problem]:
    """Each stub dict with where it came from and where its ``body_file``
    paths start, or a Problem for a bad file."""
    for index, entry in enumerate(stubs):
        if not isinstance(entry, str):
            yield entry, StubSource("settings", index), base_dir
            continue
        path = resolve_path(entry, base_dir)
        try:
            items = load(path, entry)
        except StubFileError as error:
            yield Problem(
                error.problem.id,
                f'APIMOCK["STUBS"][{index}]: {error.problem.message}',
                error.problem.hint,
            )
            continue
        for item_index, (raw, line) in enumerate(items):
            yield raw, StubSource(entry, item_index, line), str(path.parent)


def settings_specs() -> list[StubSpec]:
    """The settings stubs, parsed; StubError on the first malformed one."""
    global _cache
    stubs = conf.STUBS_RAW
    with _lock:
        if _cache is not None and _cache[0] is stubs:
            return _cache[1]
        specs = []
        for entry in iter_entries(stubs, conf.BASE_DIR):
            if isinstance(entry, Problem):
                raise StubError(f"{entry.message} {entry.hint or ''}".strip())
            raw, source, stub_base = entry
            specs.append(parse_stub(raw, source, base_dir=stub_base))
        _cache = (stubs, specs)
        return specs

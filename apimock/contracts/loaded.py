"""The contracts ``APIMOCK["CONTRACTS"]`` names, loaded for the current settings.

Base URLs may name settings (``{settings.ITEMS_API_BASE}``), so the list is
rebuilt when settings change; each document is read and parsed once per
content (:mod:`~apimock.contracts.files`), lazily: when the system check or
the first request to a contracted API needs it.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings

from apimock.conf import conf
from apimock.contracts import files
from apimock.contracts.document import Contract
from apimock.exceptions import ContractError
from apimock.stubs import templates
from apimock.text import shown

MODES = ("error", "warn", "off")

_lock = threading.Lock()
_cache: tuple[int, list[Contract], str] | None = None


def _setting(name: str) -> Any:
    try:
        return getattr(settings, name)
    except AttributeError:
        raise ContractError(
            f'APIMOCK["CONTRACTS"] names {{settings.{name}}}, and there is no such '
            "setting"
        ) from None


def entries() -> Iterator[tuple[str, str, Path]]:
    """Each configured contract: the key as written, its base URL and its file
    (relative paths start at BASE_DIR; messages show them as written)."""
    configured = conf.CONTRACTS
    if not isinstance(configured, Mapping):
        raise ContractError('APIMOCK["CONTRACTS"] must be a dict of base URL -> file')
    for key, path in configured.items():
        if not isinstance(key, str):
            raise ContractError(
                f'APIMOCK["CONTRACTS"] key {shown(key)} must be a base URL string'
            )
        if not isinstance(path, (str, PurePath)) or "\x00" in str(path):
            raise ContractError(
                f'APIMOCK["CONTRACTS"][{shown(key)}] must be the path of an OpenAPI '
                f"document, got {shown(path)}"
            )
        try:
            base_url = str(templates.render(key, _setting))
        except templates.TemplateError as error:
            raise ContractError(
                f'APIMOCK["CONTRACTS"] key {shown(key)}: {error}'
            ) from None
        yield key, base_url, Path(path)


@functools.lru_cache(maxsize=32)
def _contract(base_url: str, shown: Path, document: files.Document) -> Contract:
    return Contract(base_url, str(shown), document.data, document.digest)


#: A file not changed for this long is taken to be the one read at the same
#: modification time and size (a file written more recently than this is
#: read again: it may change twice within the clock's resolution).
_SETTLED = 2.0
_known: dict[tuple[Path, int, int], files.Document] = {}


def load(base_url: str, shown: Path, *, validating: bool = False) -> Contract:
    """The contract for ``base_url`` in the file ``shown`` (as configured).

    ``validating``: the caller validates the document next (the system check).
    """
    file = shown
    if not file.is_absolute() and conf.BASE_DIR is not None:
        file = Path(conf.BASE_DIR) / file
    try:
        found = file.stat()
    except (OSError, ValueError) as error:  # ValueError: a lone surrogate
        reason = getattr(error, "strerror", None) or error
        raise ContractError(f"cannot read contract {shown}: {reason}") from None
    version = (file, found.st_mtime_ns, found.st_size)
    document = _known.get(version)
    if document is None:
        document = files.read(file, conf.CACHE_DIR, validating=validating)
        if time.time() - found.st_mtime > _SETTLED:
            if len(_known) > 64:
                _known.clear()
            _known[version] = document
    return _contract(base_url, shown, document)


def contracts() -> list[Contract]:
    """The configured contracts, the longest base URL first.

    Asked on every request: cached per settings generation, so the common
    case (no setting changed) is one comparison.
    """
    return active()[0]


def active() -> tuple[list[Contract], str]:
    """The configured contracts (as :func:`contracts`) and CONTRACT_MODE."""
    global _cache
    cached = _cache
    if cached is not None and cached[0] == conf.generation:
        return cached[1], cached[2]
    with _lock:
        generation = conf.generation
        raw = conf.raw.get("CONTRACTS") if isinstance(conf.raw, Mapping) else None
        found = [load(base_url, file) for _, base_url, file in entries()] if raw else []
        found.sort(key=lambda contract: len(contract.base_url), reverse=True)
        mode = conf.CONTRACT_MODE
        _cache = (generation, found, mode)
        return found, mode

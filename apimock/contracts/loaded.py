"""The contracts ``APIMOCK["CONTRACTS"]`` names, loaded for the current settings.

Base URLs may name settings (``{settings.ITEMS_API_BASE}``), so the list is
rebuilt when settings change; each document is read once per file version.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings

from apimock.conf import conf
from apimock.contracts.document import Contract, read
from apimock.exceptions import ContractError
from apimock.stubs import templates
from apimock.text import shown

MODES = ("error", "warn", "off")

_lock = threading.Lock()
_cache: tuple[int, list[Contract]] | None = None


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
def _contract(base_url: str, file: Path, shown: Path, mtime: float) -> Contract:
    return Contract(base_url, str(shown), read(file, mtime))


def load(base_url: str, shown: Path) -> Contract:
    file = shown
    if not file.is_absolute() and conf.BASE_DIR is not None:
        file = Path(conf.BASE_DIR) / file
    try:
        mtime = file.stat().st_mtime
    except (OSError, ValueError) as error:  # ValueError: a lone surrogate
        reason = getattr(error, "strerror", None) or error
        raise ContractError(f"cannot read contract {shown}: {reason}") from None
    return _contract(base_url, file, shown, mtime)


def contracts() -> list[Contract]:
    """The configured contracts, the longest base URL first.

    Asked on every request: cached per settings generation, so the common
    case (no setting changed) is one comparison.
    """
    global _cache
    cached = _cache
    if cached is not None and cached[0] == conf.generation:
        return cached[1]
    with _lock:
        generation = conf.generation
        raw = conf.raw.get("CONTRACTS") if isinstance(conf.raw, Mapping) else None
        found = [load(base_url, file) for _, base_url, file in entries()] if raw else []
        found.sort(key=lambda contract: len(contract.base_url), reverse=True)
        _cache = (generation, found)
        return found

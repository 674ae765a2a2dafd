"""The fakes the current settings put in force, built once per settings
generation, and the questions asked of them: which one covers a request
(on every request: one comparison when no fake is configured), which one a
base URL names, and what the system check reports.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from apimock.conf import conf
from apimock.contracts import loaded
from apimock.exceptions import ContractError
from apimock.fakes import config
from apimock.fakes.api import FakeAPI
from apimock.fakes.fake import Fake, Faking
from apimock.fakes.store import FakeStores
from apimock.request import APIRequest
from apimock.stubs.validation import Problem

_lock = threading.Lock()
_cache: tuple[int, tuple[Fake, ...]] | None = None
#: What the last build read: the FAKES object, the contracts, the seed and
#: BASE_DIR. A settings change that leaves them as they were (any other
#: override_settings) keeps the fakes without reading FAKES again.
_read: tuple[object, tuple[object, ...], object, object, tuple[Fake, ...]] | None = None


def in_force() -> tuple[Fake, ...]:
    """Every configured fake (for a journal page: ``base_url``, ``contract``,
    ``seed``, ``resources.all()``, ``handlers()``)."""
    global _cache, _read
    cached = _cache
    if cached is not None and cached[0] == conf.generation:
        return cached[1]
    with _lock:
        generation = conf.generation
        raw = conf.raw.get("FAKES") if isinstance(conf.raw, Mapping) else None
        found: tuple[Fake, ...] = ()
        if raw:
            contracts = tuple(loaded.contracts())
            seed, base = conf.FAKE_SEED, conf.BASE_DIR
            last = _read
            if (
                last is not None
                and last[0] is raw
                and last[1] == contracts
                and (last[2], last[3]) == (seed, base)
            ):
                found = last[4]
            else:
                found = tuple(_build())
                _read = (raw, contracts, seed, base, found)
        _cache = (generation, found)
        return found


#: Fakes by contract and options: settings change on every override_settings,
#: and a provider-sized document should not be read again for each.
_built: dict[tuple[object, str], Fake] = {}


def _build() -> list[Fake]:
    contracts = {contract.base_url: contract for contract in loaded.contracts()}
    found = []
    for options in config.entries():
        contract = contracts[options.base_url]
        key = (contract, repr(options))
        fake = _built.get(key)
        if fake is None:
            if len(_built) > 64:
                _built.clear()
            fake = _built[key] = Fake(contract, options)
        found.append(fake)
    return found


def covering(request: APIRequest, stores: FakeStores) -> Faking | None:
    """The fake whose contract covers ``request``'s URL, with its store in
    ``stores``; None if no fake does."""
    raw = conf.raw
    if not isinstance(raw, Mapping) or not raw.get("FAKES"):
        return None
    url = request.parsed_url
    # The longest base URL whose contract covers the request is the one its
    # contract check applies; a fake covers exactly its contract. The fakes
    # are looked up only for a request one may answer.
    for contract in loaded.contracts():
        if contract.covers(url.origin, url.path):
            fake = next((f for f in in_force() if f.contract is contract), None)
            return Faking(fake, stores) if fake is not None else None
    return None


def api(base_url: str, stores: FakeStores) -> FakeAPI:
    """``self.api.fake(base_url)``: the fake's store among ``stores``."""
    fake = named(base_url)
    return FakeAPI(fake, stores.store(fake.base_url, fake.new_store))


def named(base_url: str) -> Fake:
    """The fake for ``base_url`` (as configured, or the URL it stands for)."""
    wanted = base_url.rstrip("/")
    fakes = in_force()
    for fake in fakes:
        if wanted in (fake.base_url, fake.options.key.rstrip("/")):
            return fake
    shown = ", ".join(fake.base_url for fake in fakes) or 'none (APIMOCK["FAKES"])'
    raise LookupError(f"No fake of {base_url!r} is in force; the fakes: {shown}.")


def problems() -> list[Problem]:
    """apimock.E040-E042: FAKES and FAKE_SEED, each entry's handlers and fixtures."""
    found = config.setting_problems()
    if found or not conf.FAKES:
        return found
    try:
        fakes = _build()
    except ContractError as error:  # the contract's own check reports it
        return [Problem("apimock.E040", f"{error}.")]
    for fake in fakes:
        where = fake.options.where
        for name in fake.options.handlers:
            try:
                fake.operation_key(str(name), f'{where}["handlers"]')
            except ContractError as error:
                found.append(Problem("apimock.E042", f"{error}."))
        if fake.options.fixtures is not None:
            try:
                fake.new_store()
            except ContractError as error:
                found.append(Problem("apimock.E042", f"{error}."))
    return found

"""``httpx``: sync and async transports, patched at the class (see
:mod:`apimock.transports.httpx_family`, which httpx2 shares)."""

from __future__ import annotations

import httpx

from apimock.transports.httpx_family import Patches

CLIENT = "httpx"
_patches = Patches(httpx, CLIENT)
install = _patches.install
uninstall = _patches.uninstall

"""``httpx2``, the package the OpenAI and Anthropic SDKs are built on: sync
and async (asyncio or trio), answered as httpx is, with httpx2's own
responses and exceptions (see :mod:`apimock.transports.httpx_family`)."""

from __future__ import annotations

import httpx2

from apimock.transports.httpx_family import Patches

CLIENT = "httpx2"
_patches = Patches(httpx2, CLIENT)
install = _patches.install
uninstall = _patches.uninstall

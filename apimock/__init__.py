"""django-apimock: tests that talk to external APIs without reaching them."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from apimock.cassettes import cassette
    from apimock.clients import AUTOSPEC, fresh
    from apimock.exceptions import ContractViolation, UnmatchedRequest
    from apimock.testing.mocking import mocked
    from apimock.testing.testcases import (
        APIMockMixin,
        MockedAPILiveServerTestCase,
        MockedAPISimpleTestCase,
        MockedAPITestCase,
        MockedAPITransactionTestCase,
    )

__all__ = [
    "AUTOSPEC",
    "APIMockMixin",
    "ContractViolation",
    "MockedAPILiveServerTestCase",
    "MockedAPISimpleTestCase",
    "MockedAPITestCase",
    "MockedAPITransactionTestCase",
    "UnmatchedRequest",
    "cassette",
    "fresh",
    "mocked",
]

# Where each public name lives. Imported on first use: the test cases need
# configured settings (DRF's test module), and a child process that only
# installs the socket guard should not pay for the rest.
_HOMES = {
    "AUTOSPEC": "apimock.clients",
    "fresh": "apimock.clients",
    "ContractViolation": "apimock.exceptions",
    "UnmatchedRequest": "apimock.exceptions",
    "cassette": "apimock.cassettes",
    "mocked": "apimock.testing.mocking",
    "APIMockMixin": "apimock.testing.testcases",
    "MockedAPILiveServerTestCase": "apimock.testing.testcases",
    "MockedAPISimpleTestCase": "apimock.testing.testcases",
    "MockedAPITestCase": "apimock.testing.testcases",
    "MockedAPITransactionTestCase": "apimock.testing.testcases",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'apimock' has no attribute {name!r}")

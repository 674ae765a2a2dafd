"""django-apimock: tests that talk to external APIs without reaching them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from apimock.clients import AUTOSPEC
from apimock.exceptions import UnmatchedRequest
from apimock.mocked import mocked

if TYPE_CHECKING:
    from apimock.testcases import (
        APIMockMixin,
        MockedAPILiveServerTestCase,
        MockedAPISimpleTestCase,
        MockedAPITestCase,
        MockedAPITransactionTestCase,
    )

__all__ = [
    "AUTOSPEC",
    "APIMockMixin",
    "MockedAPILiveServerTestCase",
    "MockedAPISimpleTestCase",
    "MockedAPITestCase",
    "MockedAPITransactionTestCase",
    "UnmatchedRequest",
    "mocked",
]

_TESTCASES = frozenset(
    {
        "APIMockMixin",
        "MockedAPILiveServerTestCase",
        "MockedAPISimpleTestCase",
        "MockedAPITestCase",
        "MockedAPITransactionTestCase",
    }
)


def __getattr__(name: str) -> Any:
    # The test cases import DRF's test module, which needs configured
    # settings; importing them lazily keeps ``import apimock`` (and putting it
    # in INSTALLED_APPS) free of that.
    if name in _TESTCASES:
        from apimock import testcases

        return getattr(testcases, name)
    raise AttributeError(f"module 'apimock' has no attribute {name!r}")

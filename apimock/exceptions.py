"""The errors apimock raises."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

# An error the test has already seen: it propagated out of the test, or the
# test expected it. Swallowed ones are raised again when the test ends.
_REPORTED = "_apimock_reported"
# An error a mock keeps to fail its test with when the test ends.
_KEPT = "_apimock_kept"
_REQUEST = "_apimock_request"
E = TypeVar("E", bound=BaseException)


class UnmatchedRequest(AssertionError):
    """A request that no stub answers and whose host is not allowed.

    Deliberately a subclass of :class:`AssertionError` only, not of any HTTP
    client's connection error: ``except requests.RequestException`` in the code
    under test must not be able to hide a request that would have left the
    test process. Being an ``AssertionError``, unittest reports it as a test
    failure, not as an error in the test's own code.
    """


class StubError(ImproperlyConfigured):
    """A stub, a stub file or the ``APIMOCK`` setting is malformed.

    ``manage.py check`` reports the same problems as ``apimock.E0xx`` errors.
    """


class ClientPatchError(ImproperlyConfigured):
    """A ``mock_clients`` / ``APIMOCK["CLIENTS"]`` entry cannot be applied."""


class CassetteError(ImproperlyConfigured):
    """A cassette file cannot be read or is malformed, or may not be recorded.

    The message names the file (and line); a bad cassette is never silently
    recorded over.
    """


class ContractViolation(AssertionError):
    """A request the code sent, or a response a stub gave, breaks its OpenAPI
    contract (``APIMOCK["CONTRACTS"]``) while ``CONTRACT_MODE`` is "error".

    Like UnmatchedRequest, an ``AssertionError`` and no client's error, so
    the code under test cannot hide it; a violation it catches still fails
    the test when the test ends. The message names the operation and, per
    problem, the JSON path and what the contract expects.
    """


class ContractWarning(UserWarning):
    """The same report as ContractViolation, when ``CONTRACT_MODE`` is "warn"."""


class ShadowedStubWarning(UserWarning):
    """A stub answered in place of an earlier one that matches the same
    requests and has not answered yet: the earlier one never will.

    ``responses`` served stubs added for the same URL in turn; in apimock the
    newest wins, so that a test can override a stub added before it (in
    ``setUp``, a class or settings). Warned when both were added by the same
    function (or list of stubs) in the same phase (both in ``setUp``, or both
    in the test), where a suite ported from ``responses`` meant them in
    turn: write one stub with ``responses=[...]`` for that, or give the newer
    one ``times=``.
    """


class ContractError(ImproperlyConfigured):
    """A contract document cannot be read or is not OpenAPI 3.0/3.1, or the
    contracts extra is not installed."""


def mark_reported(error: BaseException | None) -> None:
    """Mark every miss, violation and stub error in ``error``'s chain as
    already reported."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (UnmatchedRequest, ContractViolation, StubError)):
            setattr(error, _REPORTED, True)
        error = error.__cause__ or error.__context__


def mark_kept(error: BaseException, request: object = None) -> None:
    """Note that a mock keeps ``error`` for its test's end, and the request
    (an APIRequest) that raised it."""
    setattr(error, _KEPT, True)
    if request is not None:
        setattr(error, _REQUEST, request)


def kept_request(error: BaseException) -> object:
    return getattr(error, _REQUEST, None)


def is_kept(error: BaseException) -> bool:
    """Whether a mock keeps ``error`` to fail the test with if nothing else does."""
    return getattr(error, _KEPT, False)


def is_reported(error: BaseException) -> bool:
    return getattr(error, _REPORTED, False)


def take_unreported(errors: Sequence[E]) -> list[E]:
    """The errors not reported yet, marked reported now."""
    found = [error for error in errors if not getattr(error, _REPORTED, False)]
    for error in found:
        setattr(error, _REPORTED, True)
    return found

"""The errors a mock keeps for the end of the test: misses, contract
violations and stub errors, even when the code under test swallowed them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from apimock.conf import conf
from apimock.exceptions import (
    ContractViolation,
    StubError,
    UnmatchedRequest,
    mark_kept,
    mark_reported,
)
from apimock.request import APIRequest

logger = logging.getLogger("apimock")
_Error = TypeVar("_Error", bound=BaseException)

# pytest leaves this module's frames out of a failure's traceback (see
# apimock.mock).
__tracebackhide__ = True


@dataclass
class ExpectedViolation:
    """What :meth:`KeptErrors.expect_violation` caught."""

    exception: ContractViolation | None = None


class KeptErrors:
    """``misses``, ``violations`` and ``stub_errors``; a long-lived mock
    (``record`` False: dev mode, ``apimock serve``) logs them instead."""

    record: bool
    misses: list[UnmatchedRequest]
    violations: list[ContractViolation]
    stub_errors: list[StubError]

    def _record_violation(self, violation: ContractViolation) -> None:
        self._remember(self.violations, violation)

    def _record_stub_error(
        self, error: StubError, request: APIRequest | None = None
    ) -> None:
        # A broken stub, not an answer: the test fails for it even when the
        # code under test catches it.
        self._remember(self.stub_errors, error, request)

    def _record_miss(self, miss: UnmatchedRequest) -> None:
        self._remember(self.misses, miss)

    def record_miss(self, miss: UnmatchedRequest) -> None:
        """Keep a miss a transport found after the request was answered (a
        WebSocket message no step of its conversation expects)."""
        self._record_miss(miss)

    def _remember(
        self, kept: list[_Error], error: _Error, request: APIRequest | None = None
    ) -> None:
        if self.record:
            kept.append(error)
            mark_kept(error, request)
        else:
            logger.warning("%s", error)

    @contextmanager
    def expect_violation(self) -> Iterator[ExpectedViolation]:
        """A block in which a request (or a stub's answer) must break its contract.

        Passes whether the ContractViolation reaches the test or the code under
        test swallows it, and counts it as seen, so the test does not fail for
        it when it ends. ``.exception`` is the (last) violation.
        """
        expected = ExpectedViolation()
        before = len(self.violations)
        try:
            yield expected
        except ContractViolation as raised:
            mark_reported(raised)
            expected.exception = raised
        for recorded in self.violations[before:]:
            mark_reported(recorded)
            expected.exception = expected.exception or recorded
        if expected.exception is None:
            mode = conf.CONTRACT_MODE
            raise AssertionError(
                "No request in the block broke its contract"
                + (f' (CONTRACT_MODE is "{mode}")' if mode != "error" else "")
                + "."
            )

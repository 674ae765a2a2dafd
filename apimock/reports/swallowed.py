"""The report a test ends with when the code under test swallowed apimock's
errors: each one, with what became of it (caught, a thread died of it, a
Future kept it) and where the user's code raised it."""

from __future__ import annotations

from collections.abc import Sequence

from apimock.diagnostics import MissReport, paste_lines, sent_from_lines
from apimock.exceptions import (
    ContractViolation,
    StubError,
    UnmatchedRequest,
    kept_request,
)
from apimock.reports import threads
from apimock.request import APIRequest

#: Misses told in full before the rest are listed one line each.
IN_FULL = 3


def error_to_raise(
    misses: Sequence[UnmatchedRequest],
    violations: Sequence[ContractViolation],
    stub_errors: Sequence[StubError],
) -> BaseException | None:
    """The error that fails the test for what the code swallowed, or None.

    A miss outranks a violation, which outranks a stub error: the request
    that would have left the process is the one to fix first.
    """
    if misses:
        return UnmatchedRequest(describe(misses))
    if violations:
        return ContractViolation(describe(violations))
    if stub_errors:
        return StubError(describe(stub_errors))
    return None


def describe(errors: Sequence[BaseException]) -> str:
    if len(errors) == 1:
        return "\n".join(_told(errors[0]))
    kind = type(errors[0]).__name__
    lines = [f"{len(errors)} {kind} errors the test did not see:"]
    for number, error in enumerate(errors[:IN_FULL], 1):
        told = _told(error, with_fix=False)
        lines += ["", f"{number}. {told[0]}", *(f"   {line}" for line in told[1:])]
    for number, error in enumerate(errors[IN_FULL:], IN_FULL + 1):
        lines.append(f"{number}. {str(error).splitlines()[0]}")
    reports = [r for error in errors if (r := _report(error)) is not None]
    if reports:
        requests = [report.request for report in reports]
        lines += ["", *paste_lines(requests, reports[0].paste), reports[0].hosts]
    return "\n".join(line.rstrip() for line in lines)


def _told(error: BaseException, *, with_fix: bool = True) -> list[str]:
    """One error's report with, second, what became of it."""
    report = _report(error)
    fate = happened(error, report)
    if report is None:
        first, *rest = str(error).splitlines()
        request = kept_request(error)
        where = (
            sent_from_lines(request.sent_from)
            if isinstance(request, APIRequest)
            else []
        )
        return [first, fate, *(where if "Sent from" not in str(error) else []), *rest]
    lines = [report.headline, fate, *report.own_lines()[1:]]
    if with_fix:
        lines += ["", *paste_lines([report.request], report.paste), report.hosts]
    return lines


def _report(error: BaseException) -> MissReport | None:
    report = getattr(error, "report", None)
    return report if isinstance(report, MissReport) else None


def happened(error: BaseException, report: MissReport | None = None) -> str:
    """What became of ``error``: it killed a thread, a Future kept it, or the
    code under test caught it."""
    name = type(error).__name__
    thread = threads.killed(error)
    if thread is not None:
        return f"Thread {thread!r} died of this {name}; the test fails for it here."
    site = report.request.sent_from if report is not None else None
    if site is not None and site.in_worker:
        return (
            f"The {name} was raised in a thread pool's worker and did not reach "
            "the test: its Future kept it, or the code that read it caught it."
        )
    why = (
        ", but the request would have left the process"
        if isinstance(error, UnmatchedRequest)
        else ""
    )
    return f"The code under test caught this {name} and carried on{why}."

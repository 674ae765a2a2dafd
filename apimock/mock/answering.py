"""Build the response a chosen stub gives, or raise the fault it stands for."""

from __future__ import annotations

import time

from apimock.mock.choosing import Match
from apimock.request import APIRequest, APIResponse
from apimock.stubs import answers, faults

# pytest leaves this module's frames out of a failure's traceback (see
# apimock.mock).
__tracebackhide__ = True


def answer(request: APIRequest, match: Match, *, sleep: bool) -> APIResponse:
    """The stub's response; raises the stub's error if it has one.

    A ``delay`` longer than the client's timeout raises the client's timeout
    at once; with ``real_delay`` the delay is really waited (here when
    ``sleep``, else by the async transport, which reads ``response.delay``).
    """
    stub, answer = match.stub, match.answer
    delay = float(answer.get("delay", 0))
    if delay and request.timeout is not None and delay > request.timeout:
        raise faults.Fault(
            faults.TIMEOUT,
            f"apimock: {stub.label} delays {delay:g} s, longer than the "
            f"client's timeout of {request.timeout:g} s",
        )
    prebuilt = stub.prebuilt[match.index]
    response = (
        answers.copy(prebuilt)
        if prebuilt is not None
        else answers.build(stub.label, answer, request)
    )
    if delay and answer.get("real_delay"):
        response.delay = delay
        if sleep:
            time.sleep(delay)
    return response

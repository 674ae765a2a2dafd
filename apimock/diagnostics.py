"""The message of an UnmatchedRequest: the request, the closest stubs, a fix."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from apimock.exceptions import StubError
from apimock.guard.hosts import AllowedHosts
from apimock.request import APIRequest
from apimock.stubs import matchers, templates
from apimock.stubs.model import Stub
from apimock.stubs.urls import Difference

if TYPE_CHECKING:
    from apimock.stubs.state import StubState

CLOSEST = 3


def differences(
    stub: Stub, request: APIRequest, state: StubState | None = None
) -> list[Difference]:
    """Every way ``request`` differs from ``stub`` (method, URL, rules, state)."""
    found = []
    if stub.method not in (request.method, "ANY"):
        found.append(
            Difference(
                "method", f"method differs: {request.method} vs {stub.method}", 3
            )
        )
    found += stub.pattern.differences(request.parsed_url)
    try:
        found += matchers.differences(stub.match, request)
    except StubError as error:
        # A custom matcher that fails on a request meant for another stub
        # must not break the report; the stub it belongs to failed louder.
        found.append(Difference("custom", str(error), 1))
    reason = state.unavailable(stub.spec) if state is not None else None
    if reason:
        found.append(Difference("state", reason, 1))
    return found


def closest_stubs(
    stubs: Iterable[Stub],
    request: APIRequest,
    state: StubState | None = None,
    count: int = CLOSEST,
) -> list[tuple[Stub, list[Difference]]]:
    ranked = sorted(
        ((stub, differences(stub, request, state)) for stub in stubs),
        key=lambda pair: sum(d.weight for d in pair[1]),
    )
    shown: list[tuple[Stub, list[Difference]]] = []
    seen: set[tuple[str, ...]] = set()
    for stub, found in ranked:
        # Two stubs that differ from the request in the same words would print
        # the same lines twice; one is enough.
        key = (stub.method, stub.url, *(d.reason for d in found))
        if key not in seen:
            seen.add(key)
            shown.append((stub, found))
        if len(shown) == count:
            break
    return shown


class PasteHint(NamedTuple):
    """Where the code that missed adds a stub, and the call that adds one."""

    where: str
    call: str | None  # None: stubs can only come from settings


IN_TEST_CASE = PasteHint("in the test", "self.api.add")
IN_PYTEST = PasteHint("in the test (it takes the apimock fixture)", "apimock.add")
IN_MOCKED = PasteHint("to the mock (with apimock.mocked() as api)", "api.add")
SETTINGS_ONLY = PasteHint("", None)


def unmatched_message(
    request: APIRequest,
    stubs: Iterable[Stub],
    allowed_hosts: AllowedHosts,
    state: StubState | None = None,
    paste: PasteHint = IN_TEST_CASE,
) -> str:
    lines = [
        f"{request.method} {request.url} matched no stub (client: {request.client})."
    ]
    closest = closest_stubs(stubs, request, state)
    if closest:
        lines.append("\nClosest stubs:")
        lines += _closest_lines(closest)
    else:
        lines.append("\nNo stubs are registered.")
    url = _literal_url(request)
    settings_line = f"    {settings_stub(request)},"
    if paste.call is None:
        lines += ['\nTo answer it, add to settings.APIMOCK["STUBS"]:', settings_line]
    else:
        lines += [
            f"\nTo answer it, add {paste.where}:",
            f'    {paste.call}("{request.method}", "{url}", status=200, json={{}})',
            'or to settings.APIMOCK["STUBS"]:',
            settings_line,
        ]
    lines.append("Hosts allowed to pass through: " + str(allowed_hosts))
    return "\n".join(lines)


def settings_stub(request: APIRequest) -> str:
    """The stub that answers ``request``, as an ``APIMOCK["STUBS"]`` entry
    (also a YAML flow mapping, for a stub file)."""
    return (
        f'{{"method": "{request.method}", "url": "{_literal_url(request)}", '
        '"status": 200, "json": {}}'
    )


def _literal_url(request: APIRequest) -> str:
    # Stub URLs are templates: escape what would read as a placeholder, so
    # the pasted line means the URL.
    return templates.escape(request.url, params=True)


def _closest_lines(closest: list[tuple[Stub, list[Difference]]]) -> list[str]:
    """The closest stubs and their differences, no line printed twice: a
    reason every stub shares is said once, one shared by some is referred to."""
    reasons = [{d.reason for d in found} for _, found in closest]
    common = set.intersection(*reasons) if len(closest) > 1 else set()
    lines = [f"  all of them: {d.reason}" for d in closest[0][1] if d.reason in common]
    first_shown: dict[str, int] = {}
    for number, (stub, found) in enumerate(closest, 1):
        lines.append(f"  {number}. {stub.method} {stub.url}  [{stub.label}]")
        shared = [d for d in found if d.reason in first_shown]
        for difference in found:
            if difference.reason not in first_shown | dict.fromkeys(common, 0):
                first_shown[difference.reason] = number
                lines.append(f"       - {difference.reason}")
        if shared:
            fields = ", ".join(dict.fromkeys(d.field for d in shared))
            earlier = ", ".join(sorted({str(first_shown[d.reason]) for d in shared}))
            lines.append(f"       - and its {fields} as in {earlier} above")
    return lines


def blocked_message(
    host: str, port: int | None, mechanism: str, allowed_hosts: AllowedHosts
) -> str:
    where = f"{host}:{port}" if port else host
    return "\n".join(
        [
            f"{mechanism} {where} was blocked: the host is not in "
            'APIMOCK["ALLOWED_HOSTS"].',
            "",
            "The connection came from below the HTTP clients apimock answers "
            "with stubs (a raw socket, another library or a C extension), so no "
            "stub can answer it. Mock the code that connects, or, if it is a "
            'local service, add it to APIMOCK["ALLOWED_HOSTS"].',
            f"Hosts allowed: {allowed_hosts}",
        ]
    )

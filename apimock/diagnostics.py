"""The message of an UnmatchedRequest: the request, where the user's code
made it, the closest stubs for its host, and the lines to paste."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from apimock import callsite
from apimock.exceptions import StubError
from apimock.guard.hosts import AllowedHosts
from apimock.request import URL, APIRequest
from apimock.stubs import matchers, templates
from apimock.stubs.model import Stub
from apimock.stubs.urls import Difference, Host, PathTemplate, UrlPrefix

if TYPE_CHECKING:
    from apimock.stubs.state import StubState

CLOSEST = 3
# Other hosts named in the "no stub for host" line before "...".
_HOSTS_NAMED = 3
# A host this many typos from a stub's host is named as the one meant.
_TYPOS = 2
# Differences listed per stub: the report stays under 25 lines.
_DIFFERENCES = 3


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


def host_of(stub: Stub) -> str | None:
    """The host a stub answers; None when its pattern could match any (a regex)."""
    pattern = stub.pattern
    if isinstance(pattern, Host):
        return pattern.host
    if isinstance(pattern, PathTemplate):
        return URL.parse(pattern.origin).host
    if isinstance(pattern, UrlPrefix):
        return URL.parse(pattern.prefix).host
    return None


class PasteHint(NamedTuple):
    """Where the code that missed adds a stub, and the call that adds one."""

    where: str
    call: str | None  # None: stubs can only come from settings


IN_TEST_CASE = PasteHint("in the test", "self.api.add")
IN_CLASS = PasteHint(
    "in setUpClass or setUpTestData, before the request", "cls.api.add"
)
IN_PYTEST = PasteHint("in the test (it takes the apimock fixture)", "apimock.add")
IN_PYTEST_GUARDED = PasteHint(
    "in the test, giving it the apimock fixture (def test_...(apimock))",
    "apimock.add",
)
IN_MOCKED = PasteHint("to the mock (with apimock.mocked() as api)", "api.add")
SETTINGS_ONLY = PasteHint("", None)


@dataclass
class MissReport:
    """An UnmatchedRequest's message in parts, so the report of several
    swallowed misses can say each one's own parts and the shared ones once."""

    headline: str
    request: APIRequest
    paste: PasteHint
    hosts: str
    sent_from: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stubs: list[str] = field(default_factory=list)

    def own_lines(self) -> list[str]:
        """What this miss alone says: the request, where, and its stubs."""
        return [self.headline, *self.sent_from, *self.notes, "", *self.stubs]

    def __str__(self) -> str:
        return "\n".join(
            [
                *self.own_lines(),
                "",
                *paste_lines([self.request], self.paste),
                self.hosts,
            ]
        )


def unmatched_report(
    request: APIRequest,
    stubs: Iterable[Stub],
    allowed_hosts: AllowedHosts,
    state: StubState | None = None,
    paste: PasteHint = IN_TEST_CASE,
) -> MissReport:
    client = callsite.through(request.client, request.sent_from)
    return MissReport(
        headline=f"{request.method} {request.url} matched no stub (client: {client}).",
        request=request,
        paste=paste,
        hosts="Hosts allowed to pass through: " + str(allowed_hosts),
        sent_from=sent_from_lines(request.sent_from),
        stubs=_stub_lines(request, list(stubs), state),
    )


def with_contract_note(violation: BaseException, report: MissReport) -> None:
    """Make ``violation`` (a request its contract does not describe) say the
    miss too: its closest stubs show a typo, its paste lines a missing path."""
    report.notes += ["", *str(violation).splitlines()]
    report.headline = report.headline.replace(
        "matched no stub", "matched no stub and breaks its contract"
    )
    violation.args = (str(report),)
    violation.report = report  # type: ignore[attr-defined]


def paste_lines(requests: list[APIRequest], paste: PasteHint) -> list[str]:
    """The stubs that answer ``requests``: the call to add them where the
    code is, and the settings entries."""
    it = "it" if len(requests) == 1 else "them"
    settings_lines = []
    calls = []
    for request in requests:
        url = _literal_url(request)
        settings_lines.append(f"    {settings_stub(request)},")
        calls.append(
            f'    {paste.call}("{request.method}", "{url}", status=200, json={{}})'
        )
    if paste.call is None:
        return [f'To answer {it}, add to settings.APIMOCK["STUBS"]:', *settings_lines]
    return [
        f"To answer {it}, add {paste.where}:",
        *dict.fromkeys(calls),
        'or to settings.APIMOCK["STUBS"]:',
        *dict.fromkeys(settings_lines),
    ]


def sent_from_lines(site: callsite.CallSite | None) -> list[str]:
    """``Sent from path:line, in function``, its source line, and the user
    frames that called it."""
    if site is None:
        return []
    first, *outer = site.frames
    lines = ["Sent from " + "\n".join(first.describe())]
    lines += [f"  called from {frame}, in {frame.function}" for frame in outer]
    return lines


def _stub_lines(
    request: APIRequest, stubs: list[Stub], state: StubState | None
) -> list[str]:
    """The closest stubs among those for the request's host; when none is,
    one line saying so, with how many stubs other hosts have."""
    if not stubs:
        return ["No stubs are registered."]
    host = request.parsed_url.host
    same = [stub for stub in stubs if host_of(stub) in (host, None)]
    others = sorted({h for stub in stubs if (h := host_of(stub)) not in (host, None)})
    elsewhere = len(stubs) - len(same)
    if not same:
        named = ", ".join(others[:_HOSTS_NAMED]) + (
            ", ..." if len(others) > _HOSTS_NAMED else ""
        )
        close = [other for other in others if _typos(host, other) <= _TYPOS]
        guess = f" Did you mean {close[0]}?" if close else ""
        return [
            f"No stub for host {host}; {_stubs(elsewhere)} for other hosts "
            f"({named}).{guess}"
        ]
    lines = ["Closest stubs:", *_closest_lines(closest_stubs(same, request, state))]
    if elsewhere:
        lines.append(f"  ({_count(elsewhere)} for other hosts not shown.)")
    return lines


def _typos(a: str, b: str) -> int:
    """How many letters to change, add or drop to make ``a`` into ``b``."""
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (letter != other),
                )
            )
        previous = current
    return previous[-1]


def _stubs(count: int) -> str:
    return "1 stub is" if count == 1 else f"{count} stubs are"


def _count(count: int) -> str:
    return "1 stub" if count == 1 else f"{count} stubs"


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
        said = first_shown.keys() | common
        new = list({d.reason: d for d in found if d.reason not in said}.values())
        for difference in new[:_DIFFERENCES]:
            first_shown[difference.reason] = number
            lines.append(f"       - {difference.reason}")
        if len(new) > _DIFFERENCES:
            lines.append(f"       - and {len(new) - _DIFFERENCES} more differences")
        if shared:
            fields = ", ".join(dict.fromkeys(d.field for d in shared))
            earlier = ", ".join(sorted({str(first_shown[d.reason]) for d in shared}))
            lines.append(f"       - and its {fields} as in {earlier} above")
    return lines


def blocked_message(
    host: str,
    port: int | None,
    mechanism: str,
    allowed_hosts: AllowedHosts,
    site: callsite.CallSite | None = None,
) -> str:
    where = f"{host}:{port}" if port else host
    return "\n".join(
        [
            f"{mechanism} {where} was blocked: the host is not in "
            'APIMOCK["ALLOWED_HOSTS"].',
            *sent_from_lines(site),
            "",
            "The connection came from below the HTTP clients apimock answers "
            "with stubs (a raw socket, another library or a C extension), so no "
            "stub can answer it. Mock the code that connects, or, if it is a "
            'local service, add it to APIMOCK["ALLOWED_HOSTS"].',
            f"Hosts allowed: {allowed_hosts}",
        ]
    )

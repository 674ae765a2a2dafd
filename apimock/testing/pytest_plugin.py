"""The pytest plugin: ``apimock`` for pytest and pytest-django tests.

Registered through the ``pytest11`` entry point, so installing the package is
enough. In a project with ``"apimock"`` in INSTALLED_APPS every test is
mocked, as every ``MockedAPITestCase`` test is, unless it is marked
``@pytest.mark.no_apimock`` or the project sets
``APIMOCK["PYTEST_GUARD_ALL"] = False``; elsewhere a test is mocked when it
uses the ``apimock`` fixture or the ``@pytest.mark.apimock(...)`` marker. A
mocked test gets what a ``MockedAPITestCase`` test gets, from the same
:class:`~apimock.testing.session.MockSession`.

Before the first test the plugin runs apimock's system checks (pytest-django
runs none) and stops on an error, as ``manage.py test`` does;
``--no-apimock-checks`` skips them. Django is imported only when a test needs
the mock, so the plugin costs nothing in projects without it.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from apimock.mock import APIMock
    from apimock.testing.session import MockSession

MARKER = "apimock"
#: The opt-out: a test (or module, with ``pytestmark``) left unmocked.
OFF_MARKER = "no_apimock"
NO_CHECKS_OPTION = "apimock_no_checks"
_MARKER_ARGUMENTS = ("stubs", "clients", "allowed_hosts", "cassette")
_CALL_REPORT = pytest.StashKey[pytest.TestReport]()
_SESSION = pytest.StashKey["MockSession"]()
# Mocked because the project guards every test, not because the test asked.
_GUARDED = pytest.StashKey[bool]()
# The system checks' warnings, printed in pytest's header.
_CHECK_WARNINGS = pytest.StashKey[list[str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("apimock").addoption(
        "--no-apimock-checks",
        action="store_true",
        dest=NO_CHECKS_OPTION,
        help="do not run apimock's system checks before the first test "
        "(a check can be silenced for good in SILENCED_SYSTEM_CHECKS).",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(stubs=[...], clients={{...}}, allowed_hosts=[...], cassette=name): "
        "mock outbound "
        "APIs for this test, with these stubs and client patches on top of "
        "settings.APIMOCK.",
    )
    config.addinivalue_line(
        "markers",
        f"{OFF_MARKER}: do not mock this test, although the project has apimock "
        "in INSTALLED_APPS (its requests are real).",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop before the first test (and before xdist starts its workers) when
    the project sets APIMOCK without installing the app, or when apimock's
    system checks find an error, as ``manage.py test`` would."""
    if hasattr(session.config, "workerinput"):
        return  # the controller checked already
    from apimock.testing.installed import (
        ChecksFailed,
        check_warnings,
        missing_app_problem,
    )

    problem = missing_app_problem()
    if problem is not None:
        raise pytest.UsageError(problem)
    if session.config.getoption(NO_CHECKS_OPTION):
        return
    try:
        session.config.stash[_CHECK_WARNINGS] = check_warnings()
    except ChecksFailed as failed:
        raise pytest.UsageError(str(failed)) from None


def pytest_report_header(config: pytest.Config) -> list[str]:
    """The checks' warnings, said once at the start as ``manage.py test``
    prints them (warnings do not stop the session); with the checks skipped,
    still an installed client apimock cannot answer (``apimock.W001``)."""
    warnings = config.stash.get(_CHECK_WARNINGS, None)
    if warnings is not None:
        # "?: " is Django's name for a check about no object: settings.
        return [f"apimock: {line.strip().removeprefix('?: ')}" for line in warnings]
    from django.apps import apps

    # Only in a project that uses apimock (it reads every client's metadata).
    if not apps.ready or not apps.is_installed("apimock"):
        return []
    from apimock.transports import unsupported_clients

    return [f"apimock: {reason}" for reason in unsupported_clients().values()]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if call.when == "call":
        item.stash[_CALL_REPORT] = report
    if call.excinfo is not None and _SESSION in item.stash:
        # The miss failed this phase already: not one the code swallowed.
        from apimock.exceptions import mark_reported

        mark_reported(call.excinfo.value)
    return report


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    session = item.stash.get(_SESSION, None)
    if session is not None:
        # Stubs the test adds may override its fixtures' without a warning.
        session.mock.mark_phase()
    yield  # the test; what it raised fails it as it is
    if session is not None:
        _fail_for_swallowed(session)


def _fail_for_swallowed(session: MockSession) -> None:
    """Fail the test itself (not its teardown) for a miss the code swallowed,
    with apimock's message alone: it names the test's line already, and the
    plugin's frames would only bury it."""
    error = session.take_swallowed_error()
    if error is not None:
        pytest.fail(f"{type(error).__name__}: {error}", pytrace=False)


@pytest.fixture
def mock_clients() -> Mapping[str, Any]:
    """Client-library patches for the mocked tests in this fixture's scope.

    Override it as ``mock_clients`` is set on a ``MockedAPITestCase``:
    ``{"stripe.Token": MockToken}``. The marker's ``clients`` go on top.
    """
    return {}


@pytest.fixture
def apimock(
    request: pytest.FixtureRequest, mock_clients: Mapping[str, Any]
) -> Iterator[APIMock]:
    """The active mock, as ``self.api`` in a test case: stubs, ``calls``, asserts."""
    session = _session(request.node, mock_clients)
    api = session.start()
    request.node.stash[_SESSION] = session
    yield api
    _finish(request.node, session)


@pytest.fixture
def apimock_mocks(
    apimock: APIMock, request: pytest.FixtureRequest
) -> Mapping[str, Any]:
    """The objects the client patches put in place, as ``self.mocks`` in a test case."""
    session: MockSession = request.node.stash[_SESSION]
    return session.mocks


@pytest.fixture(autouse=True)
def _apimock_auto(request: pytest.FixtureRequest) -> None:
    """Mock the marked tests, and every test of a project with apimock in
    INSTALLED_APPS unless it opts out."""
    if "apimock" in request.fixturenames or _mocks_itself(request):
        return
    if request.node.get_closest_marker(MARKER) is not None:
        request.getfixturevalue("apimock")
    elif request.node.get_closest_marker(OFF_MARKER) is None and _guard_all():
        request.node.stash[_GUARDED] = True
        request.getfixturevalue("apimock")


def _mocks_itself(request: pytest.FixtureRequest) -> bool:
    """A ``MockedAPITestCase`` test: the test case mocks its own phases."""
    from apimock.testing.testcases import APIMockMixin

    return isinstance(request.instance, APIMockMixin)


def _guard_all() -> bool:
    from django.conf import settings

    from apimock.testing.installed import apimock_installed

    if not settings.configured or not apimock_installed():
        return False
    from apimock.conf import conf

    return conf.PYTEST_GUARD_ALL


def _session(node: pytest.Item, clients: Mapping[str, Any]) -> MockSession:
    from apimock.cassettes import options_for
    from apimock.diagnostics import IN_PYTEST, IN_PYTEST_GUARDED
    from apimock.testing.session import MockSession

    options = _marker_options(node)
    return MockSession(
        stubs=options.get("stubs", ()),
        clients={**clients, **options.get("clients", {})},
        allowed_hosts=options.get("allowed_hosts"),
        cassette=options_for(options.get("cassette")),
        paste=IN_PYTEST_GUARDED if node.stash.get(_GUARDED, False) else IN_PYTEST,
        labels=("api.add()", f"@pytest.mark.{MARKER}(stubs=...)"),
        name=node.nodeid,
    )


def _marker_options(node: pytest.Item) -> dict[str, Any]:
    marker = node.get_closest_marker(MARKER)
    if marker is None:
        return {}
    if marker.args:
        pytest.fail(
            f"@pytest.mark.{MARKER} takes keyword arguments only "
            f"({', '.join(_MARKER_ARGUMENTS)}), got {marker.args!r}.",
            pytrace=False,
        )
    unknown = sorted(set(marker.kwargs) - set(_MARKER_ARGUMENTS))
    if unknown:
        pytest.fail(
            f"@pytest.mark.{MARKER} got {', '.join(unknown)}; "
            f"it takes {', '.join(_MARKER_ARGUMENTS)}.",
            pytrace=False,
        )
    return dict(marker.kwargs)


def _finish(node: pytest.Item, session: MockSession) -> None:
    """Undo the mock; then fail for a miss swallowed after the test's body
    (in a fixture's teardown) or, if asked, an unused stub."""
    report = node.stash.get(_CALL_REPORT, None)
    session.finish()
    from apimock.conf import conf

    if report is not None and report.passed and conf.ASSERT_ALL_USED:
        session.mock.assert_all_stubs_used()

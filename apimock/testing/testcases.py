"""Test-case classes: APIMockMixin holds the behaviour, the classes only combine.

Two activations per test class:

* the class mock, started before Django's own ``setUpClass`` (so
  ``setUpTestData`` and fixtures are covered) and undone by a class cleanup;
* the test mock, started in ``_callSetUp`` -- unittest's hook that runs
  ``setUp`` -- so a ``setUp`` that never calls ``super()`` is still covered,
  and undone by the first cleanup registered, which therefore runs last.

Between tests (Django's ``_pre_setup``/``_post_teardown``) the class mock
still blocks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from django import test as django_test
from django.core.exceptions import ImproperlyConfigured

try:  # DRF is optional: without it the same classes stand on Django's bases
    from rest_framework.test import (
        APILiveServerTestCase as _LiveServerBase,
    )
    from rest_framework.test import (
        APISimpleTestCase as _SimpleBase,
    )
    from rest_framework.test import (
        APITestCase as _TestBase,
    )
    from rest_framework.test import (
        APITransactionTestCase as _TransactionBase,
    )

    HAS_DRF = True
except ImportError:  # pragma: no cover - tests/test_without_drf.py runs it
    _LiveServerBase = django_test.LiveServerTestCase  # type: ignore[misc,assignment]
    _SimpleBase = django_test.SimpleTestCase  # type: ignore[misc,assignment]
    _TestBase = django_test.TestCase  # type: ignore[misc,assignment]
    _TransactionBase = django_test.TransactionTestCase  # type: ignore[misc,assignment]
    HAS_DRF = False

from apimock import cassettes, clients
from apimock.calls import Call
from apimock.cassettes.recorder import CassetteOptions
from apimock.conf import conf
from apimock.diagnostics import IN_CLASS, IN_TEST_CASE
from apimock.exceptions import ClientPatchError
from apimock.mock import APIMock
from apimock.testing.installed import ADD_IT, NOT_INSTALLED, apimock_installed
from apimock.testing.session import MockSession

# Leave this module's frames out of test-failure tracebacks, as unittest does
# for its own: the failure is in the test, not in the wiring around it.
__unittest = True


class APIMockMixin:
    """Mock outbound APIs for every phase of a :class:`unittest.TestCase` subclass.

    Put it before the Django test case in the bases.
    """

    #: ``{"dotted.path": replacement}`` patched around every test.
    mock_clients: ClassVar[Mapping[str, Any]] = {}
    #: Stubs for every test of the class (and ``setUpClass``/``setUpTestData``),
    #: written as in ``APIMOCK["STUBS"]``; a test's own stubs win over them.
    stubs: ClassVar[Sequence[Mapping[str, Any]]] = ()
    #: A cassette for every test of the class (``CASSETTE_DIR/<name>.yaml``);
    #: ``@apimock.cassette("name")`` on a method wins.
    cassette: ClassVar[str | None] = None

    api: APIMock
    _apimock_session: MockSession
    mocks: Mapping[str, Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if getattr(cls, "mock_clients", None):
            clients.declared.add(cls)
        # A subclass's own setUpClass may make requests before it calls
        # super(); wrap it so the class mock is already active by then.
        for name in ("setUpClass", "tearDownClass"):
            own = cls.__dict__.get(name)
            if isinstance(own, classmethod):
                setattr(cls, name, classmethod(_in_class_mock(own.__func__)))

    @classmethod
    def setUpClass(cls) -> None:
        with _class_session(cls).reporting():
            super().setUpClass()  # type: ignore[misc]
            _allow_live_server(cls)

    @classmethod
    def tearDownClass(cls) -> None:
        with _class_session(cls).reporting():
            super().tearDownClass()  # type: ignore[misc]

    def _callSetUp(self) -> None:
        shared = clients.shared_state(
            self.mock_clients, f"{type(self).__qualname__}.mock_clients"
        )
        if shared:
            raise ClientPatchError(f"apimock.E024: {shared[0]}")
        session = MockSession(
            parent=getattr(type(self), "api", None),
            clients=self.mock_clients,
            cassette=_cassette_of(self),
            name=self.id(),  # type: ignore[attr-defined]
            paste=IN_TEST_CASE,
        )
        self.api = session.start()
        self.mocks = session.mocks
        self._apimock_session = session
        self.addCleanup(session.finish)  # type: ignore[attr-defined]
        with session.reporting():
            super()._callSetUp()  # type: ignore[misc]

    def _callTestMethod(self, method: Callable[[], Any]) -> None:
        self.api.mark_phase()
        with self._apimock_session.reporting():
            super()._callTestMethod(method)  # type: ignore[misc]
        # Only after a passing test body: a failure already says enough.
        if conf.ASSERT_ALL_USED:
            self.api.assert_all_stubs_used()

    def _callTearDown(self) -> None:
        with self._apimock_session.reporting():
            super()._callTearDown()  # type: ignore[misc]

    def assertAPICalled(
        self,
        method: str,
        url: str | re.Pattern[str] | None = None,
        *,
        url_regex: str | re.Pattern[str] | None = None,
        url_prefix: str | None = None,
        times: int | None = None,
        json: Any = None,
        json_contains: Any = None,
        data: Mapping[str, Any] | None = None,
        data_contains: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        files: Any = None,
    ) -> list[Call]:
        """Fail unless ``method url`` was called; returns the matching calls.

        See :meth:`apimock.mock.APIMock.assert_called` for each argument.
        """
        return self.api.assert_called(
            method,
            url,
            url_regex=url_regex,
            url_prefix=url_prefix,
            times=times,
            json=json,
            json_contains=json_contains,
            data=data,
            data_contains=data_contains,
            params=params,
            headers=headers,
            files=files,
        )

    def assertAPINotCalled(
        self,
        method: str,
        url: str | re.Pattern[str] | None = None,
        *,
        url_regex: str | re.Pattern[str] | None = None,
        url_prefix: str | None = None,
    ) -> None:
        """Fail if ``method url`` was called, in any of assertAPICalled's URL forms."""
        self.api.assert_not_called(
            method, url, url_regex=url_regex, url_prefix=url_prefix
        )

    def assertNoAPICalls(self) -> None:
        """Fail if the test made any request at all, through any client."""
        self.api.assert_no_calls()

    def assertAllStubsUsed(self) -> None:
        """Fail naming every stub this test added, or required stub, never called."""
        self.api.assert_all_stubs_used()


def _cassette_of(test: APIMockMixin) -> CassetteOptions | None:
    method = getattr(test, test._testMethodName, None)  # type: ignore[attr-defined]
    own = getattr(method, cassettes.ATTRIBUTE, None)
    return own or cassettes.options_for(type(test).cassette)


def _class_session(cls: type[APIMockMixin]) -> MockSession:
    """The class mock of ``cls``, started on first use and undone by a class cleanup."""
    session = cls.__dict__.get("_apimock_class_session")
    if session is None:
        if not apimock_installed():
            raise ImproperlyConfigured(
                f"{cls.__qualname__} is an apimock test case but {NOT_INSTALLED}, "
                f"so apimock's system checks never run. {ADD_IT}"
            )
        session = MockSession(
            settings_clients=False,
            stubs=cls.stubs,
            labels=("cls.api.add()", f"{cls.__qualname__}.stubs"),
            paste=IN_CLASS,
        )
        cls.api = session.start()
        cls._apimock_class_session = session  # type: ignore[attr-defined]
        cls.addClassCleanup(_finish_class_session, cls, session)  # type: ignore[attr-defined]
    return session


def _allow_live_server(cls: type[APIMockMixin]) -> None:
    """A live server test reaches its own server, whatever ALLOWED_HOSTS
    says, and a recording cassette never stores that traffic."""
    thread = getattr(cls, "server_thread", None)
    port = getattr(thread, "port", None)
    if port:
        host = str(getattr(cls, "host", "localhost"))
        cls.api.allow(f"[{host}]:{port}" if ":" in host else f"{host}:{port}")


def _finish_class_session(cls: type, session: MockSession) -> None:
    del cls._apimock_class_session  # type: ignore[attr-defined]
    session.finish()


def _in_class_mock(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(cls: type[APIMockMixin]) -> Any:
        with _class_session(cls).reporting():
            return method(cls)

    return wrapper


class MockedAPISimpleTestCase(APIMockMixin, _SimpleBase):
    """DRF's :class:`~rest_framework.test.APISimpleTestCase` with apimock
    active (Django's :class:`~django.test.SimpleTestCase` without DRF)."""


class MockedAPITransactionTestCase(APIMockMixin, _TransactionBase):
    """DRF's :class:`~rest_framework.test.APITransactionTestCase` with apimock
    active (Django's :class:`~django.test.TransactionTestCase` without DRF)."""


class MockedAPITestCase(APIMockMixin, _TestBase):
    """DRF's :class:`~rest_framework.test.APITestCase` with apimock active.

    ``self.client`` is DRF's :class:`~rest_framework.test.APIClient`; in a
    project without DRF the class stands on Django's
    :class:`~django.test.TestCase` and ``self.client`` is Django's client.
    """


class MockedAPILiveServerTestCase(APIMockMixin, _LiveServerBase):
    """DRF's :class:`~rest_framework.test.APILiveServerTestCase` with apimock
    (Django's :class:`~django.test.LiveServerTestCase` without DRF).

    The live server is reachable: its own host and port are allowed, even
    when ``ALLOWED_HOSTS`` leaves them out, and a recording cassette never
    stores requests to it.
    """

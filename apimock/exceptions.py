"""The errors apimock raises."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured


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

"""One activation: an APIMock made active plus its client patches.

Test cases, ``apimock.mocked`` and the offline dev mode all start and stop
mocks through this class, so there is one place that decides what "active"
means and how a swallowed miss is still reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from apimock import activation
from apimock.calls import CallObserver
from apimock.clients import ClientPatches, shared_state
from apimock.conf import conf
from apimock.diagnostics import PasteHint
from apimock.exceptions import ClientPatchError, mark_reported, take_unreported
from apimock.mock import APIMock
from apimock.reports import swallowed

# The report of what the code swallowed is the failure: leave the frames that
# raise it out of the traceback, as unittest does for its own.
__unittest = True

if TYPE_CHECKING:
    from apimock.cassettes.recorder import CassetteOptions


class MockSession:
    def __init__(
        self,
        *,
        parent: APIMock | None = None,
        stubs: Iterable[Mapping[str, Any]] = (),
        clients: Mapping[str, Any] | None = None,
        allowed_hosts: Iterable[str] | None = None,
        settings_clients: bool = True,
        record: bool = True,
        share_state: bool = False,
        cassette: CassetteOptions | None = None,
        paste: PasteHint | None = None,
        labels: tuple[str, str] = ("api.add()", "stubs"),
        observer: CallObserver | None = None,
        name: str | None = None,
    ) -> None:
        # The test's id: its call log is written as HAR under HAR_DIR.
        self.name = name
        # A nested activation (mocked() inside a test) shares the test's
        # stub state: times, sequences and scenarios carry on inside it, and
        # its calls are the test's calls too.
        nested = share_state and parent is not None
        self.mock = APIMock(
            parent=parent,
            stubs=stubs,
            allowed_hosts=allowed_hosts,
            record=record,
            state=parent.state if nested and parent is not None else None,
            fakes=parent.fakes if nested and parent is not None else None,
            cassette=_open_cassette(cassette),
            paste=paste,
            labels=labels,
            calls_to=parent.calls if nested and parent is not None else None,
            observer=observer,
        )
        merged = dict(conf.CLIENTS) if settings_clients else {}
        shared = shared_state(merged, 'APIMOCK["CLIENTS"]')
        if shared:  # manage.py check says so too (pytest runs no checks)
            raise ClientPatchError(f"apimock.E024: {shared[0]}")
        merged.update(clients or {})
        self._patches = ClientPatches(merged)

    @property
    def mocks(self) -> dict[str, Any]:
        return self._patches.mocks

    def start(self) -> APIMock:
        activation.push(self.mock)
        try:
            self._patches.start()
        except BaseException:
            activation.pop(self.mock)
            raise
        return self.mock

    def stop(self) -> None:
        try:
            self._patches.stop()
        finally:
            if activation.current() is self.mock:
                self.mock.misses.extend(activation.take_child_misses())
            activation.pop(self.mock)
            if self.mock.cassette is not None:
                self.mock.cassette.finish(self.mock.state)
            folder = conf.HAR_DIR if self.name else None
            if folder is not None and self.name:
                from apimock.exchange import har_export

                har_export.write_test(self.name, self.mock.calls, folder)

    def finish(self) -> None:
        """Stop, then fail for what the code under test swallowed."""
        self.stop()
        self.raise_swallowed_errors()

    def raise_swallowed_errors(self) -> None:
        """Fail for misses, contract violations and stub errors the code under
        test swallowed."""
        error = self.take_swallowed_error()
        if error is not None:
            raise error

    def take_swallowed_error(self) -> BaseException | None:
        """The error for what the code under test swallowed so far, if any;
        taken, so it is reported once."""
        return swallowed.error_to_raise(
            take_unreported(self.mock.misses),
            take_unreported(self.mock.violations),
            take_unreported(self.mock.stub_errors),
        )

    def reporting(self) -> _Reporting:
        """Note misses that propagate out of this block: they fail loudly already."""
        return _REPORTING


class _Reporting:
    """:meth:`MockSession.reporting`'s block. A class, not a generator: a test
    enters three, and a generator-based one costs several times more."""

    def __enter__(self) -> None:
        pass

    def __exit__(self, kind: Any, error: BaseException | None, trace: Any) -> None:
        if error is not None:
            mark_reported(error)


_REPORTING = _Reporting()


def _open_cassette(options: CassetteOptions | None) -> Any:
    if options is None:
        return None
    from apimock.cassettes.recorder import Cassette

    return Cassette(options)

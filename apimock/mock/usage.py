"""Which of a mock's stubs were never used: ``assertAllStubsUsed``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apimock.reports import unused
from apimock.stubs.model import Stub, StubSpec
from apimock.stubs.registry import StubSet
from apimock.stubs.state import StubState

if TYPE_CHECKING:
    from apimock.calls import CallLog

# pytest leaves this module's frames out of a failure's traceback (see
# apimock.mock).
__tracebackhide__ = True


class StubUsage:
    _stubs: StubSet
    state: StubState
    calls: CallLog

    def _layers(self) -> list[StubSet]:
        raise NotImplementedError

    def stubs(self) -> list[Stub]:
        raise NotImplementedError

    def unused_stubs(self) -> list[StubSpec]:
        """This mock's own stubs, and any ``required`` stub, never used here."""
        own = self._stubs.specs()
        required = [
            spec
            for layer in self._layers()[1:]
            for spec in layer.specs()
            if spec.required
        ]
        return [spec for spec in [*own, *required] if not self.state.uses[spec]]

    def assert_all_stubs_used(self) -> None:
        """Fail naming every stub of this test (and required stub) never
        called: where it was added, what it matches, and the call that came
        closest."""
        specs = self.unused_stubs()
        if specs:
            # Every unused spec is one of this mock's layers, so resolved.
            resolved = {stub.spec: stub for stub in self.stubs()}
            raise AssertionError(
                unused.message([resolved[spec] for spec in specs], self.calls)
            )

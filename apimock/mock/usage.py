"""Which of a mock's stubs were never used: ``assertAllStubsUsed``."""

from __future__ import annotations

from apimock.stubs.model import StubSpec
from apimock.stubs.registry import StubSet
from apimock.stubs.state import StubState


class StubUsage:
    _stubs: StubSet
    state: StubState

    def _layers(self) -> list[StubSet]:
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
        """Fail naming every stub of this test (and required stub) never called."""
        unused = self.unused_stubs()
        if unused:
            lines = "\n".join(
                f"  - {spec.method} {spec.shown_url}  [{spec.label}]" for spec in unused
            )
            raise AssertionError(f"{len(unused)} stub(s) were never called:\n{lines}")

"""What stubs remember within one test: uses, sequences and scenario states.

One StubState per test (a nested ``mocked()`` shares its test's), so
``times``, ``responses`` sequences and scenarios start afresh in every test.
A long-lived mock (dev mode, ``apimock serve``) keeps one for its lifetime;
its journal may switch stubs off in it.
"""

from __future__ import annotations

import threading
from collections import Counter

from apimock.stubs.model import DEFAULT_STATE, StubSpec


class StubState:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.uses: Counter[StubSpec] = Counter()
        self.scenarios: dict[str, str] = {}
        #: Stubs switched off until switched on again (not by :meth:`reset`).
        self.switched_off: set[StubSpec] = set()

    def unavailable(self, spec: StubSpec) -> str | None:
        """Why ``spec`` cannot answer now (used up, wrong scenario state), or None."""
        if self.switched_off and spec in self.switched_off:
            return "switched off in the journal"
        used = self.uses.get(spec, 0)  # get: a Counter's [] misses via __missing__
        if spec.times is not None and used >= spec.times:
            return f"used up: times={spec.times}"
        if spec.then == "fail" and used >= len(spec.answers):
            return (
                f"used up: its {len(spec.answers)} responses were served (then: fail)"
            )
        if spec.scenario is not None and spec.state is not None:
            current = self.scenarios.get(spec.scenario, DEFAULT_STATE)
            if current != spec.state:
                return (
                    f"scenario {spec.scenario!r} is in state {current!r}, "
                    f"the stub wants {spec.state!r}"
                )
        return None

    def take(self, spec: StubSpec) -> int:
        """Count a use of ``spec``; the index of the response it serves."""
        used = self.uses.get(spec, 0)
        self.uses[spec] = used + 1
        if spec.scenario is not None and spec.next_state is not None:
            self.scenarios[spec.scenario] = spec.next_state
        return min(used, len(spec.answers) - 1)

    def switch(self, spec: StubSpec, *, on: bool) -> None:
        with self.lock:
            if on:
                self.switched_off.discard(spec)
            else:
                self.switched_off.add(spec)

    def reset(self) -> None:
        """Forget uses and scenario states; switched-off stubs stay off."""
        with self.lock:
            self.uses.clear()
            self.scenarios.clear()

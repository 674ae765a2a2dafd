"""Where a stub was declared: the one name every message uses for it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StubSource:
    """Where a stub was declared, for messages: settings, a file or a test."""

    origin: str
    index: int
    line: int | None = None

    def __str__(self) -> str:
        if self.origin == "settings":
            return f'APIMOCK["STUBS"][{self.index}]'
        if self.origin == "api.add":
            return f"api.add() #{self.index + 1}"
        line = f", line {self.line}" if self.line else ""
        return f"{self.origin}, stub {self.index}{line}"

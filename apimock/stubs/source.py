"""Where a stub was declared: the one name every message uses for it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StubSource:
    """Where a stub was declared, for messages: settings, a file or a test."""

    origin: str
    index: int
    line: int | None = None
    #: How the index is shown: "file" (a stub file's ", stub N, line L"),
    #: "list" (a list in code: ``MyTest.stubs[N]``) or "call" (the Nth
    #: ``api.add()``, from 1).
    style: str = "file"

    def __str__(self) -> str:
        if self.origin == "settings":
            return f'APIMOCK["STUBS"][{self.index}]'
        if self.style == "call":
            return f"{self.origin} #{self.index + 1}"
        if self.style == "list":
            return f"{self.origin}[{self.index}]"
        line = f", line {self.line}" if self.line else ""
        return f"{self.origin}, stub {self.index}{line}"

"""Where a stub was declared: the one name every message uses for it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StubSource:
    """Where a stub was declared, for messages: settings, a file or a test.

    Indexes count from 0 everywhere, as Python indexes the list they are
    written in: ``APIMOCK["STUBS"][0]`` is the first settings stub,
    ``stripe.yaml:19, stubs[1]`` the second stub of a file,
    ``MyTest.stubs[0]`` the first of a class's list. A stub a test added is
    named by the line that added it: ``api.add() at tests.py:12``.
    """

    origin: str
    index: int
    line: int | None = None
    #: How the index is shown: "file" (a stub file's ``path:line, stubs[N]``),
    #: "list" (a list in code: ``MyTest.stubs[N]``) or "call" (an
    #: ``api.add()``, by its line when it is known, else ``[N]``).
    style: str = "file"
    #: Where the ``api.add(...)`` call was, when it was in user code: shown
    #: as ``path:line`` (a call site, made text only for a message).
    at: object = None
    #: What the file calls its list: a cassette's holds ``interactions``.
    listed_as: str = "stubs"

    def __str__(self) -> str:
        if self.origin == "settings":
            return f'APIMOCK["STUBS"][{self.index}]'
        if self.style == "call":
            return (
                f"{self.origin} at {self.at}"
                if self.at
                else f"{self.origin} [{self.index}]"
            )
        if self.style == "list":
            return f"{self.origin}[{self.index}]"
        line = f":{self.line}" if self.line else ""
        return f"{self.origin}{line}, {self.listed_as}[{self.index}]"

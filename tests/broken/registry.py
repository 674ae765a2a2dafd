"""The scenarios and what each message must hold, by checklist column."""

from __future__ import annotations

import atexit
import inspect
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The checklist, in the order of the table's columns.
COLUMNS = (
    "method",
    "url",
    "client",
    "closest",
    "diff",
    "paste",
    "where",
    "short",
    "fails",
)
#: A line in a broken test that ends with this comment is "the user's line":
#: the report must name its file and line.
MARK = "# <- the line"
#: The prefix of every folder a scenario writes its files in (examples.py
#: takes it out of the reports the docs show).
TEMP_PREFIX = "apimock-broken-"


def temporary_folder(name: str = "") -> Path:
    """A new folder for a scenario's files, removed when the process exits
    (left behind, one run of the suite left a few in TMPDIR)."""
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{name}"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@dataclass
class Scenario:
    """One deliberately broken test and the parts its failure must show."""

    name: str
    kind: str
    target: Any  # a TestCase class, a pytest test's name, or a callable
    expect: dict[str, str] = field(default_factory=dict)
    #: Column -> text that must not be in the report (a wrong client name,
    #: a wrong paste line): its presence fails that column.
    absent: dict[str, str] = field(default_factory=dict)

    def where(self) -> str | None:
        """``file.py:line`` of the marked line, when the scenario has one."""
        if "where" in self.expect:
            return self.expect["where"]
        try:
            lines, start = inspect.getsourcelines(self.target)
        except (OSError, TypeError):
            return None
        for offset, line in enumerate(lines):
            if line.rstrip().endswith(MARK):
                path = inspect.getsourcefile(self.target) or ""
                return f"{path.rsplit('/', 1)[-1]}:{start + offset}"
        return None


SCENARIOS: list[Scenario] = []


def scenario(
    name: str, kind: str, *, absent: dict[str, str] | None = None, **expect: str
) -> Callable[[Any], Any]:
    """Register the decorated class or function as a scenario."""

    def register(target: Any) -> Any:
        SCENARIOS.append(Scenario(name, kind, target, expect, absent or {}))
        return target

    return register


def miss(
    name: str,
    kind: str,
    method: str,
    url: str,
    *,
    client: str = "requests",
    add: str = "self.api.add",
    absent: dict[str, str] | None = None,
    **expect: str,
) -> Callable[[Any], Any]:
    """A scenario of a request no stub answers: the report names the method,
    the URL and the client, and pastes ``add("METHOD", "URL"...``."""
    return scenario(
        name,
        kind,
        absent=absent,
        method=method,
        url=url,
        client=f"client: {client}",
        **{"paste": f'{add}("{method}", "{url}"', **expect},
    )

"""What ``manage.py apimock cassettes`` reports: each cassette and its last use."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from apimock.cassettes import files, usage
from apimock.exceptions import CassetteError


@dataclass
class CassetteReport:
    name: str
    path: Path
    interactions: int = 0
    #: "METHOD url (line N)" of each interaction the last run never replayed.
    never_replayed: list[str] = field(default_factory=list)
    used: bool = False
    error: str | None = None


def reports(cassette_dir: Path) -> tuple[str | None, list[CassetteReport]]:
    """The last test run's id and a report for every cassette under ``cassette_dir``."""
    run, seen = usage.last_run(cassette_dir)
    found = []
    for path in _cassette_files(cassette_dir):
        name = path.relative_to(cassette_dir).with_suffix("").as_posix()
        report = CassetteReport(name, path)
        try:
            recorded = files.read(path)
        except CassetteError as error:
            report.error = str(error)
            found.append(report)
            continue
        report.interactions = len(recorded.interactions)
        entry = seen.get(name)
        report.used = entry is not None
        replayed = entry["replayed"] if entry else set()
        for number, item in enumerate(recorded.interactions, 1):
            if report.used and number not in replayed:
                line = recorded.lines[number - 1]
                request = item["request"]
                report.never_replayed.append(
                    f"#{number} {request['method']} {request['url']} (line {line})"
                )
        found.append(report)
    return run, found


def _cassette_files(cassette_dir: Path) -> Iterator[Path]:
    if not cassette_dir.is_dir():
        return
    for path in sorted(cassette_dir.rglob("*.yaml")):
        parts = path.relative_to(cassette_dir).parts
        if not any(part.startswith(".") for part in parts):
            yield path

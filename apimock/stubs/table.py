"""``manage.py apimock list``: every settings stub as one table row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from apimock.stubs.model import Stub

COLUMNS = ("SOURCE", "METHOD", "URL", "STATUS")


def rows(stubs: Iterable[Stub]) -> list[tuple[str, str, str, str]]:
    return [
        (str(stub.spec.source), stub.method, stub.url, _status(stub.answers))
        for stub in stubs
    ]


def _status(answers: tuple[Mapping[str, Any], ...]) -> str:
    shown = []
    for answer in answers:
        if "error" in answer:
            shown.append(f"error: {answer['error']}")
        elif "callback" in answer:
            shown.append("callback")
        else:
            shown.append(str(answer.get("status", 200)))
    return ", then ".join(shown)


def table(found: list[tuple[str, str, str, str]]) -> str:
    widths = [max(len(row[i]) for row in [COLUMNS, *found]) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [COLUMNS, *found]
    ]
    return "\n".join(line.rstrip() for line in lines)

"""apimock's own tests under pytest are left unguarded, as under manage.py test.

They start and stop mocks themselves, check that none is active between
tests, and run pytest and manage.py in child processes; the guard a project's
tests get by default would stand around each of them. The pytest files those
child processes run (tests/pytest_cases/, tests/broken/) keep the default:
they are the project's tests there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PROJECT_TESTS = (HERE / "pytest_cases", HERE / "broken")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(item.path).resolve()
        if path.is_relative_to(HERE) and not any(
            path.is_relative_to(folder) for folder in PROJECT_TESTS
        ):
            item.add_marker(pytest.mark.no_apimock)

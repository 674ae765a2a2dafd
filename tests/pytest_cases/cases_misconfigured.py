"""Run with settings_misconfigured: no test runs unless the checks are skipped."""

from __future__ import annotations


def test_runs_only_when_the_checks_are_skipped():
    pass

"""``python -m tests.broken``: the checklist table, with each report if asked.

``python -m tests.broken -v`` prints every scenario's report under the table;
``--write-docs`` writes the examples of docs/failures.rst.
"""

from __future__ import annotations

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testproject.settings")
    django.setup()
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    from tests.broken.checklist import run_all, table

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    databases = runner.setup_databases()
    try:
        rows = run_all()
    finally:
        runner.teardown_databases(databases)
    print(table(rows))
    if "--write-docs" in sys.argv:
        from tests.broken import examples

        examples.write({scenario.name: outcome for scenario, outcome, _ in rows})
    if "-v" in sys.argv:
        for scenario, outcome, marks in rows:
            missed = [column for column, met in marks.items() if met is False]
            print(f"\n===== {scenario.name} (missed: {', '.join(missed) or 'none'})")
            print(outcome.report)
            if "-vv" in sys.argv:
                print("----- output\n" + outcome.output)


main()

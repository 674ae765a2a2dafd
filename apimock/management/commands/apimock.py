"""``python manage.py apimock <subcommand>``: look at apimock's configuration.

``cassettes``: every cassette under ``APIMOCK["CASSETTE_DIR"]``, with the
interactions the last test run never replayed and the cassettes it never
used. Exits 1 when a cassette cannot be read.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apimock.cassettes.report import reports
from apimock.conf import conf


class Command(BaseCommand):
    help = "Inspect apimock: cassettes and what the last test run replayed."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser(
            "cassettes",
            help="List cassettes, interactions never replayed and cassettes no "
            "test used in the last run.",
        )

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "cassettes":
            self.cassettes()

    def cassettes(self) -> None:
        folder = conf.CASSETTE_DIR
        run, found = reports(folder)
        if not found:
            self.stdout.write(f"No cassettes in {folder}.")
            return
        since = f"the last test run ({run})" if run else "no test run recorded yet"
        self.stdout.write(f"Cassettes in {folder}, as used by {since}:")
        broken = 0
        for report in found:
            if report.error:
                broken += 1
                self.stdout.write(self.style.ERROR(f"  {report.name}: {report.error}"))
                continue
            count = f"{report.interactions} interaction(s)"
            if not report.used:
                self.stdout.write(
                    self.style.WARNING(
                        f"  {report.name}: {count}, not used by any test"
                    )
                )
                continue
            if not report.never_replayed:
                self.stdout.write(f"  {report.name}: {count}, all replayed")
                continue
            self.stdout.write(
                self.style.WARNING(
                    f"  {report.name}: {count}, "
                    f"{len(report.never_replayed)} never replayed:"
                )
            )
            for line in report.never_replayed:
                self.stdout.write(f"      {line}")
        if broken:
            raise CommandError(f"{broken} cassette(s) cannot be read.")

"""``python manage.py apimock <subcommand>``: apimock outside the tests.

``list``: every settings stub (source, method, URL, status) as a table.
``serve``: the settings stubs as an HTTP server on 127.0.0.1.
``check``: apimock's system checks alone (the setting, every stub, and each
stub under a contract against its OpenAPI document), then what was checked.
Exits 1 on an error, as ``manage.py check`` does.
``cassettes``: every cassette under ``APIMOCK["CASSETTE_DIR"]``, with the
interactions the last test run never replayed and the cassettes it never
used. Exits 1 when a cassette cannot be read.
``import openapi FILE``, ``import har FILE``, ``import cassette NAME``: a YAML
stub file that answers the same requests (see docs/fakes).
``export har``: the call logs tests wrote (``APIMOCK_HAR_DIR``) as one HAR file.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apimock.cassettes.report import reports
from apimock.conf import conf
from apimock.contracts import static as contract_checks
from apimock.dev.http import Limits
from apimock.stubs import table as stub_table
from apimock.stubs.registry import settings_stubs


class Command(BaseCommand):
    help = "Inspect apimock: stubs, contracts, cassettes; serve the stubs."
    # Checked in handle(): `check` runs apimock's own checks and says more.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser("list", help="List every settings stub as a table.")
        commands.add_parser(
            "check", help="Check the APIMOCK setting, stubs and contracts."
        )
        serve = commands.add_parser(
            "serve", help="Answer HTTP requests with the settings stubs."
        )
        serve.add_argument("--port", type=int, default=8001, help="0: any free port")
        serve.add_argument(
            "--bind",
            default="127.0.0.1",
            help="The address to listen on; anything but loopback is your choice.",
        )
        serve.add_argument(
            "--origin",
            help="The API a plain path stands for (https://api.example.com).",
        )
        defaults = Limits()
        for flag, kind, default, text in (
            ("--idle-timeout", float, defaults.idle, "Seconds a connection may "
             "wait for its next request."),
            ("--request-timeout", float, defaults.request, "Seconds a request may "
             "take to arrive once it has started."),
            ("--max-body", int, defaults.body, "Bytes a request body may hold "
             "(413 past it)."),
            ("--max-connections", int, defaults.connections, "Connections served "
             "at once (503 past it)."),
        ):  # fmt: skip
            serve.add_argument(flag, type=kind, default=default, help=text)
        self._exchange_arguments(commands)
        commands.add_parser(
            "cassettes",
            help="List cassettes, interactions never replayed and cassettes no "
            "test used in the last run.",
        )

    def _exchange_arguments(self, commands: Any) -> None:
        importing = commands.add_parser(
            "import",
            help="Write a stub file from an OpenAPI document, HAR or cassette.",
        )
        kinds = importing.add_subparsers(dest="kind", required=True)
        for kind, source, shown in (
            ("openapi", "source", "FILE (or file:// URL) of an OpenAPI 3 document"),
            ("har", "source", "a HAR file"),
            ("cassette", "source", "NAME of a cassette in CASSETTE_DIR"),
        ):
            parser = kinds.add_parser(kind, help=f"Stubs from {shown}.")
            parser.add_argument(source, help=shown)
            parser.add_argument(
                "-o", "--output", help="The stub file (NAME.stubs.yaml)."
            )
            parser.add_argument("--force", action="store_true", help="Replace it.")
            if kind == "openapi":
                parser.add_argument(
                    "--base-url", help="The API's URL (else servers[0])."
                )
                parser.add_argument(
                    "--seed", type=int, default=0, help="Generated data."
                )
        exporting = commands.add_parser("export", help="Export what tests called.")
        formats = exporting.add_subparsers(dest="format", required=True)
        har = formats.add_parser("har", help="The call logs of a run as one HAR file.")
        har.add_argument("--from", dest="folder", help="The folder (APIMOCK_HAR_DIR).")
        har.add_argument(
            "--test", help="Only tests whose id matches (a glob or a part)."
        )
        har.add_argument("-o", "--output", help="The HAR file (else standard output).")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "check":
            self.check_stubs()
            return
        if subcommand in ("import", "export"):
            self.exchange(subcommand, options)
            return
        self.check()
        if subcommand == "list":
            self.stdout.write(stub_table.table(stub_table.rows(_settings_stubs())))
        elif subcommand == "serve":
            for name in ("idle_timeout", "request_timeout", "max_connections"):
                if options[name] <= 0:
                    flag = name.replace("_", "-")
                    raise CommandError(f"--{flag} must be more than 0.")
            if options["max_body"] < 0:
                raise CommandError("--max-body must be 0 or more.")
            limits = Limits(
                idle=options["idle_timeout"],
                request=options["request_timeout"],
                body=options["max_body"],
                connections=options["max_connections"],
            )
            self.serve(options["bind"], options["port"], options["origin"], limits)
        elif subcommand == "cassettes":
            self.cassettes()

    def exchange(self, subcommand: str, options: dict[str, Any]) -> None:
        from apimock.exchange import commands as exchange
        from apimock.exchange.interactions import ExchangeError

        try:
            if subcommand == "export":
                text, said = exchange.export_har(
                    options["folder"], options["test"], options["output"]
                )
                if not options["output"]:
                    self.stdout.write(text)
                    self.stderr.write(said[0])
                    said = []
            elif options["kind"] == "openapi":
                said = exchange.import_openapi(
                    options["source"],
                    options["output"],
                    options["base_url"],
                    options["seed"],
                    options["force"],
                )
            elif options["kind"] == "har":
                said = exchange.import_har(
                    options["source"], options["output"], options["force"]
                )
            else:
                said = exchange.import_cassette(
                    options["source"], options["output"], options["force"]
                )
        except ExchangeError as error:
            raise CommandError(str(error)) from None
        for line in said:
            self.stdout.write(line)

    def serve(self, bind: str, port: int, origin: str | None, limits: Limits) -> None:
        from apimock.dev.serve import StubServer

        try:
            server = StubServer(
                (bind, port), origin, self.stdout.write, self.stderr.write, limits
            )
        except OSError as error:
            raise CommandError(f"Cannot listen on {bind}:{port}: {error}") from None
        self.stdout.write(f"Serving apimock stubs on {server.url}")
        self.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        self.stdout.write("Stopped.")

    def check_stubs(self) -> None:
        self.check(tags=["apimock"], display_num_errors=True)
        for contract, count in contract_checks.coverage(_settings_stubs()):
            self.stdout.write(
                f"{contract.base_url}: {count} stub(s) conform to {contract}."
            )

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


def _settings_stubs() -> list[Any]:
    return settings_stubs.current().stubs()

"""What ``manage.py apimock import …`` and ``export har`` do, apart from
parsing the command line: each returns the lines to print, and raises
ExchangeError (the command's error) naming the file and the entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from apimock.cassettes import files as cassette_files
from apimock.conf import conf
from apimock.exceptions import CassetteError
from apimock.exchange import har_export, har_import, openapi, stubfile
from apimock.exchange.interactions import ExchangeError


def import_openapi(
    source: str, output: str | None, base_url: str | None, seed: int, force: bool
) -> list[str]:
    path = openapi.path_of(source)
    target = _output(output, path.stem)
    found = openapi.stubs_for(path, base_url, seed, target)
    stubfile.write(target, found, str(path), force=force)
    return _wrote(target, found, f"one per operation of {path}")


def import_har(source: str, output: str | None, force: bool) -> list[str]:
    path = Path(source)
    entries = har_import.read(path)
    if not entries:
        raise ExchangeError(f"{path} holds no answered request (every status is 0)")
    target = _output(output, path.stem)
    found = stubfile.from_interactions(
        ((f"{path.name}, entry {number}", entry) for number, entry in entries), target
    )
    stubfile.write(target, found, str(path), force=force)
    return _wrote(target, found, f"from {len(entries)} entries of {path}")


def import_cassette(name: str, output: str | None, force: bool) -> list[str]:
    path = Path(conf.CASSETTE_DIR) / f"{name}.yaml"
    if not path.exists():
        raise ExchangeError(f"cassette {name!r} does not exist ({path})")
    try:
        recorded = cassette_files.read(path)
    except CassetteError as error:
        raise ExchangeError(str(error).rstrip(".")) from None
    target = _output(output, Path(name).name)
    found = stubfile.from_interactions(
        (
            (f"cassette {name}, interaction {number}", interaction)
            for number, interaction in enumerate(recorded.interactions, 1)
        ),
        target,
    )
    stubfile.write(target, found, f"cassette {path}", force=force)
    return _wrote(
        target, found, f"from {len(recorded.interactions)} interactions of {path}"
    )


def export_har(
    folder: str | None, test: str | None, output: str | None
) -> tuple[str, list[str]]:
    """The joined archive as text, and what to say about it."""
    source = Path(folder) if folder else conf.HAR_DIR
    if source is None:
        raise ExchangeError(
            "no folder of call logs: run the tests with APIMOCK_HAR_DIR=<folder> (or "
            'APIMOCK["HAR_DIR"]) set, then export with --from <folder>'
        )
    if not source.is_dir():
        raise ExchangeError(f"{source} is not a folder of call logs")
    document, count = har_export.joined(source, test)
    if not count:
        which = f" matching {test!r}" if test else ""
        raise ExchangeError(f"{source} holds no test's call log{which} (*.har)")
    text = json.dumps(document, indent=1)
    entries = len(document["log"]["entries"])
    said = [f"{entries} call(s) of {count} test(s) from {source}"]
    if output:
        target = Path(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        cassette_files.write_atomically(target, text)
        said = [f"Wrote {said[0]} to {target}."]
    return text, said


def _output(output: str | None, stem: str) -> Path:
    return Path(output) if output else Path(f"{stem}.stubs.yaml")


def _wrote(target: Path, found: Any, what: str) -> list[str]:
    lines = [f"Wrote {len(found.stubs)} stub(s) to {target} ({what})."]
    if found.bodies:
        lines.append(f"  {len(found.bodies)} large body file(s) beside it.")
    lines.append(f'Add "{target}" to APIMOCK["STUBS"], then run manage.py check.')
    return lines

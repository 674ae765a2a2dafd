"""apimock at real-world scale, side by side, in one run: a generated Django
project, stub files and a provider-sized OpenAPI contract.

    python benchmarks/bench_suite.py [--quick] [--rounds N] [--only SECTION ...]

Sections (each figure at 1x, 10x and 100x its size, every variant run in a
fresh process, the variants interleaved round by round so that a burst of
load on a shared machine lands on one round of each, medians over rounds):

tests     per test: what a test costs over the floor (nothing but the
          call), with ``responses``, a settings stub, ``self.api.add`` of
          the same stub and of a different stub in every test; the cost per
          test is the slope between the 10x and 100x suites, so what a run
          pays once (imports, the first activation) is left to start-up;
startup   ``manage.py check`` and ``manage.py test`` (a 10-test suite) with
          10 / 100 / 1,000 stubs in files, against the project without
          apimock;
contract  a contract of 15 / 150 / 1,500 paths (3 operations each; 1,500
          paths is about 5 MB of YAML): loading it (first run, then with
          the cache), the memory it keeps, a stubbed call to its first,
          middle and last path against the same call without the contract,
          a 500-test suite with and without it, and the message a request
          outside it gets;
peers     bench_peers.py and count_instructions.py (the per-call targets).

Exits 1 when a target is missed. Writes the growth plot (matplotlib, the
bench extra) to docs/performance-growth.png.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # this checkout's apimock

import make_contract  # noqa: E402
from bench_peers import table, us  # noqa: E402
from suite_project import Project  # noqa: E402

SECTIONS = ("tests", "startup", "contract", "peers")
VARIANTS = ("floor", "responses", "settings", "add", "add_distinct")
PLOT = HERE.parent / "docs" / "performance-growth.png"


@dataclass(frozen=True)
class Plan:
    rounds: int
    tests: tuple[int, ...]
    stubs: tuple[int, ...] = (10, 100, 1_000)
    paths: tuple[int, ...] = (15, 150, 1_500)
    contract_tests: int = 500
    budget: float = 0.25
    quick: bool = False
    #: Count instructions too (valgrind: slow, but steady on a busy machine).
    instructions: bool = True


def plan(quick: bool, rounds: int | None, instructions: bool) -> Plan:
    if quick:
        return Plan(
            rounds or 2,
            (10, 100, 1_000),
            contract_tests=200,
            budget=0.05,
            quick=True,
            instructions=instructions,
        )
    return Plan(rounds or 5, (20, 200, 2_000), instructions=instructions)


def median(values: list[float]) -> float:
    return statistics.median(values)


# -- settings ------------------------------------------------------------------

SETTINGS_STUB = {
    "method": "POST",
    "url": "{settings.API_URL}",
    "status": 201,
    "json": {"item_id": "12345678"},
}


def cache_setting(project: Project, name: str) -> dict[str, Any]:
    """The contract cache's folder, where this apimock has one."""
    from apimock.conf import DEFAULTS

    if "CACHE_DIR" not in DEFAULTS:
        return {}
    return {"CACHE_DIR": str(project.root / name)}


# -- tests -----------------------------------------------------------------------


def run_tests_section(project: Project, plan: Plan) -> dict[str, Any]:
    none = project.settings("none", None)
    settings = {
        "floor": none,
        "responses": none,
        "settings": project.settings("settings", {"STUBS": [SETTINGS_STUB]}),
        "add": project.settings("add", {}),
        "add_distinct": project.settings("add", {}),
    }
    labels = {(v, n): project.tests(v, n) for v in VARIANTS for n in plan.tests}
    runs: dict[str, list[float]] = {}
    for round_number in range(plan.rounds):
        for size in plan.tests:
            for variant in VARIANTS:
                times = project.run_tests(labels[variant, size], settings[variant])
                runs.setdefault(f"{variant} {size}", []).append(times["suite_cpu"])
                runs.setdefault(f"per test {variant} {size}", []).append(
                    times["per_test"]
                )
                runs.setdefault(f"wall {variant} {size}", []).append(times["suite"])
        progress("tests", round_number, plan)
    return {key: median(values) for key, values in runs.items()}


def report_tests(results: dict[str, Any], plan: Plan, target: Target) -> list[str]:
    big = plan.tests[-1]

    def extra(variant: str) -> float:
        return results[f"per test {variant} {big}"] - results[f"per test floor {big}"]

    peer = extra("responses")
    rows = [
        (
            "variant",
            *(f"{size:,} tests" for size in plan.tests),
            "a test",
            "over the floor",
            "vs responses",
        )
    ]
    names = {
        "floor": "floor (the call alone)",
        "responses": "responses.add in the test",
        "settings": "apimock: a settings stub",
        "add": "apimock: self.api.add, same stub",
        "add_distinct": "apimock: self.api.add, new stub",
    }
    for variant in VARIANTS:
        cells = [us(results[f"{variant} {size}"]) for size in plan.tests]
        own = us(results[f"per test {variant} {big}"])
        if variant == "floor":
            rows.append((names[variant], *cells, own, "", ""))
            continue
        ratio = extra(variant) / peer
        shown = (
            f"{ratio:.2f}x"
            if variant == "responses"
            else target(f"per test, {names[variant]}", ratio, 0.5)
        )
        rows.append((names[variant], *cells, own, us(extra(variant)), shown))
    return [
        "1. per test: the suite's CPU time (the runner's run_suite), and what one",
        f"   test costs in the {big:,}-test suite (the median test, with its share",
        "   of its class's set-up and tear-down), over the floor's",
        "",
        table(rows),
        "",
    ]


# -- startup ---------------------------------------------------------------------


def run_startup_section(project: Project, plan: Plan) -> dict[str, Any]:
    none = project.settings("none", None)
    with_stubs = {
        count: project.settings(
            f"files_{count}", {"STUBS": [SETTINGS_STUB, *project.stub_files(count)]}
        )
        for count in plan.stubs
    }
    floor_tests = project.tests("floor", 10)
    apimock_tests = project.tests("settings", 10)
    runs: dict[str, list[float]] = {}
    for round_number in range(plan.rounds):
        measured = {"check none": project.check(none)}
        measured["test none"] = project.run_tests(floor_tests, none)
        for count, settings in with_stubs.items():
            measured[f"check {count}"] = project.check(settings)
            measured[f"test {count}"] = project.run_tests(apimock_tests, settings)
        for key, times in measured.items():
            runs.setdefault(key, []).append(times["cpu"])
            runs.setdefault(f"wall {key}", []).append(times["wall"])
        progress("startup", round_number, plan)
    return {key: median(values) for key, values in runs.items()}


def report_startup(results: dict[str, Any], plan: Plan, target: Target) -> list[str]:
    rows = [("command", "without apimock", *(f"{n:,} stubs" for n in plan.stubs))]
    for command in ("check", "test"):
        base = results[f"{command} none"]
        cells = []
        for count in plan.stubs:
            added = results[f"{command} {count}"] - base
            shown = f"{results[f'{command} {count}']:.2f} s (+{added:.2f} s)"
            if count == plan.stubs[-1]:
                target(f"manage.py {command}, {count:,} stubs, added", added, 0.3, "s")
                shown += " (target ≤ +0.3 s)"
            cells.append(shown)
        name = "manage.py check" if command == "check" else "manage.py test (10 tests)"
        rows.append((name, f"{base:.2f} s", *cells))
    files = -(-plan.stubs[-1] // 50)
    return [
        f"2. start-up: CPU time of the command, stubs in files of 50 ({files} files at "
        f"{plan.stubs[-1]:,})",
        "",
        table(rows),
        "",
    ]


# -- contract --------------------------------------------------------------------


def run_contract_section(project: Project, plan: Plan) -> dict[str, Any]:
    results: dict[str, Any] = {}
    runs: dict[str, list[float]] = {}
    plain = project.settings("add", {})
    for paths in plan.paths:
        file, size = project.contract(paths)
        results[f"bytes {paths}"] = size
        cold = cache_setting(project, f"cache_cold_{paths}")
        config = {
            "CONTRACTS": {make_contract.BASE_URL: str(file.relative_to(project.root))}
        }
        settings = project.settings(
            f"contract_{paths}", {**config, **cache_setting(project, "cache")}
        )
        cold_settings = project.settings(f"contract_{paths}_cold", {**config, **cold})
        loaded = worker(project, cold_settings, "load", paths)
        results[f"cold {paths}"] = loaded["seconds"]
        results[f"cold peak {paths}"] = loaded["peak"]
        results[f"miss {paths}"] = worker(project, settings, "miss", paths)["chars"]
        worker(project, settings, "load", paths)  # fills the shared cache
        results[f"settings {paths}"] = settings
    for round_number in range(plan.rounds):
        for paths in plan.paths:
            settings = results[f"settings {paths}"]
            loaded = worker(project, settings, "load", paths)
            for key in ("seconds", "kept", "peak"):
                runs.setdefault(f"warm {key} {paths}", []).append(loaded[key])
            if round_number < max(1, plan.rounds // 2):
                calls = worker(project, settings, "calls", paths, plan.budget)
                for key, value in calls.items():
                    runs.setdefault(f"call {key} {paths}", []).append(value)
            label = project.contract_tests(paths, plan.contract_tests)
            for name, chosen in (("plain", plain), ("contract", settings)):
                times = project.run_tests(label, chosen)
                runs.setdefault(f"suite {name} {paths}", []).append(times["cpu"])
                runs.setdefault(f"run {name} {paths}", []).append(times["suite_cpu"])
                runs.setdefault(f"wall {name} {paths}", []).append(times["wall"])
        progress("contract", round_number, plan)
    results.update({key: median(values) for key, values in runs.items()})
    return results


def report_contract(results: dict[str, Any], plan: Plan, target: Target) -> list[str]:
    largest = plan.paths[-1]
    rows = [("contract", "YAML", "first run", "cached", "memory kept", "peak")]
    for paths in plan.paths:
        size = results[f"bytes {paths}"]
        kept = results[f"warm kept {paths}"]
        cached = results[f"warm seconds {paths}"]
        seconds, kept_shown = (
            f"{cached:.2f} s",
            f"{kept / 1e6:.1f} MB ({kept / size:.1f}x)",
        )
        if paths == largest:
            seconds = target(f"contract of {paths:,} paths ready", cached, 1.5, "s")
            kept_shown = f"{kept / 1e6:.1f} MB, " + target(
                f"memory kept by the {paths:,}-path contract, vs its file",
                kept / size,
                3,
            )
        rows.append(
            (
                f"{paths:,} paths",
                f"{size / 1e6:.2f} MB",
                f"{results[f'cold {paths}']:.2f} s",
                seconds,
                kept_shown,
                f"{results[f'warm peak {paths}'] / 1e6:.1f} MB",
            )
        )
    out = ["3a. loading a contract: the system check's work, then a path looked up", ""]
    out += [table(rows), ""]
    rows = [("contract", "first path", "middle path", "last path", "worst vs without")]
    for paths in plan.paths:
        cells, worst = [], 0.0
        for probe in ("first", "middle", "last"):
            with_it = results[f"call {probe} contract {paths}"]
            without = results[f"call {probe} plain {paths}"]
            worst = max(worst, with_it / without)
            cells.append(f"{us(with_it)} / {us(without)}")
        shown = target(f"a contracted call, {paths:,} paths, vs without", worst, 1.15)
        rows.append((f"{paths:,} paths", *cells, shown))
    out += ["3b. a stubbed call, with the contract / without it", "", table(rows), ""]
    rows = [("contract", "with it", "without", "vs without", "run_suite vs without")]
    for paths in plan.paths:
        with_it = results[f"suite contract {paths}"]
        without = results[f"suite plain {paths}"]
        shown = target(
            f"the suite with a {paths:,}-path contract", with_it / without, 1.2
        )
        inner = results[f"run contract {paths}"] / results[f"run plain {paths}"]
        rows.append(
            (
                f"{paths:,} paths",
                f"{with_it:.2f} s",
                f"{without:.2f} s",
                shown,
                f"{inner:.2f}x",
            )
        )
    out += [
        f"3c. manage.py test, {plan.contract_tests} tests each calling another path",
        "",
        table(rows),
        "",
    ]
    rows = [("contract", "message for a request outside it")]
    for paths in plan.paths:
        chars = results[f"miss {paths}"]
        shown = f"{chars:,} characters"
        if paths == largest:
            shown = target(
                f"the miss message at {paths:,} paths", chars, 2000, " characters"
            )
        rows.append((f"{paths:,} paths", shown))
    out += ["3d. a request to a path the contract does not have", "", table(rows), ""]
    return out


def worker(project: Project, settings: str, *args: Any) -> dict[str, Any]:
    _, done = project.run_python(
        HERE / "suite_workers.py", *map(str, args), settings=settings
    )
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
        sys.exit(f"the {args[0]} worker failed ({settings})")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


# -- peers -----------------------------------------------------------------------


def run_peers_section(project: Project, plan: Plan) -> dict[str, Any]:
    results = {}
    commands = {
        "bench_peers.py": ["--quick"] if plan.quick else ["--rounds", str(plan.rounds)],
        "count_instructions.py": ["--calls", "100" if plan.quick else "300"],
    }
    if not plan.instructions:
        del commands["count_instructions.py"]
    for script, args in commands.items():
        done = subprocess.run(
            [sys.executable, str(HERE / script), *args], capture_output=True, text=True
        )
        results[script] = {"code": done.returncode, "out": done.stdout.strip()}
        print(f"{script} done", file=sys.stderr)
    return results


def report_peers(results: dict[str, Any], plan: Plan, target: Target) -> list[str]:
    out = []
    for script, done in results.items():
        out += [f"5. {script}", "", done["out"], ""]
        if done["code"] != 0:
            target.missed.append(f"{script} exited {done['code']} (see its table)")
    return out


# -- the run -----------------------------------------------------------------------


class Target:
    """Formats a figure against its limit and keeps the ones missed."""

    def __init__(self) -> None:
        self.missed: list[str] = []

    def __call__(self, name: str, value: float, limit: float, unit: str = "x") -> str:
        def shown(number: float) -> str:
            if unit == "x":
                return f"{number:.2f}x"
            return f"{number:,.2f}{unit}" if unit == "s" else f"{number:,.0f}{unit}"

        if value > limit:
            self.missed.append(
                f"{name}: {shown(value)} (target at most {shown(limit)})"
            )
        return f"{shown(value)} (target ≤ {shown(limit)})"


RUN: dict[str, Callable[[Project, Plan], dict[str, Any]]] = {
    "tests": run_tests_section,
    "startup": run_startup_section,
    "contract": run_contract_section,
    "peers": run_peers_section,
}
REPORT = {
    "tests": report_tests,
    "startup": report_startup,
    "contract": report_contract,
    "peers": report_peers,
}


def progress(section: str, round_number: int, plan: Plan) -> None:
    print(f"{section}: round {round_number + 1} of {plan.rounds}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer rounds, smaller suites"
    )
    parser.add_argument(
        "--rounds", type=int, help="rounds of every variant (5; quick: 2)"
    )
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS)
    parser.add_argument(
        "--keep", type=Path, help="generate the project here and keep it"
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--no-plot", action="store_true", help="do not write the plot")
    parser.add_argument(
        "--no-instructions",
        action="store_true",
        help="leave count_instructions.py out of the peers section",
    )
    args = parser.parse_args()
    chosen = plan(args.quick, args.rounds, not args.no_instructions)
    root = args.keep or Path(tempfile.mkdtemp(prefix="apimock-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    try:
        project = Project.create(root)
        for section in args.only:
            results[section] = RUN[section](project, chosen)
            if args.json:  # a section at a time: a failed run keeps the rest
                args.json.write_text(json.dumps({"plan": chosen.__dict__, **results}))
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    target = Target()
    lines = []
    for section in args.only:
        lines += REPORT[section](results[section], chosen, target)
    print("\n".join(lines))
    print(
        "Targets missed:\n  " + "\n  ".join(target.missed)
        if target.missed
        else "All targets met."
    )
    if not args.no_plot and {"tests", "startup", "contract"} <= set(args.only):
        import growth_plot

        growth_plot.draw(results, chosen, PLOT)
        print(f"\nThe growth plot: {PLOT.relative_to(HERE.parent)}")
    return 1 if target.missed else 0


if __name__ == "__main__":
    sys.exit(main())

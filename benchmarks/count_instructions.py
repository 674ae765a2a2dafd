"""Instructions per stubbed call, and per test, apimock beside its peers:
ratios that hold still on a shared machine.

    python benchmarks/count_instructions.py [--calls N] [--table calls|tests]
    python benchmarks/count_instructions.py --only CASE ...

Times on a shared machine move by more than the margins bench_peers.py's
per-call targets are stated in. Instructions do not: each case runs under
``valgrind --tool=callgrind`` twice, making a few calls and then N more, and
the difference divided by N is what one call costs, start-up left out. An
instruction is not a microsecond (memory and the garbage collector differ),
so this shows where a change moves the cost, and bench_peers.py stays the
measure of their targets. Per test, a whole test of a test-case class is
counted (set-up, one stubbed POST, tear-down: cases.per_test). Exits 1 when
a counted target is missed: a stubbed ``requests`` call at most 1.05x the
adapter floor, an ``httpx`` call at most 1.15x ``MockTransport``, and what
apimock adds to a test at most 0.5x what ``responses`` adds (each over the
floor). valgrind comes from the system's packages (Debian: ``apt-get install
valgrind``); nothing else is needed beyond the bench extra.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Measure this checkout's apimock, installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cases
from bench_peers import REQUESTS, table

WARM_UP = 20
#: (case, the function in cases.py, whether it needs Django configured)
CALLS = {
    "floor": (cases.floor, False),
    "response_floor": (cases.response_floor, False),
    "adapter_floor": (cases.adapter_floor, False),
    "apimock": (cases.apimock_requests, True),
    "responses": (cases.responses_requests, False),
    "requests_mock": (cases.requests_mock_requests, False),
    "httpx.MockTransport": (cases.httpx_mock_transport, False),
    "apimock (httpx)": (cases.apimock_httpx, True),
    "respx": (cases.respx_httpx, False),
    "no audit hook": (cases.unmocked_without_hook, True),
    "audit hook, idle": (cases.unmocked_with_idle_hook, True),
    "no-op audit hook": (cases.unmocked_with_noop_hook, True),
    "httpx2.MockTransport": (cases.httpx2_mock_transport, False),
    "apimock (httpx2)": (cases.apimock_httpx2, True),
}
HTTPX = ("httpx.MockTransport", "apimock (httpx)", "respx")
HTTPX2 = ("httpx2.MockTransport", "apimock (httpx2)")
#: No mock active: a real call, with and without the guard's audit hook.
UNMOCKED = ("no audit hook", "audit hook, idle", "no-op audit hook")
#: The per-test cases, by the names the tables show.
TESTS = {f"test: {variant}": variant for variant in cases.PER_TEST}
CASES = {**CALLS, **dict.fromkeys(TESTS, (cases.per_test, True))}


def run_case(name: str, calls: int) -> None:
    """The worker: set the case up, warm it up, make ``calls`` calls."""
    case, needs_django = CASES[name]
    variant = TESTS.get(name)
    if needs_django:
        cases.configure_django([cases.SETTINGS_STUB] if variant == "settings" else [])
    with case() if variant is None else case(variant) as call:
        for _ in range(WARM_UP + calls):
            call()


def instructions(name: str, calls: int) -> int:
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--case",
            name,
            "--calls",
            str(calls),
        ],
        capture_output=True,
        text=True,
        check=True,
        # A fixed hash seed: the same case counts the same in every run.
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count from valgrind:\n{done.stderr}")
    return int(found.group(1))


def per_call(name: str, calls: int) -> float:
    return (instructions(name, calls) - instructions(name, 0)) / calls


def ratio_table(
    title: str,
    names: tuple[str, ...],
    counts: dict[str, float],
    bases: tuple[str, ...],
) -> str:
    """``names`` with their counts, and a ratio column for each of ``bases``,
    drawn as bench_peers.py draws its tables."""
    header = ("library", "instructions per call", *(f"vs {n}" for n in bases))
    rows = [
        (
            name,
            f"{counts[name]:,.0f}",
            *(f"{counts[name] / counts[base]:.2f}x" for base in bases),
        )
        for name in names
    ]
    return f"{title}\n\n{table([header, *rows])}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="calls counted per case")
    parser.add_argument(
        "--table", choices=("calls", "tests"), help="count one of the tables alone"
    )
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument(
        "--only", nargs="+", choices=CASES, help="count these cases alone"
    )
    args = parser.parse_args()
    if args.case:
        run_case(args.case, args.calls)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind).")
        return 2
    chosen = args.only or {"calls": CALLS, "tests": TESTS}.get(args.table or "", CASES)
    counts = {}
    for name in chosen:
        counts[name] = per_call(name, args.calls)
        print(f"{name} counted", file=sys.stderr)
    if args.only:
        print(ratio_table("selected cases", tuple(args.only), counts, args.only[:1]))
        return 0
    missed = []
    if args.table != "tests":
        print(
            ratio_table(
                "requests.get, 1 stub", REQUESTS, counts, ("floor", "adapter_floor")
            )
        )
        print()
        print(ratio_table("httpx.Client.get, 1 stub", HTTPX, counts, HTTPX[:1]))
        print()
        print(ratio_table("httpx2.Client.get, 1 stub", HTTPX2, counts, HTTPX2[:1]))
        print()
        print(
            ratio_table(
                "http.client GET to 127.0.0.1, no mock active",
                UNMOCKED,
                counts,
                UNMOCKED[:1],
            )
        )
        print()
        missed += _missed(
            "requests: apimock vs adapter_floor",
            counts["apimock"] / counts["adapter_floor"],
            1.05,
        )
        missed += _missed(
            "httpx: apimock vs MockTransport",
            counts["apimock (httpx)"] / counts["httpx.MockTransport"],
            1.15,
        )
    if args.table != "calls":
        print(tests_table(counts))
        print()
        floor = counts["test: floor"]
        peer = counts["test: responses"] - floor
        for name in TESTS:
            if name not in ("test: floor", "test: responses"):
                missed += _missed(
                    f"per {name}, over the floor, vs responses",
                    (counts[name] - floor) / peer,
                    0.5,
                )
    print(
        "Targets missed:\n  " + "\n  ".join(missed)
        if missed
        else "All counted targets met."
    )
    return 1 if missed else 0


def tests_table(counts: dict[str, float]) -> str:
    """Per test: each case, what it adds to the floor, and that against
    what responses adds."""
    floor = counts["test: floor"]
    peer = counts["test: responses"] - floor
    rows = [("test", "instructions per test", "over the floor", "vs responses")]
    for name in TESTS:
        added = counts[name] - floor
        rows.append(
            (
                name,
                f"{counts[name]:,.0f}",
                f"{added:,.0f}" if name != "test: floor" else "",
                f"{added / peer:.2f}x" if name != "test: floor" else "",
            )
        )
    return f"one test (set-up, a stubbed POST, tear-down)\n\n{table(rows)}"


def _missed(name: str, ratio: float, limit: float) -> list[str]:
    return [f"{name}: {ratio:.2f}x (target at most {limit}x)"] if ratio > limit else []


if __name__ == "__main__":
    sys.exit(main())

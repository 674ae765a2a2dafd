"""apimock against its peers, side by side, in one run: times and ratios.

    python benchmarks/bench_peers.py [--rounds N] [--quick]

Each library runs in a process of its own (so one's patches cannot slow
another), answering the same stubbed ``requests.get`` / ``httpx.Client.get``.
Every figure is the median of several repeats; the ratios are what the
targets in docs/performance.rst are stated in, because absolute times on a
shared machine are noise. Nothing leaves the machine: every URL is stubbed.
The per-call setups live in cases.py, shared with count_instructions.py.

Measured:

a. per call, 1 stub: apimock, responses, requests-mock, and a floor
   (``mock.patch`` of ``requests.Session.send`` returning a prebuilt Response);
   beside it two more floors: the response floor (``Session.send`` patched to
   build a fresh Response from a prebuilt body: the least any mock that
   answers each call with a new Response can cost) and the adapter floor
   (``HTTPAdapter.send`` patched so: the least a mock at the adapter, where
   responses works, can cost, since requests' own ``Session.send`` still runs);
b. per call at 1, 100, 1,000 and 10,000 stubs, calling the first, a middle
   and the last one registered;
c. per test, start + stop: apimock with 0 and 50 settings stubs (a test's
   mock inside its class's, as MockedAPITestCase runs it) against
   ``responses.start()`` + 50 ``add()`` + ``stop()``;
d. per call through ``httpx.Client``: apimock, ``httpx.MockTransport``, respx;
   and through ``httpx2.Client`` (the OpenAI and Anthropic SDKs' client):
   apimock and ``httpx2.MockTransport``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Measure this checkout's apimock, installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cases
from cases import item_url

SIZES = (1, 100, 1_000, 10_000)
#: The rows of table a, floors first.
REQUESTS = (
    "floor",
    "response_floor",
    "adapter_floor",
    "apimock",
    "responses",
    "requests_mock",
)
REPEATS = 5
LIBRARIES = (*REQUESTS, "httpx_mock", "respx", "httpx2_mock")


# -- timing ------------------------------------------------------------------


def per_call(call: Callable[[], Any], budget: float) -> float:
    """Median seconds per call over REPEATS runs of about ``budget`` seconds."""
    call()  # warm up (imports, caches, a first compile)
    started = time.perf_counter()
    call()
    once = max(time.perf_counter() - started, 1e-7)
    number = max(1, int(budget / once))
    runs = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        for _ in range(number):
            call()
        runs.append((time.perf_counter() - started) / number)
    return statistics.median(runs)


def probes(size: int) -> dict[str, int]:
    return {"first": 0, "middle": size // 2, "last": size - 1}


# -- one library per process ---------------------------------------------------


def run_floor(budget: float) -> dict[str, float]:
    with cases.floor() as call:
        return {"a": per_call(call, budget)}


def run_response_floor(budget: float) -> dict[str, float]:
    with cases.response_floor() as call:
        return {"a": per_call(call, budget)}


def run_adapter_floor(budget: float) -> dict[str, float]:
    with cases.adapter_floor() as call:
        return {"a": per_call(call, budget)}


def run_responses(budget: float) -> dict[str, float]:
    import requests
    import responses

    results: dict[str, float] = {}
    for size in SIZES:
        with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
            started = time.perf_counter()
            for index in range(size):
                rsps.add(responses.GET, item_url(index), json={"id": index})
            results[f"add {size}"] = time.perf_counter() - started
            for name, index in probes(size).items():
                results[f"b {size} {name}"] = per_call(
                    lambda index=index: requests.get(item_url(index)), budget
                )
                rsps.calls.reset()  # its call list grows with every call
    results["a"] = results["b 1 first"]

    def start_add_stop() -> None:
        rsps = responses.RequestsMock(assert_all_requests_are_fired=False)
        rsps.start()
        for index in range(50):
            rsps.add(responses.GET, item_url(index), json={"id": index})
        rsps.stop()
        rsps.reset()

    results["c 50"] = per_call(start_add_stop, budget)
    return results


def run_requests_mock(budget: float) -> dict[str, float]:
    import requests
    import requests_mock

    results: dict[str, float] = {}
    for size in SIZES:
        with requests_mock.Mocker() as mocker:
            for index in range(size):
                mocker.get(item_url(index), json={"id": index})
            for name, index in probes(size).items():
                results[f"b {size} {name}"] = per_call(
                    lambda index=index: requests.get(item_url(index)), budget
                )
                mocker.reset_mock()  # its request history grows with every call
    results["a"] = results["b 1 first"]
    return results


def run_apimock(budget: float) -> dict[str, float]:
    fifty = [
        {"method": "GET", "url": item_url(index), "json": {"id": index}}
        for index in range(50)
    ]
    cases.configure_django(fifty)
    import requests
    from django.test import override_settings

    import apimock

    results: dict[str, float] = {}
    with apimock.mocked():  # the class mock a test runs inside
        for count, stubs in ((50, fifty), (0, [])):
            with override_settings(APIMOCK={"STUBS": stubs}):

                def start_stop() -> None:
                    with apimock.mocked():
                        pass

                results[f"c {count}"] = per_call(start_stop, budget)

        with override_settings(APIMOCK={}):
            for size in SIZES:
                with apimock.mocked() as api:
                    started = time.perf_counter()
                    for index in range(size):
                        api.add("GET", item_url(index), json={"id": index})
                    results[f"add {size}"] = time.perf_counter() - started
                    for name, index in probes(size).items():
                        results[f"b {size} {name}"] = per_call(
                            lambda index=index: requests.get(item_url(index)), budget
                        )
                        api.calls.reset()
            results["a"] = results["b 1 first"]

    with override_settings(APIMOCK={}), cases.apimock_httpx() as call:
        results["d"] = per_call(call, budget)
    with override_settings(APIMOCK={}), cases.apimock_httpx2() as call:
        results["d2"] = per_call(call, budget)
    return results


def run_httpx_mock(budget: float) -> dict[str, float]:
    with cases.httpx_mock_transport() as call:
        return {"d": per_call(call, budget)}


def run_httpx2_mock(budget: float) -> dict[str, float]:
    with cases.httpx2_mock_transport() as call:
        return {"d2": per_call(call, budget)}


def run_respx(budget: float) -> dict[str, float]:
    with cases.respx_httpx() as call:
        return {"d": per_call(call, budget)}


RUNNERS: dict[str, Callable[[float], dict[str, float]]] = {
    "floor": run_floor,
    "response_floor": run_response_floor,
    "adapter_floor": run_adapter_floor,
    "apimock": run_apimock,
    "responses": run_responses,
    "requests_mock": run_requests_mock,
    "httpx_mock": run_httpx_mock,
    "respx": run_respx,
    "httpx2_mock": run_httpx2_mock,
}


# -- the report ------------------------------------------------------------------


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.1f} µs" if seconds < 0.01 else f"{seconds * 1e3:,.1f} ms"


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    rule = "  ".join("=" * width for width in widths)
    lines = [rule, *(_row(row, widths) for row in rows[:1]), rule]
    lines += [_row(row, widths) for row in rows[1:]]
    lines.append(rule)
    return "\n".join(lines)


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    # No trailing spaces: the tables are pasted into the docs as printed.
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def report(results: dict[str, dict[str, float]]) -> tuple[str, list[str]]:
    """The tables, and a line per target that was missed."""
    floor = results["floor"]["a"]
    own = results["apimock"]
    missed: list[str] = []

    def target(name: str, ratio: float, limit: float) -> str:
        if ratio > limit:
            missed.append(f"{name}: {ratio:.2f}x (target at most {limit}x)")
        return f"{ratio:.2f}x (target ≤ {limit}x)"

    out = ["a. requests.get, 1 stub, per call", ""]
    adapter_floor = results["adapter_floor"]["a"]
    rows = [("library", "per call", "vs floor", "vs adapter floor")]
    for name in REQUESTS:
        # No timed target here: the requests target is counted, 1.05x the
        # adapter floor in instructions (count_instructions.py). The floor
        # returns one prebuilt Response to every call, which no mock can do.
        shown = f"{results[name]['a'] / floor:.2f}x"
        beside = f"{results[name]['a'] / adapter_floor:.2f}x"
        rows.append((name, us(results[name]["a"]), shown, beside))
    out += [table(rows), ""]

    out += [
        "b. requests.get with N stubs registered, per call (first / middle / last)",
        "",
    ]
    rows = [("library", *(f"{size:,} stubs" for size in SIZES), "worst vs own 1 stub")]
    for name in ("apimock", "responses", "requests_mock"):
        lib = results[name]
        cells = [
            " / ".join(us(lib[f"b {size} {probe}"]) for probe in probes(size))
            for size in SIZES
        ]
        worst = max(lib[f"b 10000 {probe}"] for probe in probes(10_000))
        ratio = worst / lib["b 1 first"]
        shown = (
            target("apimock at 10,000 stubs", ratio, 1.2)
            if name == "apimock"
            else f"{ratio:.2f}x"
        )
        rows.append((name, *cells, shown))
    out += [table(rows), ""]
    rows = [("library", *(f"add {size:,}" for size in SIZES))]
    for name in ("apimock", "responses"):
        rows.append((name, *(us(results[name][f"add {size}"]) for size in SIZES)))
    out += ["   registering N stubs, total", "", table(rows), ""]

    out += ["c. per test: start + stop", ""]
    peer = results["responses"]["c 50"]
    rows = [
        ("setup", "per test", "vs responses"),
        ("responses: start + 50 add() + stop", us(peer), "1.00x"),
        (
            "apimock: 50 settings stubs",
            us(own["c 50"]),
            target(
                "apimock start+stop with 50 settings stubs", own["c 50"] / peer, 0.25
            ),
        ),
        ("apimock: 0 settings stubs", us(own["c 0"]), f"{own['c 0'] / peer:.2f}x"),
    ]
    out += [table(rows), ""]

    out += ["d. httpx.Client.get and httpx2.Client.get, 1 stub, per call", ""]
    rows = [("client", "library", "per call", "vs its MockTransport")]
    for client, key, floor_name, others in (
        ("httpx", "d", "httpx_mock", ("apimock", "respx")),
        ("httpx2", "d2", "httpx2_mock", ("apimock",)),
    ):
        transport = results[floor_name][key]
        for name in (floor_name, *others):
            ratio = results[name][key] / transport
            shown = (
                target(f"apimock vs {client}.MockTransport", ratio, 1.2)
                if name == "apimock"
                else f"{ratio:.2f}x"
            )
            label = f"{client}.MockTransport" if name == floor_name else name
            rows.append((client, label, us(results[name][key]), shown))
    out += [table(rows)]
    return "\n".join(out), missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs, noisier")
    parser.add_argument("--rounds", type=int, default=3, help="processes per library")
    parser.add_argument("--library", choices=LIBRARIES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    budget = 0.05 if args.quick else 0.25
    if args.library:  # a worker: one library, results as JSON on stdout
        print(json.dumps(RUNNERS[args.library](budget)))
        return 0
    # Round-robin rounds, a fresh process each: a burst of load on a shared
    # machine then lands on one round of every library, not on one library.
    rounds: dict[str, list[dict[str, float]]] = {library: [] for library in LIBRARIES}
    for round_number in range(1 if args.quick else args.rounds):
        for library in LIBRARIES:
            command = [sys.executable, __file__, "--library", library]
            if args.quick:
                command.append("--quick")
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:  # say why, not only that the worker failed
                print(done.stderr, file=sys.stderr)
                sys.exit(f"the {library} worker failed (exit {done.returncode})")
            rounds[library].append(json.loads(done.stdout.splitlines()[-1]))
        print(f"round {round_number + 1} measured", file=sys.stderr)
    results = {
        library: {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        for library, runs in rounds.items()
    }
    text, missed = report(results)
    print(text)
    print()
    print("Targets missed:\n  " + "\n  ".join(missed) if missed else "All targets met.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""A contract's fake at a provider's size, beside stubs of the same contract.

    python benchmarks/bench_fakes.py [--paths 1500] [--budget 0.2]

The contract is ``make_contract.py``'s (1,500 paths x 3 operations, about
5 MB of YAML); nothing leaves the machine. Three figures, each printed with
its target, and the exit status 1 when one is missed:

* ready: in a fresh process with the contract and its fake configured, the
  seconds (wall and CPU) from a first test's start (Django set up, the
  clients patched: shown apart, as any test run pays them) to its first
  faked answer: the document read, the fake built, the validator built and
  the fake's own answer. Target: ready in under 2 s.
* per call: a faked read, create and list beside a stubbed read of the same
  contract (a stub whose answer conforms), timed in interleaved rounds in
  one process; the ratio of the medians. Target: at most 2x.
* nothing for others: a stubbed call, a test's start and stop, and a
  settings change with a call after it, with a fake of the contract
  configured and without one. Target: 1.0x, within the noise of a shared
  machine (1.1x).

Times on a shared machine move; the ratios are measured side by side in one
run, and each is the median of several rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import make_contract  # the contract generator bench_suite.py uses

ROUNDS = 7
READY_TARGET = 2.0
CALL_TARGET = 2.0
OTHERS_TARGET = 1.1


def settings_for(contract: Path, *, faked: bool) -> dict[str, Any]:
    apimock: dict[str, Any] = {
        "CONTRACTS": {make_contract.BASE_URL: str(contract)},
        "STUBS": [
            {
                "method": "GET",
                "url": make_contract.item_url(1),
                "json": make_contract.body(1),
            }
        ],
    }
    if faked:
        apimock["FAKES"] = [make_contract.BASE_URL]
    cache = os.environ.get("BENCH_CACHE_DIR")
    if cache:  # where the contracts' own cache keeps the parsed document
        apimock["CACHE_DIR"] = cache
    return apimock


def configure(apimock: dict[str, Any]) -> None:
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False, SECRET_KEY="bench", USE_TZ=True, INSTALLED_APPS=["apimock"],
        APIMOCK=apimock,
    )  # fmt: skip
    django.setup()


# -- ready: one fresh process ----------------------------------------------------


def ready_child(contract: str) -> None:
    """Run in the child: configure, answer one faked call, print the times."""
    wall, cpu = time.perf_counter(), time.process_time()
    configure(settings_for(Path(contract), faked=True))
    import requests

    from apimock import mocked
    from apimock.contracts import loaded
    from apimock.fakes import crud, registry

    own: list[float] = []
    answer = crud.answer

    def timed_answer(*args: Any) -> Any:  # the fake's own work on the call
        started = time.perf_counter()
        try:
            return answer(*args)
        finally:
            own.append(time.perf_counter() - started)

    crud.answer = timed_answer  # type: ignore[assignment]
    with mocked():  # what every first test pays: the clients imported, patched
        pass
    warm = time.perf_counter()
    warm_cpu = time.process_time()
    loaded.contracts()  # the document read: the contracts' own part
    read = time.perf_counter()
    registry.in_force()  # the fake built
    built = time.perf_counter()
    with mocked():
        response = requests.post(
            make_contract.collection_url(2), json=make_contract.new(2), timeout=5
        )
    assert response.status_code in (200, 201), response.text
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "wall": done - warm,
                "cpu": time.process_time() - warm_cpu,
                "start": warm - wall,
                "start_cpu": warm_cpu - cpu,
                "read": read - warm,
                "build": built - read,
                "first": done - built,
                "answer": sum(own),
            }
        )
    )


def ready(contract: Path) -> tuple[dict[str, float], dict[str, float]]:
    """The first run (nothing cached) and the median of the next ones."""
    from apimock.conf import DEFAULTS

    runs = []
    with tempfile.TemporaryDirectory() as cache:
        # A cache of parsed documents (APIMOCK["CACHE_DIR"]) starts empty.
        env = dict(os.environ)
        if "CACHE_DIR" in DEFAULTS:
            env["BENCH_CACHE_DIR"] = cache
        for _ in range(4):
            child = subprocess.run(
                [sys.executable, __file__, "--ready-child", str(contract)],
                capture_output=True,
                text=True,
                timeout=600,
                check=True,
                env=env,
            )
            runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
    later = {key: statistics.median(run[key] for run in runs[1:]) for key in runs[0]}
    return runs[0], later


# -- per call: one process, interleaved ---------------------------------------------


def timed(call: Callable[[], Any], budget: float) -> float:
    """Seconds per call over about ``budget`` seconds."""
    started = time.perf_counter()
    call()
    number = max(1, int(budget / max(time.perf_counter() - started, 1e-7)))
    started = time.perf_counter()
    for _ in range(number):
        call()
    return (time.perf_counter() - started) / number


def side_by_side(
    cases: dict[str, Callable[[], Any]], budget: float
) -> dict[str, float]:
    """The median per-call time of each case, the cases taking turns."""
    for call in cases.values():
        call()  # warm up: imports, caches, a first compile
    runs: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(ROUNDS):
        for name, call in cases.items():
            runs[name].append(timed(call, budget))
    return {name: statistics.median(times) for name, times in runs.items()}


def per_call(contract: Path, budget: float) -> dict[str, float]:
    configure(settings_for(contract, faked=True))
    import requests

    from apimock import mocked

    with mocked() as api:
        made = requests.post(
            make_contract.collection_url(2), json=make_contract.new(2), timeout=5
        ).json()
        item = make_contract.item_url(3, made["id"])
        api.calls.reset()

        def clean(call: Callable[[], Any]) -> Callable[[], Any]:
            def once() -> Any:
                call()
                api.calls.reset()  # a long run's log is not what is measured

            return once

        def create() -> Any:
            requests.post(make_contract.collection_url(4), json=make_contract.new(4))
            api.fake(make_contract.BASE_URL).reset()  # the store stays small

        found = side_by_side(
            {
                "stubbed read": clean(lambda: requests.get(make_contract.item_url(1))),
                "faked read": clean(lambda: requests.get(item)),
                "faked create": clean(create),
                "faked list": clean(
                    lambda: requests.get(make_contract.collection_url(2))
                ),
            },
            budget,
        )
    found.update(others(budget))
    return found


def others(budget: float) -> dict[str, float]:
    """What a test that calls no faked API pays for a fake being configured:
    a stubbed call, a test's start and stop, and a settings change (every
    ``override_settings`` makes the fakes be looked up again)."""
    import requests
    from django.conf import settings
    from django.test import override_settings

    from apimock import mocked

    plain = {k: v for k, v in settings.APIMOCK.items() if k != "FAKES"}
    variants = {
        "no fake": plain,
        "fake configured": {**plain, "FAKES": [make_contract.BASE_URL]},
    }
    runs: dict[str, list[float]] = {}

    def start_stop() -> None:
        with mocked():
            pass

    names = list(variants)
    for round_ in range(ROUNDS * 2):
        # Each round times both back to back, in turns first: a shared
        # machine's load moves between rounds more than within one.
        for name in names if round_ % 2 else names[::-1]:
            apimock = variants[name]
            with override_settings(APIMOCK=apimock):
                with mocked() as api:

                    def call(api: Any = api) -> None:
                        requests.get(make_contract.item_url(1))
                        api.calls.reset()

                    runs.setdefault(f"call, {name}", []).append(timed(call, budget))
                runs.setdefault(f"start/stop, {name}", []).append(
                    timed(start_stop, budget)
                )

            def changed(apimock: dict[str, Any] = apimock) -> None:
                with override_settings(APIMOCK=apimock), mocked():
                    requests.get(make_contract.item_url(1))

            runs.setdefault(f"settings change, {name}", []).append(
                timed(changed, budget)
            )
    found = {name: statistics.median(times) for name, times in runs.items()}
    for what in ("call", "start/stop", "settings change"):
        pairs = zip(
            runs[f"{what}, fake configured"], runs[f"{what}, no fake"], strict=True
        )
        found[f"{what}, ratio"] = statistics.median(a / b for a, b in pairs)
    return found


# -- the report -------------------------------------------------------------------


def report(
    paths: int,
    size: int,
    ready_times: tuple[dict[str, float], dict[str, float]],
    calls: dict[str, float],
) -> tuple[str, bool]:
    lines = [
        f"contract: {paths:,} paths x 3 operations, {size / 1e6:.1f} MB of YAML",
        "",
        "ready, from the first test's start to its first faked answer:",
    ]
    ok = True
    for name, times in zip(("first run", "later runs"), ready_times, strict=True):
        met = times["wall"] < READY_TARGET
        ok = ok and met
        lines.append(
            f"  {name:<10} {times['wall']:.2f} s wall, {times['cpu']:.2f} s CPU  "
            f"target < {READY_TARGET:g} s: {'met' if met else 'MISSED'}"
        )
        lines.append(
            f"    the document read {times['read']:.2f} s, the fake built "
            f"{times['build'] * 1000:.0f} ms, the first faked call "
            f"{times['first'] * 1000:.0f} ms (the validator imported and built; "
            f"the fake's own answer {times['answer'] * 1000:.0f} ms)"
        )
    start = ready_times[1]
    lines.append(
        f"  before it, as without a contract: Django set up and the clients "
        f"patched, {start['start']:.2f} s wall, {start['start_cpu']:.2f} s CPU"
    )
    base = calls["stubbed read"]
    lines += ["", f"per call (stubbed read: {base * 1e6:.0f} us):"]
    for name in ("faked read", "faked create", "faked list"):
        ratio = calls[name] / base
        met = ratio <= CALL_TARGET
        ok = ok and met
        lines.append(
            f"  {name:<14} {calls[name] * 1e6:7.0f} us  {ratio:4.2f}x  "
            f"target <= {CALL_TARGET:g}x: {'met' if met else 'MISSED'}"
        )
    lines += ["", "nothing for tests that use no fake:"]
    for what in ("call", "start/stop", "settings change"):
        plain, faked = calls[f"{what}, no fake"], calls[f"{what}, fake configured"]
        ratio = calls[f"{what}, ratio"]  # the median of each round's ratio
        met = ratio <= OTHERS_TARGET
        ok = ok and met
        lines.append(
            f"  {what:<15} {plain * 1e6:7.0f} us without, {faked * 1e6:7.0f} us with: "
            f"{ratio:4.2f}x  target <= {OTHERS_TARGET:g}x: {'met' if met else 'MISSED'}"
        )
    return "\n".join(lines), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=1500)
    parser.add_argument("--budget", type=float, default=0.2, help="seconds per timing")
    parser.add_argument("--ready-child", help=argparse.SUPPRESS)
    parser.add_argument("--calls-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ready_child:
        ready_child(args.ready_child)
        return 0
    if args.calls_child:
        print(json.dumps(per_call(Path(args.calls_child), args.budget)))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        contract = Path(folder) / "provider.yaml"
        size = make_contract.write(contract, args.paths)
        ready_times = ready(contract)
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--calls-child",
                str(contract),
                "--budget",
                str(args.budget),
            ],
            capture_output=True,
            text=True,
            timeout=1800,
            check=True,
            env={**os.environ},
        )
        calls = json.loads(child.stdout.strip().splitlines()[-1])
    text, ok = report(args.paths, size, ready_times, calls)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

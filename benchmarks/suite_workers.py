"""The in-process measurements of bench_suite.py, each run in a fresh process
inside the generated project (``python suite_workers.py NAME ...``), its
result printed as JSON on the last line of stdout.

* ``load``: a contract loaded, validated and ready (the system check's
  work, then a path looked up), timed, with the memory it keeps and the
  peak it reached;
* ``calls``: a stubbed ``requests.get`` to the first, a middle and the last
  path of a contract, with the contract configured and without, interleaved
  in one process;
* ``miss``: the message a request outside the contract gets.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # this checkout's apimock

import make_contract  # noqa: E402


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _django() -> None:
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    # What a test run has imported by the time a contract is first needed.
    # The validators' modules (whichever a run ends up using): their memory
    # and import time are not the document's.
    import jsonschema_rs  # noqa: F401
    import openapi_schema_validator  # noqa: F401
    import referencing  # noqa: F401
    import requests  # noqa: F401

    import apimock.checks
    import apimock.contracts.runtime
    import apimock.contracts.static  # noqa: F401


def load(paths: int) -> dict[str, Any]:
    _django()
    from apimock.contracts import loaded, static

    before, peak_before = _rss(), _peak()
    started, wall = time.process_time() + _children(), time.perf_counter()
    problems = static.contract_problems()
    [contract] = loaded.contracts()
    found = contract.find_path(make_contract.path_of(paths - 1).replace("{id}", "x"))
    # CPU time: this process's and a child's that prepared the document.
    elapsed = time.process_time() + _children() - started
    wall = time.perf_counter() - wall
    if problems or found is None:
        sys.exit(f"the contract did not load cleanly: {problems} {found}")
    return {
        "seconds": elapsed,
        "wall": wall,
        "kept": _rss() - before,
        "peak": max(0, _peak() - max(before, peak_before)),
    }


def calls(paths: int, budget: float, repeats: int = 5) -> dict[str, Any]:
    """Seconds per call, median of ``repeats``; the configurations alternate
    within each repeat, so a burst of load lands on both."""
    _django()
    import requests
    from django.conf import settings
    from django.test import override_settings

    import apimock

    # Item paths (odd indexes: those that take an {id}).
    last = paths - 1 if (paths - 1) % 2 else paths - 2
    probes = {"first": 1, "middle": paths // 2 | 1, "last": last}
    contracted = settings.APIMOCK
    configs = {
        "plain": {
            key: value for key, value in contracted.items() if key != "CONTRACTS"
        },
        "contract": contracted,
    }
    runs: dict[str, list[float]] = {}
    with apimock.mocked(), apimock.mocked() as api:  # a test inside its class
        for name, index in probes.items():
            url = make_contract.item_url(index)
            api.add("GET", url, json=make_contract.body(index))
            number = 0
            for _ in range(repeats):
                for label, config in configs.items():
                    with override_settings(APIMOCK=config):
                        call = requests.get(url, timeout=5)  # warm up
                        if call.status_code != 200:
                            sys.exit(f"{label} {url}: {call.status_code}")
                        if not number:
                            started = time.process_time()
                            requests.get(url, timeout=5)
                            once = max(time.process_time() - started, 1e-6)
                            number = max(1, int(budget / once))
                        started = time.process_time()
                        for _ in range(number):
                            requests.get(url, timeout=5)
                        elapsed = (time.process_time() - started) / number
                        runs.setdefault(f"{name} {label}", []).append(elapsed)
                    api.calls.reset()
            if api.violations:
                sys.exit(f"the stub breaks its contract: {api.violations[0]}")
    return {key: statistics.median(values) for key, values in runs.items()}


def miss(paths: int) -> dict[str, Any]:
    _django()
    import requests

    import apimock

    url = make_contract.BASE_URL + "/svc0/nowhere/at/all"
    with apimock.mocked() as api, api.expect_violation() as expected:
        api.add("GET", url, json={})
        requests.get(url, timeout=5)
    message = str(expected.exception)
    return {"chars": len(message), "message": message[:2000]}


def main() -> int:
    name, *args = sys.argv[1:]
    if name == "load":
        result = load(int(args[0]))
    elif name == "calls":
        result = calls(int(args[0]), float(args[1]))
    else:
        result = miss(int(args[0]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

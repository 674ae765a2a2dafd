"""The growth plot of bench_suite.py: each figure at 1x, 10x and 100x its size.

Log-log axes: a straight line of slope 1 is linear growth, a flat one is
none. Drawn with matplotlib (the bench extra) without a display.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def draw(results: dict[str, Any], plan: Any, target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(2, 2, figsize=(11, 8.5))
    _tests(axes[0][0], results["tests"], plan)
    _startup(axes[0][1], results["startup"], plan)
    _contract_load(axes[1][0], results["contract"], plan)
    _contract_calls(axes[1][1], results["contract"], plan)
    figure.suptitle("django-apimock at 1x, 10x and 100x size (one run, medians)")
    figure.tight_layout()
    figure.savefig(target, dpi=90)
    pyplot.close(figure)


def _axes(ax: Any, title: str, xlabel: str, ylabel: str) -> None:
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)


def _tests(ax: Any, results: dict[str, float], plan: Any) -> None:
    sizes = plan.tests
    labels = {
        "responses": "responses.add",
        "settings": "apimock settings stub",
        "add": "apimock api.add (same stub)",
        "add_distinct": "apimock api.add (new stub)",
    }
    for variant, label in labels.items():
        extra = [
            max(results[f"{variant} {n}"] - results[f"floor {n}"], 1e-4) for n in sizes
        ]
        ax.plot(sizes, extra, marker="o", label=label)
    _axes(ax, "1. suite time over the floor", "tests", "seconds")


def _startup(ax: Any, results: dict[str, float], plan: Any) -> None:
    sizes = plan.stubs
    for command, label in (("check", "manage.py check"), ("test", "manage.py test")):
        base = results[f"{command} none"]
        added = [max(results[f"{command} {n}"] - base, 1e-3) for n in sizes]
        ax.plot(sizes, added, marker="o", label=f"{label}: added by apimock")
    ax.axhline(0.3, color="grey", linestyle="--", label="target: +0.3 s")
    _axes(ax, "2. start-up with stubs in files", "stubs", "seconds")


def _contract_load(ax: Any, results: dict[str, float], plan: Any) -> None:
    sizes = plan.paths
    ax.plot(
        sizes, [results[f"cold {n}"] for n in sizes], marker="o", label="first run (s)"
    )
    ax.plot(
        sizes,
        [results[f"warm seconds {n}"] for n in sizes],
        marker="o",
        label="cached (s)",
    )
    ax.plot(
        sizes,
        [results[f"warm kept {n}"] / 1e6 for n in sizes],
        marker="s",
        label="memory kept (MB)",
    )
    ax.plot(
        sizes,
        [results[f"bytes {n}"] / 1e6 for n in sizes],
        linestyle=":",
        color="grey",
        label="file size (MB)",
    )
    _axes(ax, "3a. loading a contract", "paths", "seconds / MB")


def _contract_calls(ax: Any, results: dict[str, float], plan: Any) -> None:
    sizes = plan.paths
    for probe in ("first", "middle", "last"):
        ratio = [
            results[f"call {probe} contract {n}"] / results[f"call {probe} plain {n}"]
            for n in sizes
        ]
        ax.plot(sizes, ratio, marker="o", label=f"a call to the {probe} path")
    suite = [
        results[f"suite contract {n}"] / results[f"suite plain {n}"] for n in sizes
    ]
    ax.plot(sizes, suite, marker="s", label="the suite")
    ax.axhline(1.15, color="grey", linestyle="--", label="target: call 1.15x")
    ax.axhline(1.2, color="grey", linestyle=":", label="target: suite 1.2x")
    _axes(ax, "3b. with the contract vs without", "paths", "ratio")

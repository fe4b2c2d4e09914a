"""Pinned-floor quality gate for the extraction benchmarks (the way trafilatura's eval_gate.py works).

``eval/floors.json`` records, per benchmark, the lowest figure newsfold may score: F1 of
the body, and on WCXB the title / author / publication-day accuracies. A figure below its
floor fails the gate. Floors only move up, and only on request (``--raise``): a change
that costs quality has to lower a floor by hand, in a reviewed diff, never silently.

Two suites:

* ``full``: the whole benchmarks, compared with what ``python -m newsfold.evaluation.extraction
  --out eval/results.json`` wrote (``make eval``);
* ``fast``: a fixed, deterministic subset (all of AEB text, the first pages of AEB HTML and
  WCXB by id, counts in the floors file) that the gate runs itself in well under two
  minutes: what CI runs (``tests/evaluation/test_eval_gate.py``).

Where ``../shared/eval/extraction`` is absent the gate says so and skips (exit 0).

    python -m newsfold.evaluation.gate                      # check eval/results.json against the full floors
    python -m newsfold.evaluation.gate --fast               # run the fast suite now and check it
    python -m newsfold.evaluation.gate --fast --raise       # ... and raise the fast floors to what it measured
"""

from __future__ import annotations

import argparse
import json
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SYSTEM = "newsfold"
# Floors sit this far below the figure measured when they were set (rounded down to 3 places):
# the runs are deterministic, so the margin only absorbs dependency updates (trafilatura, lxml).
MARGIN = {"f1": 0.003}
DEFAULT_MARGIN = 0.005
FAST_LIMITS = {"aeb-html": 40, "wcxb": 60}  # used when the floors file names none


def project_root() -> Path:
    return Path(__file__).resolve().parents[3]


DEFAULT_FLOORS = project_root() / "eval" / "floors.json"
DEFAULT_RESULTS = project_root() / "eval" / "results.json"


@dataclass(frozen=True, slots=True)
class Check:
    suite: str
    benchmark: str
    metric: str
    floor: float
    value: float | None  # None: the results do not have this figure

    @property
    def ok(self) -> bool:
        return self.value is not None and self.value >= self.floor

    def line(self) -> str:
        got = "missing" if self.value is None else f"{self.value:.4f}"
        verdict = "ok  " if self.ok else "FAIL"
        return f"{verdict} {self.suite:<5} {self.benchmark:<20} {self.metric:<16} {got:>8}  floor {self.floor:.3f}"


def load_floors(path: str | os.PathLike = DEFAULT_FLOORS) -> dict[str, Any]:
    p = Path(path)
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}


def suite_floors(floors: Mapping[str, Any], suite: str) -> dict[str, dict[str, float]]:
    """``{benchmark: {metric: floor}}`` of one suite (keys starting with "_" are notes)."""
    section = floors.get(suite) or {}
    return {b: {m: float(v) for m, v in ms.items() if not m.startswith("_")}
            for b, ms in section.items() if not b.startswith("_") and isinstance(ms, dict)}


def figures_from_results(results: Mapping[str, Any], system: str = SYSTEM,
                         full_only: bool = True) -> dict[str, dict[str, float]]:
    """``{benchmark: {metric: value}}`` for ``system`` from a results.json document.

    ``full_only``: entries written by a ``--limit`` run are not figures of the whole benchmark.
    """
    benches = ((results.get("extraction") or {}).get("benchmarks") or {})
    out: dict[str, dict[str, float]] = {}
    for bench, systems in benches.items():
        entry = (systems or {}).get(system)
        if not isinstance(entry, dict) or "unavailable" in entry:
            continue
        if full_only and entry.get("limit"):
            continue
        out[bench] = {k: float(v) for k, v in entry.items()
                      if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return out


def check(figures: Mapping[str, Mapping[str, float]], floors: Mapping[str, Mapping[str, float]],
          suite: str) -> list[Check]:
    """One Check per floor; a benchmark or metric absent from ``figures`` fails as missing."""
    return [Check(suite, bench, metric, floor, (figures.get(bench) or {}).get(metric))
            for bench, metrics in sorted(floors.items()) for metric, floor in sorted(metrics.items())]


def floor_for(metric: str, value: float) -> float:
    """The floor pinned for a measured ``value``: a small margin below it, rounded down to 3 places."""
    margin = MARGIN.get(metric, DEFAULT_MARGIN)
    return max(0.0, math.floor((value - margin) * 1000 + 1e-9) / 1000)


def raised(floors: Mapping[str, Any], suite: str, figures: Mapping[str, Mapping[str, float]],
           metrics: Callable[[str], Sequence[str]] | None = None) -> tuple[dict[str, Any], list[str]]:
    """A copy of ``floors`` whose ``suite`` floors are raised to what ``figures`` support, and what changed.

    A floor never goes down. Benchmarks without a floor yet get one for each metric in
    ``metrics(benchmark)`` (default: the ones :func:`default_metrics` names).
    """
    pick = metrics or default_metrics
    new = json.loads(json.dumps(floors))
    section = new.setdefault(suite, {})
    changes: list[str] = []
    for bench, values in sorted(figures.items()):
        current = section.get(bench)
        names = [m for m in (current or {}) if not m.startswith("_")] if current else list(pick(bench))
        for metric in names:
            if metric not in values:
                continue
            candidate = floor_for(metric, values[metric])
            old = (current or {}).get(metric)
            if old is None or candidate > float(old):
                section.setdefault(bench, {})[metric] = candidate
                changes.append(f"{suite}/{bench}/{metric}: {old if old is not None else '-'} -> {candidate:.3f}")
    return new, changes


def default_metrics(benchmark: str) -> tuple[str, ...]:
    if benchmark == "wcxb":
        return ("f1", "title_accuracy", "author_accuracy", "date_accuracy")
    return ("f1",)


def write_floors(path: str | os.PathLike, floors: Mapping[str, Any]) -> None:
    p = Path(path)
    tmp = p.with_suffix(p.suffix + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(floors, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(p)


def fast_limits(floors: Mapping[str, Any]) -> dict[str, int]:
    limits = dict(FAST_LIMITS)
    limits.update({k: int(v) for k, v in ((floors.get("fast") or {}).get("_limits") or {}).items()})
    return limits


def run_fast(root: Path, limits: Mapping[str, int], benchmarks: Sequence[str] | None = None,
             log: Callable[[str], None] | None = None) -> dict[str, dict[str, float]]:
    """Run the fast suite: all of AEB text, the first ``limits[b]`` pages of the HTML benchmarks."""
    from . import extraction as ex

    wanted = list(benchmarks or ("aeb-text", "aeb-html", "wcxb"))
    figures: dict[str, dict[str, float]] = {}
    for bench in wanted:
        limit = limits.get(bench)
        for r in ex.run([bench], root, limit, systems=(SYSTEM,), log=log):
            if r.system == SYSTEM and r.benchmark == bench and "unavailable" not in r.scores:
                figures[bench] = {k: float(v) for k, v in r.scores.items()
                                  if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m newsfold.evaluation.gate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--floors", default=str(DEFAULT_FLOORS))
    ap.add_argument("--results", default=str(DEFAULT_RESULTS), help="results.json to check (full suite)")
    ap.add_argument("--fast", action="store_true", help="run the fast suite now instead of reading --results")
    ap.add_argument("--raise", dest="raise_", action="store_true", help="raise floors to the figures (never lowers)")
    ap.add_argument("--root", default=None, help="the eval/extraction folder (default <shared>/eval/extraction)")
    args = ap.parse_args(argv)
    from . import extraction as ex

    floors = load_floors(args.floors)
    suite = "fast" if args.fast else "full"
    if args.fast:
        root = ex.available(args.root)
        if root is None:
            print("extraction gate skipped: ../shared/eval/extraction not found (set NEWSFOLD_SHARED)")
            return 0
        figures = run_fast(root, fast_limits(floors))
    else:
        path = Path(args.results)
        if not path.exists():
            if ex.available(args.root) is None:
                print("extraction gate skipped: ../shared/eval/extraction not found and no results to check")
                return 0
            print(f"no results at {path}: run python -m newsfold.evaluation.extraction --out {path} first")
            return 2
        figures = figures_from_results(json.loads(path.read_text(encoding="utf-8")))
    checks = check(figures, suite_floors(floors, suite), suite)
    for c in checks:
        print(c.line())
    failed = [c for c in checks if not c.ok]
    if args.raise_:
        if failed:
            print("not raising floors: the gate fails")
        else:
            new, changes = raised(floors, suite, figures)
            if suite == "fast":
                new["fast"]["_limits"] = fast_limits(floors)
            if changes:
                write_floors(args.floors, new)
            print("\n".join(["raised:", *changes]) if changes else "no floor to raise")
    if not checks:
        print(f"no {suite} floors in {args.floors}")
    print(f"extraction gate ({suite}): " + ("FAILED" if failed else "passed") +
          f" ({len(checks) - len(failed)}/{len(checks)} figures at or above their floors)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Speed benchmarks of the text path: `make bench` writes bench/results.json ("speed") and prints a table.

Each case runs in a fresh child process, so its CPU time and peak RSS are its own:

* text-full      the text path end to end with every stage on (clean, dedup,
                 entities and quotes, fold, store), per-article stages in a pool
                 of 2 worker processes — target ≥ 50 articles/s on 2 cores
* text-fast      the same without the understanding stages — target ≥ 300 articles/s
* text-full-1p, text-fast-1p
                 the same in one process (``workers=1``), for reference

The machine these run on is shared, so wall-clock rates say as much about the
neighbours as about newsfold. Every case therefore reports CPU seconds: of the
main process (split into the ingest and the fold that follows it) and of its
worker processes. "2-core rate" is what those CPU seconds give on two idle
cores: the ingest phase takes the longer of the main process's share and half
of all the CPU of main and workers; the fold, which runs in the main process
alone, adds its own time. Wall-clock rate and load average are reported too.

Streams come from bench/generate.py (real articles from ../shared/eval with
copies, near-copies, wire copies and time spread). Timings exclude generating
the stream; the store is a fresh SQLite file in a temporary folder.

    python bench/run.py [--n 2000] [--cases text-full,text-fast,text-full-1p,text-fast-1p]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsfold.evaluation.results import update_results

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CASES = {  # case -> (understand, workers, target articles/s on 2 cores or None)
    "text-full": (True, 2, 50.0),
    "text-fast": (False, 2, 300.0),
    "text-full-1p": (True, 1, None),
    "text-fast-1p": (False, 1, None),
}


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {"python": platform.python_version(), "cpu": cpu, "cores": os.cpu_count(), "system": platform.platform()}


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def run_case(case: str, n: int) -> dict:
    """Child side: run one case and return its figures."""
    from generate import stream

    from newsfold import IngestOptions, ingest, open_store

    understand, workers, target = CASES[case]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "stream.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for row in stream(n, rename=True):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        opts = IngestOptions(understand=understand, workers=workers)
        ingest_cpu = [0.0]

        def at_batch(_summary) -> None:  # the last call comes after the last batch, before the fold
            ingest_cpu[0] = _cpu(resource.RUSAGE_SELF)

        load = os.getloadavg()[0]
        with open_store(Path(tmp) / "bench.db") as store:
            cpu0, kids0, t0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
            ingest_cpu[0] = cpu0
            summary = ingest([str(src)], store, opts, progress=at_batch)
            seconds = time.perf_counter() - t0
            main, kids = _cpu(resource.RUSAGE_SELF) - cpu0, _cpu(resource.RUSAGE_CHILDREN) - kids0
    main_ingest = ingest_cpu[0] - cpu0
    fold = main - main_ingest
    two_cores = max(main_ingest, (main_ingest + kids) / 2) + fold
    added = summary.added
    return {"case": case, "understand": understand, "workers": workers, "articles": added,
            "copies": summary.duplicates, "stories": summary.fold.new_stories if summary.fold else None,
            "wall_s": round(seconds, 2), "wall_per_s": round(added / seconds, 1),
            "main_cpu_s": round(main, 2), "main_ingest_cpu_s": round(main_ingest, 2), "fold_cpu_s": round(fold, 2),
            "workers_cpu_s": round(kids, 2), "per_cpu_s": round(added / (main + kids), 1),
            "two_core_per_s": round(added / two_cores, 1), "target_per_s": target,
            "met": None if target is None else added / two_cores >= target,
            "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description="newsfold speed benchmarks")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        result = run_case(args.child, args.n)
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        result["workers_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
        print(json.dumps(result))
        return
    results = []
    for case in args.cases.split(","):
        if case not in CASES:
            raise SystemExit(f"unknown case {case}; cases: {', '.join(CASES)}")
        out = subprocess.run([sys.executable, __file__, "--child", case, "--n", str(args.n)],
                             capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    info = machine()
    update_results(HERE / "results.json", "speed", {"machine": info, "n": args.n, "results": results})
    print(f"{'case':<13} {'articles':>8} {'2-core rate':>13} {'target':>8} {'met':>4} {'art/CPU-s':>10} "
          f"{'CPU main+workers':>17} {'wall rate':>10} {'load':>5} {'peak RSS':>9}")
    for r in results:
        target = f"≥{r['target_per_s']:.0f}/s" if r["target_per_s"] else "-"
        met = {True: "yes", False: "NO", None: "-"}[r["met"]]
        cpu = f"{r['main_cpu_s']}+{r['workers_cpu_s']} s"
        print(f"{r['case']:<13} {r['articles']:>8} {r['two_core_per_s']:>11}/s {target:>8} {met:>4} "
              f"{r['per_cpu_s']:>10} {cpu:>17} {r['wall_per_s']:>8}/s {r['load_before']:>5} "
              f"{r['peak_rss_mb']:>6} MB")
    print(f"machine: {info['cores']} cores ({info['cpu']}), {info['system']}, Python {info['python']}")


if __name__ == "__main__":
    main()

"""Speed and memory benchmarks: `make bench` writes bench/results.json and prints a table.

Each case runs in a fresh child process, so its peak RSS is its own:

* text-full   the text path end to end with every stage on (clean, dedup,
              quotes, fold, store) — target ≥ 50 articles/s on 2 cores
* text-fast   the same without the understanding stages — target ≥ 300 articles/s

Near-duplicate search against datasketch is bench/neardup.py, and Dask
scaling bench/dask_scaling.py; each writes its own key of results.json.

Streams come from bench/generate.py (real articles from ../shared/eval with
copies, near-copies, wire copies and time spread). Timings exclude generating
the stream; the store is a fresh SQLite file in a temporary folder.

    python bench/run.py [--n 2000] [--cases text-full,text-fast]
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

TARGETS = {"text-full": 50.0, "text-fast": 300.0}


def run_case(case: str, n: int) -> dict:
    """Child side: run one case and return its figures."""
    from generate import stream

    from newsfold import IngestOptions, ingest, open_store

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "stream.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for row in stream(n):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        if case in ("text-full", "text-fast"):
            opts = IngestOptions(understand=(case == "text-full"))
            with open_store(Path(tmp) / "bench.db") as store:
                t0 = time.perf_counter()
                summary = ingest([str(src)], store, opts)
                seconds = time.perf_counter() - t0
            return {"case": case, "articles": summary.added, "seconds": round(seconds, 2),
                    "articles_per_s": round(summary.added / seconds, 1), "copies": summary.duplicates,
                    "target_per_s": TARGETS[case]}
    raise SystemExit(f"unknown case {case}")


def main() -> None:
    ap = argparse.ArgumentParser(description="newsfold benchmarks")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--cases", default="text-full,text-fast")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        result = run_case(args.child, args.n)
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        print(json.dumps(result))
        return
    results = []
    for case in args.cases.split(","):
        out = subprocess.run([sys.executable, __file__, "--child", case, "--n", str(args.n)],
                             capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    machine = {"python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
               "cores": os.cpu_count(), "system": platform.platform()}
    update_results(HERE / "results.json", "speed", {"machine": machine, "n": args.n, "results": results})
    print(f"{'case':<10} {'articles':>8} {'rate':>22} {'target':>10} {'peak RSS':>9}")
    for r in results:
        rate = f"{r['articles_per_s']} articles/s"
        target = f"≥{r['target_per_s']:.0f}/s"
        print(f"{r['case']:<10} {r['articles']:>8} {rate:>22} {target:>10} {r['peak_rss_mb']:>7} MB")
    print(f"machine: {machine['cores']} cores, {machine['system']}")


if __name__ == "__main__":
    main()

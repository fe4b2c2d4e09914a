"""Peak memory while streaming a large stream through ingest with fold: is it flat in N?

Writes bench/results.json ("memory") and prints RSS against articles stored.

The stream (bench/generate.py: real articles from ../shared/eval with copies,
near-copies, wire copies, time spread, and past the pool's ~2,800 articles
re-runs renamed into new events) is written to a temporary JSONL
file first, then ingested into a fresh SQLite store by a child process, so
the figures are the ingest's alone. The child samples its resident set
(/proc/self/statm) after every committed batch and every folded chunk, plus
the resident sets of its worker processes when ``--workers`` > 1; the peak
is the kernel's high-water mark (ru_maxrss). The fast path (no quotes) by
default, because 100,000 articles with quotes take hours of CPU on a small
machine; ``--understand`` turns the quotes on.

What grows with N by design: the near-duplicate index of every original in
the store (exact keys, LSH band tables, 128-value signatures: about 1 KB an
original, kept so that a copy of any earlier article is found) and the
corpus document frequencies the fold reads. Everything else is bounded:
batches, the stories the fold keeps active (``FoldOptions.max_active``),
caches, and the ingest's term weights for the fold (spooled to a temporary
file, not held).

    python bench/memory.py [--n 100000] [--workers 1] [--understand] [--every 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsfold.evaluation.results import update_results

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

LIMIT_MB = 1.5 * 1024  # the target: peak RSS under 1.5 GiB


def _rss_mb(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _children_rss_mb() -> float:
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with the test extras (distributed)
        return 0.0
    return sum(c.memory_info().rss for c in psutil.Process().children(recursive=True)) / 2**20


def child(src: str, n: int, workers: int, understand: bool, every: int) -> dict:
    from newsfold import IngestOptions, ingest, open_store

    samples: list[dict] = []
    next_mark = [every]
    started = time.perf_counter()

    def at_batch(summary) -> None:
        if summary.read >= next_mark[0]:
            samples.append({"phase": "ingest", "read": summary.read, "added": summary.added,
                            "rss_mb": round(_rss_mb(), 1), "workers_rss_mb": round(_children_rss_mb(), 1),
                            "seconds": round(time.perf_counter() - started, 1)})
            while next_mark[0] <= summary.read:
                next_mark[0] += every

    def at_fold(done: int, total: int, _seconds: float) -> None:
        if done == total or done % (10 * 500) == 0:
            samples.append({"phase": "fold", "folded": done, "of": total, "rss_mb": round(_rss_mb(), 1),
                            "seconds": round(time.perf_counter() - started, 1)})

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "memory.db") as store:
        summary = ingest([src], store, IngestOptions(understand=understand, workers=workers),
                         progress=at_batch, fold_progress=at_fold)
        db_mb = sum(os.path.getsize(p) for p in Path(tmp).iterdir()) / 2**20
    return {"articles": summary.added, "read": summary.read, "copies": summary.duplicates,
            "stories": summary.fold.new_stories if summary.fold else None, "seconds": round(summary.seconds, 1),
            "store_mb": round(db_mb, 1), "samples": samples,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "workers_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


def nearest(samples: list[dict], read: int) -> dict | None:
    ingest = [s for s in samples if s["phase"] == "ingest"]
    return min(ingest, key=lambda s: abs(s["read"] - read)) if ingest else None


def main() -> None:
    ap = argparse.ArgumentParser(description="peak RSS while streaming articles through ingest with fold")
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--understand", action="store_true", help="quotes on (the full path)")
    ap.add_argument("--every", type=int, default=5_000, help="articles between samples")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.n, args.workers, args.understand, args.every)))
        return
    from generate import stream

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "stream.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for row in stream(args.n, rename=True):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        cmd = [sys.executable, __file__, "--child", str(src), "--n", str(args.n), "--workers", str(args.workers),
               "--every", str(args.every)] + (["--understand"] if args.understand else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    marks = {}
    for mark in (10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000):
        s = nearest(result["samples"], mark)
        if s is not None and mark <= args.n and abs(s["read"] - mark) <= args.every:
            marks[str(mark)] = s["rss_mb"] + s.get("workers_rss_mb", 0.0)
    ingest = [s for s in result["samples"] if s["phase"] == "ingest"]
    half = [s for s in ingest if s["read"] >= args.n // 2]
    slope = None
    if len(half) >= 2 and half[-1]["read"] > half[0]["read"]:  # MB per 10,000 articles over the second half
        slope = round((half[-1]["rss_mb"] - half[0]["rss_mb"]) / (half[-1]["read"] - half[0]["read"]) * 10_000, 1)
    peak = result["peak_rss_mb"] + (result["workers_peak_rss_mb"] if args.workers > 1 else 0.0)
    summary = {"n": args.n, "workers": args.workers, "understand": args.understand, "rss_mb_at": marks,
               "mb_per_10k_second_half": slope, "peak_rss_mb": round(peak, 1), "limit_mb": LIMIT_MB,
               "met": peak < LIMIT_MB, **result}
    key = "memory" if args.n < 1_000_000 else "memory_1m"
    update_results(HERE / "results.json", key, summary)
    print(f"streamed {args.n:,} (added {result['articles']:,}, copies {result['copies']:,}) in {result['seconds']} s; "
          f"store {result['store_mb']:,} MB")
    print("RSS at " + ", ".join(f"{int(k):,}: {v:,.0f} MB" for k, v in marks.items()))
    print(f"growth over the second half: {slope} MB per 10,000 articles; peak {peak:,.0f} MB "
          f"(target < {LIMIT_MB:,.0f} MB: {'met' if peak < LIMIT_MB else 'NOT met'})")


if __name__ == "__main__":
    main()

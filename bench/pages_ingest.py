"""Ingest rate into a big store: the articles that come next in bench/pages_100k.py's build.

    python bench/pages_ingest.py --store /path/to/a/50k/store.db [--skip 50000] [--n 1000] [--empty]

Issue 7 asks for >= 50 articles/s for the full pipeline; the 100k build's chunks fell from
15.9 to 6.5 articles/s as its store grew, so this measures the rate into a store that already
holds tens of thousands of articles. ``--store`` is copied to a temporary directory first (the
original is never written); items ``[skip, skip + n)`` of ``pages_stream.stream(100_000, seed)``
(what the build would ingest next) are ingested into the copy with the build's options (one
process, batches of 500, quotes, fold and storylines) and the figures printed as JSON: wall and
CPU seconds (CPU time says more on a busy machine), and the split between the per-article
stages and the fold. ``--empty`` ingests the same articles into an empty store instead.
``--label`` also writes them to bench/results.json under ``ingest_rate.<label>``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
RESULTS = HERE / "results.json"


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def measure(store_path: Path | None, items: Path) -> dict:
    """Ingest ``items`` into a copy of ``store_path`` (an empty store when None); the figures."""
    import newsfold

    with tempfile.TemporaryDirectory(prefix="newsfold-rate-") as tmp:
        target = Path(tmp) / "store.db"
        if store_path is not None:  # (a store no one is writing to: the file and its WAL, if any)
            for suffix in ("", "-wal"):
                if Path(f"{store_path}{suffix}").exists():
                    shutil.copyfile(f"{store_path}{suffix}", f"{target}{suffix}")
            os.sync()  # a fresh copy's dirty pages would be written out at the first checkpoint, timed
        marks: dict[str, float] = {}
        with newsfold.open_store(target) as store:
            before = store.count("articles")
            wall, cpu = time.perf_counter(), cpu_seconds()

            def stored(summary) -> None:
                marks["ingest_s"], marks["ingest_cpu_s"] = time.perf_counter() - wall, cpu_seconds() - cpu

            s = newsfold.ingest([str(items)], store, newsfold.IngestOptions(batch_size=500), progress=stored)
            seconds, cpu_used = time.perf_counter() - wall, cpu_seconds() - cpu
    return {"store_articles": before, "added": s.added, "copies": s.duplicates, "quotes": s.quotes,
            "errors": s.errors, "new_stories": s.fold.new_stories, "new_storylines": s.fold.new_storylines,
            "seconds": round(seconds, 1), "cpu_seconds": round(cpu_used, 1),
            "articles_per_s": round(s.added / seconds, 1), "articles_per_cpu_s": round(s.added / cpu_used, 1),
            "ingest_s": round(marks["ingest_s"], 1), "ingest_cpu_s": round(marks["ingest_cpu_s"], 1),
            "fold_s": round(seconds - marks["ingest_s"], 1), "fold_cpu_s": round(cpu_used - marks["ingest_cpu_s"], 1),
            "load_average": round(os.getloadavg()[0], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, required=True, help="the big store (copied, never written)")
    ap.add_argument("--skip", type=int, default=50_000, help="stream items before the ones ingested")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--empty", action="store_true", help="into an empty store instead")
    ap.add_argument("--label", help="write the figures to bench/results.json under ingest_rate.<label>")
    args = ap.parse_args()
    from pages_stream import stream

    # Kept between runs (making them means generating the stream up to them): the same path, so
    # the same origins, every time.
    items = Path(tempfile.gettempdir()) / "newsfold-rate-items" / f"stream-{args.seed}-{args.skip}-{args.n}.jsonl"
    if not items.is_file():
        items.parent.mkdir(exist_ok=True)
        part = items.with_suffix(".part")
        with part.open("w", encoding="utf-8") as f:
            for row in itertools.islice(stream(100_000, args.seed), args.skip, args.skip + args.n):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        part.rename(items)
    figures = measure(None if args.empty else args.store, items)
    figures |= {"items": f"pages_stream(100000, seed={args.seed})[{args.skip}:{args.skip + args.n}]",
                "into": "an empty store" if args.empty else str(args.store)}
    print(json.dumps(figures))
    if args.label:
        from newsfold.evaluation.results import update_results

        update_results(RESULTS, "ingest_rate", lambda old: {**(old or {}), args.label: figures})


if __name__ == "__main__":
    main()

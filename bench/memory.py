"""Peak memory while streaming a large stream through ingest with fold: is it flat in N?

Writes bench/results.json ("memory", or "memory_1m" from a million) and prints
RSS against articles stored.

The stream (bench/generate.py: real articles from ../shared/eval with copies,
near-copies, wire copies, time spread, and past the pool's ~2,800 articles
re-runs renamed into new events) is written to a temporary JSONL
file first, then ingested into a fresh SQLite store by a child process, so
the figures are the ingest's alone. The child samples its resident set
(/proc/self/statm) after every committed batch and every folded chunk, plus
the resident sets of its worker processes when ``--workers`` > 1; the peak
is what was resident at once: the kernel's high-water mark (ru_maxrss) of the
process, plus its workers' while they live (the pool closes before the fold). The fast path (no quotes) by
default, because 100,000 articles with quotes take hours of CPU on a small
machine; ``--understand`` turns the quotes on.

Every sample is appended to a JSONL file as it is taken (``--partial``,
printed at the start), so a run cut short still tells how far it got: the
parent summarises what the file holds when the child dies or the parent is
interrupted (SIGINT/SIGTERM), and ``--summarise FILE`` does so afterwards.
Such a summary says ``"complete": false`` and never ``"met": true``.

"met" means all of: the run completed, the peak (this process plus its
workers) is under 1.5 GiB, and memory is flat in N: the least-squares slope
of the ingest's RSS (process plus workers) over the second half of the
stream is at most ``FLAT_MB_PER_10K`` MB per 10,000 articles (100 MB per
million). Once both sizes have run, the report also sets the two peaks side by
side: flat in N, as the issue means it, is the peak at a million within
``FLAT_PEAK_RATIO`` of the peak at 100,000 and the million's own second half
flat. (The second half of 100,000 is a strict test: the near-duplicate window of
50,000 originals fills only at ~64,000 articles.)

What grows with N by design: the corpus document frequencies the fold reads
(with the vocabulary, sub-linearly), and, until they are full, the term caches
of fold/features.py (stems and background IDFs of up to 200,000 distinct
words, in the ingest process and in each worker; this stream still brings
~1,000 new stems per 1,000 articles at 20,000). Everything else is bounded:
batches, the near-duplicate index (a window of the newest
``DedupOptions.window`` originals; exact copies are looked up in the store),
the stories the fold keeps active (``FoldOptions.max_active``), caches, and
the ingest's term weights for the fold (spooled to a temporary file, not held).

A million articles take this machine longer than one working session (about
1.7 h of ingest and as long again of fold on two idle cores). ``--store PATH``
keeps the store there instead of in a temporary directory, and running the same
command again with the same ``--partial`` file resumes the run: the ingest skips
what landed (as any resumed ingest does) and the fold picks up the articles still
waiting. Each process's samples carry its run number; a stretch of the stream is
judged by the process that ingested it, the peak is the highest of any process,
and the summary says how many processes the run took (``"runs"``).

    python bench/memory.py [--n 100000] [--workers 1] [--understand] [--every 5000] [--partial FILE]
    python bench/memory.py --n 1000000 --workers 2 --store /tmp/mem1m.db --partial /tmp/mem1m.jsonl  # again to resume
    python bench/memory.py --summarise FILE
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsfold.evaluation.results import read_results, update_results

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


def child(src: str, n: int, workers: int, understand: bool, every: int, partial: str, db: str | None = None,
          run: int = 1) -> dict:
    from newsfold import IngestOptions, ingest, open_store

    next_mark = [every]
    started = time.perf_counter()

    def record(sample: dict) -> None:
        with open(partial, "a", encoding="utf-8") as out:  # a run cut short keeps every sample taken
            out.write(json.dumps({**sample, "run": run}) + "\n")

    def at_batch(summary) -> None:
        if summary.read >= next_mark[0]:
            record({"phase": "ingest", "read": summary.read, "added": summary.added,
                    "copies": summary.duplicates, "rss_mb": round(_rss_mb(), 1),
                    "workers_rss_mb": round(_children_rss_mb(), 1),
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                    "seconds": round(time.perf_counter() - started, 1)})
            while next_mark[0] <= summary.read:
                next_mark[0] += every

    def at_fold(done: int, total: int, _seconds: float) -> None:
        if done == total or done % (10 * 500) == 0:
            record({"phase": "fold", "folded": done, "of": total, "rss_mb": round(_rss_mb(), 1),
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                    "seconds": round(time.perf_counter() - started, 1)})

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(db) if db else Path(tmp) / "memory.db"
        with open_store(path) as store:
            summary = ingest([src], store, IngestOptions(understand=understand, workers=workers),
                             progress=at_batch, fold_progress=at_fold)
            # What the store holds (a resumed run adds only the rest).
            stored = store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            copies = store.db.execute("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
            stories = store.db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        db_mb = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
    final = {"final": True, "articles": stored, "read": summary.read, "copies": copies,
             "stories": stories, "seconds": round(summary.seconds, 1),
             "store_mb": round(db_mb, 1),
             "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
             "workers_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}
    record(final)
    return final


FLAT_MB_PER_10K = 1.0  # flat in N: at most this growth per 10,000 articles over the second half
FLAT_PEAK_RATIO = 1.15  # and across the two sizes: the peak at 1M at most this times the peak at 100k


def slope_per_10k(points: list[tuple[int, float]]) -> float | None:
    """Least-squares MB per 10,000 articles through (articles read, MB) points: robust to one noisy sample."""
    if len(points) < 2 or points[-1][0] == points[0][0]:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return round(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx * 10_000, 2)


def read_partial(path: str) -> tuple[list[dict], dict | None, dict]:
    """(samples, final record or None, run settings) from a partial file.

    A resumed run appends to the same file: its settings line comes again, and its samples carry a
    higher ``run``. Ingest samples of a stretch of the stream that a later process only skipped
    (read again, found stored) are dropped: that stretch is judged by the process that ingested it.
    """
    samples, final, settings, runs = [], None, {}, 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                row = json.loads(line)
            except ValueError:
                continue  # a line cut by a kill
            if row.get("settings"):
                settings, runs = row, runs + 1
            elif row.get("final"):
                final = row
            else:
                samples.append(row)
    reached: dict[int, int] = {}  # run -> the furthest read position it sampled
    for row in samples:
        if row["phase"] == "ingest":
            reached[row.get("run", 1)] = max(reached.get(row.get("run", 1), 0), row["read"])
    kept = []
    for row in samples:
        run = row.get("run", 1)
        earlier = max((r for k, r in reached.items() if k < run), default=0)
        if row["phase"] != "ingest" or row["read"] > earlier:
            kept.append(row)
    settings["runs"] = max(runs, 1)
    return kept, final, settings


def summarise(samples: list[dict], final: dict | None, n: int, workers: int, understand: bool, runs: int = 1) -> dict:
    ingest = [s for s in samples if s["phase"] == "ingest"]
    total = {s["read"]: s["rss_mb"] + s.get("workers_rss_mb", 0.0) for s in ingest}
    marks = {}
    for mark in (10_000, 50_000, 100_000, 200_000, 300_000, 400_000, 500_000, 750_000, 1_000_000):
        near = min(ingest, key=lambda s: abs(s["read"] - mark)) if ingest else None
        if near is not None and mark <= n and abs(near["read"] - mark) <= n // 100:
            marks[str(mark)] = round(total[near["read"]], 1)
    reached = ingest[-1]["read"] if ingest else 0
    start = (n if final else reached) // 2
    slope = slope_per_10k([(read, mb) for read, mb in total.items() if read >= start])
    # Apart, to tell the ingest process's growth from its workers' (their RSS counts the pages they
    # share with it copy-on-write, so the sum overstates the memory used).
    own_slope = slope_per_10k([(s["read"], s["rss_mb"]) for s in ingest if s["read"] >= start])
    workers_slope = slope_per_10k([(s["read"], s.get("workers_rss_mb", 0.0)) for s in ingest if s["read"] >= start])
    # What was resident at once, per process, the highest over the processes of a resumed run. The workers
    # live through the ingest only (the pool closes before the fold): while they live, the process's
    # high-water mark so far plus the workers' largest sampled sum, or each worker at the largest
    # child's own high-water mark (the kernel's, from the final record), whichever is more; after, the
    # process's high-water mark alone.
    peaks = {}
    for s in samples:
        run = s.get("run", 1)
        own, ingest_total = peaks.get(run, (0.0, 0.0))
        mark = s.get("peak_rss_mb", s["rss_mb"])
        if s["phase"] == "ingest":
            ingest_total = max(ingest_total, mark + (s.get("workers_rss_mb", 0.0) if workers > 1 else 0.0))
        peaks[run] = (max(own, mark), ingest_total)
    if final is not None:
        run = final.get("run", 1)
        own, ingest_total = peaks.get(run, (0.0, 0.0))
        ingest_own = max((s.get("peak_rss_mb", s["rss_mb"]) for s in ingest if s.get("run", 1) == run), default=0.0)
        if workers > 1:
            ingest_total = max(ingest_total, ingest_own + workers * final["workers_peak_rss_mb"])
        peaks[run] = (max(own, final["peak_rss_mb"]), ingest_total)
    peak = max((max(own, ingest_total) for own, ingest_total in peaks.values()), default=0.0)
    flat = slope is not None and slope <= FLAT_MB_PER_10K
    under = peak < LIMIT_MB
    out = {"n": n, "workers": workers, "understand": understand, "runs": runs, "complete": final is not None,
           "read_so_far": reached, "rss_mb_at": marks, "mb_per_10k_second_half": slope,
           "process_mb_per_10k_second_half": own_slope, "workers_mb_per_10k_second_half": workers_slope,
           "flat_limit_mb_per_10k": FLAT_MB_PER_10K, "flat": flat, "peak_rss_mb": round(peak, 1),
           "limit_mb": LIMIT_MB, "under_limit": under, "met": final is not None and flat and under,
           **(final or {}), "samples": samples}
    out.pop("final", None)
    out.pop("run", None)
    out["peak_rss_mb"] = round(peak, 1)
    if runs > 1:  # each process's own time, added up
        last = {}
        for s in samples:
            last[s.get("run", 1)] = max(last.get(s.get("run", 1), 0.0), s["seconds"])
        if final is not None:
            last[final.get("run", 1)] = final["seconds"]
        out["seconds"] = round(sum(last.values()), 1)
    return out


def report(summary: dict) -> None:
    # The issue's two sizes have their keys; a trial of another size does not overwrite them.
    key = {100_000: "memory", 1_000_000: "memory_1m"}.get(summary["n"], f"memory_{summary['n']}")
    update_results(HERE / "results.json", key, summary)
    n = summary["n"]
    if summary["complete"]:
        print(f"streamed {n:,} (added {summary['articles']:,}, copies {summary['copies']:,}) in "
              f"{summary['seconds']} s; store {summary['store_mb']:,} MB"
              + (f"; in {summary['runs']} processes (resumed)" if summary.get("runs", 1) > 1 else ""))
    else:
        print(f"INCOMPLETE: {summary['read_so_far']:,} of {n:,} articles read when the run stopped")
    print("RSS (process + workers) at " + ", ".join(f"{int(k):,}: {v:,.0f} MB" for k, v in summary["rss_mb_at"].items()))
    print(f"growth over the second half: {summary['mb_per_10k_second_half']} MB per 10,000 articles "
          f"(process {summary['process_mb_per_10k_second_half']}, workers {summary['workers_mb_per_10k_second_half']}) "
          f"(flat: <= {FLAT_MB_PER_10K}: {'yes' if summary['flat'] else 'NO'}); peak {summary['peak_rss_mb']:,.0f} MB "
          f"(< {LIMIT_MB:,.0f} MB: {'yes' if summary['under_limit'] else 'NO'}) -> "
          f"{'met' if summary['met'] else 'NOT met'}")
    both = read_results(HERE / "results.json")
    small, large = both.get("memory"), both.get("memory_1m")
    if small and large:  # the issue's own sense of flat: a million costs what 100,000 cost
        growth, flat = flat_in_n(small, large)
        print(f"peak at 100,000: {small['peak_rss_mb']:,.0f} MB ({'complete' if small['complete'] else 'incomplete'}); "
              f"at 1,000,000: {large['peak_rss_mb']:,.0f} MB ({'complete' if large['complete'] else 'incomplete'}): "
              f"x{growth:.2f}; flat in N (<= x{FLAT_PEAK_RATIO}, the million's second half flat, both complete and "
              f"under {LIMIT_MB:,.0f} MB): {'met' if flat else 'NOT met'}")


def flat_in_n(small: dict, large: dict) -> tuple[float, bool]:
    """(the 1M run's peak over the 100k run's, whether memory is flat in N): within ``FLAT_PEAK_RATIO``,
    the million's own second half flat, both runs complete and under the limit."""
    growth = large["peak_rss_mb"] / small["peak_rss_mb"] if small["peak_rss_mb"] else float("inf")
    flat = (growth <= FLAT_PEAK_RATIO and small["complete"] and large["complete"] and large["flat"]
            and small["under_limit"] and large["under_limit"])
    return growth, flat

def _interrupted(*_: object) -> None:
    raise KeyboardInterrupt  # SIGTERM as Ctrl-C: stop the child, then summarise what it sampled


def main() -> None:
    ap = argparse.ArgumentParser(description="peak RSS while streaming articles through ingest with fold")
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--understand", action="store_true", help="quotes on (the full path)")
    ap.add_argument("--every", type=int, default=5_000, help="articles between samples")
    ap.add_argument("--partial", help="JSONL file the samples are appended to as they are taken")
    ap.add_argument("--stream", help="ingest this JSONL (bench/generate.py --rename --n N) instead of generating it")
    ap.add_argument("--summarise", metavar="FILE", help="summarise a partial file of a run cut short, and stop")
    ap.add_argument("--store", help="keep the store at this path; the same command again resumes the run")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--run", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        signal.signal(signal.SIGTERM, _interrupted)  # stopped by the parent: remove the temporary store
        print(json.dumps(child(args.child, args.n, args.workers, args.understand, args.every, args.partial,
                               args.store, args.run)))
        return
    if args.summarise:
        samples, final, settings = read_partial(args.summarise)
        report(summarise(samples, final, settings.get("n", args.n), settings.get("workers", args.workers),
                         settings.get("understand", args.understand), settings["runs"]))
        return
    from generate import stream

    partial = args.partial or str(Path(tempfile.gettempdir()) / f"newsfold-memory-{args.n}-{os.getpid()}.jsonl")
    settings = {"settings": True, "n": args.n, "workers": args.workers, "understand": args.understand}
    run = 1
    if args.store and Path(args.store).exists():  # resuming: the earlier processes' samples stay
        if not Path(partial).exists():
            sys.exit(f"{args.store} exists: pass the --partial file of the run it holds to resume it")
        _, done, earlier = read_partial(partial)
        if done is not None or any(earlier.get(k) != v for k, v in settings.items()):
            sys.exit(f"{partial} holds a finished run or other settings: start afresh with a new --store")
        run = earlier["runs"] + 1
    elif args.store and Path(partial).exists():
        sys.exit(f"{partial} exists but {args.store} does not: give a new --partial file")
    with open(partial, "a" if run > 1 else "w", encoding="utf-8") as f:
        f.write(json.dumps(settings) + "\n")
    print(f"samples go to {partial}" + (f" (run {run}, resuming {args.store})" if run > 1 else ""), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(args.stream or (Path(args.store).with_suffix(".stream.jsonl") if args.store else Path(tmp) / "stream.jsonl"))
        if not src.exists():  # a resumed run reads the same stream again
            part = src.with_name(src.name + ".part")  # named only once whole: a cut generation is not reused
            with part.open("w", encoding="utf-8") as f:
                for row in stream(args.n, rename=True):  # generated lazily: the stream never sits in memory
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
            part.rename(src)
        cmd = [sys.executable, __file__, "--child", str(src), "--n", str(args.n), "--workers", str(args.workers),
               "--every", str(args.every), "--partial", partial, "--run", str(run)] + (
            ["--understand"] if args.understand else []) + (["--store", args.store] if args.store else [])
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
        signal.signal(signal.SIGTERM, _interrupted)
        try:
            rc = proc.wait()
            if rc:
                print(f"the child exited with {rc}: summarising the samples it took", file=sys.stderr)
        except KeyboardInterrupt:
            proc.terminate()
            proc.wait()
            print("interrupted: summarising the samples taken so far", file=sys.stderr)
    samples, final, settings = read_partial(partial)
    report(summarise(samples, final, args.n, args.workers, args.understand, settings["runs"]))


if __name__ == "__main__":
    main()

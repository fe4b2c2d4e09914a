"""Page and API timings on a 100,000-article store (issue: every page under 500 ms server time).

    python bench/pages_100k.py [--store /tmp/newsfold-100k/store.db] [--n 100000] [--repeat 20]
    python bench/pages_100k.py --build-only      # make (or finish) the store, time nothing

The store is built once and kept at ``--store`` (never in the repository); a JSON stamp
beside it records how it was made, and a later run with the same ``--n``/``--seed`` reuses
it. Building runs the whole pipeline (clean, near-duplicates, quotes and speakers, folding
into stories, storylines) on the stream of ``bench/pages_stream.py`` (real articles from
../shared/eval, respun past the first pass so that 100k articles are 100k articles, with
copies and a few big stories), in chunks of 10,000 articles, each its own ``ingest`` call
with folding: an interrupted build resumes where it stopped (stored items are skipped).

Timings are bench/pages.py's (cold and warm, server side, through the ASGI app), written to
bench/results.json under ``pages.100k``. Semantic search is timed over random vectors (see
``RandomVectors``) when newsfold[embed] is installed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STREAM_VERSION = "pages_stream v1"


def build(store_path: Path, n: int, seed: int, chunk: int = 10_000, workers: int = 1) -> dict:
    """Make the store (or finish an interrupted build); return the stamp describing it.

    ``workers`` > 1 runs the per-article stages in a process pool (the same store either way,
    see run/local.py): a busy machine then gives the build more of its cores."""
    from pages_stream import stream

    import newsfold

    stamp_path = store_path.with_name(store_path.name + ".json")
    wanted = {"n": n, "seed": seed, "stream": STREAM_VERSION}
    if stamp_path.is_file():
        stamp = json.loads(stamp_path.read_text())
        if stamp.get("done") and {k: stamp.get(k) for k in wanted} == wanted:
            return stamp
        if {k: stamp.get(k) for k in wanted} != wanted:
            raise SystemExit(f"{store_path} was built with {stamp}, not {wanted}: pick another --store")
    else:
        if store_path.exists():
            raise SystemExit(f"{store_path} exists without a stamp: pick another --store")
        stamp = wanted | {"done": False, "seconds": 0.0, "chunks": []}
    store_path.parent.mkdir(parents=True, exist_ok=True)
    chunks = store_path.with_name(store_path.name + ".chunks")
    chunks.mkdir(exist_ok=True)
    rows = stream(n, seed)
    opts = newsfold.IngestOptions(batch_size=500, workers=workers)
    for number, start in enumerate(range(0, n, chunk)):
        size = min(chunk, n - start)
        if number < len(stamp["chunks"]):  # ingested by an earlier run: only move the stream on
            for _ in range(size):
                next(rows)
            continue
        path = chunks / f"chunk-{number:04d}.jsonl"  # the same name on a resumed run: same origins
        with path.open("w", encoding="utf-8") as f:
            for _ in range(size):
                f.write(json.dumps(next(rows), ensure_ascii=False) + "\n")
        fold_seconds = [0.0]

        def folded(done: int, waiting: int, secs: float) -> None:
            fold_seconds[0] = secs

        t0 = time.perf_counter()
        with newsfold.open_store(store_path) as store:
            s = newsfold.ingest([str(path)], store, opts, fold_progress=folded)
        seconds = time.perf_counter() - t0
        stamp["seconds"] = round(stamp["seconds"] + seconds, 1)
        # A chunk an interrupted run had stored comes back "unchanged", its articles folded now.
        stamp["chunks"].append({"chunk": number, "workers": workers, "added": s.added, "unchanged": s.unchanged, "copies": s.duplicates,
                                "quotes": s.quotes, "errors": s.errors,
                                "folded": s.fold.articles if s.fold else 0,
                                "new_stories": s.fold.new_stories if s.fold else 0,
                                "fold_seconds": round(fold_seconds[0], 1), "seconds": round(seconds, 1)})
        stamp_path.write_text(json.dumps(stamp, indent=1))
        print(f"chunk {number}: {s.added} added ({s.unchanged} unchanged, {s.duplicates} copies, {s.quotes} quotes, "
              f"{s.errors} errors), {s.fold.articles if s.fold else 0} folded ({fold_seconds[0]:.0f}s) "
              f"in {seconds:.0f}s = {s.added / seconds:.1f} articles/s", flush=True)
        path.unlink()
    with newsfold.open_store(store_path) as store:
        stamp["counts"] = {t: store.count(t) for t in ("articles", "stories", "storylines", "quotes", "errors")}
    stamp["done"] = True
    stamp_path.write_text(json.dumps(stamp, indent=1))
    return stamp


class RandomVectors:
    """Semantic search timing without embedding 100,000 articles (~75 CPU-minutes of MiniLM here):
    the store gets one random unit vector per original under this model's own name (the cost of
    a query does not depend on the values), and queries are embedded by the real MiniLM."""

    name, dim = "bench-random-384", 384

    def __init__(self) -> None:
        from newsfold.embed import MiniLM

        self.minilm = MiniLM()

    def load(self) -> None:
        self.minilm.load()

    def encode(self, texts: list[str]):
        return self.minilm.encode(texts)


def add_random_vectors(store_path: Path, seed: int = 7, batch: int = 5000) -> int:
    """Give every original without one a random vector of ``RandomVectors``; return how many exist."""
    import numpy as np

    import newsfold

    rng = np.random.default_rng(seed)
    with newsfold.open_store(store_path) as store:
        while rows := store.articles_to_embed(RandomVectors.name, 0, batch):
            v = rng.normal(size=(len(rows), RandomVectors.dim)).astype("<f4")
            v /= np.linalg.norm(v, axis=1, keepdims=True)
            with store.transaction():
                store.add_vectors(RandomVectors.name, RandomVectors.dim, [(r["id"], x.tobytes()) for r, x in zip(rows, v)])
        return store.vector_stats(RandomVectors.name)[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", default="/tmp/newsfold-100k/store.db")
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=1, help="processes for the per-article stages while building")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--target-ms", type=float, default=500.0)
    ap.add_argument("--no-semantic", action="store_true", help="no random vectors, no semantic search timing")
    args = ap.parse_args()
    stamp = build(Path(args.store), args.n, args.seed, workers=args.workers)
    print(json.dumps({k: v for k, v in stamp.items() if k != "chunks"}))
    if args.build_only:
        return
    from pages import pick_urls, report, store_summary, time_pages

    from newsfold.embed import minilm_installed

    embedder = None
    if minilm_installed() and not args.no_semantic:
        print(f"random vectors: {add_random_vectors(Path(args.store))}", flush=True)
        embedder = RandomVectors()
    print(f"{'page':<46} {'cold ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    urls = pick_urls(args.store, semantic_query="peace talks between the government and rebels")
    figures = time_pages(args.store, urls, args.repeat, embedder=embedder)
    summary = store_summary(args.store)
    built = {k: stamp[k] for k in ("n", "seed", "stream", "seconds")} | {
        "how": "bench/pages_stream.py (real ../shared/eval articles, respun past the first pass, copies, hot "
               "stories), full pipeline (IngestOptions(batch_size=500, workers as in 'chunks'): clean, dedup, quotes, "
               "fold, storylines), 10 ingest calls of 10,000", "chunks": stamp["chunks"], "vectors": "random unit vectors under 'bench-random-384', query "
               "embedded by MiniLM" if embedder else "none"}
    report("100k", figures, args.target_ms, summary | {"built": built})
    print(json.dumps({"store": summary, "first_request_ms": figures["first_request_ms"],
                      "slowest_warm_p95_ms": figures["slowest_warm_p95_ms"],
                      "slowest_cold_ms": figures["slowest_cold_ms"]}))


if __name__ == "__main__":
    main()

"""Full-text search latency over a large store: newsfold's search against a bare FTS5 query.

Writes bench/results.json ("search") and prints p50/p95/p99 per query kind.

The store: ``--n`` articles of the bench/generate.py stream (real texts from
../shared/eval with copies, near-copies, wire copies, renamed re-runs) written
straight through the store's own ``add_raw``/``add_article`` (its FTS5 index
is kept by the store's triggers), in transactions of 10,000. Cleaning is
skipped: what search costs depends on the indexed text and its amount, not
on how it was cleaned, and a million articles through the whole ingest would
take the machine a day. The store is kept under ``--db`` and reused.

Queries: a seeded mix drawn from the indexed text itself, by document
frequency — common words (in over 5% of articles), mid-frequency and rare
words, names, two- and three-word queries; content words only, as people
search (no "the", "said": fold.features.STOPWORDS) — each timed
``--repeat`` times, warm (the store's pages in the OS cache).

* newsfold   ``Store.search(q, limit=20)``: what ``newsfold search`` and the
             API run — FTS5 MATCH, bm25 order among the newest 5,000 matches
             (``store.base.SEARCH_WINDOW``), snippets, the article and its
             story joined.
* fts5       the peer: ``SELECT rowid FROM articles_fts WHERE articles_fts
             MATCH ? ORDER BY rank LIMIT 20`` alone (the floor any FTS5
             search pays).

    python bench/search.py [--n 1000000] [--db /tmp/newsfold-search-1m.db] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from newsfold.evaluation.results import update_results

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TARGET_P95_MS = 50.0
_WORD = re.compile(r"[A-Za-z]{3,}")


def build(db: str, n: int) -> float:
    """Fill the store up to ``n`` articles of the stream; returns the seconds it took.

    An interrupted build resumes: the stream is deterministic, so the rows already
    stored (committed 10,000 at a time) are skipped.
    """
    from itertools import islice

    from generate import stream

    from newsfold.records import Article, Paragraph, RawDoc, content_hash
    from newsfold.store import open_store

    started = time.perf_counter()
    with open_store(db) as store:
        done = store.count("articles")
        rows = islice(stream(n, rename=True), done, None)
        while done < n:
            with store.transaction():
                for row in rows:
                    raw = RawDoc(row["text"], f"stream.jsonl:{done + 1}", {k: v for k, v in row.items() if k != "text"})
                    paras, at = [], 0
                    for block in row["text"].split("\n\n"):
                        if block.strip():
                            paras.append(Paragraph(block.strip(), 1, at))
                        at += len(block) + 2
                    article = Article(content_hash(raw.content_id + raw.origin), raw.content_id, raw.origin,
                                      row.get("title"), row.get("outlet"), None, None, None, row.get("published"),
                                      "en", tuple(paras), ())
                    store.add_raw(raw)
                    store.add_article(article, content_hash(article.body))
                    done += 1
                    if done % 10_000 == 0 or done == n:
                        break
            print(f"\r  built {done:,} of {n:,}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return time.perf_counter() - started


def queries(con: sqlite3.Connection, count: int, seed: int = 11) -> list[tuple[str, str]]:
    """(kind, query) pairs drawn from a sample of the indexed articles, by document frequency."""
    from newsfold.fold.features import STOPWORDS

    rng = random.Random(seed)
    total = con.execute("SELECT max(seq) FROM articles").fetchone()[0]
    sample = [con.execute("SELECT title, body FROM articles WHERE seq = ?", (rng.randint(1, total),)).fetchone()
              for _ in range(400)]
    df: dict[str, int] = {}
    names: set[str] = set()
    for title, body in sample:
        words = set(_WORD.findall(f"{title or ''} {body}"))
        names.update(w for w in words if w[0].isupper() and w[1:].islower() and len(w) > 3
                     and w.lower() not in STOPWORDS)
        for w in {w.lower() for w in words} - STOPWORDS:
            df[w] = df.get(w, 0) + 1
    share = {w: c / len(sample) for w, c in df.items()}
    common = sorted(w for w, s in share.items() if s >= 0.05)
    middle = sorted(w for w, s in share.items() if 0.01 <= s < 0.05)
    rare = sorted(w for w, s in share.items() if s < 0.01 and len(w) > 4)
    names_list = sorted(names)
    kinds = [("common word", lambda: rng.choice(common)), ("mid word", lambda: rng.choice(middle)),
             ("rare word", lambda: rng.choice(rare)), ("name", lambda: rng.choice(names_list)),
             ("two words", lambda: f"{rng.choice(middle)} {rng.choice(common)}"),
             ("three words", lambda: f"{rng.choice(names_list)} {rng.choice(middle)} {rng.choice(middle)}")]
    return [(kind, make()) for i in range(count) for kind, make in [kinds[i % len(kinds)]]]


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 2)


def main() -> None:
    ap = argparse.ArgumentParser(description="search latency over a large store")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--db", default=None, help="store to build or reuse (default: /tmp/newsfold-search-N.db)")
    ap.add_argument("--queries", type=int, default=240)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    db = args.db or f"/tmp/newsfold-search-{args.n}.db"
    from newsfold.store import open_store

    build_s = None
    with open_store(db) as store:
        stored = store.count("articles")
    if stored < args.n:
        build_s = round(build(db, args.n), 1)
    from newsfold.store.sqlite import fts_query

    with open_store(db) as store:
        articles = store.count("articles")
        mix = queries(store.db, args.queries)
        for _, q in mix:  # warm: the pages each query reads come from the OS cache, not the disk
            store.search(q, limit=20)
        ours: dict[str, list[float]] = {}
        peer: dict[str, list[float]] = {}
        hits: dict[str, list[int]] = {}
        for kind, q in mix:
            raw = fts_query(q)
            ours.setdefault(kind, []).extend(timed(lambda q=q: store.search(q, limit=20), args.repeat))
            peer.setdefault(kind, []).extend(timed(lambda raw=raw: store.db.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT 20", (raw,)).fetchall(),
                args.repeat))
            hits.setdefault(kind, []).append(store.db.execute(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (raw,)).fetchone()[0])
    size_mb = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p)) / 2**20
    every_ours = [x for v in ours.values() for x in v]
    every_peer = [x for v in peer.values() for x in v]
    table = {kind: {"queries": len(hits[kind]), "median_hits": int(statistics.median(hits[kind])),
                    "newsfold_p50_ms": pct(ours[kind], 50), "newsfold_p95_ms": pct(ours[kind], 95),
                    "fts5_p50_ms": pct(peer[kind], 50), "fts5_p95_ms": pct(peer[kind], 95)} for kind in ours}
    result = {"articles": articles, "store_mb": round(size_mb), "build_seconds": build_s, "queries": len(mix),
              "repeat": args.repeat, "by_kind": table,
              "newsfold_p50_ms": pct(every_ours, 50), "newsfold_p95_ms": pct(every_ours, 95),
              "newsfold_p99_ms": pct(every_ours, 99), "fts5_p50_ms": pct(every_peer, 50),
              "fts5_p95_ms": pct(every_peer, 95), "fts5_p99_ms": pct(every_peer, 99),
              "target_p95_ms": TARGET_P95_MS, "met": pct(every_ours, 95) < TARGET_P95_MS,
              "load_average": round(os.getloadavg()[0], 2)}
    update_results(HERE / "results.json", "search", result)
    print(f"{articles:,} articles, store {size_mb:,.0f} MB" + (f", built in {build_s} s" if build_s else ""))
    print(f"{'queries':<12} {'n':>4} {'hits':>8} {'newsfold p50':>13} {'p95':>8} {'fts5 p50':>9} {'p95':>8}")
    for kind, r in table.items():
        print(f"{kind:<12} {r['queries']:>4} {r['median_hits']:>8} {r['newsfold_p50_ms']:>10} ms {r['newsfold_p95_ms']:>5} ms "
              f"{r['fts5_p50_ms']:>6} ms {r['fts5_p95_ms']:>5} ms")
    print(f"{'all':<12} {len(mix):>4} {'':>8} {result['newsfold_p50_ms']:>10} ms {result['newsfold_p95_ms']:>5} ms "
          f"{result['fts5_p50_ms']:>6} ms {result['fts5_p95_ms']:>5} ms   target p95 < {TARGET_P95_MS:.0f} ms: "
          f"{'met' if result['met'] else 'NOT met'}")


if __name__ == "__main__":
    main()

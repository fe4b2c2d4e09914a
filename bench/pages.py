"""Server time of every UI page and main API call on a store (issue: < 200 ms on the seeds store,
< 500 ms on a 100,000-article store; bench/pages_100k.py builds that one and calls this).

    python bench/pages.py --db newsfold.db [--repeat 20] [--label seeds]

Requests go through the ASGI app in-process (FastAPI's TestClient): the time is the
server's work (routing, queries, rendering, serialising), not the network's. For each URL:

* cold: the remembered read models (api/memo.py) are dropped first, as on the first request
  after a write to the store (the store's file is read through first, so that its pages are
  in the OS cache as on a server that has been serving: see ``_read_through``) (or after start, once the server's background warm-up has read
  the story profiles and vectors; how long that takes is reported as ``index_warm_up_s``);
* warm: ``--repeat`` more requests; p50, p95 and max. A story too big to compare within a
  request is answered at once with its comparison pending (api/memo.py); the time the
  background comparison took is reported, and the warm requests see it done.

How long the server took to start (``index_warm_up_s``: it reads its read models before it
takes requests) and the very first request of the process are reported on their own. Every answer must be a 200 (a redirect is followed and counted as
its target's time). With ``--label`` the figures go to bench/results.json under
``pages.<label>`` (update_results: other keys are kept).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

RESULTS = Path(__file__).resolve().parent / "results.json"


def pick_urls(db: str, semantic_query: str | None = None) -> list[tuple[str, str]]:
    """(label, URL) for every page kind and the main API calls, on this store's own data:
    the biggest and a small story, the biggest storyline, the most quoted speaker, ..."""
    from newsfold.store import open_store

    with open_store(db) as store:
        one = lambda sql, *a: store.db.execute(sql, a).fetchone()
        big = one("SELECT story_id, count(*) AS n FROM story_members GROUP BY story_id ORDER BY n DESC LIMIT 1")
        small = one("""SELECT story_id FROM story_members GROUP BY story_id HAVING count(*) = 1
                       ORDER BY max(rowid) DESC LIMIT 1""")
        line = one("""SELECT storyline_id, count(*) AS n FROM storyline_members GROUP BY storyline_id
                      ORDER BY n DESC LIMIT 1""")
        speaker = one("""SELECT speaker_id, count(*) AS n FROM quotes WHERE speaker_id IS NOT NULL
                         GROUP BY speaker_id ORDER BY n DESC LIMIT 1""")
        article = one("SELECT article_id FROM story_members WHERE story_id = ? LIMIT 1", big[0]) if big else None
        outlet = one("SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL GROUP BY outlet "
                     "ORDER BY n DESC LIMIT 1")
        dated = one("SELECT min(published), max(published) FROM articles WHERE published IS NOT NULL")
        word = one("""SELECT title FROM articles WHERE title IS NOT NULL AND duplicate_of IS NULL
                      ORDER BY seq LIMIT 1 OFFSET (SELECT count(*) / 2 FROM articles)""")
        vectors = store.vector_models()
    urls = [("front page", "/"), ("front page 2", "/?page=2"), ("storylines", "/storylines"),
            ("speakers", "/speakers"), ("errors", "/errors"),
            ("API stories", "/api/stories"), ("API stories recent", "/api/stories?sort=recent"),
            ("API storylines", "/api/storylines"), ("API speakers", "/api/speakers"), ("API entities", "/api/entities"),
            ("API quotes", "/api/quotes"), ("API errors", "/api/errors"), ("API articles", "/api/articles"),
            ("API articles deep page", "/api/articles?offset=5000")]
    if big:
        urls += [(f"story, biggest ({big['n']} articles)", f"/stories/{big[0]}"),
                 (f"API story, biggest ({big['n']} articles)", f"/api/stories/{big[0]}"),
                 ("API articles of a story", f"/api/articles?story_id={big[0]}"),
                 ("API quotes of a story", f"/api/quotes?story_id={big[0]}")]
    if small:
        urls += [("story, one article", f"/stories/{small[0]}"), ("API story, one article", f"/api/stories/{small[0]}")]
    if article:
        urls += [("article", f"/articles/{article[0]}"), ("API article", f"/api/articles/{article[0]}")]
    if line:
        urls += [(f"storyline, biggest ({line['n']} stories)", f"/storylines/{line[0]}"),
                 ("API storyline", f"/api/storylines/{line[0]}"),
                 ("API stories of a storyline", f"/api/stories?storyline_id={line[0]}")]
    if speaker:
        sid = quote(speaker[0], safe="")
        urls += [(f"speaker, most quoted ({speaker['n']} statements)", f"/speakers/{sid}"),
                 ("API speaker", f"/api/speakers/{sid}"),
                 ("API quotes of a speaker", "/api/quotes?" + urlencode({"speaker": speaker[0]}))]
    if outlet:
        urls += [("API articles of an outlet", "/api/articles?" + urlencode({"outlet": outlet[0]})),
                 ("API stories of an outlet", "/api/stories?" + urlencode({"outlet": outlet[0]})),
                 ("API direct quotes of an outlet", "/api/quotes?" + urlencode({"outlet": outlet[0], "kind": "direct"}))]
    if dated and dated[0]:
        span = {"date_from": dated[0][:10], "date_to": dated[0][:8] + "28"}
        urls += [("API articles of a month", "/api/articles?" + urlencode(span)),
                 ("API stories of a month", "/api/stories?" + urlencode(span))]
    terms = " ".join((word[0] if word else "news").split()[:2])
    urls += [("search", "/search?" + urlencode({"q": terms})), ("API search", "/api/search?" + urlencode({"q": terms})),
             ("search, one common word", "/search?q=said")]
    if vectors:
        q = semantic_query or terms
        urls += [("semantic search", "/search?" + urlencode({"q": q, "mode": "semantic"})),
                 ("API semantic search", "/api/search?" + urlencode({"q": q, "mode": "semantic"}))]
    return urls


def time_pages(db: str, urls: list[tuple[str, str]], repeat: int = 20, embedder=None) -> dict:
    """Cold and warm server time of each URL (milliseconds)."""
    from fastapi.testclient import TestClient

    from newsfold.api import create_app, memo

    def timed(client, url: str) -> float:
        t0 = time.perf_counter()
        r = client.get(url)
        ms = (time.perf_counter() - t0) * 1000
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}: {r.text[:300]}")
        return ms

    rows = []
    preread = _read_through(db) or 0.0
    memo.forget()
    started = time.perf_counter()
    app = create_app(db, embedder=embedder)
    with TestClient(app) as client:
        # the server reads story profiles and loads the model before it serves (api/app.py);
        # past WARM_UP_WAIT_S it goes on in the background: waited for here, and counted
        warm_up = time.perf_counter() - started
        first = timed(client, urls[0][1])
        for thread in threading.enumerate():
            if thread.name == "newsfold-index-warm-up":
                thread.join()
                warm_up = time.perf_counter() - started - first / 1000
        for label, url in urls:
            preread += _read_through(db) or 0.0
            memo.forget(indexes=False)
            cold = timed(client, url)
            t0 = time.perf_counter()
            memo.coverage_idle(3600)  # a big story's comparison runs in the background: wait, and say how long
            background = time.perf_counter() - t0
            if background > 5:  # minutes without reading the store: the OS may have dropped its pages
                preread += _read_through(db) or 0.0
            warm = sorted(timed(client, url) for _ in range(repeat))
            rows.append({"page": label, "url": url, "cold_ms": round(cold, 1),
                         "p50_ms": round(statistics.median(warm), 1),
                         "p95_ms": round(warm[min(len(warm) - 1, int(0.95 * len(warm)))], 1),
                         "max_ms": round(warm[-1], 1)})
            if background > 0.05:
                rows[-1]["background_coverage_s"] = round(background, 1)
            print(f"{label[:46]:<46} {rows[-1]['cold_ms']:>8.1f} {rows[-1]['p50_ms']:>8.1f} "
                  f"{rows[-1]['p95_ms']:>8.1f} {rows[-1]['max_ms']:>8.1f}"
                  + (f"  (coverage in the background: {background:.1f} s)" if background > 0.05 else ""), flush=True)
    return {"first_request_ms": round(first, 1), "index_warm_up_s": round(warm_up, 2), "repeat": repeat, "pages": rows,
            "slowest_warm_p95_ms": max(r["p95_ms"] for r in rows), "slowest_cold_ms": max(r["cold_ms"] for r in rows),
            "load_average": round(os.getloadavg()[0], 2), "store_file_reads_s": round(preread, 1)}


def _read_through(db: str) -> float | None:
    """Read the store's file (seconds taken), as a server that has been serving has it in the OS cache.

    "Cold" here means the read models dropped, as after a write to the store: the file's pages are
    then still in memory. Not always on a benchmark machine: this VM's kernel reclaims file pages
    left unread for a while (DAMON: ``free`` showed 1 GB of cache right after reading the 2.7 GB
    100k store), and after the minutes spent waiting for a big story's background comparison a
    request waited on the disk: 1.1-1.4 s instead of 0.1-0.3 s for a speaker's quotes or an
    outlet's stories on the 100k store. That is a cold machine, not a cold page; so the file is
    read before each cold request and after each long wait (a few tenths of a second when cached).
    """
    if not os.path.isfile(db):
        return None  # a PostgreSQL URL
    t0 = time.perf_counter()
    for path in (db, db + "-wal"):
        if os.path.isfile(path):
            with open(path, "rb", buffering=0) as f:
                while f.read(1 << 22):
                    pass
    return round(time.perf_counter() - t0, 1)


def report(label: str, figures: dict, target_ms: float, store: dict) -> None:
    """Write ``pages.<label>`` of bench/results.json (the shared lock-and-merge writer)."""
    from newsfold.evaluation.results import update_results

    entry = {"store": store, "target_ms": target_ms, **figures,
             "over_target": [r["page"] for r in figures["pages"] if r["p95_ms"] > target_ms or r["cold_ms"] > target_ms],
             "method": "in-process ASGI (TestClient), server time; cold = memo dropped before the request; "
                       "warm = p50/p95/max of the repeats", "cores": os.cpu_count()}
    update_results(RESULTS, "pages", lambda old: {**(old or {}), label: entry})


def store_summary(db: str) -> dict:
    from newsfold.store import open_store

    with open_store(db) as store:
        counts = {t: store.count(t) for t in ("articles", "stories", "storylines", "quotes", "errors")}
        counts["vectors"] = sum(r["vectors"] for r in store.vector_models())
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--target-ms", type=float, default=200.0)
    ap.add_argument("--label", help="write the figures to bench/results.json under pages.<label>")
    args = ap.parse_args()
    print(f"{'page':<46} {'cold ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    figures = time_pages(args.db, pick_urls(args.db), args.repeat)
    summary = store_summary(args.db)
    print(json.dumps({"store": summary, "first_request_ms": figures["first_request_ms"],
                      "slowest_warm_p95_ms": figures["slowest_warm_p95_ms"],
                      "slowest_cold_ms": figures["slowest_cold_ms"]}))
    if args.label:
        report(args.label, figures, args.target_ms, summary)


if __name__ == "__main__":
    sys.exit(main())

"""What to embed per article: title + lead (one passage) or the mean of passages over the whole text?

    python bench/embed_choice.py [--limit N] [--threads 1]

Measured on the story benchmarks of ../shared/eval (articles labelled with their event):

* giveme5w1h: 383 full news articles, 69 events (titles);
* ECB+: 982 articles, 2 events of the same kind per topic (no titles: the hard case).

Two retrieval tasks per article A, over every other article of the benchmark:

* more-like-this: A's own vector as the query;
* short query: A's title (ECB+: its first sentence) embedded as a query, A left out.

A hit is an article of A's event; the figures are mean average precision (MAP) and the share
of queries whose nearest article is a hit (P@1), with the model's seconds per article.
Writes the ``semantic_text`` key of bench/results.json.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from newsfold.embed import MiniLM
from newsfold.embed.model import unit_rows
from newsfold.embed.texts import chunk_passages, lead_passage
from newsfold.evaluation.results import update_results
from newsfold.evaluation.stories import load

RESULTS = Path(__file__).resolve().parent / "results.json"


def article_vectors(model: MiniLM, docs: list[tuple[str | None, list[str]]], how: str) -> tuple[np.ndarray, float]:
    groups = [[lead_passage(t, ps)] if how == "lead" else chunk_passages(t, ps) for t, ps in docs]
    flat = [p for g in groups for p in g]
    t0 = time.process_time()
    encoded = model.encode(flat)
    seconds = time.process_time() - t0
    out, i = [], 0
    for g in groups:
        out.append(encoded[i : i + len(g)].mean(axis=0))
        i += len(g)
    return unit_rows(np.stack(out)), seconds / len(docs)


def retrieval(queries: np.ndarray, docs: np.ndarray, labels: list[str]) -> dict[str, float]:
    """MAP and P@1 of query i against every doc but i."""
    labels_arr = np.array(labels)
    aps, p1 = [], []
    sims = queries @ docs.T
    for i in range(len(labels)):
        relevant = labels_arr == labels_arr[i]
        relevant[i] = False
        if not relevant.any():
            continue
        order = [j for j in np.argsort(-sims[i], kind="stable") if j != i]
        hits = relevant[order]
        ranks = np.flatnonzero(hits) + 1
        aps.append(float(np.mean(np.arange(1, len(ranks) + 1) / ranks)))
        p1.append(bool(hits[0]))
    return {"map": round(float(np.mean(aps)), 4), "p_at_1": round(float(np.mean(p1)), 4), "queries": len(aps)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="articles per benchmark (default: all)")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    model = MiniLM(threads=args.threads)
    model.load()
    report: dict = {"model": model.name, "threads": args.threads, "load_average": round(os.getloadavg()[0], 2),
                    "benchmarks": {}}
    for name in ("giveme5w1h", "ecbplus"):
        bench = load(name, limit=args.limit)
        docs = [(r.get("title"), [p for p in r["text"].split("\n") if p.strip()]) for r in bench.rows]
        labels = [bench.gold[str(r["id"])] for r in bench.rows]
        short = [t if t else (ps[0] if ps else "") for t, ps in docs]
        queries = model.encode(short)
        entry = {"articles": len(docs), "events": len(set(labels))}
        for how in ("lead", "chunks"):
            vectors, per_article = article_vectors(model, docs, how)
            entry[how] = {"more_like_this": retrieval(vectors, vectors, labels),
                          "short_query": retrieval(queries, vectors, labels),
                          "cpu_ms_per_article": round(per_article * 1000, 1)}
            print(name, how, entry[how], flush=True)
        report["benchmarks"][name] = entry
    update_results(RESULTS, "semantic_text", report)


if __name__ == "__main__":
    main()

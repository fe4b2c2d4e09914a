"""Near-duplicate search: newsfold's stages vs datasketch's MinHashLSH at equal settings.

Both sides get the same bodies from bench/generate.py (real articles from
../shared/eval plus exact copies, near-copies and wire copies; past ~2,800
items the pool repeats with other page furniture, which makes many pairs
near the threshold), the same settings (128 permutations, 5-word shingles,
threshold 0.8) and the same task, one pass in input order: is this body a
copy of an earlier original? If not, index it (query + insert). datasketch
bands the signature as 9 x 13 and returns its band candidates; newsfold
bands it as 14 x 9 and verifies each candidate on the whole signature (see
newsfold/dedup/bands.py). Timed from the article body to the decision, on
one core, in CPU seconds of this process (the cores are shared: wall time
would count other people's work):

* newsfold          signatures of a batch of bodies in one go (sign_articles),
                    then DuplicateIndex.find / add per body
* newsfold-single   the same, one body at a time (what the local executor does)
* datasketch        MinHash per body + MinHashLSH.query / insert (its usual use)
* datasketch-bulk   the same with MinHash.bulk per batch (its batch API)

The truth is exact Jaccard of the 5-word shingle sets against every earlier
original: a body is a copy when some earlier original reaches 0.8. Recall
and precision are over bodies flagged as copies.

    python bench/neardup.py [--n 5000] [--batch 128] [--repeat 3]

Writes the "neardup" key of bench/results.json (read-modify-write: other
scripts own the other keys).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

from newsfold.evaluation.results import update_results

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core for both sides (before NumPy loads)
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

THRESHOLD, NUM_PERM, SHINGLE = 0.8, 128, 5
TARGET_SPEEDUP = 10.0


def articles(n: int) -> list:
    from generate import stream

    from newsfold.records import Article, Paragraph

    return [Article(id=r["id"], raw_id=r["id"], origin=r["id"], title=None, outlet=None, wire=None, byline=None,
                    dateline=None, published=None, language="en",
                    paragraphs=tuple(Paragraph(p, i, 0) for i, p in enumerate(r["text"].split("\n")) if p.strip()),
                    removed=()) for r in stream(n)]


def shingle_strings(body: str) -> list[str]:
    words = re.findall(r"\w+", body.casefold())
    return [" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))]


def truth(arts: list) -> set[str]:
    """IDs of bodies whose exact Jaccard with some earlier original reaches the threshold."""
    postings: dict[str, list[int]] = {}
    sizes: list[int] = []
    copies = set()
    for a in arts:
        sh = set(shingle_strings(a.body))
        shared = Counter(o for s in sh for o in postings.get(s, ()))
        if any(c / (len(sh) + sizes[o] - c) >= THRESHOLD for o, c in shared.items()):
            copies.add(a.id)
            continue
        for s in sh:
            postings.setdefault(s, []).append(len(sizes))
        sizes.append(len(sh))
    return copies


def run_newsfold(arts: list, batch: int) -> tuple[float, set[str]]:
    from newsfold.dedup import DedupOptions, DuplicateIndex, sign_articles

    opts = DedupOptions(THRESHOLD, NUM_PERM, SHINGLE)
    found = set()
    t0 = time.process_time()
    index = DuplicateIndex(opts)
    for start in range(0, len(arts), batch):
        chunk = arts[start:start + batch]
        for a, sig in zip(chunk, sign_articles(chunk, opts)):
            if index.find(a, sig) is not None:
                found.add(a.id)
            else:
                index.add(a, sig)
    return time.process_time() - t0, found


def run_datasketch(arts: list, batch: int | None) -> tuple[float, set[str]]:
    from datasketch import MinHash, MinHashLSH

    found = set()
    t0 = time.process_time()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    step = batch or 1
    for start in range(0, len(arts), step):
        chunk = arts[start:start + step]
        shingles = [[s.encode("utf-8") for s in set(shingle_strings(a.body))] for a in chunk]
        if batch:
            sketches = MinHash.bulk(shingles, num_perm=NUM_PERM)
        else:
            sketches = []
            for sh in shingles:
                m = MinHash(num_perm=NUM_PERM)
                m.update_batch(sh)
                sketches.append(m)
        for a, m in zip(chunk, sketches):
            if lsh.query(m):
                found.add(a.id)
            else:
                lsh.insert(a.id, m)
    return time.process_time() - t0, found


def scores(found: set[str], true: set[str]) -> dict:
    hit = len(found & true)
    return {"found": len(found), "recall": round(hit / len(true), 4) if true else None,
            "precision": round(hit / len(found), 4) if found else None}


def save_result(key: str, value: dict) -> None:
    """Set ``key`` of bench/results.json, keeping the other bench scripts' keys."""
    update_results(HERE / "results.json", key, value)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--repeat", type=int, default=3, help="runs per method; the fastest counts")
    args = ap.parse_args()
    arts = articles(args.n)
    true = truth(arts)
    methods = {
        "newsfold": lambda a: run_newsfold(a, args.batch),
        "newsfold-single": lambda a: run_newsfold(a, 1),
        "datasketch": lambda a: run_datasketch(a, None),
        "datasketch-bulk": lambda a: run_datasketch(a, args.batch),
    }
    runs = {}
    for name, method in methods.items():
        method(arts[:20])  # warm up: imports, lookup tables
        timings = [method(arts) for _ in range(args.repeat)]
        runs[name] = (min(t for t, _ in timings), timings[0][1])
    result = {"articles": len(arts), "true_copies": len(true), "threshold": THRESHOLD, "num_perm": NUM_PERM,
              "shingle": SHINGLE, "batch": args.batch, "timing": f"CPU seconds, best of {args.repeat}",
              "load_average": round(os.getloadavg()[0], 2)}
    for name, (seconds, found) in runs.items():
        result[name] = {"docs_per_s": round(len(arts) / seconds, 1), **scores(found, true)}
    result["speedup"] = round(result["newsfold"]["docs_per_s"] / result["datasketch"]["docs_per_s"], 2)
    result["speedup_vs_bulk"] = round(result["newsfold"]["docs_per_s"] / result["datasketch-bulk"]["docs_per_s"], 2)
    result["target_speedup"] = TARGET_SPEEDUP
    save_result("neardup", result)
    print(f"{'':16} {'docs/s':>9} {'recall':>7} {'precision':>9} {'found':>6}   "
          f"(true copies {len(true)} of {len(arts)})")
    for name in runs:
        r = result[name]
        print(f"{name:16} {r['docs_per_s']:>9} {r['recall']:>7} {r['precision']:>9} {r['found']:>6}")
    print(f"speedup {result['speedup']}x vs datasketch, {result['speedup_vs_bulk']}x vs datasketch-bulk "
          f"(target ≥{TARGET_SPEEDUP:.0f}x); {result['timing']}; load average {result['load_average']}")


if __name__ == "__main__":
    main()

"""Speed and memory benchmarks: `make bench` writes bench/results.json and prints a table.

Each case runs in a fresh child process, so its peak RSS is its own:

* text-full   the text path end to end with every stage on (clean, dedup,
              quotes, fold, store) — target ≥ 50 articles/s on 2 cores
* text-fast   the same without the understanding stages — target ≥ 300 articles/s
* neardup     newsfold's dedup index vs datasketch MinHashLSH alone on the same
              bodies (query + insert, 128 permutations, 5-word shingles)

Streams come from bench/generate.py (real articles from ../shared/eval with
copies, near-copies, wire copies and time spread). Timings exclude generating
the stream; the store is a fresh SQLite file in a temporary folder.

    python bench/run.py [--n 2000] [--cases text-full,text-fast,neardup]
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
        if case == "neardup":
            return neardup(src)
    raise SystemExit(f"unknown case {case}")


def neardup(src: Path) -> dict:
    """Documents/s of duplicate search + insert: newsfold's index vs datasketch's MinHashLSH."""
    from datasketch import MinHash, MinHashLSH

    from newsfold.dedup import DuplicateIndex, signature
    from newsfold.records import Article, Paragraph

    rows = [json.loads(line) for line in src.open(encoding="utf-8")]
    arts = [Article(id=r["id"], raw_id=r["id"], origin=r["id"], title=None, outlet=None, wire=None, byline=None,
                    dateline=None, published=None, language="en",
                    paragraphs=tuple(Paragraph(p, i, 0) for i, p in enumerate(r["text"].split("\n")) if p.strip()),
                    removed=()) for r in rows]
    t0 = time.perf_counter()
    index = DuplicateIndex()
    ours = 0
    for a in arts:
        sig = signature(a)
        if index.find(a, sig) is not None:
            ours += 1
        else:
            index.add(a, sig)
    ours_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    peer = 0
    for a in arts:
        words = " ".join(p.text for p in a.paragraphs).lower().split()
        m = MinHash(num_perm=128)
        m.update_batch([" ".join(words[i:i + 5]).encode() for i in range(max(1, len(words) - 4))])
        if lsh.query(m):
            peer += 1
        else:
            lsh.insert(a.id, m)
    peer_s = time.perf_counter() - t0
    return {"case": "neardup", "articles": len(arts), "newsfold_docs_per_s": round(len(arts) / ours_s, 1),
            "datasketch_docs_per_s": round(len(arts) / peer_s, 1), "newsfold_found": ours, "datasketch_found": peer,
            "speedup": round(peer_s / ours_s, 2), "target_speedup": 10.0}


def main() -> None:
    ap = argparse.ArgumentParser(description="newsfold benchmarks")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--cases", default="text-full,text-fast,neardup")
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
    (HERE / "results.json").write_text(json.dumps({"machine": machine, "n": args.n, "results": results}, indent=2) + "\n")
    print(f"{'case':<10} {'articles':>8} {'rate':>22} {'target':>10} {'peak RSS':>9}")
    for r in results:
        if r["case"] == "neardup":
            rate = f"{r['newsfold_docs_per_s']}/s vs {r['datasketch_docs_per_s']}/s"
            target = f"{r['speedup']}x/≥{r['target_speedup']:.0f}x"
        else:
            rate = f"{r['articles_per_s']} articles/s"
            target = f"≥{r['target_per_s']:.0f}/s"
        print(f"{r['case']:<10} {r['articles']:>8} {rate:>22} {target:>10} {r['peak_rss_mb']:>7} MB")
    print(f"machine: {machine['cores']} cores, {machine['system']}")


if __name__ == "__main__":
    main()

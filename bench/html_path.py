"""The HTML path against trafilatura alone, on the same pages: target ≤ 1.5× its time.

Writes bench/results.json ("html") and prints the two times and their ratio.

Pages: the AEB benchmark's HTML (../shared/eval/extraction/aeb/html/*.html.gz),
decompressed once up front. For every page:

* newsfold      ``clean(RawDoc(html, meta={"content_type": "text/html"}))``: the
                whole HTML clean stage (parse, page metadata, trafilatura's
                extraction, title, outlet, byline, dates, language)
* trafilatura   ``trafilatura.extract(html)`` with its defaults: the body text alone

Times are CPU seconds of this process (the machine is shared: wall time
says more about the neighbours), the best of ``--repeat`` passes over all
pages after one pass to warm up (imports, models). ``--profile`` prints the
functions newsfold's pass spends its time in.

    python bench/html_path.py [--repeat 3] [--profile]

(Not bench/html.py: a script folder is first on sys.path, so that name would hide the standard
library's html module from every script in bench/.)
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import time
from pathlib import Path

from newsfold.evaluation.results import update_results

HERE = Path(__file__).resolve().parent
TARGET_RATIO = 1.5


def shared_dir() -> Path:
    env = os.environ.get("NEWSFOLD_SHARED")
    return Path(env) if env else HERE.parents[0].parent / "shared"


def pages() -> list[tuple[str, str]]:
    folder = shared_dir() / "eval" / "extraction" / "aeb" / "html"
    if not folder.is_dir():
        raise SystemExit(f"no AEB pages under {folder}: set NEWSFOLD_SHARED")
    out = []
    for path in sorted(folder.glob("*.html.gz")):
        out.append((path.name, gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")))
    return out


def newsfold_pass(docs: list[tuple[str, str]]) -> int:
    from newsfold.clean import clean
    from newsfold.records import Article, RawDoc

    return sum(isinstance(clean(RawDoc(html, name, {"content_type": "text/html"})), Article) for name, html in docs)


def trafilatura_pass(docs: list[tuple[str, str]]) -> int:
    import trafilatura

    return sum(bool(trafilatura.extract(html)) for _, html in docs)


def best_cpu(fn, docs, repeat: int) -> tuple[float, int]:
    fn(docs)  # warm: imports, models, caches of the first pass
    times, found = [], 0
    for _ in range(repeat):
        t0 = time.process_time()
        found = fn(docs)
        times.append(time.process_time() - t0)
    return min(times), found


def main() -> None:
    ap = argparse.ArgumentParser(description="HTML clean vs trafilatura alone")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="print where newsfold's pass spends its time")
    args = ap.parse_args()
    docs = pages()
    ours, ours_found = best_cpu(newsfold_pass, docs, args.repeat)
    theirs, theirs_found = best_cpu(trafilatura_pass, docs, args.repeat)
    ratio = ours / theirs
    result = {"pages": len(docs), "timing": f"CPU seconds, best of {args.repeat} passes after a warm-up pass",
              "newsfold_s": round(ours, 3), "newsfold_ms_per_page": round(1000 * ours / len(docs), 2),
              "newsfold_articles": ours_found, "trafilatura_s": round(theirs, 3),
              "trafilatura_ms_per_page": round(1000 * theirs / len(docs), 2), "trafilatura_texts": theirs_found,
              "ratio": round(ratio, 2), "target_ratio": TARGET_RATIO, "met": ratio <= TARGET_RATIO,
              "load_average": round(os.getloadavg()[0], 2)}
    update_results(HERE / "results.json", "html", result)
    print(f"{len(docs)} AEB pages, CPU best of {args.repeat}:")
    print(f"  newsfold clean (HTML path)  {ours:7.2f} s  {result['newsfold_ms_per_page']:6.1f} ms/page  "
          f"{ours_found} articles")
    print(f"  trafilatura.extract alone   {theirs:7.2f} s  {result['trafilatura_ms_per_page']:6.1f} ms/page  "
          f"{theirs_found} texts")
    print(f"  ratio {ratio:.2f}x (target ≤ {TARGET_RATIO}x: {'met' if result['met'] else 'NOT met'})")
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile(time.process_time)
        profile.runcall(newsfold_pass, docs)
        pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()

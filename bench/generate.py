"""Make large, realistic article streams from the real articles in ../shared/eval.

The base pool is every real news text the evaluation data holds (giveme5w1h,
NeuS, AEB and WCXB ground truths: ~2,800 articles). The stream cycles through
it and, deterministically from a seed, turns some items into what a real
intake carries:

* exact copies under another name (a re-scraped page),
* near-duplicates (a sentence dropped, a word changed, a new lead),
* wire copies (the same story re-run by another outlet with its own header
  and a "By AP"-style byline),
* scrape noise (navigation and newsletter lines around the body),

and spreads publication dates over ``years`` in stream order (a day or two of jitter), so
time-aware folding has work.
With ``rename`` (the large-stream benchmarks; ``--rename`` here), each pass
over the pool past the first renames: its capitalised words (people, places,
organisations) are mapped to others of the pool, a mapping of its own per
pass, so the same report template tells a different event — a new original,
not a copy of the first pass (about 40% of its 5-word shingles survive, far
below the near-duplicate threshold) — and a stream of a million has about as
many originals as a real one would. Without it the pool simply repeats, with
other page furniture (bench/neardup.py wants those near-threshold pairs).
Items are generated lazily: a stream of a million articles never sits in
memory. The texts stay on disk in ../shared; nothing is written to the repo.

    python bench/generate.py --n 100000 --out /tmp/stream.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import zlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

OUTLETS = ["Daily Ledger", "Morning Post", "City Herald", "The Courier", "Evening Star", "Metro Times",
           "National Review Online", "Coast Gazette", "Valley News", "The Observer Tribune"]
WIRES = ["AP", "Reuters", "AFP"]
CHROME = ["Subscribe to our newsletter", "Share this article", "Advertisement", "Read more", "Sign in",
          "Most popular", "Follow us on Twitter", "Related stories"]


def shared_dir() -> Path:
    env = os.environ.get("NEWSFOLD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def base_pool(shared: Path) -> list[dict]:
    """Real articles: title, text, outlet where known."""
    pool: list[dict] = []
    for name in ("giveme5w1h", "neus-allsides"):
        path = shared / "eval" / "stories" / name / "articles.jsonl"
        if path.is_file():
            with path.open(encoding="utf-8") as f:
                for line in f:
                    row = json.loads(line)
                    pool.append({"title": row.get("title"), "text": row["text"], "outlet": row.get("outlet")})
    aeb = shared / "eval" / "extraction" / "aeb" / "ground-truth.json"
    if aeb.is_file():
        for item in json.loads(aeb.read_text(encoding="utf-8")).values():
            if item.get("articleBody"):
                pool.append({"title": None, "text": item["articleBody"], "outlet": None})
    wcxb = shared / "eval" / "extraction" / "wcxb-dev-articles" / "ground-truth"
    if wcxb.is_dir():
        for path in sorted(wcxb.glob("*.json")):
            gt = json.loads(path.read_text(encoding="utf-8")).get("ground_truth", {})
            if gt.get("main_content"):
                pool.append({"title": gt.get("title"), "text": gt["main_content"], "outlet": None})
    if not pool:
        raise SystemExit(f"no evaluation data under {shared}: set NEWSFOLD_SHARED")
    return pool


_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
# Capitalised because they start a sentence, not because they name something: kept as they are.
_COMMON = frozenset("""the this that these those there then than they their them when where which while who what
why how his her hers its our your you she he it we but and for from with into after before about over under
during since until also just said says some many most more much all any each both few other another such
only one two three four five six seven eight nine ten first last next new mr mrs ms dr yes not now here
however although because while meanwhile according earlier later still even""".split())


class Renamer:
    """Maps capitalised words to other capitalised words of the pool, one mapping per pass."""

    def __init__(self, pool: list[dict]) -> None:
        names = set()
        for item in pool[:2000]:
            names.update(w for w in _CAPITALISED.findall(item["text"]) if w.lower() not in _COMMON)
        self.names = sorted(names)

    def __call__(self, text: str | None, cycle: int) -> str | None:
        if not text or cycle == 0 or not self.names:
            return text
        n, salt = len(self.names), cycle * 0x9E3779B1

        def swap(m: re.Match) -> str:
            word = m.group(0)
            if word.lower() in _COMMON:
                return word
            return self.names[(zlib.crc32(word.encode()) ^ salt) % n]

        return _CAPITALISED.sub(swap, text)


def _near_copy(text: str, rng: random.Random) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    if len(paras) > 3:
        del paras[rng.randrange(1, len(paras))]
    words = paras[0].split()
    if words:
        words[rng.randrange(len(words))] = rng.choice(["reportedly", "officially", "now", "again"])
        paras[0] = " ".join(words)
    return "\n\n".join(paras)


def stream(n: int, seed: int = 7, years: int = 3, shared: Path | None = None, rename: bool = False) -> Iterator[dict]:
    rng = random.Random(seed)
    pool = base_pool(shared or shared_dir())
    renamer = Renamer(pool)

    def renamed(text: str | None, cycle: int) -> str | None:
        return renamer(text, cycle) if rename else text

    start = date(2020, 1, 1)
    recent: list[dict] = []  # a small window of emitted originals to copy from
    for i in range(n):
        roll = rng.random()
        if recent and roll < 0.05:
            src = rng.choice(recent)
            row = {**src, "id": f"g{i}", "url": f"https://mirror.example/{i}"}  # exact copy, other name
        elif recent and roll < 0.12:
            src = rng.choice(recent)
            row = {**src, "id": f"g{i}", "text": _near_copy(src["text"], rng)}
        elif recent and roll < 0.20:
            src = rng.choice(recent)
            wire = rng.choice(WIRES)
            row = {**src, "id": f"g{i}", "outlet": rng.choice(OUTLETS), "text": f"By {wire}\n\n{src['text']}"}
        else:
            base, cycle = pool[i % len(pool)], i // len(pool)
            # In stream order, as a feed arrives: the day advances with the position (a pool's
            # events sit together, in their own date order) with a day or two of jitter. Random days
            # over the years put one event's reports years apart, which no intake does, and made a
            # time-aware fold split them (1,299 stories of 1,980 articles instead of ~620).
            day = start + timedelta(days=i * 365 * years // max(n, 1) + rng.randrange(3))
            text = renamed(base["text"], cycle)
            if rng.random() < 0.5:
                text = "\n".join(rng.sample(CHROME, 3)) + "\n\n" + text + "\n\n" + "\n".join(rng.sample(CHROME, 2))
            row = {"id": f"g{i}", "title": renamed(base["title"], cycle), "text": text,
                   "outlet": base["outlet"] or rng.choice(OUTLETS),
                   "published": day.isoformat(), "url": f"https://news.example/{i}"}
            recent.append(row)
            if len(recent) > 500:
                recent.pop(0)
        yield row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="-", help="JSONL path (.gz compresses), - for stdout")
    ap.add_argument("--rename", action="store_true", help="passes over the pool past the first tell new events")
    args = ap.parse_args()
    out = sys.stdout if args.out == "-" else (
        gzip.open(args.out, "wt", encoding="utf-8") if args.out.endswith(".gz") else open(args.out, "w", encoding="utf-8"))
    for row in stream(args.n, args.seed, rename=args.rename):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()

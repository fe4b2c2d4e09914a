"""A large stream of distinct, realistic articles for timing pages on a big store.

``bench/generate.py`` cycles through the ~2,800 real articles of ../shared/eval: past the
first pass every "original" is the text of an earlier one, so a 100,000-article store made
from it holds ~2,800 distinct texts and ~97,000 copies: far fewer stories, speakers and
index entries than a real archive of that size, and pages would look faster than they are.

This stream keeps generate.py's pieces (the real base texts, its copy, near-copy, wire-copy
and scrape-noise rules, outlets and wires) and changes two things:

* **Respun originals.** Pass ``c >= 1`` over the pool rewrites each base text consistently:
  every name (a capitalised word that is not a common English word) becomes another name
  from the pool, and a share of the other content words become other content words of the
  pool; the 400 commonest English words (function words, "said", "told") stay. Sentence and
  paragraph structure, quotation marks and attribution cues survive, so quote extraction,
  speakers and folding work as on real text, while names, terms and MinHash shingles differ
  from pass to pass: a respun text is a new article, not a copy. Pass 0 is the real text.
* **Big stories.** Real archives have a few stories covered by dozens of outlets. Half of
  the copies (exact, near, wire) are drawn from a handful of "hot" originals that change
  every few thousand articles, the rest from the recent window as in generate.py.

Deterministic from ``seed``; lazy (a million items never sit in memory).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from generate import CHROME, OUTLETS, WIRES, _near_copy, base_pool, shared_dir

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
RESPIN_RATE = 0.5  # share of the (non-name, non-common) content words replaced in a respun text
HOT_STORIES = 5  # originals drawing half of the copies at any time
HOT_EVERY = 4000  # items after which the hot set is renewed


class Respinner:
    """Consistent per-article rewriting of names and content words (see the module docstring)."""

    def __init__(self, pool: list[dict]):
        from wordfreq import top_n_list

        self.keep = set(top_n_list("en", 400))
        common = set(top_n_list("en", 20000))
        names: Counter[str] = Counter()
        words: Counter[str] = Counter()
        for item in pool[:1500]:
            tokens = _WORD.findall(item["text"])
            for prev, tok in zip(["."] + tokens, tokens):
                if tok[0].isupper() and tok.lower() not in common and len(tok) > 2:
                    names[tok] += 1
                elif tok.islower() and len(tok) > 3 and tok not in self.keep:
                    words[tok] += 1
        self.common = common
        self.names = sorted(n for n, c in names.items() if c >= 2)
        self.words = sorted(w for w, c in words.items() if c >= 2)

    def __call__(self, text: str, key: str) -> str:
        def pick(options: list[str], word: str) -> str:
            h = int.from_bytes(hashlib.blake2b(f"{key}|{word}".encode(), digest_size=8).digest(), "big")
            return options[h % len(options)]

        def replace(m: re.Match) -> str:
            w = m.group(0)
            low = w.lower()
            if low in self.keep or len(w) <= 2:
                return w
            if w[0].isupper() and low not in self.common:
                return pick(self.names, w)  # a name: always another name, the same one throughout
            h = hashlib.blake2b(f"{key}|rate|{low}".encode(), digest_size=2).digest()
            if int.from_bytes(h, "big") / 65536 >= RESPIN_RATE:
                return w
            new = pick(self.words, low)
            return new.upper() if w.isupper() else new.capitalize() if w[0].isupper() else new

        return _WORD.sub(replace, text)


def stream(n: int, seed: int = 7, years: int = 3, shared: Path | None = None) -> Iterator[dict]:
    rng = random.Random(seed)
    pool = base_pool(shared or shared_dir())
    respin = Respinner(pool)
    start = date(2020, 1, 1)
    recent: list[dict] = []
    hot: list[dict] = []
    made = 0
    for i in range(n):
        if i % HOT_EVERY == 0 and recent:
            hot = rng.sample(recent, min(HOT_STORIES, len(recent)))
        roll = rng.random()
        if recent and roll < 0.20:
            src = rng.choice(hot) if hot and rng.random() < 0.5 else rng.choice(recent)
            if roll < 0.05:  # exact copy under another name
                row = {**src, "id": f"g{i}", "url": f"https://mirror.example/{i}"}
            elif roll < 0.12:
                row = {**src, "id": f"g{i}", "text": _near_copy(src["text"], rng)}
            else:
                wire = rng.choice(WIRES)
                row = {**src, "id": f"g{i}", "outlet": rng.choice(OUTLETS), "text": f"By {wire}\n\n{src['text']}"}
        else:
            k, made = made, made + 1  # the k-th original: pass k // len(pool) over the pool
            base = pool[k % len(pool)]
            cycle = k // len(pool)
            title, text = base["title"], base["text"]
            if cycle:
                key = f"{seed}:{cycle}:{k % len(pool)}"
                title = respin(title, key) if title else None
                text = respin(text, key)
            day = start + timedelta(days=rng.randrange(365 * years))
            if rng.random() < 0.5:
                text = "\n".join(rng.sample(CHROME, 3)) + "\n\n" + text + "\n\n" + "\n".join(rng.sample(CHROME, 2))
            row = {"id": f"g{i}", "title": title, "text": text, "outlet": base["outlet"] or rng.choice(OUTLETS),
                   "published": day.isoformat(), "url": f"https://news.example/{i}"}
            recent.append(row)
            if len(recent) > 500:
                recent.pop(0)
        yield row

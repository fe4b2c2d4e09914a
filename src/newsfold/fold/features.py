"""What folding compares: the weighted terms of an article.

Term weights are TF-IDF where the IDF has two parts:

* a *background* IDF from general word frequencies (wordfreq's Zipf scale,
  bundled offline), so that a store of five articles already knows that
  "prospects" says more than "said";
* a *corpus* IDF from the store's own document frequencies, so that the words
  every article of a long-running subject shares ("Kremlin", "relations") weigh
  less than the words of one event.

Title and lead count twice: that is where an event is named.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from wordfreq import zipf_frequency

from ..records import Article

_WORD_RE = re.compile(r"[^\W\d_]+(?:[’'.-][^\W\d_]+)*", re.UNICODE)
# Snowball stemmer objects keep state between calls: one per thread (the API serves from a pool).
_LOCAL = threading.local()

STOPWORDS = frozenset(
    """a an and are as at be been being but by can could did do does for from had has have he her
    hers him his how i if in into is it its me more most my no not of on or our ours she so some
    such than that the their them then there these they this those to too us very was we were what
    when where which while who whom why will with would you your also just said says say told tell
    after before about over again against between through during under up down out off once only
    other same all any both each few own here s t mr ms mrs one two new""".split()
)
MAX_BACKGROUND_IDF = 7.5  # Zipf 0 words (unseen) get this; "the" (Zipf 7.7) gets 0


@lru_cache(maxsize=200_000)
def background_idf(word: str) -> float:
    return max(0.0, MAX_BACKGROUND_IDF - zipf_frequency(word, "en"))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


@dataclass(frozen=True, slots=True)
class Features:
    terms: dict[str, float]  # stem -> log-tf times background IDF (corpus IDF applied at compare time)


def tokens(text: str) -> list[str]:
    return [w.casefold().strip("’'.-") for w in _WORD_RE.findall(text)]


@lru_cache(maxsize=200_000)
def _term(raw: str) -> tuple[str, float] | None:
    """(stem, background IDF) of a word as written, or None for a word that is not a term."""
    word = raw.casefold().strip("’'.-")
    if len(word) < 3 or word in STOPWORDS:
        return None
    return stem(word), background_idf(word)


def features(article: Article) -> Features:
    head = " ".join(filter(None, [article.title, article.paragraphs[0].text if article.paragraphs else ""]))
    # Each distinct word is looked at once (texts repeat their words), in order of first
    # appearance, so the terms come out in the order a word-by-word pass would give them.
    counts = Counter(_WORD_RE.findall(head))
    counts.update(_WORD_RE.findall(article.body))
    tf: dict[str, int] = {}
    bg: dict[str, float] = {}
    for raw, n in counts.items():
        term = _term(raw)
        if term is None:
            continue
        s, idf = term
        tf[s] = tf.get(s, 0) + n
        if idf > bg.get(s, 0.0):
            bg[s] = idf
    return Features({s: (1 + math.log(c)) * bg[s] for s, c in tf.items() if bg.get(s, 0.0) > 0})


def corpus_idf(df: int, n_docs: int) -> float:
    """Smoothed IDF of a term seen in ``df`` of ``n_docs`` documents (1 for a fresh corpus)."""
    return math.log((n_docs + 1) / (df + 0.5)) if n_docs else 1.0


def weighted(terms: dict[str, float], df: Mapping[str, int], n_docs: int) -> dict[str, float]:
    """Apply corpus IDF and L2-normalise.

    ``df`` may offer ``idf(term)`` (``fold.StoreDocFreq`` does, remembering each term's IDF
    for a fold run); without documents counted (``n_docs`` 0) every corpus IDF is 1.
    """
    if not n_docs:
        v = dict(terms)
    else:
        idf = getattr(df, "idf", None)
        if idf is None:
            get = df.get
            v = {t: w * corpus_idf(get(t, 0), n_docs) for t, w in terms.items()}
        else:
            v = {t: w * idf(t) for t, w in terms.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items() if x > 0}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def top_shared(a: dict[str, float], b: dict[str, float], k: int = 8) -> list[str]:
    shared = sorted(((a[t] * b[t], t) for t in a.keys() & b.keys()), reverse=True)
    return [t for _, t in shared[:k]]


class VectorIndex:
    """Sparse unit vectors under IDs, with an inverted index for cosine search.

    Scoring a query walks only the postings of its own terms, so the cost
    grows with how many entries share its words, not with how many there are.
    """

    def __init__(self) -> None:
        self.vectors: dict[str, dict[str, float]] = {}
        self.postings: dict[str, dict[str, float]] = {}

    def put(self, key: str, vec: dict[str, float]) -> None:
        old = self.vectors.get(key)
        if old:  # a changed entry (a story that took a member): only the terms it lost leave their postings
            self._unpost(key, old.keys() - vec.keys())
        self.vectors[key] = vec
        postings = self.postings
        for t, w in vec.items():
            posting = postings.get(t)
            if posting is None:
                postings[t] = {key: w}
            else:
                posting[key] = w

    def remove(self, key: str) -> None:
        self._unpost(key, self.vectors.pop(key, {}))

    def _unpost(self, key: str, terms) -> None:
        for t in terms:
            posting = self.postings.get(t)
            if posting is not None:
                posting.pop(key, None)
                if not posting:
                    del self.postings[t]

    def cosines(self, vec: dict[str, float]) -> dict[str, float]:
        scores: dict[str, float] = {}
        get, postings, empty = scores.get, self.postings.get, {}
        for t, w in vec.items():
            for key, kw in postings(t, empty).items():
                scores[key] = get(key, 0.0) + w * kw
        return scores

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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
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
# Words as written, stems and background IDFs remembered per process. A stream keeps bringing
# new words (names above all: ~7,000 new spellings per 10,000 articles at 100,000), so the
# caches are bounded; 65,536 of the most recent hold what current news repeats, and they are
# full within the first few thousand articles, after which they cost no more memory.
TERM_CACHE = 65_536


@lru_cache(maxsize=TERM_CACHE)
def background_idf(word: str) -> float:
    return max(0.0, MAX_BACKGROUND_IDF - zipf_frequency(word, "en"))


@lru_cache(maxsize=TERM_CACHE)
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


@lru_cache(maxsize=TERM_CACHE)
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


class _Posting:
    """The entries holding one term: their slots and weights in two numpy arrays (the first ``n`` places),
    and where each slot sits in them, so a weight changes or leaves in place."""

    __slots__ = ("slots", "weights", "_at", "n")

    def __init__(self) -> None:
        self.slots = np.empty(4, dtype=np.int64)
        self.weights = np.empty(4, dtype=np.float64)
        self._at: dict[int, int] | None = {}
        self.n = 0

    @property
    def at(self) -> dict[int, int]:
        if self._at is None:  # made in one go (``of``): the positions are looked up when first changed
            self._at = {s: i for i, s in enumerate(self.slots[: self.n].tolist())}
        return self._at

    @classmethod
    def of(cls, slots: list[int], weights: list[float]) -> _Posting:
        """A posting of distinct ``slots`` with their ``weights``."""
        p = cls()
        p.slots, p.weights = np.array(slots, dtype=np.int64), np.array(weights, dtype=np.float64)
        p._at = None
        p.n = len(slots)
        return p

    def set(self, slot: int, weight: float) -> None:
        i = self.at.get(slot)
        if i is None:
            i = self.at[slot] = self.n
            if i == len(self.slots):
                self.slots = np.concatenate([self.slots, np.empty(i, dtype=np.int64)])
                self.weights = np.concatenate([self.weights, np.empty(i, dtype=np.float64)])
            self.slots[i] = slot
            self.n += 1
        self.weights[i] = weight

    def discard(self, slot: int) -> None:
        i = self.at.pop(slot, None)
        if i is None:
            return
        last = self.n - 1
        if i != last:  # the last entry takes the freed place
            moved = int(self.slots[last])
            self.slots[i], self.weights[i] = moved, self.weights[last]
            self.at[moved] = i
        self.n = last


class _PostingsView(Mapping):
    """term -> {key: weight} of the entries holding it (for inspection; scoring reads the arrays)."""

    def __init__(self, index: VectorIndex) -> None:
        self.index = index

    def __getitem__(self, term: str) -> dict[str, float]:
        p = self.index._postings[term]
        keys = self.index._keys
        return {keys[s]: w for s, w in zip(p.slots[: p.n].tolist(), p.weights[: p.n].tolist())}

    def __iter__(self) -> Iterator[str]:
        return iter(self.index._postings)

    def __len__(self) -> int:
        return len(self.index._postings)


class VectorIndex:
    """Sparse unit vectors under IDs, with an inverted index for cosine search.

    Scoring a query walks only the postings of its own terms, so the cost
    grows with how many entries share its words, not with how many there are.
    Each entry has a slot (a row number, reused after it leaves) and a term's
    postings are arrays of slots and weights, so that a query adds up one term's
    postings in one array operation: with thousands of active stories sharing
    an article's common words, walking the postings one by one in Python was
    most of what folding an article cost. The sums are the same floating-point
    operations in the same order (per entry, the query's terms one after
    another, each product added to the sum so far), so the scores are exactly
    those of the one-by-one walk.
    """

    def __init__(self) -> None:
        self.vectors: dict[str, dict[str, float]] = {}
        self._postings: dict[str, _Posting] = {}
        self._slot: dict[str, int] = {}
        self._keys: list[str | None] = []  # slot -> key (None: free)
        self._free: list[int] = []

    @property
    def postings(self) -> Mapping[str, dict[str, float]]:
        return _PostingsView(self)

    def put(self, key: str, vec: dict[str, float]) -> None:
        old = self.vectors.get(key)
        slot = self._slot.get(key)
        if slot is None:
            slot = self._slot[key] = self._free.pop() if self._free else len(self._keys)
            if slot == len(self._keys):
                self._keys.append(key)
            else:
                self._keys[slot] = key
        if old:  # a changed entry (a story that took a member): only the terms it lost leave their postings
            self._unpost(slot, old.keys() - vec.keys())
        self.vectors[key] = vec
        postings = self._postings
        for t, w in vec.items():
            posting = postings.get(t)
            if posting is None:
                posting = postings[t] = _Posting()
            posting.set(slot, w)

    def put_many(self, items: Iterable[tuple[str, dict[str, float]]]) -> None:
        """``put`` each (key, vector) in turn; into an empty index (loading one from the store), each
        term's postings are made in one go instead of one entry at a time."""
        items = list(items)
        if self.vectors or len({key for key, _ in items}) < len(items):
            for key, vec in items:
                self.put(key, vec)
            return
        gathered: dict[str, tuple[list[int], list[float]]] = {}
        for slot, (key, vec) in enumerate(items):
            self._slot[key] = slot
            self._keys.append(key)
            self.vectors[key] = vec
            for t, w in vec.items():
                entry = gathered.get(t)
                if entry is None:
                    gathered[t] = ([slot], [w])
                else:
                    entry[0].append(slot)
                    entry[1].append(w)
        for t, (slots, weights) in gathered.items():
            self._postings[t] = _Posting.of(slots, weights)

    def remove(self, key: str) -> None:
        slot = self._slot.pop(key, None)
        if slot is None:
            return
        self._unpost(slot, self.vectors.pop(key, {}))
        self._keys[slot] = None
        self._free.append(slot)

    def _unpost(self, slot: int, terms) -> None:
        for t in terms:
            posting = self._postings.get(t)
            if posting is not None:
                posting.discard(slot)
                if not posting.n:
                    del self._postings[t]

    def _scores(self, vec: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """(score, touched) per slot: the dot product with ``vec``, and whether any term was shared."""
        scores = np.zeros(len(self._keys))
        touched = np.zeros(len(self._keys), dtype=bool)
        postings = self._postings
        for t, w in vec.items():
            p = postings.get(t)
            if p is None:
                continue
            slots = p.slots[: p.n]
            scores[slots] += w * p.weights[: p.n]  # each slot once per term: a plain, ordered addition
            touched[slots] = True
        return scores, touched

    def cosines(self, vec: dict[str, float]) -> dict[str, float]:
        """Dot product with every entry sharing a term with ``vec``."""
        return self.near(vec, -math.inf)

    def near(self, vec: dict[str, float], floor: float) -> dict[str, float]:
        """``cosines`` of the entries scoring at least ``floor``."""
        scores, touched = self._scores(vec)
        hits = np.flatnonzero(touched & (scores >= floor))
        keys = self._keys
        return dict(zip([keys[s] for s in hits.tolist()], scores[hits].tolist()))

"""The near-duplicate decision: exact keys, then band candidates verified on the whole signature.

Stages: signatures (signatures.py, per article, anywhere) -> band keys
(bands.py, computed with the signatures) -> this index, which runs in input
order in one place: an article is a copy of the indexed original with the
highest estimated Jaccard at or above the threshold (ties: the earliest),
and joins that original's cluster (unionfind.py). Only originals are
indexed, as only originals' signatures are reloaded from a store
(``SQLiteStore.signatures``): a resumed run then decides exactly as an
uninterrupted one.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..records import Article
from .bands import BandIndex
from .exact import body_key
from .legacy import LEGACY_SCHEME, legacy_signature, parse_legacy
from .options import DedupOptions
from .signatures import Signature, is_current, parse, with_bands
from .unionfind import UnionFind


class SignatureMatrix:
    """Signatures of one scheme as rows of fixed-size blocks: compact, and compared many at a time.

    Blocks, not one array grown by doubling: a million signatures would otherwise
    sit in an array up to twice their size, and briefly in two while it grows.
    """

    BLOCK = 16_384  # rows of a block (8 MB of 128-value signatures)

    def __init__(self, width: int) -> None:
        self.width = width
        self.blocks: list[np.ndarray] = []
        self.row_of: dict[str, int] = {}

    def add(self, item: str, values: np.ndarray) -> None:
        n = len(self.row_of)
        if n == len(self.blocks) * self.BLOCK:
            self.blocks.append(np.zeros((self.BLOCK, self.width), dtype=np.uint32))
        self.blocks[n // self.BLOCK][n % self.BLOCK] = values
        self.row_of[item] = n

    def row(self, n: int) -> np.ndarray:
        return self.blocks[n // self.BLOCK][n % self.BLOCK]

    def agreement(self, values: np.ndarray, items: list[str]) -> np.ndarray:
        """Share of equal bins between ``values`` and each item's signature."""
        rows = np.stack([self.row(self.row_of[i]) for i in items])
        return np.count_nonzero(rows == values, axis=1) / rows.shape[1]


class DuplicateIndex:
    """Bodies seen so far: exact keys, band tables and signatures of originals, clusters of copies."""

    def __init__(self, opts: DedupOptions = DedupOptions()):
        self.opts = opts
        self.exact: dict[str, str] = {}
        self.bands: dict[str, BandIndex] = {}  # per scheme: stores may hold legacy signatures
        self.sigs: dict[str, SignatureMatrix] = {}
        self.clusters = UnionFind()

    def load(self, rows: Iterable[tuple[str, bytes | None, str]]) -> None:
        """Fill from stored (article ID, signature bytes, body key) rows of originals, oldest first."""
        by_scheme: dict[str, list[tuple[str, Signature]]] = {}
        for article_id, blob, key in rows:
            self.clusters.add(article_id)
            self.exact.setdefault(key, article_id)
            if blob is None:
                continue
            blob = bytes(blob)  # database drivers may hand back a memoryview
            try:
                sig = parse(blob) if is_current(blob) else parse_legacy(blob, self.opts)
            except ValueError:
                continue  # an unreadable signature: the article is still found by its exact key
            by_scheme.setdefault(sig.scheme, []).append((article_id, sig))
        for pairs in by_scheme.values():
            for start in range(0, len(pairs), 4096):
                chunk = pairs[start : start + 4096]
                for (article_id, _), sig in zip(chunk, with_bands([s for _, s in chunk], self.opts)):
                    self._index(article_id, sig)

    def find(self, article: Article, sig: Signature) -> str | None:
        """The original this article copies, or None."""
        key = sig.key if sig.key is not None else body_key(article)
        original = self.exact.get(key)
        if original is not None and self._same_values(original, sig):
            return self.clusters.find(original)
        if sig.empty:
            return None
        best = self._best(sig)
        if LEGACY_SCHEME in self.bands and sig.scheme != LEGACY_SCHEME:
            old = self._best(legacy_signature(article, self.opts))
            if old is not None and (best is None or (old[0], -old[1]) > (best[0], -best[1])):
                best = old
        return self.clusters.find(best[2]) if best else None

    def add(self, article: Article, sig: Signature) -> None:
        """Record an article after ``find``: a copy joins its original's cluster, an original is indexed."""
        self.clusters.add(article.id)
        if article.duplicate_of is not None:
            self.clusters.union(article.duplicate_of, article.id)
            return
        self.exact.setdefault(sig.key if sig.key is not None else body_key(article), article.id)
        self._index(article.id, sig)

    def _index(self, article_id: str, sig: Signature) -> None:
        matrix = self.sigs.get(sig.scheme)
        if matrix is None:
            matrix = self.sigs[sig.scheme] = SignatureMatrix(len(sig.values))
            self.bands[sig.scheme] = BandIndex()
        if article_id in matrix.row_of or sig.empty:
            return
        matrix.add(article_id, sig.values)
        self.bands[sig.scheme].insert(article_id, sig.bands)

    def _same_values(self, original: str, sig: Signature) -> bool:
        """Equal keys and, where the original's signature is at hand, equal signatures."""
        matrix = self.sigs.get(sig.scheme)
        row = matrix.row_of.get(original) if matrix else None
        return row is None or bool(np.array_equal(matrix.row(row), sig.values))

    def _best(self, sig: Signature) -> tuple[float, int, str] | None:
        """(estimated Jaccard, arrival, ID) of the most similar original at or above the threshold."""
        bands = self.bands.get(sig.scheme)
        candidates = bands.candidates(sig.bands) if bands else []
        if not candidates:
            return None
        agreement = self.sigs[sig.scheme].agreement(sig.values, candidates)
        best = None
        for j, item in zip(agreement.tolist(), candidates):
            if j >= self.opts.threshold:
                entry = (j, self.clusters.seq[item], item)
                if best is None or (j, -entry[1]) > (best[0], -best[1]):
                    best = entry
        return best

"""The near-duplicate decision: exact keys, then band candidates verified on the whole signature.

Stages: signatures (signatures.py, per article, anywhere) -> band keys
(bands.py, computed with the signatures) -> this index, which runs in input
order in one place: an article is a copy of the original with the same exact
key, else of the indexed original with the highest estimated Jaccard at or
above the threshold (ties: the earliest). Only originals are indexed, so
what ``find`` names is always an original, the root of its cluster of
copies (the store's ``duplicate_of`` records the clusters; nothing here
holds copies).

Memory stays flat however large the store grows:

* exact copies are looked up through the store (``StoredOriginals``,
  store/originals.py: an indexed body-key query), for originals of any age;
* near-copies are looked for among the newest ``DedupOptions.window``
  originals, by arrival order, not publication date: a wire copy or a
  rewrite arrives within days of its original, while archive imports and
  backfills arrive in any date order. The window's signatures sit in a ring
  of integer arrays addressed by arrival number; older ones are overwritten,
  and their band entries dropped.

Every original counts towards the window, indexed or not (a body without
words), and ``load`` reads back the newest ``window`` originals of the store:
a resumed run holds exactly the window an uninterrupted one would, and
decides as it would. Without a store (``load`` never called with one) exact
keys are kept in memory.
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


class SignatureRing:
    """Signatures of one scheme by arrival number, ``capacity`` at most, the oldest overwritten.

    Fixed-size blocks allocated on first use: an unbounded ring (``capacity``
    None) grows a block at a time instead of doubling one array, and a bounded
    one never holds more than its capacity.
    """

    BLOCK = 16_384  # rows of a block (8 MB of 128-value signatures)

    def __init__(self, width: int, capacity: int | None) -> None:
        self.width, self.capacity = width, capacity
        self.blocks: list[np.ndarray | None] = []

    def _slot(self, num: int) -> tuple[int, int]:
        slot = num % self.capacity if self.capacity else num
        return divmod(slot, self.BLOCK)

    def put(self, num: int, values: np.ndarray) -> None:
        block, row = self._slot(num)
        while len(self.blocks) <= block:
            self.blocks.append(None)
        if self.blocks[block] is None:
            rows = self.BLOCK if not self.capacity else min(self.BLOCK, self.capacity - block * self.BLOCK)
            self.blocks[block] = np.zeros((rows, self.width), dtype=np.uint32)
        self.blocks[block][row] = values

    def row(self, num: int) -> np.ndarray:
        block, row = self._slot(num)
        return self.blocks[block][row]

    def agreement(self, values: np.ndarray, nums: list[int]) -> np.ndarray:
        """Share of equal bins between ``values`` and each arrival's signature."""
        rows = np.stack([self.row(n) for n in nums])
        return np.count_nonzero(rows == values, axis=1) / rows.shape[1]


class DuplicateIndex:
    """A window of the newest originals (band tables, signatures) and the way to their exact keys."""

    def __init__(self, opts: DedupOptions = DedupOptions()):
        self.opts = opts
        self.window = opts.window
        self.arrived = 0  # originals seen: the next one's arrival number
        self.ids: list[str] = []  # arrival number (modulo the window) -> article ID
        self.bands: dict[str, BandIndex] = {}  # per scheme: stores may hold legacy signatures
        self.sigs: dict[str, SignatureRing] = {}
        self.last_indexed: dict[str, int] = {}  # scheme -> arrival number of its newest indexed original
        self.stored = None  # StoredOriginals of the store, once ``load`` has one: exact keys are looked up there
        # Without a store: key -> (ID, arrival number, scheme of its indexed signature or None).
        self.exact: dict[str, tuple[str, int, str | None]] = {}

    @property
    def oldest(self) -> int:
        """Arrival number of the oldest original still in the window."""
        return max(0, self.arrived - self.window) if self.window else 0

    def __len__(self) -> int:
        """Originals in the window."""
        return self.arrived - self.oldest

    def load(self, rows: Iterable[tuple[str, bytes | None, str]]) -> None:
        """Fill from stored (article ID, signature bytes, body key) rows of originals, oldest first.

        ``rows`` is what ``Store.signatures()`` returns; when it can look up keys and read the newest
        rows (``StoredOriginals``), exact keys stay in the store and only the window is read.
        """
        if hasattr(rows, "original_by_key"):
            self.stored = rows
            self.exact = {}
            if self.window and hasattr(rows, "newest"):
                rows = rows.newest(self.window)
        chunk: list[tuple[str, bytes | None, str]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == 4096:
                self._load_chunk(chunk)
                chunk = []
        self._load_chunk(chunk)

    def _load_chunk(self, rows: list[tuple[str, bytes | None, str]]) -> None:
        parsed: list[Signature | None] = []
        for _, blob, _ in rows:
            sig = None
            if blob is not None:
                blob = bytes(blob)  # database drivers may hand back a memoryview
                try:
                    sig = parse(blob) if is_current(blob) else parse_legacy(blob, self.opts)
                except ValueError:
                    pass  # an unreadable signature: the article is still found by its exact key
            parsed.append(sig)
        # Band keys computed a scheme at a time, then indexed in arrival order.
        for scheme in {s.scheme for s in parsed if s is not None}:
            at = [i for i, s in enumerate(parsed) if s is not None and s.scheme == scheme]
            for i, sig in zip(at, with_bands([parsed[i] for i in at], self.opts)):
                parsed[i] = sig
        for (article_id, _, key), sig in zip(rows, parsed):
            self._arrive(article_id, key, sig)

    def find(self, article: Article, sig: Signature) -> str | None:
        """The original this article copies, or None."""
        original = self._exact(sig.key if sig.key is not None else body_key(article), sig)
        if original is not None:
            return original
        if sig.empty:
            return None
        best = self._best(sig)
        if sig.scheme != LEGACY_SCHEME and self.last_indexed.get(LEGACY_SCHEME, -1) >= self.oldest:
            # Legacy originals still in the window: compare through the slow legacy signature too.
            old = self._best(legacy_signature(article, self.opts))
            if old is not None and (best is None or (old[0], -old[1]) > (best[0], -best[1])):
                best = old
        return self.ids[self._slot(best[1])] if best else None

    def add(self, article: Article, sig: Signature) -> None:
        """Record an article after ``find``: an original is indexed; a copy adds nothing (its
        ``duplicate_of`` names the original it belongs with)."""
        if article.duplicate_of is None:
            self._arrive(article.id, sig.key if sig.key is not None else body_key(article), sig)

    def _slot(self, num: int) -> int:
        return num % self.window if self.window else num

    def _arrive(self, article_id: str, key: str, sig: Signature | None) -> None:
        """The next original: it enters the window (evicting the oldest) and, without a store, the exact keys."""
        num = self.arrived
        self.arrived += 1
        slot = self._slot(num)
        if slot == len(self.ids):
            self.ids.append(article_id)
        else:
            self.ids[slot] = article_id
        indexed = sig is not None and not sig.empty
        if self.stored is None:
            self.exact.setdefault(key, (article_id, num, sig.scheme if indexed else None))
        if not indexed:
            return
        ring = self.sigs.get(sig.scheme)
        if ring is None:
            ring = self.sigs[sig.scheme] = SignatureRing(len(sig.values), self.window)
            self.bands[sig.scheme] = BandIndex()
        ring.put(num, sig.values)
        self.bands[sig.scheme].insert(num, sig.bands, self.oldest)
        self.last_indexed[sig.scheme] = num

    def _exact(self, key: str, sig: Signature) -> str | None:
        """The original with this exact key whose signature, where at hand, equals ``sig``'s: equal
        keys alone could be a crafted collision."""
        if self.stored is not None:
            found = self.stored.original_by_key(key)
            if found is None:
                return None
            original, blob = found
            values = _current_values(blob)
            if values is None or sig.scheme == LEGACY_SCHEME or len(values) != len(sig.values):
                return original  # its signature is not at hand in this scheme
            return original if np.array_equal(values, sig.values) else None
        entry = self.exact.get(key)
        if entry is None:
            return None
        original, num, scheme = entry
        if scheme != sig.scheme or num < self.oldest:
            return original  # its signature is not at hand
        return original if np.array_equal(self.sigs[scheme].row(num), sig.values) else None

    def _best(self, sig: Signature) -> tuple[float, int] | None:
        """(estimated Jaccard, arrival number) of the most similar original at or above the threshold."""
        bands = self.bands.get(sig.scheme)
        candidates = bands.candidates(sig.bands, self.oldest) if bands else []
        if not candidates:
            return None
        agreement = self.sigs[sig.scheme].agreement(sig.values, candidates)
        best = None
        for j, num in zip(agreement.tolist(), candidates):
            if j >= self.opts.threshold and (best is None or (j, -num) > (best[0], -best[1])):
                best = (j, num)
        return best


def _current_values(blob: bytes | None) -> np.ndarray | None:
    """The values of stored oph32 signature bytes, or None (none stored, legacy, unreadable)."""
    if blob is None:
        return None
    blob = bytes(blob)  # database drivers may hand back a memoryview
    try:
        return parse(blob).values if is_current(blob) else None
    except ValueError:
        return None

"""The stored vectors of one model as a matrix in memory, and cosine top-k over it.

Memory, bounded by ``max_bytes`` (default 1 GiB), with MiniLM's 384 dimensions:

* float32 while it fits, 1,536 bytes per article: 154 MB for 100,000 articles. A query is one
  BLAS matrix-vector product, ~40 ms at 100,000 on this project's busy 2-core machine.
* float16 beyond that, 768 bytes per article: a million articles take 768 MB (float32 would
  be 1.5 GB). NumPy has no fast float16 product, so blocks of ``BLOCK`` rows are turned to
  float32 and multiplied: ~3 s per query at a million here (conversion-bound). Giving
  ``max_bytes`` 1.6 GB keeps a million in float32 (~0.4 s per query). float16 moves a cosine
  by at most ~1e-3, far below the gaps between neighbours.
* past float16's room too, no matrix: each query scans the stored vectors a page of ``PAGE``
  rows at a time (memory bounded by a page; seconds per query).

Refreshing is incremental: rows are read past the highest ``seq`` already held (the table's
``seq`` is never reused), so after an ingest batch only the new vectors are read. When the
count no longer adds up (a vector replaced or deleted), or the precision must change as the
archive grows, the matrix is read again whole. The matrix grows by doubling; readers take a
snapshot (IDs, rows) that later appends never touch, so queries run while a refresh goes on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from ..store import Store

PAGE = 5000
BLOCK = 16384
MAX_BYTES = 1024 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Snapshot:
    ids: list[str]
    matrix: np.ndarray | None  # (len(ids), dim) float32 or float16; None when the vectors stay in the store


class VectorIndex:
    def __init__(self, model: str, dim: int, max_bytes: int = MAX_BYTES):
        self.model, self.dim, self.max_bytes = model, dim, max_bytes
        self._ids: list[str] = []
        self._dtype = np.dtype(np.float32)
        self._matrix = np.zeros((0, dim), dtype=self._dtype)
        self._last_seq = 0
        self._in_memory = True
        self._stored = 0
        self._snapshot = Snapshot([], self._matrix)
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        return len(self._snapshot.ids) if self._in_memory else self._stored

    def refresh(self, store: Store) -> VectorIndex:
        """Catch up with the store: read the vectors stored since the last refresh."""
        with self._lock:
            count, last = store.vector_stats(self.model)
            self._stored = count
            dtype = next((np.dtype(t) for t in (np.float32, np.float16)
                          if count * self.dim * np.dtype(t).itemsize <= self.max_bytes), None)
            if dtype is None:
                self._in_memory, self._snapshot = False, Snapshot([], None)
                self._reset()
                return self
            self._in_memory = True
            if count < len(self._ids) or last < self._last_seq or dtype != self._dtype:
                self._dtype = dtype
                self._reset()
            if last > self._last_seq:
                self._append(store)
            if len(self._ids) != count:  # a vector was replaced or deleted: read everything again
                self._reset()
                self._append(store)
            self._snapshot = Snapshot(list(self._ids), self._matrix[: len(self._ids)])
        return self

    def _reset(self) -> None:
        self._ids, self._last_seq = [], 0
        self._matrix = np.zeros((0, self.dim), dtype=self._dtype)

    def _append(self, store: Store) -> None:
        while True:
            rows = store.vector_rows(self.model, self._last_seq, PAGE)
            if not rows:
                return
            block = _decode(rows, self.dim)
            n = len(self._ids)
            if n + len(rows) > len(self._matrix):  # grow by doubling; snapshots keep the old buffer
                grown = np.zeros((max(2 * len(self._matrix), n + len(rows), 1024), self.dim), dtype=self._dtype)
                grown[:n] = self._matrix[:n]
                self._matrix = grown
            self._matrix[n : n + len(rows)] = block
            self._ids += [r["article_id"] for r in rows]
            self._last_seq = rows[-1]["seq"]

    def top(self, store: Store, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The ``k`` article IDs closest to ``query`` (unit length), best first, with cosines."""
        query = np.asarray(query, dtype=np.float32).reshape(self.dim)
        snap = self._snapshot
        best = _TopK(k)
        if snap.matrix is not None and snap.matrix.dtype == np.float32:
            best.offer(snap.matrix @ query, snap.ids)
        elif snap.matrix is not None:
            for start in range(0, len(snap.ids), BLOCK):
                scores = snap.matrix[start : start + BLOCK].astype(np.float32) @ query
                best.offer(scores, snap.ids[start : start + BLOCK])
        else:  # too many to hold: scan the store a page at a time
            after = 0
            while rows := store.vector_rows(self.model, after, PAGE):
                best.offer(_decode(rows, self.dim) @ query, [r["article_id"] for r in rows])
                after = rows[-1]["seq"]
        return best.result()


def _decode(rows, dim: int) -> np.ndarray:
    """Stored blobs -> (len(rows), dim) float32; a row of another dimension reads as zeros (never matches)."""
    blobs = [bytes(r["vector"]) for r in rows]
    if all(len(b) == 4 * dim for b in blobs) and all(r["dim"] == dim for r in rows):
        return np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(rows), dim)
    out = np.zeros((len(rows), dim), dtype=np.float32)
    for i, r in enumerate(rows):
        blob = bytes(r["vector"])
        if r["dim"] == dim and len(blob) == 4 * dim:
            out[i] = np.frombuffer(blob, dtype="<f4")
    return out


class _TopK:
    """The best ``k`` (score, id) seen over several blocks."""

    def __init__(self, k: int):
        self.k = k
        self.scores = np.zeros(0, dtype=np.float32)
        self.ids: list[str] = []

    def offer(self, scores: np.ndarray, ids: list[str]) -> None:
        if not len(ids) or self.k <= 0:
            return
        scores = np.concatenate([self.scores, scores.astype(np.float32)])
        ids = self.ids + list(ids)
        if len(ids) > self.k:
            keep = np.argpartition(-scores, self.k - 1)[: self.k]
            scores, ids = scores[keep], [ids[i] for i in keep]
        self.scores, self.ids = scores, ids

    def result(self) -> list[tuple[str, float]]:
        order = sorted(range(len(self.ids)), key=lambda i: (-float(self.scores[i]), self.ids[i]))
        return [(self.ids[i], float(self.scores[i])) for i in order]

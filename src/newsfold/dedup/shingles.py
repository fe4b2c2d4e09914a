"""Shingles: every run of ``n`` consecutive words of a text, hashed.

A shingle's hash combines its words' hashes with one odd multiplier per
position (so word order counts) and is then mixed. A text shorter than ``n``
words has one shingle: all its words. A text without words has none.
"""

from __future__ import annotations

import numpy as np

from .hashing import fmix64, odd_constants

_POSITION = odd_constants(0x5417, 64)  # one multiplier per position in a shingle


def shingle_hashes(words: np.ndarray, doc: np.ndarray, n_docs: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(shingle hash, text index) from word hashes in reading order and their text indices."""
    if not 1 <= n <= len(_POSITION):
        raise ValueError(f"shingle size must be 1..{len(_POSITION)}, not {n}")
    counts = np.bincount(doc, minlength=n_docs)
    m = len(words) - n + 1
    if m > 0:
        combined = words[:m] * _POSITION[0]
        term = np.empty_like(combined)
        for j in range(1, n):
            combined += np.multiply(words[j : j + m], _POSITION[j], out=term)
        inside = doc[:m] == doc[n - 1 :]  # the window does not run into the next text
        hashes, owner = combined[inside], doc[:m][inside]
    else:
        hashes, owner = np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.intp)
    short = np.flatnonzero((counts > 0) & (counts < n))
    if len(short):  # rare: texts of 1..n-1 words get one shingle of all their words
        ends = np.cumsum(counts)
        extra = [(words[ends[d] - counts[d] : ends[d]] * _POSITION[: counts[d]]).sum(dtype=np.uint64) for d in short]
        hashes = np.concatenate([hashes, np.array(extra, dtype=np.uint64)])
        owner = np.concatenate([owner, short])
    return fmix64(hashes), owner

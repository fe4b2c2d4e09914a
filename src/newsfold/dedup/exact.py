"""Exact copies: the same words in the same order, whatever the case, punctuation and spacing.

The key is a 128-bit digest of the body's word hashes (tokens.py): two
polynomials over the sequence, in base ``B`` and ``B^-1`` modulo 2^64, summed
per text with array operations, so a batch costs a few passes over its words.
The index (index.py) also checks that the signatures of two bodies with
equal keys are equal before calling them copies, which guards against a
crafted collision.

Keys written by the first releases were SHA-256 of a regex-normalised body
(16 hex digits); these have 32, so an old key never equals a new one, and
copies of articles stored with old keys are still found by their signatures.
"""

from __future__ import annotations

import numpy as np

from ..records import Article
from .hashing import fmix64
from .tokens import POWERS, word_hashes


def body_keys(words: np.ndarray, doc: np.ndarray, n_docs: int) -> list[str]:
    """The exact key of each text from its word hashes (reading order) and text indices."""
    counts = np.bincount(doc, minlength=n_docs)
    starts = np.cumsum(counts) - counts
    lanes = np.zeros((2, n_docs), dtype=np.uint64)
    has_words = np.flatnonzero(counts)
    if len(has_words):
        # sum of w_i * B^i over the whole batch, cut per text and shifted back to the text's start
        power, inverse = POWERS.upto(len(words))
        first = starts[has_words]
        lanes[0, has_words] = np.add.reduceat(words * power[: len(words)], first) * inverse[first]
        lanes[1, has_words] = np.add.reduceat(words * inverse[: len(words)], first) * power[first]
    size = counts.astype(np.uint64)
    high, low = fmix64(lanes[0] ^ size).tolist(), fmix64(lanes[1] + size).tolist()
    return [f"{a:016x}{b:016x}" for a, b in zip(high, low)]


def body_key(article: Article) -> str:
    words, doc = word_hashes([article.body])
    return body_keys(words, doc, 1)[0]

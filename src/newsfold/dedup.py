"""Exact and near-duplicate copies.

An article is a copy of an earlier one when its body is the same after
normalisation (case, punctuation, spacing) — the same text under another file
name or behind a different header — or when the MinHash estimate of the
Jaccard similarity of their 5-word shingles reaches ``threshold`` (a wire copy
with a changed lead, a trimmed tail). MinHash LSH (datasketch) finds the
candidates without comparing against every stored article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from .records import Article, content_hash


SCHEME = "affine32"  # datasketch's default permutation scheme, pinned: stored signatures depend on it


@dataclass(frozen=True, slots=True)
class DedupOptions:
    threshold: float = 0.8  # estimated Jaccard of shingles for a near-copy
    num_perm: int = 128
    shingle: int = 5  # words per shingle


def normalised_body(article: Article) -> str:
    return " ".join(re.findall(r"\w+", article.body.casefold()))


def body_key(article: Article) -> str:
    return content_hash(normalised_body(article))


def signature(article: Article, opts: DedupOptions = DedupOptions()) -> MinHash:
    words = normalised_body(article).split()
    n = opts.shingle
    shingles = {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}
    m = MinHash(num_perm=opts.num_perm, seed=1, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def to_bytes(m: MinHash) -> bytes:
    return m.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes, opts: DedupOptions = DedupOptions()) -> MinHash:
    # Stored signatures carry no scheme of their own: they are always SCHEME's.
    values = np.frombuffer(data, dtype=np.uint64)
    return MinHash(num_perm=opts.num_perm, seed=1, hashvalues=values, scheme=SCHEME)


class DuplicateIndex:
    """Bodies seen so far: exact keys plus an LSH index of MinHash signatures."""

    def __init__(self, opts: DedupOptions = DedupOptions()):
        self.opts = opts
        self.exact: dict[str, str] = {}
        self.lsh = MinHashLSH(threshold=opts.threshold, num_perm=opts.num_perm)
        self.sigs: dict[str, MinHash] = {}

    def load(self, rows: Iterable[tuple[str, bytes, str]]) -> None:
        """Fill from stored (article ID, signature bytes, body key) rows, oldest first."""
        for article_id, sig, key in rows:
            self.exact.setdefault(key, article_id)
            if sig is not None and article_id not in self.sigs:
                m = from_bytes(sig, self.opts)
                self.sigs[article_id] = m
                self.lsh.insert(article_id, m)

    def find(self, article: Article, sig: MinHash) -> str | None:
        """The earliest article this one copies, or None."""
        original = self.exact.get(body_key(article))
        if original is not None:
            return original
        best, best_j = None, self.opts.threshold
        for candidate in self.lsh.query(sig):
            j = sig.jaccard(self.sigs[candidate])
            if j >= best_j:
                best, best_j = candidate, j
        return best

    def add(self, article: Article, sig: MinHash) -> None:
        self.exact.setdefault(body_key(article), article.id)
        if article.id not in self.sigs:
            self.sigs[article.id] = sig
            self.lsh.insert(article.id, sig)

"""MinHash signatures by one-permutation hashing with optimal densification (scheme "oph32").

Classic MinHash applies ``num_perm`` hash functions to every shingle; here
each shingle is hashed once: the high bits pick one of ``num_perm`` bins, the
low 32 bits are its value, and a bin keeps its smallest value (Li, Owen and
Zhang 2012, "One permutation hashing"). A short text leaves bins empty; an
empty bin copies the value of the first filled bin in a fixed pseudo-random
order of the bins (Shrivastava 2017, "Optimal densification for fast and
accurate minwise hashing"), so two texts agree on a bin with probability
equal to their Jaccard similarity, as with classic MinHash.

The stage works on a whole batch of texts at once (tokens.py, shingles.py):
there is no Python loop over shingles or permutations, which is where
datasketch spends its time.

Stored signatures are ``b"oph32:"`` followed by ``num_perm`` little-endian
uint32. Older stores hold bare datasketch "affine32" values (``num_perm``
uint64 below 2^32, so their bytes 4..7 are zero and cannot spell the
header); legacy.py reads and compares those.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..records import Article
from .bands import band_keys, lsh_params
from .exact import body_keys
from .hashing import fmix64, splitmix64
from .options import DedupOptions
from .shingles import shingle_hashes
from .tokens import word_hashes

SCHEME = "oph32"
_HEADER = SCHEME.encode("ascii") + b":"
_EMPTY = np.uint32(0xFFFFFFFF)
_U32 = np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)
_FIRST_PROBES = 8  # probes tried for every empty bin before the full order (rarely needed)
# Texts are signed in chunks of about this many characters: the per-character arrays (8 bytes a
# character) then stay in the CPU cache, which on long texts is worth a third of the time.
_CHUNK_CHARS = 64_000


@dataclass(frozen=True, slots=True, eq=False)
class Signature:
    """What near-duplicate search knows of a body."""

    values: np.ndarray  # one uint32 per bin
    scheme: str = SCHEME
    key: str | None = None  # exact key of the body (exact.py); None when read back from bytes
    bands: tuple[int, ...] = ()  # LSH band keys; () for a body without words, which nothing resembles

    @property
    def empty(self) -> bool:
        return not self.bands

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two bodies' shingle sets."""
        if other.scheme != self.scheme:
            raise ValueError(f"cannot compare {self.scheme} with {other.scheme} signatures")
        if self.empty or other.empty:
            return 0.0
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)


def sign_texts(texts: Sequence[str], opts: DedupOptions = DedupOptions()) -> list[Signature]:
    """Signatures of many bodies at once."""
    out: list[Signature] = []
    start = size = 0
    for end, text in enumerate(texts, 1):
        size += len(text)
        if size >= _CHUNK_CHARS or end == len(texts):
            out += _sign_chunk(texts[start:end], opts)
            start, size = end, 0
    return out


def _sign_chunk(texts: Sequence[str], opts: DedupOptions) -> list[Signature]:
    n, k = len(texts), opts.num_perm
    words, word_doc = word_hashes(list(texts))
    shingles, owner = shingle_hashes(words, word_doc, n, opts.shingle)
    values, filled = _one_permutation(shingles, owner, n, k)
    _densify(values, filled, k)
    has_words = filled.any(axis=1)
    b, r = lsh_params(opts.threshold, k)
    keys = band_keys(values, b, r).tolist()
    exact = body_keys(words, word_doc, n)
    return [
        Signature(values[i], SCHEME, exact[i], tuple(keys[i]) if has_words[i] else ())
        for i in range(n)
    ]


def sign_articles(articles: Sequence[Article], opts: DedupOptions = DedupOptions()) -> list[Signature]:
    return sign_texts([a.body for a in articles], opts)


def signature(article: Article, opts: DedupOptions = DedupOptions()) -> Signature:
    return sign_texts([article.body], opts)[0]


def to_bytes(sig: Signature) -> bytes:
    if sig.scheme != SCHEME:
        raise ValueError(f"only {SCHEME} signatures are written, not {sig.scheme}")
    return _HEADER + sig.values.astype("<u4").tobytes()


def is_current(data: bytes) -> bool:
    return data.startswith(_HEADER)


def parse(data: bytes) -> Signature:
    """An oph32 signature from its stored bytes, without band keys (see ``with_bands``)."""
    if not is_current(data) or (len(data) - len(_HEADER)) % 4:
        raise ValueError("not an oph32 signature")
    return Signature(np.frombuffer(data, dtype="<u4", offset=len(_HEADER)).astype(np.uint32))


def from_bytes(data: bytes, opts: DedupOptions = DedupOptions()) -> Signature:
    """A stored signature of either scheme, with its band keys."""
    if is_current(data):
        return with_bands([parse(data)], opts)[0]
    from .legacy import parse_legacy  # legacy.py builds on this module

    return with_bands([parse_legacy(data, opts)], opts)[0]


def with_bands(sigs: list[Signature], opts: DedupOptions) -> list[Signature]:
    """The same signatures with band keys (for signatures read back from bytes), computed in one go."""
    if not sigs:
        return []
    matrix = np.stack([s.values for s in sigs])
    b, r = lsh_params(opts.threshold, matrix.shape[1])
    keys = band_keys(matrix, b, r).tolist()
    # A stored signature of a body without words is all-empty bins: it stays without bands.
    return [
        Signature(s.values, s.scheme, s.key, () if (s.values == _EMPTY).all() else tuple(kk))
        for s, kk in zip(sigs, keys)
    ]


def _one_permutation(shingles: np.ndarray, owner: np.ndarray, n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(texts, k) bin minima and which bins any shingle fell in."""
    if k > 1 and k & (k - 1) == 0:  # the high bits pick the bin: the top log2(k) bits for a power of two,
        bins = (shingles >> np.uint64(65 - k.bit_length())).astype(np.intp)
    else:  # else Lemire's multiply-shift reduction of the top 32 (the same bins for powers of two)
        bins = (((shingles >> _U32) * np.uint64(k)) >> _U32).astype(np.intp)
    cells = owner * k + bins
    values = np.full(n * k, _EMPTY, dtype=np.uint32)
    np.minimum.at(values, cells, (shingles & _LOW).astype(np.uint32))  # low bits are the value
    filled = np.zeros(n * k, dtype=bool)
    filled[cells] = True
    return values.reshape(n, k), filled.reshape(n, k)


@cache
def _probe_order(k: int) -> np.ndarray:
    """Row i: the order in which empty bin i looks for a filled bin to copy (a fixed permutation)."""
    salt = splitmix64(0xD3E5, 1)[0]
    grid = np.arange(k * k, dtype=np.uint64).reshape(k, k) + salt
    return np.argsort(fmix64(grid), axis=1, kind="stable").astype(np.intp)


def _densify(values: np.ndarray, filled: np.ndarray, k: int) -> None:
    """Fill every empty bin of a text that has a filled one, in place."""
    empty = np.flatnonzero(~filled & filled.any(axis=1)[:, None])  # flat cells of the (texts, k) grid
    if not len(empty):
        return
    flat_filled, flat_values = filled.reshape(-1), values.reshape(-1)
    row_start, col = empty - empty % k, empty % k
    order = _probe_order(k)
    donor = _first_filled(flat_filled, row_start, order[col, :_FIRST_PROBES])
    missed = np.flatnonzero(donor < 0)
    if len(missed):  # a text with few filled bins: walk the whole order, which always finds one
        donor[missed] = _first_filled(flat_filled, row_start[missed], order[col[missed]])
    flat_values[empty] = flat_values[donor]


def _first_filled(flat_filled: np.ndarray, row_start: np.ndarray, probes: np.ndarray) -> np.ndarray:
    """Flat cell of the first filled bin along each row's probes, or -1."""
    cells = probes + row_start[:, None]
    hit = np.take(flat_filled, cells)
    first = hit.argmax(axis=1)
    at = np.arange(len(cells))
    return np.where(hit[at, first], cells[at, first], -1)

"""Signatures of the first releases: datasketch MinHash, scheme "affine32", stored as bare uint64.

Stores written before the "oph32" scheme hold these. They are read back and
kept in their own band index; a new article is compared with them through
its own affine32 signature, computed only while such originals exist. This
slow path needs no migration and leaves the stored bytes alone.
"""

from __future__ import annotations

import re

import numpy as np

from ..records import Article
from .options import DedupOptions
from .signatures import Signature, with_bands

LEGACY_SCHEME = "affine32"


def legacy_signature(article: Article, opts: DedupOptions = DedupOptions()) -> Signature:
    """The affine32 signature the first releases stored for this body (regex words, datasketch MinHash)."""
    from datasketch import MinHash

    words = re.findall(r"\w+", article.body.casefold())
    n = opts.shingle
    shingles = {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}
    m = MinHash(num_perm=opts.num_perm, seed=1, scheme=LEGACY_SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return with_bands([Signature(m.hashvalues.astype(np.uint32), LEGACY_SCHEME)], opts)[0]


def parse_legacy(data: bytes, opts: DedupOptions = DedupOptions()) -> Signature:
    """Stored affine32 bytes (``num_perm`` little-endian uint64), without band keys."""
    if len(data) != 8 * opts.num_perm:
        raise ValueError(f"not a signature: {len(data)} bytes")
    return Signature(np.frombuffer(data, dtype="<u8").astype(np.uint32), LEGACY_SCHEME)

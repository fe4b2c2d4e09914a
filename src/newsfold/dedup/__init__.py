"""Exact and near-duplicate copies, as explicit stages.

An article is a copy of an earlier one when its body is the same after
normalisation (case, punctuation, spacing) — the same text under another
file name or behind a different header — or when the estimated Jaccard
similarity of their 5-word shingles reaches ``threshold`` (a wire copy with
a changed lead, a trimmed tail).

1. signatures.py — per article, batchable, pure: words (tokens.py) ->
   shingles (shingles.py) -> one-permutation MinHash -> band keys (bands.py)
   and the exact key (exact.py). This is what executors run on workers.
2. index.py — in input order, in one place: exact key (looked up in the
   store, any age), then band candidates among a window of the newest
   originals (``DedupOptions.window``), verified on the whole signature. Its
   memory does not grow with the store.

legacy.py keeps signatures of older stores (datasketch "affine32") usable.
"""

from .exact import body_key
from .index import DuplicateIndex
from .options import DedupOptions
from .signatures import SCHEME, Signature, from_bytes, sign_articles, sign_texts, signature, to_bytes

__all__ = [
    "SCHEME", "DedupOptions", "DuplicateIndex", "Signature", "body_key", "from_bytes", "sign_articles",
    "sign_texts", "signature", "to_bytes",
]

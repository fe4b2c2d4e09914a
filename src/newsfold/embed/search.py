"""Semantic search: the articles whose vectors are closest (cosine) to the query's.

Answers in the shape of full-text search (``store.views.search``): id, title, outlet,
published, story_id, snippet and score, best first; the score is the cosine (-1..1) and the
snippet the article's opening words, since no words are matched to mark.
"""

from __future__ import annotations

import json

from ..errors import UsageError
from ..store import Store
from ..store.rows import select_in
from .index import VectorIndex
from .model import Embedder, default_embedder
from .texts import snippet

NO_EMBEDDINGS = "no embeddings in this store: run newsfold embed"


class NoEmbeddings(UsageError):
    """Semantic search on a store without vectors of the model."""


def has_embeddings(store: Store, model: str) -> bool:
    return store.vector_stats(model)[0] > 0


def semantic_search(store: Store, query: str, limit: int = 20, embedder: Embedder | None = None,
                    index: VectorIndex | None = None) -> list[dict]:
    """The ``limit`` articles nearest in meaning to ``query``, best first.

    ``index`` is a loaded :class:`VectorIndex` to reuse (the API keeps one per store);
    without it the vectors are read from the store for this one query.
    """
    if not query.strip():
        raise UsageError("the query must contain a word")
    embedder = embedder or default_embedder()
    if index is None:
        index = VectorIndex(embedder.name, embedder.dim).refresh(store)
    if index.size == 0:
        raise NoEmbeddings(NO_EMBEDDINGS)
    vector = embedder.encode([query])[0]
    hits = [(a, score) for a, score in index.top(store, vector, limit) if score > 0]  # 0: nothing in common
    return describe(store, hits)


def describe(store: Store, hits: list[tuple[str, float]]) -> list[dict]:
    """Search rows for (article ID, cosine) pairs, in the given order; IDs no longer stored are left out."""
    rows = select_in(store.db, """SELECT a.id, a.title, a.outlet, a.published, m.story_id, a.paragraphs
                                  FROM articles a LEFT JOIN story_members m ON m.article_id = a.id
                                  WHERE a.id IN ({marks})""", (), [h[0] for h in hits])
    by_id = {r["id"]: r for r in rows}
    out = []
    for article_id, score in hits:
        r = by_id.get(article_id)
        if r is None:
            continue
        paragraphs = [p[0] for p in json.loads(r["paragraphs"])]
        out.append({"id": r["id"], "title": r["title"], "outlet": r["outlet"], "published": r["published"],
                    "story_id": r["story_id"], "snippet": snippet(r["title"], paragraphs), "score": round(score, 3)})
    return out

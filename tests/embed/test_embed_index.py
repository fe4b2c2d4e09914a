"""The in-memory vector index: exact enough in float16, incremental, and bounded in memory."""

from __future__ import annotations

import numpy as np
import pytest
from embed.fakeembed import HashEmbedder
from helpers import BUDGET, QUAKE_A, QUAKE_B

import newsfold
from newsfold.embed import VectorIndex, embed_store
from newsfold.embed.texts import chunk_passages, lead_passage
from newsfold.records import Article, Paragraph, RawDoc


@pytest.fixture
def store(tmp_path):
    with newsfold.open_store(tmp_path / "s.db") as s:
        yield s


def add_articles(store, n: int, start: int = 0) -> list[str]:
    """``n`` bare articles (the index does not read their text)."""
    ids = []
    with store.transaction():
        for i in range(start, start + n):
            raw = RawDoc(f"text {i}", f"in/{i}.txt")
            a = Article(id=f"a{i:05d}", raw_id=raw.content_id, origin=raw.origin, title=f"t{i}", outlet=None,
                        wire=None, byline=None, dateline=None, published=None, language="en",
                        paragraphs=(Paragraph(f"body {i}", 1, 0),), removed=())
            store.add_raw(raw)
            store.add_article(a, body_key=f"k{i}")
            ids.append(a.id)
    return ids


def put_vectors(store, ids, vectors, model="m", dim=16):
    with store.transaction():
        store.add_vectors(model, dim, [(a, v.astype("<f4").tobytes()) for a, v in zip(ids, vectors)])


def unit(rng, n, dim=16):
    v = rng.normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_top_k_matches_exact_float32_ranking(store):
    rng = np.random.default_rng(1)
    ids = add_articles(store, 300)
    vectors = unit(rng, 300)
    put_vectors(store, ids, vectors)
    index = VectorIndex("m", 16).refresh(store)
    for q in unit(rng, 5):
        exact = np.argsort(-(vectors @ q))[:10]
        got = index.top(store, q, 10)
        assert [a for a, _ in got] == [ids[i] for i in exact]
        assert all(abs(s - float(vectors[i] @ q)) < 2e-3 for (_, s), i in zip(got, exact))


def test_refresh_reads_only_new_vectors_and_sees_replacements(store, monkeypatch):
    rng = np.random.default_rng(2)
    ids = add_articles(store, 50)
    put_vectors(store, ids[:40], unit(rng, 40))
    index = VectorIndex("m", 16).refresh(store)
    assert index.size == 40
    read = []
    real = store.vector_rows
    monkeypatch.setattr(store, "vector_rows", lambda *a, **k: read.append(r := real(*a, **k)) or r)
    put_vectors(store, ids[40:], unit(rng, 10))
    index.refresh(store)
    assert index.size == 50 and sum(len(r) for r in read) == 10, "only the ten new vectors were read"

    target = np.zeros(16, dtype=np.float32)
    target[3] = 1.0
    put_vectors(store, [ids[7]], [target])  # article 7 gets a new vector
    index.refresh(store)
    assert index.size == 50
    assert index.top(store, target, 1) == [(ids[7], pytest.approx(1.0, abs=1e-3))]


def test_past_its_memory_budget_the_index_halves_precision_then_scans_the_store(store):
    rng = np.random.default_rng(3)
    ids = add_articles(store, 120)
    put_vectors(store, ids, unit(rng, 120))
    held = VectorIndex("m", 16).refresh(store)
    half = VectorIndex("m", 16, max_bytes=5000).refresh(store)  # 120 x 16 x 4 > 5000 >= 120 x 16 x 2
    streamed = VectorIndex("m", 16, max_bytes=100).refresh(store)  # 120 x 16 x 2 bytes > 100
    assert held._snapshot.matrix.dtype == np.float32 and half._snapshot.matrix.dtype == np.float16
    assert streamed._snapshot.matrix is None and streamed.size == half.size == 120
    for q in unit(rng, 3):
        want = [a for a, _ in held.top(store, q, 7)]
        assert [a for a, _ in streamed.top(store, q, 7)] == want
        assert [a for a, _ in half.top(store, q, 7)] == want


def test_an_index_growing_past_float32_room_is_read_again_in_float16(store):
    rng = np.random.default_rng(4)
    ids = add_articles(store, 100)
    put_vectors(store, ids[:70], unit(rng, 70))
    index = VectorIndex("m", 16, max_bytes=5000).refresh(store)  # 70 x 64 bytes fit in float32
    assert index._snapshot.matrix.dtype == np.float32
    put_vectors(store, ids[70:], unit(rng, 30))
    index.refresh(store)  # 100 x 64 > 5000: float16
    assert index._snapshot.matrix.dtype == np.float16 and index.size == 100


def test_a_vector_of_the_wrong_size_is_refused(store):
    ids = add_articles(store, 1)
    with pytest.raises(ValueError), store.transaction():
        store.add_vectors("m", 16, [(ids[0], b"\0" * 12)])


def test_lead_and_chunk_passages():
    paragraphs = ["one two three four", "five six seven", "eight nine ten eleven twelve"]
    assert lead_passage("Title here", paragraphs, words=6) == "Title here\none two three four"
    chunks = chunk_passages("Title here", paragraphs, words=6)
    assert " ".join(chunks).split() == ["Title", "here", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    assert all(len(c.split()) <= 6 for c in chunks)
    assert chunk_passages(None, []) == [""]


def test_real_articles_round_trip_through_the_store(store, tmp_path):
    for name, text in (("a", QUAKE_A), ("b", QUAKE_B), ("c", BUDGET)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    newsfold.ingest([str(tmp_path)], store, newsfold.IngestOptions(understand=False))
    model = HashEmbedder()
    embed_store(store, model)
    index = VectorIndex(model.name, model.dim).refresh(store)
    budget = store.article_rows("title LIKE 'Dutch%'")[0]["id"]
    query = model.encode(["budget pension farm subsidies"])[0]
    assert index.top(store, query, 1)[0][0] == budget

"""``embed_store`` and ``semantic_search`` with a stand-in model (no PyTorch needed)."""

from __future__ import annotations

import pytest
from embed.fakeembed import FailingEmbedder, HashEmbedder
from helpers import BUDGET, QUAKE_A, QUAKE_B

import newsfold
from newsfold.embed import EmbedOptions, NoEmbeddings, embed_store, semantic_search


def ingest(store, folder, **texts):
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return newsfold.ingest([str(folder / f"{name}.txt") for name in texts], store,
                           newsfold.IngestOptions(understand=False))


@pytest.fixture
def store(tmp_path):
    with newsfold.open_store(tmp_path / "s.db") as s:
        yield s


def title_of(store, article_id):
    return store.article(article_id).title


def test_each_original_once_copies_skipped_and_later_runs_only_embed_what_is_new(store, tmp_path):
    ingest(store, tmp_path / "in", quake=QUAKE_A, budget=BUDGET, quake_copy=QUAKE_A)
    assert store.count("articles") == 3  # the copy is stored, as a duplicate of the first
    model = HashEmbedder()
    first = embed_store(store, model)
    assert (first.embedded, first.errors) == (2, 0)
    assert store.vector_stats(model.name)[0] == 2
    stored = {r["article_id"] for r in store.vector_rows(model.name)}
    assert {title_of(store, a) for a in stored} == {
        "Strong earthquake shakes coastal Chile, killing at least 12", "Dutch parliament approves budget after marathon debate"}

    model.calls.clear()
    assert embed_store(store, model).embedded == 0 and model.calls == []  # nothing new: the model is not run

    ingest(store, tmp_path / "more", quake_b=QUAKE_B)
    again = embed_store(store, model)
    assert again.embedded == 1
    assert len(model.calls) == 1 and "Chile quake toll rises" in model.calls[0][0]


def test_each_batch_is_kept_when_a_run_stops_half_way(store, tmp_path):
    ingest(store, tmp_path / "in", a=QUAKE_A, b=QUAKE_B, c=BUDGET)

    class StopsOnSecondBatch(HashEmbedder):
        def encode(self, texts):
            if self.calls:
                raise KeyboardInterrupt  # Ctrl-C while the model runs on the second batch
            return super().encode(texts)

    with pytest.raises(KeyboardInterrupt):
        embed_store(store, StopsOnSecondBatch(), EmbedOptions(batch_size=2))
    assert store.vector_stats("test-hash-256")[0] == 2, "the first batch was committed"
    rest = embed_store(store, HashEmbedder(), EmbedOptions(batch_size=2))
    assert rest.embedded == 1 and store.vector_stats("test-hash-256")[0] == 3


def test_an_article_the_model_fails_on_is_recorded_and_the_others_are_embedded(store, tmp_path):
    ingest(store, tmp_path / "in", a=QUAKE_A, b=BUDGET, c=QUAKE_B)
    summary = embed_store(store, FailingEmbedder(poison="Dutch"))
    assert (summary.embedded, summary.errors) == (2, 1)
    errors = [r for r in store.errors() if r["stage"] == "embed"]
    assert len(errors) == 1 and errors[0]["origin"].endswith("b.txt") and "cannot take this text" in errors[0]["reason"]
    assert "b.txt" in summary.error_samples[0]


def test_semantic_search_puts_the_article_about_the_query_first(store, tmp_path):
    ingest(store, tmp_path / "in", a=QUAKE_A, b=BUDGET, c=QUAKE_B)
    model = HashEmbedder()
    embed_store(store, model)
    hits = semantic_search(store, "pension reform vote in parliament", embedder=model)
    assert hits[0]["title"] == "Dutch parliament approves budget after marathon debate"
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert set(hits[0]) == {"id", "title", "outlet", "published", "story_id", "snippet", "score"}
    assert hits[0]["snippet"].startswith("THE HAGUE (Reuters)")  # the opening words: nothing to mark
    quake = semantic_search(store, "earthquake rubble", limit=2, embedder=model)
    assert len(quake) == 2 and all("quake" in h["title"] for h in quake)


def test_without_vectors_semantic_search_says_to_run_embed(store, tmp_path):
    ingest(store, tmp_path / "in", a=QUAKE_A)
    with pytest.raises(NoEmbeddings, match="run newsfold embed"):
        semantic_search(store, "earthquake", embedder=HashEmbedder())
    embed_store(store, HashEmbedder(name="other-model"))
    with pytest.raises(NoEmbeddings):  # vectors of another model cannot answer this one's queries
        semantic_search(store, "earthquake", embedder=HashEmbedder())


def test_chunk_means_read_the_whole_article(store, tmp_path):
    long_tail = QUAKE_A + "\n" + "\n\n".join(f"Paragraph {i} about lighthouse keepers and tides." for i in range(60))
    ingest(store, tmp_path / "in", a=long_tail)
    lead, chunks = HashEmbedder(name="lead"), HashEmbedder(name="chunks")
    embed_store(store, lead)
    embed_store(store, chunks, EmbedOptions(text="chunks"))
    last = store.article_rows()[0]
    last = store.article(last["id"]).paragraphs[-1].text  # whatever cleaning kept, the end of the article
    assert "lighthouse" in last
    assert len(lead.calls[0]) == 1 and len(lead.calls[0][0].split()) <= 180
    assert last not in lead.calls[0][0]
    assert len(chunks.calls[0]) > 1 and chunks.calls[0][-1].endswith(last)
    assert semantic_search(store, "lighthouse keepers", embedder=chunks)[0]["score"] > \
        semantic_search(store, "lighthouse keepers", embedder=lead)[0]["score"]


def test_bad_options_are_refused(store):
    with pytest.raises(newsfold.UsageError):
        embed_store(store, HashEmbedder(), EmbedOptions(text="everything"))
    with pytest.raises(newsfold.UsageError):
        embed_store(store, HashEmbedder(), EmbedOptions(batch_size=0))

"""The fold's vectors: computed in the per-article stage when a model is there, kept apart from search's."""

from __future__ import annotations

import json

import numpy as np
import pytest
from embed.fakeembed import FailingEmbedder, HashEmbedder
from helpers import BUDGET, QUAKE_A, QUAKE_B

import newsfold
from newsfold.clean import clean
from newsfold.embed import fold as embed_fold
from newsfold.embed.fold import fold_model_name, fold_vectors, stored_fold_vector
from newsfold.records import RawDoc


def articles(**texts):
    return [clean(RawDoc(text, name)) for name, text in texts.items()]


def test_one_unit_vector_per_article_and_a_failure_costs_only_its_own():
    arts = articles(quake=QUAKE_A, budget=BUDGET)
    vectors = fold_vectors(arts, HashEmbedder())
    assert [round(float(np.linalg.norm(v)), 4) for v in vectors] == [1.0, 1.0]
    broken = fold_vectors(arts, FailingEmbedder(poison="parliament"))
    assert broken[0] is not None and broken[1] is None
    np.testing.assert_allclose(broken[0], vectors[0])


def test_the_fold_passage_is_the_title_and_opening_only():
    model = HashEmbedder()
    fold_vectors(articles(quake=QUAKE_A), model)
    (passage,) = model.calls[0]
    assert passage.startswith("Strong earthquake shakes coastal Chile") and "Rescue teams" not in passage


def test_without_the_model_there_are_no_vectors(monkeypatch):
    monkeypatch.setattr(embed_fold, "minilm_installed", lambda: False)
    assert fold_vectors(articles(quake=QUAKE_A)) == [None]


@pytest.fixture
def store(tmp_path):
    with newsfold.open_store(tmp_path / "s.db") as s:
        yield s


def ingest(store, folder, understand=True, **texts):
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return newsfold.ingest([str(folder / f"{name}.txt") for name in texts], store,
                           newsfold.IngestOptions(understand=understand,
                                                  fold=newsfold.fold.FoldOptions(embeddings=True)))


def test_ingest_keeps_each_originals_fold_vector_apart_from_search_vectors(store, tmp_path, monkeypatch):
    model = HashEmbedder()
    monkeypatch.setattr(embed_fold, "fold_embedder", lambda: model)
    ingest(store, tmp_path / "in", quake=QUAKE_A, quake_b=QUAKE_B, budget=BUDGET, copy=QUAKE_A)
    originals = [r["id"] for r in store.db.execute("SELECT id FROM articles WHERE duplicate_of IS NULL")]
    assert len(originals) == 3 and store.count("articles") == 4
    assert store.vector_stats(fold_model_name())[0] == 3  # the copy has none: its original stands for it
    for article_id in originals:
        v = stored_fold_vector(store, article_id)
        assert v is not None and abs(float(np.linalg.norm(v)) - 1) < 1e-5
    assert store.vector_stats(model.name)[0] == 0  # semantic search still needs newsfold embed
    with pytest.raises(newsfold.embed.NoEmbeddings):
        newsfold.embed.semantic_search(store, "earthquake", embedder=model)


def test_the_fast_path_computes_no_vectors(store, tmp_path, monkeypatch):
    model = HashEmbedder()
    monkeypatch.setattr(embed_fold, "fold_embedder", lambda: model)
    ingest(store, tmp_path / "in", understand=False, quake=QUAKE_A, budget=BUDGET)
    assert model.calls == [] and store.vector_stats(fold_model_name())[0] == 0


def test_fold_embeddings_are_off_unless_asked_for(store, tmp_path, monkeypatch):
    """They cost ~14 ms an article and the model's memory in every worker: the default pays nothing."""
    model = HashEmbedder()
    monkeypatch.setattr(embed_fold, "fold_embedder", lambda: model)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "quake.txt").write_text(QUAKE_A, encoding="utf-8")
    newsfold.ingest([str(folder / "quake.txt")], store)
    assert model.calls == [] and store.count("articles") == 1
    assert store.db.execute("SELECT COUNT(*) FROM article_vectors").fetchone()[0] == 0


def test_the_cli_folds_with_vectors_when_asked(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from newsfold.cli import main

    model = HashEmbedder()
    monkeypatch.setattr(embed_fold, "fold_embedder", lambda: model)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "quake.txt").write_text(QUAKE_A, encoding="utf-8")
    (folder / "quake_b.txt").write_text(QUAKE_B, encoding="utf-8")
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "-q", "--fold-embeddings"])
    assert result.exit_code == 0, result.output
    with newsfold.open_store(db) as store:
        assert store.db.execute("SELECT COUNT(*) FROM article_vectors WHERE model = ?",
                                (fold_model_name(),)).fetchone()[0] == 2
        models = {json.loads(r[0])["signals"].get("model")
                  for r in store.db.execute("SELECT why FROM story_members")}
    assert "stories-embed" in models  # the second report was scored with its vector

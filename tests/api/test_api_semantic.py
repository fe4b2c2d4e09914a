"""Semantic search through the JSON API and the search page, with a stand-in model."""

from __future__ import annotations

import json
import sqlite3

import pytest
from apikit import ARTICLES, assert_error
from embed.fakeembed import HashEmbedder
from fastapi.testclient import TestClient

import newsfold
from newsfold.api import create_app
from newsfold.embed import embed_store


def copy_store(src, dst):
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


@pytest.fixture
def model():
    return HashEmbedder()


@pytest.fixture
def embedded(tmp_path, tiny_db, model):
    """A copy of the tiny store with vectors of the stand-in model, served with it."""
    db = copy_store(tiny_db, tmp_path / "e.db")
    with newsfold.open_store(db) as store:
        assert embed_store(store, model).embedded == len(ARTICLES)
    with TestClient(create_app(str(db), embedder=model)) as c:
        c.db = db
        yield c


@pytest.fixture
def bare(tmp_path, tiny_db, model):
    """The tiny store without vectors, with a model to embed queries."""
    with TestClient(create_app(str(copy_store(tiny_db, tmp_path / "b.db")), embedder=model)) as c:
        yield c


def test_semantic_search_answers_in_the_shape_of_text_search(embedded):
    text = embedded.get("/api/search", params={"q": "school meals"}).json()
    hits = embedded.get("/api/search", params={"q": "free lunches for pupils at school", "mode": "semantic"})
    assert hits.status_code == 200
    body = hits.json()
    assert set(body[0]) == set(text[0])
    assert body[0]["title"].startswith("Council") and "school meals" in body[0]["title"]
    assert [h["score"] for h in body] == sorted((h["score"] for h in body), reverse=True)
    bridge = embedded.get("/api/search", params={"q": "bridge girders repairs", "mode": "semantic", "limit": 2}).json()
    assert len(bridge) == 2 and all("bridge" in h["title"] for h in bridge)


def test_without_embeddings_semantic_search_is_a_409_saying_what_to_run(bare):
    err = assert_error(bare.get("/api/search", params={"q": "bridge", "mode": "semantic"}), 409, "no_embeddings")
    assert "run newsfold embed" in err["message"]
    assert bare.get("/api/search", params={"q": "bridge"}).status_code == 200  # text search is unaffected


def test_embeddings_but_no_model_on_the_server_is_a_503(embedded, monkeypatch):
    import newsfold.embed

    monkeypatch.setattr(newsfold.embed, "minilm_installed", lambda: False)
    with TestClient(create_app(str(embedded.db))) as c:  # no embedder given, none installed
        err = assert_error(c.get("/api/search", params={"q": "bridge", "mode": "semantic"}), 503)
        assert "newsfold[embed]" in err["message"]
        assert 'name="mode"' not in c.get("/search", params={"q": "bridge"}).text


def test_unknown_mode_is_a_validation_error(embedded):
    assert_error(embedded.get("/api/search", params={"q": "bridge", "mode": "vibes"}), 422, "validation_error")


def test_new_vectors_are_searched_at_once(embedded, model, tmp_path):
    query = {"q": "lighthouse keeper retires", "mode": "semantic", "limit": 1}
    assert "Lighthouse" not in embedded.get("/api/search", params=query).json()[0]["title"]
    corpus = tmp_path / "more.jsonl"
    corpus.write_text(json.dumps({"title": "Lighthouse keeper retires after forty years", "outlet": "Cape News",
                                  "text": "Lighthouse keeper retires after forty years\n\nThe last keeper of the "
                                          "Cape Orrin lighthouse retired on Friday."}) + "\n", encoding="utf-8")
    with newsfold.open_store(embedded.db) as store:
        newsfold.ingest([str(corpus)], store, newsfold.IngestOptions(understand=False))
        assert embed_store(store, model).embedded == 1
    assert embedded.get("/api/search", params=query).json()[0]["title"].startswith("Lighthouse keeper")


def test_search_page_offers_the_choice_only_when_it_can_answer(embedded, bare):
    assert 'name="mode"' not in bare.get("/search", params={"q": "bridge"}).text
    page = embedded.get("/search", params={"q": "bridge"}).text
    assert 'name="mode" value="semantic"' in page and 'value="text" checked' in page
    sem = embedded.get("/search", params={"q": "free lunches for pupils", "mode": "semantic"})
    assert sem.status_code == 200
    assert "nearest in meaning to “free lunches for pupils”" in sem.text
    assert 'value="semantic" checked' in sem.text and "similarity" in sem.text
    assert "&lt;script&gt;" in sem.text and "<script>" not in sem.text  # the title with markup stays text
    refused = bare.get("/search", params={"q": "bridge", "mode": "semantic"})
    assert refused.status_code == 409 and "run newsfold embed" in refused.text


def test_openapi_documents_the_mode(embedded):
    op = embedded.get("/openapi.json").json()["paths"]["/api/search"]["get"]
    mode = next(p for p in op["parameters"] if p["name"] == "mode")
    assert mode["schema"]["enum"] == ["text", "semantic"] and mode["schema"]["default"] == "text"
    assert {"409", "503"} <= set(op["responses"])

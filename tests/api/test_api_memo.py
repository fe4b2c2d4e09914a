"""Remembered story computations are reused while the store is unchanged and never served stale."""

from __future__ import annotations

import json

import pytest
from apikit import ARTICLES

import newsfold
from newsfold.api import related
from newsfold.store import views


@pytest.fixture
def counted(monkeypatch):
    """Count how often the costly views run behind the memo."""
    calls = {"coverage": 0, "related": 0}

    def counting(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(views, "coverage", counting("coverage", views.coverage))
    monkeypatch.setattr(related, "related_stories", counting("related", related.related_stories))
    return calls


def closure_story(client) -> str:
    return next(s["id"] for s in client.get("/api/stories").json()["items"] if "closes harbour" in s["title"])


def test_a_new_member_shows_at_once(writable):
    sid = closure_story(writable)
    before = writable.get(f"/api/stories/{sid}").json()
    assert {q["outlet"] for g in before["same_statements"] for q in g} == {"Elmira Herald", "Coastal Wire"}
    # A third outlet reports the same statement; it joins the story by hand (as a fold would).
    third = dict(ARTICLES[1], outlet="Harbour Times", title="Harbour bridge shut for ten weeks of repairs",
                 text=ARTICLES[1]["text"].replace("Cracked girders shut", "Ten weeks of repairs for"))
    corpus = writable.db.parent / "third.jsonl"
    corpus.write_text(json.dumps(third) + "\n", encoding="utf-8")
    with newsfold.open_store(writable.db) as store:
        newsfold.ingest([str(corpus)], store, newsfold.IngestOptions(do_fold=False))
        aid = store.db.execute("SELECT id FROM articles WHERE outlet = 'Harbour Times'").fetchone()[0]
        with store.transaction():
            store.add_member(aid, sid, 0.5, {"new_story": False, "similarity": 0.5})
    after = writable.get(f"/api/stories/{sid}").json()
    assert {q["outlet"] for g in after["same_statements"] for q in g} == {"Elmira Herald", "Coastal Wire",
                                                                         "Harbour Times"}
    assert "Harbour Times" in writable.get(f"/stories/{sid}").text


def test_unchanged_store_computes_once_and_other_writes_keep_coverage(writable, counted):
    sid = closure_story(writable)
    for _ in range(3):
        writable.get(f"/api/stories/{sid}")
        writable.get(f"/stories/{sid}")
    assert counted == {"coverage": 1, "related": 1}
    with newsfold.open_store(writable.db) as store, store.transaction():  # a commit elsewhere in the store
        store.db.execute("INSERT INTO errors (origin, stage, reason, at) VALUES ('x', 'source', 'test', 'now')")
    writable.get(f"/api/stories/{sid}")
    assert counted == {"coverage": 1, "related": 2}, "related stories read every story; coverage only its own rows"


def test_replaced_quotes_renew_coverage(writable, counted):
    sid = closure_story(writable)
    first = writable.get(f"/api/stories/{sid}").json()
    with newsfold.open_store(writable.db) as store, store.transaction():
        store.db.execute("UPDATE quotes SET text = 'We will take no risk at all' WHERE kind = 'direct' "
                         "AND article_id IN (SELECT article_id FROM story_members WHERE story_id = ?)", (sid,))
    second = writable.get(f"/api/stories/{sid}").json()
    assert counted["coverage"] == 2
    def same(story):
        return {q["text"] for group in story["same_statements"] for q in group}

    assert same(first) != same(second) and "We will take no risk at all" in same(second)


def test_versions_of_two_counters_never_match(tiny_db):
    from newsfold.store.commits import SQLiteCommitCounter

    a, b = SQLiteCommitCounter(str(tiny_db)), SQLiteCommitCounter(str(tiny_db))
    try:
        assert a.current() != b.current()
        assert a.current() == a.current()
    finally:
        a.close()
        b.close()


def test_a_store_made_anew_at_the_same_path_is_not_confused_with_the_old(tmp_path, tiny_db):
    import sqlite3

    from fastapi.testclient import TestClient

    from newsfold.api import create_app

    db = tmp_path / "s.db"
    with sqlite3.connect(tiny_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    with TestClient(create_app(str(db))) as c:
        assert c.get("/api/stories").json()["items"]
        for f in tmp_path.glob("s.db*"):  # deleted while serving, and started again empty
            f.unlink()
        newsfold.open_store(db).close()
        assert c.get("/api/stories").json()["items"] == []
        assert "No stories yet" in c.get("/").text

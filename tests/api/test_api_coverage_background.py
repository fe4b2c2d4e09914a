"""Big stories are compared in the background: the page comes at once and says so, then fills in."""

from __future__ import annotations

import json
import threading

import pytest
from apikit import ARTICLES

import newsfold
from newsfold.api import memo
from newsfold.store import views


def closure(client) -> str:
    return next(s["id"] for s in client.get("/api/stories").json()["items"] if "closes harbour" in s["title"])


@pytest.fixture
def everything_big(monkeypatch):
    """Every story counts as big; its comparison waits for ``.set()`` (so the test sees it pending)."""
    monkeypatch.setattr(memo, "COVERAGE_INLINE_CHARS", 0)
    monkeypatch.setattr(memo, "COVERAGE_WAIT_S", 0)
    gate = threading.Event()
    real = views.coverage

    def held(store, story_id):
        gate.wait(30)
        return real(store, story_id)

    monkeypatch.setattr(views, "coverage", held)
    yield gate
    gate.set()
    memo.coverage_idle(30)


def test_a_big_story_is_served_at_once_then_completed(writable, everything_big):
    sid = closure(writable)
    first = writable.get(f"/api/stories/{sid}").json()
    assert first["coverage_pending"] is True
    assert first["same_statements"] == [] and all(m["only_here"] == [] for m in first["members"])
    assert {m["outlet"]: m["wire_copy"] for m in first["members"]} == {"Elmira Herald": False, "Coastal Wire": False}
    page = writable.get(f"/stories/{sid}")
    assert page.status_code == 200 and "being compared sentence by sentence" in page.text

    everything_big.set()
    assert memo.coverage_idle(30)
    done = writable.get(f"/api/stories/{sid}").json()
    assert done["coverage_pending"] is False
    assert {q["outlet"] for g in done["same_statements"] for q in g} == {"Elmira Herald", "Coastal Wire"}
    assert any(m["only_here"] for m in done["members"])
    assert "being compared" not in writable.get(f"/stories/{sid}").text


def test_the_background_result_equals_the_inline_one(writable, monkeypatch):
    sid = closure(writable)
    inline = writable.get(f"/api/stories/{sid}").json()
    memo.forget()
    monkeypatch.setattr(memo, "COVERAGE_INLINE_CHARS", 0)
    monkeypatch.setattr(memo, "COVERAGE_WAIT_S", 0)
    assert writable.get(f"/api/stories/{sid}").json()["coverage_pending"] is True
    assert memo.coverage_idle(30)
    assert writable.get(f"/api/stories/{sid}").json() == inline


def test_a_request_waits_a_moment_for_a_quick_background_comparison(writable, monkeypatch):
    monkeypatch.setattr(memo, "COVERAGE_INLINE_CHARS", 0)  # every story goes to the worker...
    first = writable.get(f"/api/stories/{closure(writable)}").json()
    assert first["coverage_pending"] is False and first["same_statements"]  # ...which answered in time


def test_while_a_changed_story_is_compared_the_last_comparison_is_shown(writable, everything_big):
    sid = closure(writable)
    writable.get(f"/api/stories/{sid}")
    everything_big.set()
    assert memo.coverage_idle(30)
    before = writable.get(f"/api/stories/{sid}").json()
    everything_big.clear()
    third = dict(ARTICLES[1], outlet="Harbour Times", title="Harbour bridge shut for ten weeks of repairs",
                 text=ARTICLES[1]["text"].replace("Cracked girders shut", "Ten weeks of repairs for"))
    corpus = writable.db.parent / "third.jsonl"
    corpus.write_text(json.dumps(third) + "\n", encoding="utf-8")
    with newsfold.open_store(writable.db) as store:
        newsfold.ingest([str(corpus)], store, newsfold.IngestOptions(do_fold=False))
        aid = store.db.execute("SELECT id FROM articles WHERE outlet = 'Harbour Times'").fetchone()[0]
        with store.transaction():
            store.add_member(aid, sid, 0.5, {"new_story": False, "similarity": 0.5})
    during = writable.get(f"/api/stories/{sid}").json()
    assert during["coverage_pending"] is True
    assert len(during["members"]) == 3  # the new member is listed at once...
    assert during["same_statements"] == before["same_statements"]  # ...the comparison is the last one
    everything_big.set()
    assert memo.coverage_idle(30)
    after = writable.get(f"/api/stories/{sid}").json()
    assert after["coverage_pending"] is False
    assert "Harbour Times" in {q["outlet"] for g in after["same_statements"] for q in g}

"""The story change log (migration 0005_story_changes) and the in-memory story profiles built on it,
on SQLite and on PostgreSQL: related stories from the profiles equal ``views.related_stories``."""

from __future__ import annotations

import random

import pytest

from newsfold.api.related import StoryProfiles, related_stories
from newsfold.store import views

WORDS = [f"term{i}" for i in range(40)]


def changes(store) -> list[str]:
    return [r[0] for r in store.db.execute("SELECT story_id FROM story_changes ORDER BY seq")]


def test_every_story_write_is_logged_and_nothing_else(store):
    with store.transaction():
        store.save_story("s1", "First", 1, None, None, {"terms": {"a": 1.0}, "size": 1})
        store.save_story("s2", "Second", 2, None, None, {})
    with store.transaction():
        store.save_story("s1", "First", 3, None, None, {"terms": {"a": 2.0}, "size": 2})  # a new member
        store.retire_stories({"s2"})  # s1 retired: its profile is unchanged, nothing to log
        store.db.execute("DELETE FROM stories WHERE id = ?", ("s2",))
    assert changes(store) == ["s1", "s2", "s1", "s2"]


def random_stories(store, rng: random.Random, n: int = 60, lines: int = 8) -> None:
    with store.transaction():
        for i in range(n):
            terms = {w: round(rng.uniform(0.1, 3.0), 3) for w in rng.sample(WORDS, rng.randint(0, 9))}
            store.save_story(f"s{i:03d}", f"Story {i}", i, None, None, {"terms": terms, "size": rng.randint(1, 4)})
            lid = f"l{i % lines}"
            if i < lines:
                store.save_storyline(lid, f"Line {i}", {})
            store.add_storyline_member(f"s{i:03d}", lid, 0.5, [])


def assert_same_as_views(store, profiles) -> None:
    for (sid,) in store.db.execute("SELECT id FROM stories ORDER BY id").fetchall():
        got = related_stories(store, profiles, sid)
        want = views.related_stories(store, sid)
        assert [(r["id"], r["same_storyline"]) for r in got] == [(r["id"], r["same_storyline"]) for r in want], sid
        assert [r["similarity"] for r in got] == pytest.approx([r["similarity"] for r in want], abs=2e-4)


def test_related_stories_from_profiles_equal_the_reference(store):
    random_stories(store, random.Random(5))
    assert_same_as_views(store, StoryProfiles().refresh(store))


def test_refresh_rereads_only_changed_stories_and_stays_equal(store, monkeypatch):
    rng = random.Random(6)
    random_stories(store, rng)
    profiles = StoryProfiles().refresh(store)
    parsed = []
    real = StoryProfiles._put
    monkeypatch.setattr(StoryProfiles, "_put", lambda self, sid, state: (parsed.append(sid), real(self, sid, state)))
    with store.transaction():
        store.save_story("s007", "Story 7", 7, None, None, {"terms": {"term1": 5.0, "term2": 1.0}, "size": 3})
        store.save_story("s100", "A new story", 100, None, None, {"terms": {"term1": 1.0}, "size": 1})
        store.save_storyline("l0", "Line 0", {})
        store.add_storyline_member("s100", "l0", 0.5, [])
        store.db.execute("DELETE FROM storyline_members WHERE story_id = ?", ("s012",))
        store.db.execute("DELETE FROM stories WHERE id = ?", ("s012",))  # merged away
    profiles.refresh(store)
    assert sorted(parsed) == ["s007", "s100"]
    assert "s012" not in profiles.rows
    assert_same_as_views(store, profiles)
    parsed.clear()
    profiles.refresh(store)
    assert parsed == [], "nothing changed: nothing re-read"

import json

import pytest
from helpers import BUDGET, QUAKE_A, QUAKE_B, write

from newsfold.errors import UsageError
from newsfold.fold.edits import merge_stories, split_story
from newsfold.run import ingest
from newsfold.store import open_store
from newsfold.store import views


@pytest.fixture
def store(tmp_path):
    for name, text in (("1.txt", QUAKE_A), ("2.txt", QUAKE_B), ("3.txt", BUDGET)):
        write(tmp_path, name, text)
    with open_store(tmp_path / "e.db") as s:
        ingest([str(tmp_path)], s)
        yield s


def by_origin(store):
    return {r["origin"].rsplit("/", 1)[-1]: r for r in views.export_records(store)}


def test_split_then_merge_keeps_ids_reachable_and_records_reasons(store):
    recs = by_origin(store)
    quake = recs["1.txt"]["story_id"]
    new_id = split_story(store, quake, [recs["2.txt"]["id"][:8]], reason="different day")
    after = by_origin(store)
    assert after["1.txt"]["story_id"] == quake  # the original ID stays with the articles that stay
    assert after["2.txt"]["story_id"] == new_id and after["2.txt"]["storyline_id"]
    kept = merge_stories(store, quake, new_id, reason="same quake after all")
    assert kept == quake and by_origin(store)["2.txt"]["story_id"] == quake
    assert views.story(store, new_id)["id"] == quake  # the merged-away ID redirects
    member = next(m for m in views.story(store, quake)["members"] if m["id"] == recs["2.txt"]["id"])
    assert "same quake after all" in member["why"]["manual"]
    kinds = [r[0] for r in store.db.execute("SELECT kind FROM story_edits ORDER BY id")]
    assert kinds == ["split", "merge"]
    state = json.loads(store.db.execute("SELECT state FROM stories WHERE id = ?", (quake,)).fetchone()[0])
    assert state["size"] == 2  # clustering state rebuilt from members


def test_invalid_edits_are_refused(store):
    recs = by_origin(store)
    quake = recs["1.txt"]["story_id"]
    with pytest.raises(UsageError):
        merge_stories(store, quake, quake, reason="x")
    with pytest.raises(UsageError):
        split_story(store, recs["3.txt"]["story_id"], [recs["3.txt"]["id"]], reason="x")

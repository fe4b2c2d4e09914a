"""The fold's memory is bounded however long the stream: term frequencies, waiting articles, storylines.

A million-article run must not hold what grows with the run. These tests check that each bound
holds and that it changes no answer while what it bounds fits (invented articles).
"""

import json

from helpers import BUDGET, QUAKE_A, QUAKE_B, write

from newsfold.fold import StoreDocFreq, fold_store, link_storylines
from newsfold.fold.features import features
from newsfold.fold.storylines import StorylineIndex, StorylineOptions, link_story
from newsfold.clean import clean
from newsfold.records import RawDoc
from newsfold.run import IngestOptions, ingest
from newsfold.store import open_store


def art(text: str, name: str):
    return clean(RawDoc(text, name))


def _store_of(tmp_path, texts, do_fold=True):
    folder = tmp_path / "in"
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        write(folder, f"{i}.txt", text)
    store = open_store(tmp_path / "s.db")
    ingest([str(folder)], store, IngestOptions(do_fold=do_fold))
    return store


def test_document_frequencies_stay_right_when_the_memory_of_them_is_bounded(tmp_path):
    with _store_of(tmp_path, [QUAKE_A, QUAKE_B, BUDGET]) as store:
        terms = sorted(features(art(QUAKE_A, "a")).terms | features(art(BUDGET, "b")).terms)
        truth, _ = store.df(set(terms))
        df = StoreDocFreq(store, max_terms=6)
        seen = {}
        for term in terms:  # one by one, as weighing asks
            seen[term] = df[term]
            assert len(df.cache) <= 6
        for i in range(0, len(terms), 3):  # and in small batches, as prefetching asks
            df.prefetch(terms[i:i + 3])
            assert len(df.cache) <= 6
            assert all(df[t] == truth.get(t, 0) for t in terms[i:i + 3])
        assert seen == {t: truth.get(t, 0) for t in terms}
        assert truth["valparaiso"] == 2 and seen["valparaiso"] == 2


def test_folding_in_small_chunks_gives_the_stories_of_one_big_chunk(tmp_path):
    """The waiting articles are paged by arrival number: the chunk size changes no membership."""
    results = []
    for chunk in (1, 500):
        with _store_of(tmp_path / str(chunk), [QUAKE_A, BUDGET, QUAKE_B], do_fold=False) as store:
            assert store.count_unfolded() == 3
            summary = fold_store(store, chunk=chunk)
            assert summary.articles == 3 and store.count_unfolded() == 0
            results.append(sorted((r["article_id"], r["story_id"]) for r in store.db.execute(
                "SELECT article_id, story_id FROM story_members")))
    assert results[0] == results[1]
    assert len({story for _, story in results[0]}) == 2  # the two quake reports are one story


def test_storylines_link_the_same_in_pages_and_remember_their_last_story(tmp_path):
    with _store_of(tmp_path, [QUAKE_A, BUDGET], do_fold=False) as store:
        fold_store(store)  # links storylines in the default page size
        stored = {r["id"]: (json.loads(r["state"]), r["last"]) for r in store.storyline_states()}
        assert len(stored) == 2
        seeds = {r["seed_seq"] for r in store.db.execute("SELECT seed_seq FROM stories")}
        assert {last for _, last in stored.values()} == seeds  # how recently each was extended
        with store.transaction():
            store.db.execute("DELETE FROM storyline_members")
            store.db.execute("DELETE FROM storylines")
            assert link_storylines(store, chunk=1) == 2
        assert {r["id"]: (json.loads(r["state"]), r["last"]) for r in store.storyline_states()} == stored


def test_a_storyline_resting_beyond_the_active_ones_takes_no_new_story():
    quake = features(art(QUAKE_A, "a")).terms
    quake_later = features(art(QUAKE_B, "b")).terms
    budget = features(art(BUDGET, "c")).terms
    for max_active, joins in ((2, True), (1, False)):
        opts = StorylineOptions(max_active=max_active)
        lines = StorylineIndex()
        link_story("s-1", "Quake", quake, {"Carla Vidal"}, lines, opts, seed_seq=1)
        link_story("s-2", "Budget", budget, {"Pieter de Groot"}, lines, opts, seed_seq=2)
        assert len(lines) == max_active
        later = link_story("s-3", "Quake aftermath", quake_later, {"Carla Vidal"}, lines, opts, seed_seq=3)
        assert (later.storyline_id == "l-1") is joins and later.new is not joins

"""The ingest hands each original's term weights to the fold (fold/spool.py): computed once, same stories."""

from __future__ import annotations

from helpers import BUDGET, QUAKE_A, QUAKE_B, write

from newsfold.fold import FeatureSpool, fold_store
from newsfold.run import IngestOptions, ingest
from newsfold.store import open_store


def test_spool_gives_back_terms_in_storing_order():
    with FeatureSpool() as spool:
        spool.add("a", {"quak": 1.5, "chile": 2.0})
        spool.add("b", {"budget": 3.0})
        assert spool.take("a") == {"quak": 1.5, "chile": 2.0}
        assert spool.take("x") is None  # not kept (a copy, an article of an earlier run): weighed again
        assert spool.take("b") == {"budget": 3.0}
        assert spool.take("b") is None


def test_a_full_spool_keeps_nothing_more():
    with FeatureSpool(max_bytes=60) as spool:
        spool.add("a", {"quak": 1.5})
        spool.add("b", {"budget": 3.0, "parliament": 2.5, "pension": 2.0})
        assert spool.take("a") == {"quak": 1.5}
        assert spool.take("b") is None


def _members(store) -> list[tuple]:
    return [tuple(r) for r in store.db.execute(
        "SELECT a.origin, m.story_id, m.similarity, m.why FROM story_members m JOIN articles a ON a.id = m.article_id "
        "ORDER BY a.origin")]


def test_folding_with_the_ingests_weights_makes_the_same_stories(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [QUAKE_A, QUAKE_B, BUDGET, QUAKE_A, BUDGET.replace("81", "82"), QUAKE_B.replace("Wednesday", "Friday")]
    for i, text in enumerate(texts):
        write(folder, f"{i}.txt", text)
    with open_store(tmp_path / "one.db") as store:
        ingest([str(folder)], store, IngestOptions(understand=False))  # folds with the spool
        handed = _members(store)
    with open_store(tmp_path / "two.db") as store:
        ingest([str(folder)], store, IngestOptions(understand=False, do_fold=False))
        fold_store(store)  # no spool: every article weighed again
        recomputed = _members(store)
    assert handed == recomputed and len({m[1] for m in handed}) == 2

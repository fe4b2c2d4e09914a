"""eval/stories_errors.py: each fold decision is classed against gold, with the signals that led to it."""

import sys
from dataclasses import replace
from pathlib import Path

from helpers import BUDGET, QUAKE_A, QUAKE_B

from newsfold.clean import clean
from newsfold.fold.features import features
from newsfold.fold.signals import cues
from newsfold.fold.stories import FoldOptions
from newsfold.records import RawDoc

_EVAL = Path(__file__).resolve().parents[2] / "eval"
sys.path.insert(0, str(_EVAL))
import stories_errors
from stories_train import Item, Stream


class _NoCorpus(dict):
    n_docs = 0  # no document frequencies: background IDF only


def _stream(texts_and_gold):
    items, source, gold = [], {}, {}
    for i, (text, event) in enumerate(texts_and_gold):
        a = replace(clean(RawDoc(text, f"doc{i}")), id=f"{i:04d}" * 4)  # story IDs take the first 12 characters
        items.append(Item(a, i + 1, features(a), cues(a), [], event))
        source[a.id], gold[f"doc{i}"] = f"doc{i}", event
    return Stream("invented", items, _NoCorpus(), gold, source)


def test_a_join_across_gold_events_is_a_wrong_join_with_its_signals():
    stream = _stream([(QUAKE_A, "quake"), (QUAKE_B, "aftershock"), (BUDGET, "budget")])
    outcomes, predicted = stories_errors.trace(stream, FoldOptions(join_probability=0.0))  # join whatever is near
    kinds = [(o.kind, o.detail) for o in outcomes]
    assert kinds[0] == ("new ok", "") and kinds[1] == ("wrong join", "first of its event")
    wrong = outcomes[1]
    assert wrong.chosen.startswith("Strong earthquake") and wrong.chosen_signals["cosine"] > 0.3
    assert {"same names", "measures same"} <= set(wrong.tags)  # Valparaiso, Carla Vidal; magnitude 7.4, 12 killed
    assert predicted["doc0"] == predicted["doc1"]


def test_a_new_story_while_its_event_is_active_is_a_miss():
    stream = _stream([(QUAKE_A, "quake"), (QUAKE_B, "quake")])
    outcomes, predicted = stories_errors.trace(stream, FoldOptions(join_probability=1.01))  # never join
    assert [(o.kind, o.detail) for o in outcomes] == [("new ok", ""), ("miss", "below join")]
    assert outcomes[1].own.startswith("Strong earthquake") and outcomes[1].own_signals["probability"] > 0
    assert predicted["doc0"] != predicted["doc1"]
    report = stories_errors.report("invented", outcomes, {"P": 1.0, "R": 0.0, "F1": 0.0, "B3": 0.5}, examples=5)
    assert "miss        below join               1" in report and "own story: Strong earthquake" in report

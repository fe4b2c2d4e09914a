"""eval/quotes_errors.py: every PolNeAR miss is classed (boundary and how, missed, spurious, wrong role)."""

import sys
from pathlib import Path

from newsfold.evaluation.quotes import Attribution, Doc

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "eval"))
import quotes_errors  # noqa: E402

TEXT = "The mayor said the bridge was safe. Critics argued it was not. Rain fell."


def _span(sub: str) -> tuple[int, int]:
    k = TEXT.index(sub)
    return k, k + len(sub)


def test_misses_are_classed_by_kind_and_boundary_side():
    gold = [Attribution(source=[_span("mayor")], cue=[_span("said")], content=[_span("the bridge was safe")]),
            Attribution(source=[_span("Critics")], cue=[_span("argued")], content=[_span("it was not")])]
    pred = [Attribution(source=[_span("The mayor")], cue=[_span("said")], content=[_span("the bridge was safe.")]),
            Attribution(source=[_span("Rain")], cue=[_span("fell")], content=[])]
    doc = Doc("d", TEXT, "0000", gold)
    scores, counts, sides, examples = quotes_errors.classify([doc], [pred], None)
    assert counts["source"] == {"boundary": 1, "gold: missed": 1, "pred: spurious": 1}
    assert sides["source"] == {"left +determiner": 1}
    assert sides["content"] == {"right +punct .": 1}
    assert counts["cue"] == {"gold: missed": 1, "pred: spurious": 1}  # "said" matched exactly
    assert scores.as_dict()["cue"]["tp"] == 1
    assert any("The mayor" in e for e in examples[("source", "left +determiner")])

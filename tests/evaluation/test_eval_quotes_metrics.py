"""The PolNeAR quote-attribution metrics on tiny hand-made span sets."""

from __future__ import annotations

import pytest

from newsfold.evaluation.quotes import (PRF, Attribution, Scores, bio_labels, get_element, parse_ann,
                                        predictions, tokenize, widen_to_marks)
from newsfold.records import Quote

TEXT = 'Jo Bell said the plan failed. "We are done," she said.'
#       0123456789012345678901234567890123456789012345678901234


def _span(sub: str, nth: int = 0) -> tuple[int, int]:
    k = -1
    for _ in range(nth + 1):
        k = TEXT.index(sub, k + 1)
    return k, k + len(sub)


GOLD = [
    Attribution(source=[_span("Jo Bell")], cue=[_span("said")], content=[_span("the plan failed")]),
    Attribution(source=[_span("she")], cue=[_span("said", 1)], content=[_span('"We are done,"')]),
]


def test_tokenizer_splits_clitics_and_marks():
    s = "O’Malley’s team didn't say \"no.\""
    assert [s[a:b] for a, b in tokenize(s)] == ["O’Malley", "’s", "team", "did", "n't", "say", '"', "no",
                                                 ".", '"']


def test_get_element_follows_cofenet():
    labs = ["B-source", "I-cue", "B-cue", "I-cue", "O", "B-content", "I-content", "B-content"]
    assert get_element(labs) == {"source": [(0, 1)], "cue": [(2, 4)], "content": [(5, 7), (7, 8)]}


def test_perfect_prediction_scores_one():
    sc = Scores()
    sc.add_doc(TEXT, GOLD, GOLD)
    d = sc.as_dict()
    for role in ("source", "cue", "content", "triple"):
        assert (d[role]["P"], d[role]["R"], d[role]["F1"]) == (100.0, 100.0, 100.0)
    assert d["speech_verb"]["triple"]["gold"] == 2


def test_boundary_error_is_a_miss_and_a_false_alarm():
    pred = [Attribution(source=[_span("Bell")], cue=[_span("said")], content=[_span("the plan failed.")]),
            GOLD[1]]
    sc = Scores()
    sc.add_doc(TEXT, GOLD, pred)
    d = sc.as_dict()
    assert (d["source"]["tp"], d["source"]["pred"], d["source"]["gold"]) == (1, 2, 2)
    assert d["cue"]["F1"] == 100.0
    assert (d["content"]["tp"], d["content"]["pred"]) == (1, 2)
    assert (d["triple"]["tp"], d["triple"]["pred"], d["triple"]["gold"]) == (1, 2, 2)


def test_prf_arithmetic():
    m = PRF()
    m.add({1, 2, 3, 4}, {3, 4, 5})
    assert (m.tp, m.n_pred, m.n_gold) == (2, 3, 4)
    assert m.p == pytest.approx(2 / 3) and m.r == pytest.approx(0.5)
    assert m.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert PRF().f1 == 0.0


def test_univocal_longer_span_wins():
    toks = tokenize(TEXT)
    outer = Attribution(cue=[_span("said")], content=[_span("the plan failed")])
    inner = Attribution(content=[_span("plan")])
    labs = bio_labels(TEXT, toks, [inner, outer])
    assert get_element(labs)["content"] == [(3, 6)]


def test_whitespace_separated_fragments_are_one_span():
    text = "He said: “First part.\n\n“Second part.”"
    a = text.index("“")
    b = text.index("\n")
    c = text.index("“", b)
    att = Attribution(cue=[(3, 7)], content=[(a, b), (c, len(text))])
    el = get_element(bio_labels(text, tokenize(text), [att]))
    assert len(el["content"]) == 1


def test_parse_ann_events_and_discontinuous_spans():
    ann = ("T1\tSource 0 7\tJo Bell\nT2\tCue 8 12\tsaid\nT3\tContent 13 21;22 28\tthe plan failed\n"
           "T4\tAttribution 8 12\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
           "T5\tDiscuss 0 4\tJo B\nT6\tCue 30 34\tx\nT7\tContent 35 40\ty\n"
           "E2\tAttribution-no-source:T6 Cue:T6 Content:T7\n")
    atts = parse_ann(ann)
    assert len(atts) == 2
    assert atts[0].source == [(0, 7)] and atts[0].content == [(13, 21), (22, 28)]
    assert atts[1].source == [] and atts[1].cue == [(30, 34)]


def test_quotes_become_attributions_with_marks():
    a, b = _span("We are done,")
    assert widen_to_marks(TEXT, a, b) == _span('"We are done,"')
    q1 = Quote("t", "We are done,", "direct", "Jo Bell", "she", "said", 0, a, b,
               _span("said", 1), _span("she"))
    atts = predictions([q1], TEXT)
    assert atts[0].content == [_span('"We are done,"')]
    sc = Scores()
    sc.add_doc(TEXT, GOLD[1:], atts)
    assert sc.as_dict()["triple"]["F1"] == 100.0


def test_fragments_sharing_a_cue_form_one_attribution():
    text = '"A b," she said, "c d."'
    cue, src = (text.index("said"), text.index("said") + 4), (text.index("she"), text.index("she") + 3)
    q1 = Quote("t", "A b,", "direct", "X", "she", "said", 0, 1, 5, cue, src)
    q2 = Quote("t", "c d.", "direct", "X", "she", "said", 0, 18, 22, cue, src)
    atts = predictions([q1, q2], text)
    assert len(atts) == 1 and len(atts[0].content) == 2


def test_cueless_continuation_joins_the_previous_statement():
    text = 'He said: "First part.\n\n"Second part."'
    cue, src = (3, 7), (0, 2)
    a1 = text.index("First")
    a2 = text.index("Second")
    q1 = Quote("t", "First part.", "direct", "X", "He", "said", 0, a1, a1 + 11, cue, src)
    q2 = Quote("t", "Second part.", "direct", "X", None, None, 1, a2, a2 + 12)
    atts = predictions([q1, q2], text)
    assert len(atts) == 1 and len(atts[0].content) == 2
    gold = [Attribution(source=[src], cue=[cue], content=[(a1 - 1, text.index("\n")), (a2 - 1, len(text))])]
    sc = Scores()
    sc.add_doc(text, gold, atts)
    d = sc.as_dict()
    assert d["content"]["F1"] == 100.0 and d["triple"]["F1"] == 100.0

"""Pairwise and BCubed clustering scores: hand-computed cases and properties."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfold.evaluation.metrics import bcubed, contingency, n_clusters, pairwise

# gold {a,b,c} {d,e} {f}; predicted {a,b} {c,d,e} {f}
GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3}
PRED = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y", "f": "z"}


def test_pairwise_hand_computed():
    # TP: ab, de = 2; predicted pairs: ab + cd ce de = 4; gold pairs: ab ac bc + de = 4
    s = pairwise(PRED, GOLD)
    assert (s.precision, s.recall, s.f1) == pytest.approx((0.5, 0.5, 0.5))


def test_bcubed_hand_computed():
    # precision per item: a 1, b 1, c 1/3, d 2/3, e 2/3, f 1 -> 14/3 / 6 = 7/9
    # recall per item:    a 2/3, b 2/3, c 1/3, d 1, e 1, f 1 -> 7/9
    s = bcubed(PRED, GOLD)
    assert (s.precision, s.recall, s.f1) == pytest.approx((7 / 9, 7 / 9, 7 / 9))


def test_one_big_cluster():
    gold = {"a": 1, "b": 1, "c": 2, "d": 3}
    pred = dict.fromkeys(gold, 0)
    p = pairwise(pred, gold)  # 6 predicted pairs, 1 gold pair, 1 correct
    assert (p.precision, p.recall, p.f1) == pytest.approx((1 / 6, 1.0, 2 / 7))
    b = bcubed(pred, gold)  # precision a 2/4, b 2/4, c 1/4, d 1/4
    assert (b.precision, b.recall) == pytest.approx((0.375, 1.0))
    assert b.f1 == pytest.approx(2 * 0.375 / 1.375)


def test_all_singletons():
    gold = {"a": 1, "b": 1, "c": 2}
    pred = {k: k for k in gold}
    p = pairwise(pred, gold)
    assert (p.precision, p.recall, p.f1) == (1.0, 0.0, 0.0)  # no predicted pair, so none wrong
    assert pairwise(pred, pred).f1 == 1.0  # singletons against singletons: perfect
    b = bcubed(pred, gold)
    assert (b.precision, b.recall) == pytest.approx((1.0, 2 / 3))


def test_sequences_and_errors():
    assert pairwise([1, 1, 2], ["a", "a", "b"]).f1 == 1.0
    assert n_clusters([1, 1, 2]) == 2 and n_clusters({"a": 1, "b": 2}) == 2
    with pytest.raises(ValueError):
        pairwise({"a": 1}, {"b": 1})
    with pytest.raises(ValueError):
        bcubed([1, 2], [1])
    with pytest.raises(TypeError):
        pairwise([1], {"a": 1})
    cells, ps, gs = contingency(PRED, GOLD)
    assert cells[("y", 1)] == 1 and ps["y"] == 3 and gs[1] == 3


def _brute_pairwise(pred, gold):
    tp = fp = fn = 0
    for i, j in combinations(range(len(gold)), 2):
        same_p, same_g = pred[i] == pred[j], gold[i] == gold[j]
        tp += same_p and same_g
        fp += same_p and not same_g
        fn += same_g and not same_p
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r


def _brute_bcubed(pred, gold):
    n = len(gold)
    ps = rs = 0.0
    for i in range(n):
        c = {j for j in range(n) if pred[j] == pred[i]}
        g = {j for j in range(n) if gold[j] == gold[i]}
        ps += len(c & g) / len(c)
        rs += len(c & g) / len(g)
    return ps / n, rs / n


labels = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(labels)
def test_properties(pairs):
    pred = [p for p, _ in pairs]
    gold = [g for _, g in pairs]
    for metric in (pairwise, bcubed):
        s = metric(pred, gold)
        assert all(0.0 <= v <= 1.0 for v in (s.precision, s.recall, s.f1))
        # Swapping prediction and gold swaps precision and recall; F1 is symmetric.
        t = metric(gold, pred)
        assert (t.precision, t.recall, t.f1) == pytest.approx((s.recall, s.precision, s.f1))
        # A perfect partition scores 1.0, whatever its labels are called.
        perfect = metric([f"k{g}" for g in gold], gold)
        assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
        # Relabelling the prediction changes nothing.
        r = metric([p * 7 + 100 for p in pred], gold)
        assert (r.precision, r.recall, r.f1) == pytest.approx((s.precision, s.recall, s.f1))
    assert (pairwise(pred, gold).precision, pairwise(pred, gold).recall) == pytest.approx(_brute_pairwise(pred, gold))
    assert (bcubed(pred, gold).precision, bcubed(pred, gold).recall) == pytest.approx(_brute_bcubed(pred, gold))

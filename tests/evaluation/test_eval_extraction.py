"""The extraction harness: AEB's shingle metric and WCXB's word-bag metric, and the anchors they reproduce."""

from __future__ import annotations

import json

import pytest

from newsfold.evaluation import extraction as ex


def test_shingle_counts_follow_the_benchmark():
    # "a b c d e": shingles abcd, bcde; predicting "b c d e f" gets one right, one wrong, one missed.
    tp, fp, fn = ex.shingle_tp_fp_fn("a b c d e", "b c d e f")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # Case is kept (the benchmark's IGNORECASE has no effect on \w): "A" is not "a".
    assert ex.shingle_tp_fp_fn("a b c d", "A b c d")[0] == 0.0


def test_an_empty_prediction_drops_out_of_precision_and_scores_no_recall():
    scores = ex.aeb_prf([ex.shingle_tp_fp_fn("a b c d e", "a b c d e"), ex.shingle_tp_fp_fn("a b c d e", "")])
    assert scores["precision"] == 1.0
    assert scores["recall"] == 0.5
    assert scores["f1"] == pytest.approx(2 / 3)


def test_word_bag_scores_are_lower_cased_and_per_page():
    assert ex.bow_prf("The cat sat", "the CAT") == pytest.approx((1.0, 2 / 3, 0.8))
    assert ex.bow_prf("", "") == (1.0, 1.0, 1.0)
    assert ex.bow_prf("text", "") == (0.0, 0.0, 0.0)


def test_results_merge_keeps_other_sections(tmp_path):
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"stories": {"x": 1}}))
    r = ex.Result("aeb-text", "newsfold", 10, 0.5, {"precision": 0.9, "recall": 0.8, "f1": 0.847})
    data = ex.merge_results(path, [r], {"limit": None})
    entry = data["extraction"]["benchmarks"]["aeb-text"]["newsfold"]
    assert entry["f1"] == 0.847 and entry["docs_per_s"] == 20.0
    assert json.loads(path.read_text())["stories"] == {"x": 1}


def test_table_prints_precision_recall_f1_and_speed():
    r = ex.Result("aeb-html", "newsfold", 4, 2.0, {"precision": 0.95, "recall": 0.9, "f1": 0.924, "empty": 0})
    table = ex.format_table([r])
    header, row = table.splitlines()
    assert ["P", "R", "F1", "docs/s"] == [h for h in header.split() if h in ("P", "R", "F1", "docs/s")]
    assert "0.950" in row and "0.924" in row and "2.0" in row


def test_unfiltered_page_text_reproduces_the_published_anchor():
    root = ex.available()
    if root is None:
        pytest.skip("extraction benchmarks absent (../shared/eval/extraction; set NEWSFOLD_SHARED)")
    r = ex.run_aeb_unfiltered(root, ex.load_aeb(root))
    assert round(r.scores["f1"], 3) == 0.665  # the benchmark README's "no filtering" figure

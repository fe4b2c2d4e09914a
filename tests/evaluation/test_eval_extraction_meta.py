"""The page-metadata harness on a few WCXB dev pages (skipped without ../shared), and its scoring rules."""

from __future__ import annotations

import json

import pytest

from newsfold.evaluation import extraction_meta as em
from newsfold.evaluation.extraction import WcxbPage, available
from newsfold.records import DateEvidence


@pytest.fixture(scope="module")
def report():
    root = available()
    if root is None or not (root / "wcxb-dev-articles" / "ground-truth").is_dir():
        pytest.skip("WCXB dev articles not found (../shared/eval/extraction; set NEWSFOLD_SHARED): "
                    "metadata eval skipped")
    return em.run(root, limit=20)


def test_twenty_pages_scored(report):
    s = report.scores
    assert report.docs == 20 and s["titled"] == 20 and s["dated"] >= 10
    assert s["date_right"] + s["date_wrong"] + s["date_unknown"] == s["dated"]
    # The first twenty pages are ordinary articles: most titles and days come out right, few days wrong.
    assert s["title_accuracy"] >= 0.75
    assert s["date_wrong"] <= 2 and s["date_right"] >= s["dated"] // 2
    assert s["outlet_any"] == 1.0 and s["rejected"] == 0
    assert sum(sum(c.values()) for c in report.by_evidence.values()) == s["dated"]
    assert "title" in em.format_report(report)


def test_merge_keeps_other_keys(report, tmp_path):
    out = tmp_path / "results.json"
    out.write_text(json.dumps({"stories": {"x": 1}}))
    em.merge_results(out, report, {"limit": 20})
    data = json.loads(out.read_text())
    assert data["stories"] == {"x": 1}
    assert data["extraction_meta"]["wcxb-dev"]["docs"] == 20
    assert data["extraction_meta"]["wcxb-dev"]["limit"] == 20


def page(date: str | None) -> WcxbPage:
    return WcxbPage("0", "https://example.invalid/a", "", "T", None, date)


@pytest.mark.parametrize("gold, predicted, outcome", [
    ("2024-03-03", "2024-03-03", "right"),
    ("2024-03-03", "2024-03-04", "wrong"),
    ("2024-03-03", None, "unknown"),
    ("2015-11", "2015-11-20", "right"),  # a month-only ground truth needs the same month
    ("2015-11", "2015-12-01", "wrong"),
    (None, "2024-03-03", None),
])
def test_date_outcome(gold, predicted, outcome):
    assert em.date_outcome(gold, predicted) == outcome


def test_decided_by_names_the_agreeing_evidence():
    meta = em.PageMeta("0", "https://example.invalid/a", published="2024-03-03", evidence=(
        DateEvidence("html-meta", "x", "2024-03-03"), DateEvidence("stamp", "y", "2024-03-03"),
        DateEvidence("htmldate", "z", "2024-03-03"), DateEvidence("updated", "u", "2024-05-01")))
    assert em.decided_by(meta) == "html-meta+stamp"
    weak = em.PageMeta("0", "https://example.invalid/a", published="2024-03-03", evidence=(
        DateEvidence("htmldate", "z", "2024-03-03"), DateEvidence("page-text", "p", "2024-03-03")))
    assert em.decided_by(weak) == "weak: htmldate+page-text"
    assert em.decided_by(em.PageMeta("0", "https://example.invalid/a")) == "-"


def test_named_outlet_is_not_the_host():
    assert em.named_outlet(em.PageMeta("0", "https://www.islandcourier.invalid/a", outlet="The Island Courier"))
    assert not em.named_outlet(em.PageMeta("0", "https://www.islandcourier.invalid/a", outlet="islandcourier.invalid"))

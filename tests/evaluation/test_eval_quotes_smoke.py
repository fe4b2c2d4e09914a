"""The PolNeAR harness on five dev articles (skipped without ../shared)."""

from __future__ import annotations

import json

import pytest

from newsfold.errors import NotFound
from newsfold.evaluation import quotes


@pytest.fixture(scope="module")
def root():
    try:
        base = quotes.polnear_dir()
    except NotFound:
        base = None
    if base is None or not (base / "dev" / "text").is_dir():
        pytest.skip("PolNeAR not found (../shared/eval/quotes/polnear; set NEWSFOLD_SHARED): quote eval skipped")
    return base


def test_loader_reads_gold(root):
    docs = quotes.load_polnear("dev", root, limit=5)
    assert len(docs) == 5
    for d in docs:
        assert d.attributions
        for att in d.attributions:
            assert att.cue or att.content
            for role in quotes.ROLES:
                for a, b in att.role(role):
                    assert 0 <= a < b <= len(d.text)
        art = quotes.build_article(d)
        for p in art.paragraphs:
            assert d.text[p.start:p.start + len(p.text)] == p.text


def test_evaluate_five_docs_and_merge(root, tmp_path):
    res = quotes.evaluate("dev", root, limit=5, procs=1)
    assert res["docs"] == 5 and res["gold_attributions"] > 0
    for role in (*quotes.ROLES, "triple"):
        d = res[role]
        assert 0.0 <= d["P"] <= 100.0 and 0.0 <= d["R"] <= 100.0 and 0.0 <= d["F1"] <= 100.0
        assert d["tp"] <= min(d["pred"], d["gold"]) or d["pred"] == 0
    assert set(res["speech_verb"]) == {*quotes.ROLES, "triple"}
    assert res["articles_per_s_1core"] > 0
    out = tmp_path / "results.json"
    out.write_text(json.dumps({"stories": {"x": 1}}))
    quotes.merge_results(out, res, {"command": "test"})
    data = json.loads(out.read_text())
    assert data["stories"] == {"x": 1}
    assert data["quotes"]["polnear"]["dev"]["docs"] == 5
    assert "CofeNet" in data["quotes"]["metric"]
    text = quotes.format_report(res)
    assert "source" in text and "articles/s" in text
    # which tagger ran (plain or MiniLM-contextual) is part of the result
    from newsfold.understand import tagger

    assert res["options"]["model"] == tagger.model_name()
    assert f"model={tagger.model_name()}" in text


def test_cli_limit_writes_nothing_without_out(root, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert quotes.main(["--limit", "2", "--procs", "1"]) == 0
    assert "PolNeAR dev" in capsys.readouterr().out
    assert not (tmp_path / "eval" / "results.json").exists()

"""The story-clustering harness on a small slice of the shared benchmarks (skipped without ../shared)."""

from __future__ import annotations

import json

import pytest

from newsfold import FoldOptions
from newsfold.errors import NotFound
from newsfold.evaluation import stories


def _root():
    try:
        root = stories.stories_dir()
    except NotFound:
        root = None
    if root is None or not (root / "giveme5w1h" / "articles.jsonl").is_file():
        pytest.skip("shared benchmarks not found (../shared/eval/stories; set NEWSFOLD_SHARED): story eval skipped")
    return root


@pytest.fixture(scope="module")
def root():
    return _root()


def _check(r: stories.StoryResult, n: int) -> None:
    d = r.as_dict()
    for key in ("benchmark", "articles", "gold_clusters", "predicted_clusters", "pairwise", "bcubed",
                "seconds", "articles_per_s", "cpu_seconds", "articles_per_cpu_s", "peak_mb", "peak_rss_mb", "memory_method", "fold_options"):
        assert key in d, key
    assert r.articles == n
    assert 1 <= r.gold_clusters <= n and 1 <= r.predicted_clusters <= n
    for part in (r.pairwise, r.bcubed):
        assert set(part) == {"precision", "recall", "f1"}
        assert all(0.0 <= v <= 1.0 for v in part.values())
    assert r.seconds > 0 and r.articles_per_s > 0 and r.articles_per_cpu_s > 0
    assert r.peak_mb >= 0 and r.peak_rss_mb > 0
    assert r.missing == 0


def test_smoke_giveme5w1h_first_40(root):
    bench = stories.load_giveme5w1h(root, limit=40)
    assert len(bench.rows) == 40 and all(r.get("published") for r in bench.rows)
    r = stories.score_benchmark(bench)
    _check(r, 40)
    assert r.dated == 40
    assert r.pairwise["f1"] > 0.2  # 40 articles of a handful of events: far from random
    # FoldOptions overrides reach the fold: a join probability above 1 -> only copies share a story.
    strict = stories.score_benchmark(bench, stories.fold_options({"join_probability": "1.01", "min_statements": "1000"}))
    assert strict.fold_options["join_probability"] == 1.01
    assert strict.predicted_clusters > r.predicted_clusters
    assert strict.predicted_clusters == 40 - strict.duplicates
    # The shipped model was trained on giveme5w1h: a whole-stream run with it is in-sample, and says so.
    assert r.protocol == "full" and r.held_out is False
    cosine = stories.score_benchmark(bench, stories.fold_options({"scorer": "cosine"}))
    assert cosine.held_out is True and cosine.fold_options["scorer"] == "cosine"


def test_halves_fold_each_half_with_the_model_that_never_saw_it(root):
    bench = stories.load_giveme5w1h(root, limit=60)
    halves = stories.event_halves(bench)
    assert set(halves.values()) == {0, 1}
    first = stories.take_half(bench, 0)
    # Whole events, and half 0 holds the events that start in the first half of the stream.
    assert all(halves[bench.gold[str(r["id"])]] == 0 for r in first.rows)
    assert str(bench.rows[0]["id"]) in first.gold
    r = stories.score_halves(bench)
    assert r.protocol == "halves" and r.held_out is True and r.articles == 60
    assert [(h["half"], h["model"]) for h in r.halves] == [(0, "stories-half1"), (1, "stories-half0")]
    assert sum(h["articles"] for h in r.halves) == 60
    assert 0.0 <= r.pairwise["f1"] <= 1.0
    # Folding a half with the model trained on that same half is flagged as in-sample.
    same = stories.score_halves(bench, stories.fold_options({"model": "stories-half0"}))
    assert same.held_out is False


def test_loaders_strip_dates_and_rebuild_ecb(root):
    nodates = stories.load_giveme5w1h(root, dates=False, limit=5)
    assert all("published" not in r for r in nodates.rows)
    neus = stories.load_neus(root, limit=30)
    assert all("published" not in r for r in neus.rows) and len(neus.gold) == 30
    ecb = stories.load_ecbplus(root, limit=4)
    assert [ecb.gold[r["id"]] for r in ecb.rows] == ["1_ecb", "1_ecbplus", "1_ecb", "1_ecbplus"]
    plus = ecb.rows[1]["text"]
    assert not plus.startswith("http") and "Lindsay Lohan" in plus.splitlines()[0]
    assert "Promises Treatment Center, her rep told People." in ecb.rows[0]["text"]


def test_fold_options_overrides():
    opts = stories.fold_options({"join": "0.3", "half_life_days": 7, "statements.min_overlap": "0.5"})
    assert opts.join == 0.3 and opts.half_life_days == 7 and opts.statements.min_overlap == 0.5
    assert opts.weak == FoldOptions().weak
    with pytest.raises(ValueError):
        stories.fold_options({"no_such_field": 1})


def test_a_folder_of_half_models_is_scored_held_out(tmp_path):
    # ``--fold model=DIR``: freshly trained half models, each half folded with the other half's.
    for half in (0, 1):
        (tmp_path / f"stories-half{half}.json").write_text("{}")
    opts = FoldOptions(model=str(tmp_path))
    assert stories.half_model(opts, 0).model == str(tmp_path / "stories-half1.json")
    assert stories.half_model(opts, 1).model == str(tmp_path / "stories-half0.json")
    assert stories.half_model(FoldOptions(model="x.json"), 0).model == "x.json"  # a named model is used as given
    with pytest.raises(ValueError, match="halves"):  # one model for the whole stream: there is none
        stories.score_benchmark(stories.Benchmark("b", [], {}), opts)


def test_cli_isolated_run_merges_results(root, tmp_path, capsys):
    out = tmp_path / "results.json"
    out.write_text(json.dumps({"other": {"kept": True}}))
    code = stories.main(["--only", "giveme5w1h-nodates", "--limit", "15", "--root", str(root),
                         "--fold", "join=0.2", "--out", str(out)])
    assert code == 0
    table = capsys.readouterr().out
    assert "giveme5w1h-nodates" in table and "peak MB" in table
    data = json.loads(out.read_text())
    assert data["other"] == {"kept": True}
    entry = data["stories"]["benchmarks"]["giveme5w1h-nodates"]
    assert entry["isolated"] is True and entry["limit"] == 15 and entry["fold_options"]["join"] == 0.2
    assert entry["dated"] <= 15 and 0 <= entry["pairwise"]["f1"] <= 1

"""The extraction quality gate: pinned floors fail a run that drops below them, and only ever rise.

The synthetic tests need nothing; ``test_fast_suite_meets_its_floors`` runs the fast
suite (all of AEB text, the first AEB HTML and WCXB pages by id) on ../shared/eval and
skips when that is absent.
"""

from __future__ import annotations

import json

import pytest

from newsfold.evaluation import extraction as ex
from newsfold.evaluation import gate

FLOORS = {
    "full": {"aeb-text": {"f1": 0.900}, "wcxb": {"f1": 0.930, "title_accuracy": 0.600}},
    "fast": {"_limits": {"aeb-html": 40, "wcxb": 60}, "aeb-text": {"f1": 0.900}},
}


def results_doc(aeb_f1: float, wcxb_f1: float, title: float, limit: int | None = None) -> dict:
    return {"extraction": {"benchmarks": {
        "aeb-text": {"newsfold": {"f1": aeb_f1, "precision": 0.9, "recall": 0.9, "limit": limit},
                     "unfiltered": {"f1": 0.665}},
        "wcxb": {"newsfold": {"f1": wcxb_f1, "title_accuracy": title, "limit": limit}},
    }}}


def test_figures_at_or_above_their_floors_pass():
    figures = gate.figures_from_results(results_doc(0.91, 0.94, 0.61))
    checks = gate.check(figures, gate.suite_floors(FLOORS, "full"), "full")
    assert [c.metric for c in checks] == ["f1", "f1", "title_accuracy"]
    assert all(c.ok for c in checks)


def test_a_figure_below_its_floor_fails():
    figures = gate.figures_from_results(results_doc(0.91, 0.94, 0.55))
    failed = [c for c in gate.check(figures, gate.suite_floors(FLOORS, "full"), "full") if not c.ok]
    assert [(c.benchmark, c.metric) for c in failed] == [("wcxb", "title_accuracy")]
    assert "FAIL" in failed[0].line()


def test_a_missing_benchmark_fails_rather_than_passing_silently():
    doc = results_doc(0.91, 0.94, 0.61)
    del doc["extraction"]["benchmarks"]["wcxb"]
    failed = [c for c in gate.check(gate.figures_from_results(doc), gate.suite_floors(FLOORS, "full"), "full")
              if not c.ok]
    assert {(c.benchmark, c.value) for c in failed} == {("wcxb", None)}


def test_results_of_a_limited_run_do_not_count_as_the_full_benchmark():
    figures = gate.figures_from_results(results_doc(0.99, 0.99, 0.99, limit=20))
    assert figures == {}


def test_raise_only_moves_floors_up_and_adds_new_ones():
    figures = {"aeb-text": {"f1": 0.80}, "wcxb": {"f1": 0.95, "title_accuracy": 0.70}, "aeb-html": {"f1": 0.97}}
    new, changes = gate.raised(FLOORS, "full", figures)
    assert new["full"]["aeb-text"]["f1"] == 0.900  # 0.80 measured: the floor stays
    assert new["full"]["wcxb"] == {"f1": 0.947, "title_accuracy": 0.695}
    assert new["full"]["aeb-html"] == {"f1": 0.967}
    assert FLOORS["full"]["wcxb"]["f1"] == 0.930  # the input is not modified
    assert any(c.startswith("full/wcxb/f1: 0.93 -> 0.947") for c in changes)


def test_gate_cli_fails_on_a_results_file_below_the_floors(tmp_path, capsys):
    floors, results = tmp_path / "floors.json", tmp_path / "results.json"
    floors.write_text(json.dumps(FLOORS))
    results.write_text(json.dumps(results_doc(0.85, 0.94, 0.61)))
    assert gate.main(["--floors", str(floors), "--results", str(results)]) == 1
    out = capsys.readouterr().out
    assert "FAIL full  aeb-text" in out and "FAILED" in out
    # --raise refuses while failing, and the floors file is untouched
    assert gate.main(["--floors", str(floors), "--results", str(results), "--raise"]) == 1
    assert json.loads(floors.read_text()) == FLOORS


def test_gate_cli_raise_writes_higher_floors(tmp_path, capsys):
    floors, results = tmp_path / "floors.json", tmp_path / "results.json"
    floors.write_text(json.dumps(FLOORS))
    results.write_text(json.dumps(results_doc(0.95, 0.96, 0.70)))
    assert gate.main(["--floors", str(floors), "--results", str(results), "--raise"]) == 0
    assert json.loads(floors.read_text())["full"]["aeb-text"]["f1"] == 0.947


@pytest.fixture(scope="module")
def extraction_root():
    root = ex.available()
    if root is None:
        pytest.skip("extraction benchmarks absent (../shared/eval/extraction; set NEWSFOLD_SHARED): gate skipped")
    return root


def test_fast_suite_meets_its_floors(extraction_root):
    floors = gate.load_floors()
    fast = gate.suite_floors(floors, "fast")
    assert fast, "eval/floors.json has no fast floors"
    figures = gate.run_fast(extraction_root, gate.fast_limits(floors), benchmarks=sorted(fast))
    failed = [c.line() for c in gate.check(figures, fast, "fast") if not c.ok]
    assert not failed, "below the pinned floors:\n" + "\n".join(failed)

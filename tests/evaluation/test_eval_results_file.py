"""The shared results file: each harness replaces its own key and keeps everyone else's."""

from __future__ import annotations

import json
import multiprocessing

from newsfold.evaluation.results import read_results, update_results


def _write_key(args: tuple[str, int]) -> None:
    path, i = args
    for round_ in range(20):
        update_results(path, f"harness-{i}", {"round": round_})


def test_concurrent_writers_keep_each_others_keys(tmp_path):
    path = str(tmp_path / "results.json")
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pool.map(_write_key, [(path, i) for i in range(8)])
    data = json.loads((tmp_path / "results.json").read_text())
    assert data == {f"harness-{i}": {"round": 19} for i in range(8)}


def test_a_function_updates_part_of_a_section_and_a_damaged_file_reads_as_empty(tmp_path):
    path = tmp_path / "results.json"
    path.write_text("{not json")
    assert read_results(path) == {}
    update_results(path, "stories", {"benchmarks": {"a": 1}})
    update_results(path, "stories", lambda old: {"benchmarks": {**old["benchmarks"], "b": 2}})
    assert read_results(path) == {"stories": {"benchmarks": {"a": 1, "b": 2}}}
    assert not list(tmp_path.glob("*.tmp")), "no temporary file is left behind"

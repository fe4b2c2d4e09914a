"""bench/table.py: the memory rows judge each size by its limit and the two sizes together by flatness."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture()
def table(monkeypatch):
    pytest.importorskip("psutil")
    monkeypatch.syspath_prepend(str(BENCH))
    import table as module

    yield module
    sys.modules.pop("table", None)
    sys.modules.pop("memory", None)


def run(peak: float, *, complete: bool = True, flat: bool = True) -> dict:
    return {"peak_rss_mb": peak, "complete": complete, "flat": flat, "under_limit": peak < 1536,
            "limit_mb": 1536, "mb_per_10k_second_half": 0.1, "read_so_far": 1000}


def test_a_million_costing_what_100k_cost_is_flat_and_a_quarter_more_is_not(table):
    small = run(800.0, flat=False)  # the 100k run's own second half may still be warming up
    assert table._memory_flat({"memory": small, "memory_1m": run(830.0)})[2] == "yes"
    assert table._memory_flat({"memory": small, "memory_1m": run(1000.0)})[2] == "NO"
    assert table._memory_flat({"memory": small, "memory_1m": run(830.0, complete=False)})[2] == "NO"
    assert table._memory_flat({"memory": small}) is None  # one size alone says nothing of N


def test_each_size_is_met_when_complete_and_under_the_limit(table):
    row = table._memory("memory_1m")
    assert row({"memory_1m": run(834.0)})[2] == "yes"
    assert row({"memory_1m": run(834.0, complete=False)})[2] == "NO"
    assert row({"memory_1m": run(1600.0)})[2] == "NO"

"""Progress of a long ingest: documents done, rate, and an ETA from input bytes, shown only once it means something."""

from __future__ import annotations

import io
import json
import os

import pytest
from click.testing import CliRunner
from helpers import BUDGET, QUAKE_A, QUAKE_B, write

from newsfold.cli import main as cli_main
from newsfold.run.progress import (InputMeter, Reporter, eta_seconds, estimated_total, format_duration,
                                   progress_text)


def test_eta_is_the_rest_at_the_rate_so_far():
    assert eta_seconds(25, 100, 60.0) == pytest.approx(180.0)
    assert eta_seconds(100, 100, 60.0) == 0.0


def test_no_eta_until_it_means_something():
    assert eta_seconds(25, 100, 3.0) is None  # too early: the first seconds load models
    assert eta_seconds(5, 10_000, 60.0) is None  # too little of the input done
    assert eta_seconds(0, 100, 60.0) is None
    assert eta_seconds(25, None, 60.0) is None  # stdin, a pipe: the size is unknown


def test_estimated_documents_scale_with_bytes():
    assert estimated_total(1_000, 2_000_000, 10_000_000) == 5_000
    assert estimated_total(1_000, 0, 10_000_000) is None
    assert estimated_total(1_000, 500, None) is None


def test_durations_read_coarsely():
    assert format_duration(44.6) == "~45s"
    assert format_duration(719) == "~12m"
    assert format_duration(7_500) == "~2h05m"


def test_progress_line_shows_total_and_eta_only_when_meaningful():
    early = progress_text(read=50, added=48, errors=2, elapsed=4.0, done=1_000, total=1_000_000)
    assert early.startswith("read 50  added 48  errors 2") and "docs/s" in early
    assert "ETA" not in early and " of ~" not in early
    later = progress_text(read=12_000, added=11_000, errors=5, elapsed=120.0, done=250_000, total=1_000_000)
    assert "read 12,000 of ~48,000" in later and "100 docs/s" in later and later.endswith("ETA ~6m")


def test_meter_counts_whole_files_and_the_read_position_in_a_dump(tmp_path):
    write(tmp_path, "a.txt", QUAKE_A)
    dump = tmp_path / "b.jsonl"
    dump.write_text("".join(json.dumps({"text": t}) + "\n" for t in (QUAKE_B, BUDGET) * 50))
    write(tmp_path, "c.txt", BUDGET)
    sizes = {name: os.path.getsize(tmp_path / name) for name in ("a.txt", "b.jsonl", "c.txt")}
    meter = InputMeter([str(tmp_path)])
    assert meter.total == sum(sizes.values())
    assert meter.consumed(os.path.normpath(tmp_path / "a.txt")) == sizes["a.txt"]
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("read positions come from /proc/self/fd (Linux)")
    with open(dump, "rb") as f:  # the reader's open file, part read
        f.seek(sizes["b.jsonl"] // 2)
        middle = meter.consumed(os.path.normpath(dump) + ":51")
    assert middle == sizes["a.txt"] + sizes["b.jsonl"] // 2
    assert meter.consumed(os.path.normpath(tmp_path / "c.txt")) == meter.total


def test_meter_without_known_size_has_no_total(tmp_path):
    assert InputMeter(["-"]).total is None


class _Summary:
    def __init__(self, read: int, origin: str = "") -> None:
        self.read = self.taken = read
        self.added, self.errors, self.origin = read, 0, origin


def test_not_on_a_terminal_a_line_every_so_many_seconds(tmp_path):
    now = [0.0]
    out = io.StringIO()
    reporter = Reporter([str(tmp_path)], out, terminal=False, every=10.0, clock=lambda: now[0])
    for second in range(0, 35, 2):
        now[0] = float(second)
        reporter.ingest(_Summary(read=second * 10))
    lines = out.getvalue().splitlines()
    assert [line.split()[1] for line in lines] == ["0", "100", "200", "300"]  # at 0, 10, 20 and 30 s
    assert all("\r" not in line for line in lines)


def test_cli_progress_lines_in_a_log(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate([QUAKE_A, QUAKE_B, BUDGET]):
        write(folder, f"{i}.txt", text)
    result = CliRunner().invoke(cli_main, ["ingest", str(folder), "--db", str(tmp_path / "t.db"), "--batch-size", "1",
                                           "--progress", "--progress-every", "0"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip().startswith("read ")]
    assert [line.split()[1] for line in lines] == ["1", "2", "3"]
    assert "folding 3 of 3" in result.stderr
    assert "added 3" in result.stdout

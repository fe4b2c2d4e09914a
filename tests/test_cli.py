"""The command line as a user drives it (click's CliRunner, a real store on disk)."""

import json

import pytest
from click.testing import CliRunner
from helpers import BUDGET, QUAKE_A, QUAKE_B, SHARED, write

from newsfold.cli import main

CONTRACT = {"id", "origin", "title", "outlet", "wire", "byline", "dateline", "published", "language", "body",
            "removed", "duplicate_of", "story_id", "storyline_id", "quotes"}


@pytest.fixture
def db(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name, text in (("1.txt", QUAKE_A), ("2.txt", QUAKE_B), ("3.txt", BUDGET)):
        write(src, name, text)
    (src / "bad.bin").write_bytes(b"\x00\x01\x02" * 100)
    path = str(tmp_path / "cli.db")
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", path])
    assert result.exit_code == 0, result.output
    assert "added 3" in result.output and "errors 1" in result.output
    return path


def run(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_listings_and_json(db):
    stories = json.loads(run("stories", "--db", db, "--json"))
    assert len(stories) == 2 and sorted(s["articles"] for s in stories) == [1, 2]
    assert "Chile" in run("stories", "--db", db)
    lines = json.loads(run("storylines", "--db", db, "--json"))
    assert sum(len(line["stories"]) for line in lines) == 2
    quotes = json.loads(run("quotes", "--db", db, "--json", "--speaker", "Vidal"))
    assert quotes and all(q["speaker"] == "Carla Vidal" for q in quotes)
    assert "searching for people under the rubble" in run("quotes", "--db", db)
    assert json.loads(run("search", "pension", "--db", db, "--json"))[0]["title"].startswith("Dutch parliament")
    errors = json.loads(run("errors", "--db", db, "--json"))
    assert len(errors) == 1 and "binary" in errors[0]["reason"]


def test_story_shows_outlets_quotes_and_why(db):
    quake = next(s for s in json.loads(run("stories", "--db", db, "--json")) if s["articles"] == 2)
    out = run("story", quake["id"][:8], "--db", db)  # an ID prefix is enough
    assert "Reuters" in out and "AP" in out
    assert "Carla Vidal" in out and "shared terms" in out


def test_export_contract_jsonl_and_csv(db, tmp_path):
    records = [json.loads(line) for line in run("export", "--format", "jsonl", "--db", db).splitlines()]
    assert len(records) == 3
    for r in records:
        assert CONTRACT <= r.keys()
        assert r["story_id"] and r["storyline_id"]
        for q in r["quotes"]:
            assert {"text", "kind", "speaker", "cue"} <= q.keys()
    out = tmp_path / "x.csv"
    run("export", "--format", "csv", "-o", str(out), "--db", db)
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 3 and CONTRACT <= rows[0].keys()


def test_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    result = CliRunner().invoke(main, ["stories", "--db", str(bad)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "cannot open store" in result.output
    result = CliRunner().invoke(main, ["story", "s-nope", "--db", str(tmp_path / "empty.db")])
    assert result.exit_code == 1 and "no story s-nope" in result.output


def test_ingest_from_stdin(tmp_path):
    path = str(tmp_path / "stdin.db")
    result = CliRunner().invoke(main, ["ingest", "-", "--db", path], input=QUAKE_A)
    assert result.exit_code == 0 and "added 1" in result.output


@pytest.mark.skipif(not (SHARED / "eval" / "seeds.gold.json").is_file(), reason="../shared/eval not present")
def test_eval_seeds_passes_every_spine_target():
    result = CliRunner().invoke(main, ["eval", "seeds", "--json"])
    report = json.loads(result.output)
    failed = [c for c in report["checks"] if not c["ok"]]
    assert not failed, failed


def test_speakers_and_speaker_view(db):
    speakers = json.loads(run("speakers", "--db", db, "--json"))
    assert any(s["id"] == "carla-vidal" and s["articles"] == 2 for s in speakers)
    view = json.loads(run("speaker", "Vidal", "--db", db, "--json"))
    assert view["speaker"] == "Carla Vidal" and {o["outlet"] for o in view["outlets"]} == {"Reuters", "AP"}
    assert all(q["story_id"] for o in view["outlets"] for q in o["statements"])
    result = CliRunner().invoke(main, ["speaker", "Nobody Atall", "--db", db])
    assert result.exit_code == 1 and "no statements by Nobody Atall" in result.output

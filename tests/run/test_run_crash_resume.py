"""Crash safety (issue 8, item 1): `newsfold ingest` killed with SIGKILL at seeded random
points, then run again, leaves the store exactly as one uninterrupted run would, on SQLite
and on PostgreSQL.

The corpus: 100 generated articles (distinct, on eight topics, with quotes) plus an exact
copy, a cp1252 file (kept with a warning), three files that are rejected, and a JSONL dump
of four articles and two bad rows. Each trial
starts `newsfold ingest --batch-size 8` on a fresh store, waits for a seeded number of its
progress events (one per committed batch, printed when stderr is a terminal, so the
command runs on a pty) plus a seeded delay of up to 0.25 s, kills it with SIGKILL, and
runs the same command again to completion. Kill points so span: opening and migrating the
store, every batch boundary and the middle of batches, folding, linking storylines, and
after the end. Most trials fold (the full pipeline: clean, dedup, quotes, fold); a third
run with --no-fold. 24 trials run on SQLite files, 10 more (their own seeded kill points) on
databases of the private PostgreSQL server (tests/conftest.py ``pg_server``; marked
``postgres``, skipped without Debian's PostgreSQL).

After the kill and again after the resumed run the store must be consistent: the engine's
own checks (SQLite: integrity, foreign keys and FTS5; PostgreSQL: the tsvector of every
article, recomputed), no orphan rows anywhere, every input article at most once with its
exact raw text, errors only for rejected items and each of them once, folded articles in
exactly one story. After the resume it must hold exactly what a reference run (never
killed, same backend) holds: every input article once, with its raw text, quotes, dedup
links, term counts, errors and, when folding, the same stories and storylines.

Most trials fork the test process and run the command's own entry point
(``newsfold.cli.main``) in the child: the child is a separate process killed with
SIGKILL like any other, but skips the ~2 s of imports and model loading that a fresh
interpreter pays, which keeps the trials affordable. Three trials run the installed
``newsfold`` executable as a fresh process.
"""

from __future__ import annotations

import json
import os
import random
import re
import select
import shutil
import signal
import sqlite3
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import pytest
from click.testing import CliRunner

from newsfold.cli import main as cli_main
from newsfold.records import content_hash
from newsfold.run import IngestOptions, ingest
from newsfold.sources.decode import decode_text
from newsfold.store import is_postgres_url, open_store
from newsfold.store.migrations import MIGRATIONS

if not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"):
    pytest.skip("needs fork, SIGKILL and pseudo-terminals (POSIX)", allow_module_level=True)
import pty  # noqa: E402  (POSIX only)

SEED = 8
ARTICLES = 100
BATCH = 8
# On PostgreSQL 10: each kind of trial below at least twice (opening, folding, --no-fold, mid-ingest).
TRIALS = {"sqlite": 24, "postgres": 10}
EXEC_TRIALS = {5, 16}  # trial numbers run as a fresh `newsfold` process
POOL_TRIALS = {3, 10, 16}  # trial numbers run with --workers 2 (the per-article stages in a process pool)
STALL_SECONDS = 180  # no progress for this long: the child is stuck, fail instead of hanging

CITIES = ("Valparaiso Lisbon Nairobi Oslo Quito Hanoi Dakar Tbilisi Lima Perth Accra Riga Bergen Cusco "
          "Tunis Manila Krakow Bilbao Dublin Ghent").split()
TOPICS = [("earthquake", "rescuers", "rubble", "aftershocks"), ("budget", "lawmakers", "vote", "deficit"),
          ("flood", "residents", "river", "rainfall"), ("strike", "workers", "union", "wages"),
          ("election", "voters", "ballot", "turnout"), ("wildfire", "firefighters", "forest", "evacuation"),
          ("merger", "shareholders", "deal", "regulators"), ("outbreak", "doctors", "clinic", "vaccine")]
SPEAKERS = ["Carla Vidal", "Pieter de Groot", "Amina Yusuf", "Tomas Berg", "Lena Okafor", "Ravi Menon"]
PLACES = "harbour bridge council market school railway museum factory stadium airport hospital tunnel".split()


def article(rng: random.Random, i: int) -> str:
    """One invented wire story: a title, a dateline, a quote and a closing paragraph."""
    city, (event, people, thing, other), speaker = rng.choice(CITIES), rng.choice(TOPICS), rng.choice(SPEAKERS)
    place, closed = rng.sample(PLACES, 2)
    n = rng.randint(2, 900)
    return (
        f"{event.capitalize()} in {city} draws {n} {people} to the {place} (report {i})\n\n"
        f"{city.upper()} (Reuters) - A {event} hit {city} on day {i}, and {n} {people} gathered near the "
        f"{place} as officials counted the {thing} and the {other}.\n\n"
        f"\"We are watching the {closed} closely and will act within {rng.randint(2, 48)} hours,\" "
        f"{speaker} told reporters in {city}.\n\n"
        f"The {closed} of {city} stayed closed; about {rng.randint(10, 5000)} people were affected by the "
        f"{event}, the local {thing} office said.\n"
    )


@dataclass(frozen=True)
class Corpus:
    folder: Path
    articles: dict[str, str]  # item name (file name, or file:LINE) -> text, for every item that must become an article
    rejected: frozenset[str]  # item names that must be recorded as errors

    @property
    def records(self) -> int:
        return len(self.articles) + len(self.rejected)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    folder = tmp_path_factory.mktemp("crash") / "in"
    folder.mkdir()
    rng = random.Random(SEED)
    texts = {f"a{i:03d}.txt": article(rng, i) for i in range(ARTICLES)}
    texts["a100-copy.txt"] = texts["a042.txt"]  # the same text under another name: stored as a copy
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    legacy = article(rng, ARTICLES + 1).replace("officials", "fonctionnaires élus à Genève")
    (folder / "a101-legacy.txt").write_bytes(legacy.encode("cp1252"))  # kept, with a decode warning
    texts["a101-legacy.txt"] = decode_text(legacy.encode("cp1252"))
    (folder / "b-photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "b-garbage.txt").write_bytes(bytes([0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1]) * 300)
    rejected = {"b-photo.jpg", "b-empty.txt", "b-garbage.txt"}
    # A dump: its rows are items of their own (origin file:LINE), two of them bad.
    rows = [{"text": article(rng, ARTICLES + 2 + i), "outlet": "Dump Wire"} for i in range(4)]
    lines = [json.dumps(rows[0]), json.dumps(rows[1]), '{"text": ""}', json.dumps(rows[2]), "[1, 2]",
             json.dumps(rows[3])]
    (folder / "c-rows.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for line, text in ((1, rows[0]), (2, rows[1]), (4, rows[2]), (6, rows[3])):
        texts[f"c-rows.jsonl:{line}"] = text["text"]
    rejected |= {"c-rows.jsonl:3", "c-rows.jsonl:5"}
    return Corpus(folder, texts, frozenset(rejected))


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[bool, dict]:
    """Snapshots of an uninterrupted run on SQLite, folding and not; the run also loads every
    model in this process before the trials fork it."""
    return reference_run(str(tmp_path_factory.mktemp("reference") / "ref.db"), corpus)


@pytest.fixture(scope="module")
def pg_reference(corpus, pg_server) -> dict[bool, dict]:
    """The same on PostgreSQL, where the trials' stores are compared with it."""
    url = pg_server.create_database("crashref")
    try:
        return reference_run(url, corpus)
    finally:
        pg_server.drop_database(url)


def reference_run(target: str, corpus: Corpus) -> dict[bool, dict]:
    with open_store(target) as store:
        summary = ingest([str(corpus.folder)], store, IngestOptions(batch_size=BATCH))
    assert summary.added == len(corpus.articles) and summary.errors == len(corpus.rejected)
    with StoreReader(target) as db:
        folded = snapshot(db)
    # Ingesting does not depend on folding: without it, the same store minus the stories.
    unfolded = {part: [] if part in FOLD_PARTS else rows for part, rows in folded.items()}
    return {True: folded, False: unfolded}


# --- one trial -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Trial:
    number: int
    fold: bool
    events: int  # progress events (committed batches) to wait for before the kill
    delay: float  # then this many seconds more
    fresh_process: bool
    workers: int = 1
    backend: str = "sqlite"

    def __str__(self) -> str:
        how = ("exec" if self.fresh_process else "fork") + ("-pool" if self.workers > 1 else "")
        where = "pg-" if self.backend == "postgres" else ""
        return (f"{where}t{self.number:02d}-{how}-{'fold' if self.fold else 'nofold'}"
                f"-after{self.events}+{self.delay * 1000:.0f}ms")


def trials(total_batches: int, backend: str) -> list[Trial]:
    """The seeded trials of one backend (each its own random stream: other kill points)."""
    rng = random.Random(SEED if backend == "sqlite" else f"{SEED}-{backend}")
    out = []
    for n in range(TRIALS[backend]):
        fold = n % 3 != 2
        if n % 6 == 0:
            events = 0  # while the store is opened, migrated and the first batch written
        elif fold and n % 4 == 1:
            events = total_batches  # every batch in: the kill lands in folding, linking or after
        else:
            events = rng.randint(1, total_batches - 1)
        out.append(Trial(n, fold, events, round(rng.uniform(0, 0.25), 3), n in EXEC_TRIALS,
                         2 if n in POOL_TRIALS else 1, backend))
    return out


def all_trials(total_batches: int) -> list:
    return [*trials(total_batches, "sqlite"),
            *(pytest.param(t, marks=pytest.mark.postgres, id=str(t)) for t in trials(total_batches, "postgres"))]


# Items read: the articles, a copy, a cp1252 file, three rejected files, a dump of six rows.
TOTAL_BATCHES = -(-(ARTICLES + 5 + 6) // BATCH)


@pytest.mark.parametrize("trial", all_trials(TOTAL_BATCHES), ids=str)
def test_killed_ingest_resumes_to_the_same_store(trial, corpus, tmp_path, request):
    assert -(-corpus.records // BATCH) == TOTAL_BATCHES
    if trial.backend == "postgres":
        target, reference = request.getfixturevalue("pg_url"), request.getfixturevalue("pg_reference")
    else:
        target, reference = str(tmp_path / "crash.db"), request.getfixturevalue("reference")
    args = ["ingest", str(corpus.folder), "--db", target, "--batch-size", str(BATCH)]
    if not trial.fold:
        args.append("--no-fold")
    if trial.workers > 1:
        args += ["--workers", str(trial.workers)]

    seen_events, finished = run_and_kill(args, trial)
    with StoreReader(target) as db:
        where = kill_point(db, corpus, trial.fold, finished)
        print(f"{trial}: {seen_events} progress events, killed {where}")
        assert seen_events >= trial.events
        landed = db.count("articles")
        check_consistent(db, corpus, complete=False)  # what the kill left is consistent too

    resumed = CliRunner().invoke(cli_main, args)
    assert resumed.exit_code == 0, resumed.output
    numbers = {k: int(v) for k, v in re.findall(r"\b(added|unchanged|errors) (\d+)", resumed.output)}
    assert numbers["added"] == len(corpus.articles) - landed  # what had landed is skipped, nothing twice
    assert numbers["unchanged"] == landed
    assert numbers["errors"] == len(corpus.rejected)  # read and rejected again: each still recorded once

    with StoreReader(target) as db:
        check_consistent(db, corpus, complete=True)
        got, want = snapshot(db), reference[trial.fold]
    for part in want:
        assert got[part] == want[part], f"{part} differs from an uninterrupted run"


@pytest.mark.postgres
def test_an_uninterrupted_run_stores_the_same_on_both_backends(reference, pg_reference):
    """The references the trials are held to agree: what SQLite holds, PostgreSQL holds."""
    for part, rows in reference[True].items():
        assert pg_reference[True][part] == rows, f"{part} differs between SQLite and PostgreSQL"


def run_and_kill(args: list[str], trial: Trial) -> tuple[int, bool]:
    """Start `newsfold ARGS` on a pty, SIGKILL it after ``trial.events`` progress events and
    ``trial.delay`` seconds; return (events seen, whether it had already finished)."""
    exe = shutil.which("newsfold", path=os.path.dirname(sys.executable))
    if trial.fresh_process and exe is None:
        pytest.skip("the newsfold executable is not installed next to this Python")
    master, slave = pty.openpty()
    if trial.fresh_process:
        pid = os.posix_spawn(exe, [exe, *args], os.environ, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, slave, 2),
        ])
    else:
        pid = os.fork()
        if pid == 0:
            _child(args, master, slave)  # never returns
    os.close(slave)
    events, out = 0, b""
    deadline = time.monotonic() + STALL_SECONDS
    try:
        while events < trial.events and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the terminal closed: the command ended
                    break
                if not chunk:
                    break
                out += chunk
                events = out.count(b"\r  read ")
                deadline = time.monotonic() + STALL_SECONDS
        if events < trial.events and time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail(f"no progress for {STALL_SECONDS} s after {events} event(s); output: {out[-300:]!r}")
        time.sleep(trial.delay)
        workers = _children(pid)
        os.kill(pid, signal.SIGKILL)  # a no-op if it has already exited (it is not reaped yet)
        _, status = os.waitpid(pid, 0)
        _assert_gone(workers)
        if os.WIFSIGNALED(status):
            assert os.WTERMSIG(status) == signal.SIGKILL
            return events, False
        assert os.WEXITSTATUS(status) == 0, f"the command failed before the kill; output: {out[-300:]!r}"
        return events, True
    finally:
        os.close(master)


def _children(pid: int) -> list:
    """The command's worker processes (a process pool), if any."""
    try:
        import psutil

        return psutil.Process(pid).children(recursive=True)
    except Exception:  # psutil missing, or the command already gone
        return []


def _assert_gone(workers: list, seconds: float = 10.0) -> None:
    """Workers of a killed command do not outlive it (they watch their parent)."""
    if not workers:
        return
    import psutil

    _, alive = psutil.wait_procs(workers, timeout=seconds)
    for proc in alive:
        proc.kill()
    assert not alive, f"{len(alive)} worker process(es) outlived the killed command"


def _child(args: list[str], master: int, slave: int) -> None:
    """In the forked child: run the command as `newsfold` would, stderr on the pty; never return."""
    code = 1
    try:
        os.close(master)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.dup2(slave, 2)
        # pytest's capture objects stand in for sys.stdout/err here: use the real descriptors.
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", closefd=False)
        cli_main(args, prog_name="newsfold")
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException:
        code = 70
    finally:
        os._exit(code)


# --- what a store must look like -----------------------------------------------------------


class StoreReader:
    """A direct connection to a store under test, SQLite file or PostgreSQL URL, that never
    migrates it: opening it as a ``Store`` would finish a migration the kill interrupted before
    the resumed run could show that it does so itself. Queries are the store's own SQL (qmark
    placeholders; on PostgreSQL through the store's adapter, ``newsfold.store.pgsql``), so one
    set of checks serves both backends; ``engine_check`` holds what each engine checks its own way."""

    def __init__(self, target: str):
        self.postgres = is_postgres_url(target)
        if self.postgres:
            import psycopg

            from newsfold.store import pgsql

            self.db = pgsql.Connection(psycopg.connect(target, autocommit=True, row_factory=pgsql.row_factory,
                                                       options="-c default_transaction_read_only=on"))
        elif Path(target).exists():  # read-write: FTS5's integrity check is spelled as an INSERT
            self.db = sqlite3.connect(target, isolation_level=None)
            self.db.row_factory = sqlite3.Row
        else:
            self.db = None  # killed before the store file was created

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        if self.db is not None:
            self.db.close()

    def has(self, table: str) -> bool:
        if self.db is None:
            return False
        if self.postgres:
            return self.one("SELECT to_regclass(?) IS NOT NULL", table) == 1
        return self.one("SELECT count(*) FROM sqlite_master WHERE name = ?", table) == 1

    def rows(self, sql: str, *args) -> list:
        return self.db.execute(sql, args).fetchall()

    def one(self, sql: str, *args):
        return self.db.execute(sql, args).fetchone()[0]

    def count(self, table: str) -> int:
        """Rows in ``table``; 0 if the kill came before it was created."""
        return self.one(f"SELECT count(*) FROM {table}") if self.has(table) else 0

    def engine_check(self) -> None:
        if self.postgres:
            # Full-text search: one tsvector per article, equal to what the trigger computes from it now.
            stale = self.one("""SELECT count(*) FROM articles a LEFT JOIN articles_fts f ON f.seq = a.seq
                                WHERE f.seq IS NULL OR f.doc <> newsfold_fts_doc(a.title, a.body)""")
            assert stale == 0, f"{stale} article(s) missing from the full-text index or indexed stale"
            assert self.one("SELECT count(*) FROM articles_fts") == self.count("articles")
            return
        assert [r[0] for r in self.rows("PRAGMA integrity_check")] == ["ok"]
        assert self.rows("PRAGMA foreign_key_check") == []
        # FTS5: the index agrees with the articles it indexes (raises "malformed" otherwise).
        self.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")


def kill_point(db: StoreReader, corpus: Corpus, fold: bool, finished: bool) -> str:
    """Where the kill landed, read from what it left behind."""
    if finished:
        return "after the run had finished"
    migrated = db.count("migrations")
    if migrated == 0:
        return "before the store was migrated"
    if migrated < len(MIGRATIONS):
        return f"while migrating the store ({migrated} of {len(MIGRATIONS)} migrations committed)"
    articles = db.count("articles")
    if articles == 0 and db.count("errors") == 0:
        return "before the first batch was committed"
    if articles < len(corpus.articles):
        return f"mid-ingest ({articles} of {len(corpus.articles)} articles committed)"
    if not fold:
        return "after the last batch (no folding)"
    if db.count("story_members") < articles:
        return "while folding (no story committed)"
    if db.count("storyline_members") < db.count("stories"):
        return "while linking storylines"
    return "at the very end (everything committed)"


# Rows that point at nothing, or that nothing points at where something must: none, ever. (Declared
# foreign keys are checked by the engines too; origins, copies, speakers and storylines have none.)
ORPHANS = {
    "articles without their raw text": "SELECT count(*) FROM articles a WHERE a.raw_id NOT IN (SELECT id FROM raw_docs)",
    "origins of no article": "SELECT count(*) FROM origins o WHERE o.article_id NOT IN (SELECT id FROM articles)",
    "origins without raw text": "SELECT count(*) FROM origins o WHERE o.raw_id NOT IN (SELECT id FROM raw_docs)",
    "raw texts no origin read": "SELECT count(*) FROM raw_docs r WHERE r.id NOT IN (SELECT raw_id FROM origins)",
    "copies of a missing article": """SELECT count(*) FROM articles a WHERE a.duplicate_of IS NOT NULL
                                      AND a.duplicate_of NOT IN (SELECT id FROM articles)""",
    "quotes of no article": "SELECT count(*) FROM quotes q WHERE q.article_id NOT IN (SELECT id FROM articles)",
    "quotes of an unknown speaker": """SELECT count(*) FROM quotes q WHERE q.speaker_id IS NOT NULL
                                       AND q.speaker_id NOT IN (SELECT id FROM speakers)""",
    "speakers nobody quoted": "SELECT count(*) FROM speakers s WHERE s.id NOT IN (SELECT speaker_id FROM quotes "
                              "WHERE speaker_id IS NOT NULL)",
    "quote numbers with gaps": """SELECT count(*) FROM (SELECT article_id FROM quotes GROUP BY article_id
                                  HAVING max(idx) + 1 <> count(*)) AS gaps""",
    "story members that are no article": """SELECT count(*) FROM story_members m
                                            WHERE m.article_id NOT IN (SELECT id FROM articles)""",
    "story members of no story": "SELECT count(*) FROM story_members m WHERE m.story_id NOT IN (SELECT id FROM stories)",
    "stories without a member": "SELECT count(*) FROM stories s WHERE s.id NOT IN (SELECT story_id FROM story_members)",
    "storyline members of no story": """SELECT count(*) FROM storyline_members l
                                        WHERE l.story_id NOT IN (SELECT id FROM stories)""",
    "storyline members of no storyline": """SELECT count(*) FROM storyline_members l
                                            WHERE l.storyline_id NOT IN (SELECT id FROM storylines)""",
    "storylines without a story": """SELECT count(*) FROM storylines l
                                     WHERE l.id NOT IN (SELECT storyline_id FROM storyline_members)""",
}


def check_consistent(db: StoreReader, corpus: Corpus, complete: bool) -> None:
    """Invariants any store must keep, killed or not; with ``complete``, also that nothing is missing."""
    if db.count("migrations") < len(MIGRATIONS):  # killed while opening the store: it holds no data yet
        assert not complete
        if db.has("articles"):
            assert db.count("articles") == db.count("errors") == 0
        return
    db.engine_check()
    orphans = {what: n for what, sql in ORPHANS.items() if (n := db.one(sql))}
    assert orphans == {}, "rows pointing at nothing"

    rows = db.rows("SELECT a.origin, a.raw_id, a.duplicate_of, r.text FROM articles a JOIN raw_docs r ON r.id = a.raw_id")
    names = [Path(r["origin"]).name for r in rows]
    assert len(names) == len(set(names)), "an input article is stored twice"
    for r, name in zip(rows, names):
        assert name in corpus.articles, f"{name} should not be an article"
        assert r["text"] == corpus.articles[name] and r["raw_id"] == content_hash(r["text"])
    origins = db.rows("SELECT origin, count(*) FROM origins GROUP BY origin")
    assert sorted(Path(o).name for o, n in origins if n == 1) == sorted(names)
    if not db.postgres:  # SQLite numbers arrivals without gaps, across kills too (see snapshot())
        assert [r[0] for r in db.rows("SELECT seq FROM articles ORDER BY seq")] == list(range(1, len(rows) + 1))
    # Each original's terms are counted with it, in the same batch: a torn batch would show here.
    originals = sum(r["duplicate_of"] is None for r in rows)
    assert db.one("SELECT coalesce(max(value), 0) FROM counters WHERE name = 'docs'") == originals
    assert db.one("SELECT count(*) FROM term_df WHERE df < 1 OR df > ?", originals) == 0

    errors = db.rows("SELECT origin, stage, reason FROM errors")
    for e in errors:
        name = Path(e["origin"]).name
        if e["stage"] == "decode":  # a warning, written with its article
            assert name in names and e["reason"].startswith("warning: not UTF-8")
        else:
            assert name in corpus.rejected, f"unexpected error {tuple(e)}"
    # Every item, rejected or warned about, has its error once however often it was read.
    times = Counter(Path(e["origin"]).name for e in errors)
    assert {name: n for name, n in times.items() if n > 1} == {}, "an item's error is recorded more than once"

    folded = db.count("story_members")
    if folded:
        # Folding commits all the articles waiting (fewer than its 500-article chunk) at once.
        assert folded == len(names)
    if complete:
        assert sorted(names) == sorted(corpus.articles), "an input article is missing"
        assert {name for name, n in times.items() if name not in names} == corpus.rejected
        if folded:
            assert db.count("storyline_members") == db.count("stories")


SNAPSHOT = {
    "articles": """SELECT seq, origin, id, raw_id, duplicate_of, title, outlet, published, language, body,
                          paragraphs, removed, body_key, signature FROM articles ORDER BY seq""",
    "raw_docs": "SELECT id, text, meta FROM raw_docs ORDER BY id",
    "origins": "SELECT origin, raw_id, article_id FROM origins ORDER BY origin, raw_id",
    "quotes": """SELECT article_id, idx, text, kind, speaker, speaker_id, cue, paragraph, start, "end"
                 FROM quotes ORDER BY article_id, idx""",
    "speakers": "SELECT id, name, surname FROM speakers ORDER BY id",
    "term_df": "SELECT term, df FROM term_df ORDER BY term",
    "counters": "SELECT name, value FROM counters ORDER BY name",
    "line_counts": "SELECT site, key, docs FROM line_counts ORDER BY site, key",
    "errors": "SELECT origin, stage, reason FROM errors ORDER BY origin, stage, reason",
    "stories": "SELECT id, title, seed_seq, first_published, last_published, state, active FROM stories ORDER BY id",
    "story_members": "SELECT article_id, story_id, similarity, why FROM story_members ORDER BY article_id",
    "storylines": "SELECT id, title, state FROM storylines ORDER BY id",
    "storyline_members": "SELECT story_id, storyline_id, similarity, why FROM storyline_members ORDER BY story_id",
}


FOLD_PARTS = frozenset({"stories", "story_members", "storylines", "storyline_members"})


def snapshot(db: StoreReader) -> dict[str, list[tuple]]:
    """Everything ingest and fold write, in a canonical order.

    Arrival numbers (``seq``) appear as ranks, 1 for the first article stored: on PostgreSQL a
    batch the kill rolled back has used up its numbers (sequences are not transactional), so a
    resumed store numbers the same articles, in the same order, with gaps. On SQLite there are
    none: the ranks are the numbers.
    """
    got = {part: [tuple(r) for r in db.rows(sql)] for part, sql in SNAPSHOT.items()}
    rank = {row[0]: i for i, row in enumerate(got["articles"], 1)}
    got["articles"] = [(rank[row[0]], *row[1:]) for row in got["articles"]]
    got["stories"] = [(sid, title, rank[seed], first, last, _ranked_state(state, rank), active)
                      for sid, title, seed, first, last, state, active in got["stories"]]
    return got


def _ranked_state(state: str, rank: dict[int, int]) -> dict:
    """A story's clustering state with the arrival number of its latest member as a rank."""
    value = json.loads(state)
    if "seq" in value:
        value["seq"] = rank[value["seq"]]
    return value


"""Crash safety (issue 8, item 1): `newsfold ingest` killed with SIGKILL at seeded random
points, then run again, leaves the store exactly as one uninterrupted run would.

The corpus: 100 generated articles (distinct, on eight topics, with quotes) plus an exact
copy, a cp1252 file (kept with a warning), three files that are rejected, and a JSONL dump
of four articles and two bad rows. Each trial
starts `newsfold ingest --batch-size 8` on a fresh store, waits for a seeded number of its
progress events (one per committed batch, printed when stderr is a terminal, so the
command runs on a pty) plus a seeded delay of up to 0.25 s, kills it with SIGKILL, and
runs the same command again to completion. Kill points so span: opening and migrating the
store, every batch boundary and the middle of batches, folding, linking storylines, and
after the end. Most trials fold (the full pipeline: clean, dedup, quotes, fold); a third
run with --no-fold.

After the resumed run the store must pass SQLite's and FTS5's integrity checks and hold
exactly what a reference run (never killed) holds: every input article once, with its
raw text, quotes, dedup links, term counts, distinct errors and, when folding, the same
stories and storylines.

Most trials fork the test process and run the command's own entry point
(``newsfold.cli.main``) in the child: the child is a separate process killed with
SIGKILL like any other, but skips the ~2 s of imports and model loading that a fresh
interpreter pays, which keeps 24 trials affordable. Two trials run the installed
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
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsfold.cli import main as cli_main
from newsfold.records import content_hash
from newsfold.run import IngestOptions, ingest
from newsfold.sources.decode import decode_text
from newsfold.store import open_store

if not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"):
    pytest.skip("needs fork, SIGKILL and pseudo-terminals (POSIX)", allow_module_level=True)
import pty  # noqa: E402  (POSIX only)

SEED = 8
ARTICLES = 100
BATCH = 8
TRIALS = 24
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
    """Snapshots of an uninterrupted run, folding and not; the run also loads every model in
    this process before the trials fork it."""
    db = tmp_path_factory.mktemp("reference") / "ref.db"
    with open_store(db) as store:
        summary = ingest([str(corpus.folder)], store, IngestOptions(batch_size=BATCH))
    assert summary.added == len(corpus.articles) and summary.errors == len(corpus.rejected)
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

    def __str__(self) -> str:
        how = ("exec" if self.fresh_process else "fork") + ("-pool" if self.workers > 1 else "")
        return f"t{self.number:02d}-{how}-{'fold' if self.fold else 'nofold'}-after{self.events}+{self.delay * 1000:.0f}ms"


def trials(total_batches: int) -> list[Trial]:
    rng = random.Random(SEED)
    out = []
    for n in range(TRIALS):
        fold = n % 3 != 2
        if n % 6 == 0:
            events = 0  # while the store is opened, migrated and the first batch written
        elif fold and n % 4 == 1:
            events = total_batches  # every batch in: the kill lands in folding, linking or after
        else:
            events = rng.randint(1, total_batches - 1)
        out.append(Trial(n, fold, events, round(rng.uniform(0, 0.25), 3), n in EXEC_TRIALS,
                         2 if n in POOL_TRIALS else 1))
    return out


# Items read: the articles, a copy, a cp1252 file, three rejected files, a dump of six rows.
TOTAL_BATCHES = -(-(ARTICLES + 5 + 6) // BATCH)


@pytest.mark.parametrize("trial", trials(TOTAL_BATCHES), ids=str)
def test_killed_ingest_resumes_to_the_same_store(trial, corpus, reference, tmp_path):
    assert -(-corpus.records // BATCH) == TOTAL_BATCHES
    db = tmp_path / "crash.db"
    args = ["ingest", str(corpus.folder), "--db", str(db), "--batch-size", str(BATCH)]
    if not trial.fold:
        args.append("--no-fold")
    if trial.workers > 1:
        args += ["--workers", str(trial.workers)]

    seen_events, finished = run_and_kill(args, trial)
    where = kill_point(db, corpus, trial.fold, finished)
    print(f"{trial}: {seen_events} progress events, killed {where}")
    assert seen_events >= trial.events
    landed = count_rows(db, "articles")
    check_consistent(db, corpus, complete=False)  # what the kill left is consistent too

    resumed = CliRunner().invoke(cli_main, args)
    assert resumed.exit_code == 0, resumed.output
    numbers = {k: int(v) for k, v in re.findall(r"\b(added|unchanged|errors) (\d+)", resumed.output)}
    assert numbers["added"] == len(corpus.articles) - landed  # what had landed is skipped, nothing twice
    assert numbers["unchanged"] == landed
    assert numbers["errors"] == len(corpus.rejected)

    check_consistent(db, corpus, complete=True)
    got, want = snapshot(db), reference[trial.fold]
    for part in want:
        assert got[part] == want[part], f"{part} differs from an uninterrupted run"


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


def connect(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None)
    con.row_factory = sqlite3.Row
    return con


def count_rows(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    con = connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # killed before the table was created
        return 0
    finally:
        con.close()


def kill_point(db: Path, corpus: Corpus, fold: bool, finished: bool) -> str:
    """Where the kill landed, read from what it left behind."""
    if finished:
        return "after the run had finished"
    if count_rows(db, "migrations") == 0:
        return "before the store was migrated"
    articles = count_rows(db, "articles")
    if articles == 0 and count_rows(db, "errors") == 0:
        return "before the first batch was committed"
    if articles < len(corpus.articles):
        return f"mid-ingest ({articles} of {len(corpus.articles)} articles committed)"
    if not fold:
        return "after the last batch (no folding)"
    if count_rows(db, "story_members") < articles:
        return "while folding (no story committed)"
    if count_rows(db, "storyline_members") < count_rows(db, "stories"):
        return "while linking storylines"
    return "at the very end (everything committed)"


def check_consistent(db: Path, corpus: Corpus, complete: bool) -> None:
    """Invariants any store must keep, killed or not; with ``complete``, also that nothing is missing."""
    if not db.exists():
        assert not complete
        return
    con = sqlite3.connect(db, isolation_level=None)
    con.row_factory = sqlite3.Row
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name='articles'").fetchone():
            assert not complete
            return
        assert [r[0] for r in con.execute("PRAGMA integrity_check")] == ["ok"]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        # FTS5: the index agrees with the articles it indexes (raises "malformed" otherwise).
        con.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")

        rows = con.execute("SELECT a.origin, a.raw_id, r.text FROM articles a JOIN raw_docs r ON r.id = a.raw_id").fetchall()
        names = [Path(r["origin"]).name for r in rows]
        assert len(names) == len(set(names)), "an input article is stored twice"
        for r, name in zip(rows, names):
            assert name in corpus.articles, f"{name} should not be an article"
            assert r["text"] == corpus.articles[name] and r["raw_id"] == content_hash(r["text"])
        origins = con.execute("SELECT origin, count(*) FROM origins GROUP BY origin").fetchall()
        assert sorted(Path(o).name for o, n in origins if n == 1) == sorted(names)
        assert con.execute("SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0] == 0

        errors = con.execute("SELECT origin, stage, reason FROM errors").fetchall()
        for e in errors:
            name = Path(e["origin"]).name
            if e["stage"] == "decode":  # a warning, written with its article: exactly once
                assert name in names and e["reason"].startswith("warning: not UTF-8")
            else:
                assert name in corpus.rejected, f"unexpected error {tuple(e)}"
        warnings = [Path(e["origin"]).name for e in errors if e["stage"] == "decode"]
        assert len(warnings) == len(set(warnings))

        folded = con.execute("SELECT count(*) FROM story_members").fetchone()[0]
        if folded:
            # Folding commits all the articles waiting (fewer than its 500-article chunk) at once.
            assert folded == len(names)
            assert con.execute("""SELECT count(*) FROM stories s WHERE NOT EXISTS
                                  (SELECT 1 FROM story_members m WHERE m.story_id = s.id)""").fetchone()[0] == 0
        if complete:
            assert sorted(names) == sorted(corpus.articles), "an input article is missing"
            assert {Path(e["origin"]).name for e in errors if e["stage"] != "decode"} == corpus.rejected
            if folded:
                linked = con.execute("SELECT count(*) FROM storyline_members").fetchone()[0]
                assert linked == con.execute("SELECT count(*) FROM stories").fetchone()[0]
    finally:
        con.close()


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
    "errors": "SELECT DISTINCT origin, stage, reason FROM errors ORDER BY origin, stage, reason",
    "stories": "SELECT id, title, seed_seq, first_published, last_published, state, active FROM stories ORDER BY id",
    "story_members": "SELECT article_id, story_id, similarity, why FROM story_members ORDER BY article_id",
    "storylines": "SELECT id, title, state FROM storylines ORDER BY id",
    "storyline_members": "SELECT story_id, storyline_id, similarity, why FROM storyline_members ORDER BY story_id",
}


FOLD_PARTS = frozenset({"stories", "story_members", "storylines", "storyline_members"})


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Everything ingest and fold write, in a canonical order (errors: each distinct one)."""
    con = connect(db)
    try:
        return {part: [tuple(r) for r in con.execute(sql)] for part, sql in SNAPSHOT.items()}
    finally:
        con.close()

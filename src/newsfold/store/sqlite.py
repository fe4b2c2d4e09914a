"""The embedded SQLite store (WAL, FTS5).

One file holds everything: the raw input (so every stage can be re-run), the
cleaned articles, quotes, stories and storylines with the reasons for each
membership, per-item ingest errors, and the clustering state. Writes happen in
explicit transactions (:meth:`SQLiteStore.transaction`); a killed run loses at
most the batch it was writing, and re-running it is a no-op for what landed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import NotFound, StoreError
from ..records import Article, DateEvidence, Paragraph, Quote, RawDoc, RemovedLine
from .migrations import MIGRATIONS


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class FoldStateMixin:
    """Reading and writing the clustering index: stories, storylines, term frequencies."""

    db: sqlite3.Connection

    def bump_df(self, terms: set[str]) -> None:
        self.db.executemany(
            "INSERT INTO term_df VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1", [(t,) for t in terms]
        )
        self.db.execute(
            "INSERT INTO counters VALUES ('docs', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1"
        )

    def df(self, terms: set[str]) -> tuple[dict[str, int], int]:
        """Document frequencies of ``terms`` and the number of documents counted."""
        out = dict(_select_in(self.db, "SELECT term, df FROM term_df WHERE term IN ({marks})", (), terms))
        row = self.db.execute("SELECT value FROM counters WHERE name='docs'").fetchone()
        return out, (row[0] if row else 0)

    def unfolded_seqs(self) -> list[int]:
        """Arrival numbers of the articles not yet in a story, in order."""
        return [r[0] for r in self.db.execute(
            """SELECT a.seq FROM articles a LEFT JOIN story_members m ON m.article_id = a.id
               WHERE m.article_id IS NULL ORDER BY a.seq"""
        )]

    def articles_by_seq(self, seqs: list[int]) -> list[sqlite3.Row]:
        rows = _select_in(self.db, "SELECT * FROM articles WHERE seq IN ({marks})", (), seqs)
        return sorted(rows, key=lambda r: r["seq"])

    def active_stories(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM stories WHERE active = 1 ORDER BY seed_seq").fetchall()

    def story_quotes(self, story_id: str) -> list[sqlite3.Row]:
        return self.db.execute(
            """SELECT q.* FROM quotes q JOIN story_members m ON m.article_id = q.article_id
               WHERE m.story_id = ? ORDER BY q.article_id, q.idx""",
            (story_id,),
        ).fetchall()

    def save_story(self, sid: str, title: str, seed_seq: int, first: str | None, last: str | None, state: dict) -> None:
        self.db.execute(
            """INSERT INTO stories (id, title, seed_seq, first_published, last_published, state, active)
               VALUES (?,?,?,?,?,?,1)
               ON CONFLICT(id) DO UPDATE SET first_published=excluded.first_published,
                   last_published=excluded.last_published, state=excluded.state, active=1""",
            (sid, title, seed_seq, first, last, _dumps(state)),
        )

    def retire_stories(self, keep: set[str]) -> None:
        """Mark every active story not in ``keep`` as retired (it takes no new members)."""
        for row in self.db.execute("SELECT id FROM stories WHERE active = 1").fetchall():
            if row[0] not in keep:
                self.db.execute("UPDATE stories SET active = 0 WHERE id = ?", (row[0],))

    def add_member(self, article_id: str, story_id: str, similarity: float, why: dict) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO story_members VALUES (?,?,?,?)", (article_id, story_id, similarity, _dumps(why))
        )

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def stories_without_storyline(self) -> list[sqlite3.Row]:
        return self.db.execute(
            """SELECT s.* FROM stories s LEFT JOIN storyline_members l ON l.story_id = s.id
               WHERE l.story_id IS NULL ORDER BY s.seed_seq"""
        ).fetchall()

    def storyline_states(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM storylines ORDER BY rowid").fetchall()

    def save_storyline(self, lid: str, title: str, state: dict) -> None:
        self.db.execute(
            "INSERT INTO storylines VALUES (?,?,?) ON CONFLICT(id) DO UPDATE SET state=excluded.state",
            (lid, title, _dumps(state)),
        )

    def add_storyline_member(self, story_id: str, storyline_id: str, similarity: float, why: list) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO storyline_members VALUES (?,?,?,?)", (story_id, storyline_id, similarity, _dumps(why))
        )


class SQLiteStore(FoldStateMixin):
    def __init__(self, path: str | Path):
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=10000")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    # -- plumbing -------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; return their names."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            # executescript would commit on its own; run statements inside our transaction.
            with self.transaction():
                for statement in _split_sql(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO migrations VALUES (?, ?)", (name, now()))
            applied.append(name)
        return applied

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM migrations ORDER BY name")]

    def _one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        return self.db.execute(sql, args).fetchone()

    def _all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        return self.db.execute(sql, args).fetchall()

    # -- ingest -----------------------------------------------------------------------

    def seen(self, origin: str, raw_id: str) -> str | None:
        """Article ID if this exact (origin, text) was ingested before."""
        row = self._one("SELECT article_id FROM origins WHERE origin=? AND raw_id=?", origin, raw_id)
        return row[0] if row else None

    def article_for_raw(self, raw_id: str) -> str | None:
        """ID of the first article cleaned from this exact raw text."""
        row = self._one("SELECT id FROM articles WHERE raw_id=? ORDER BY seq LIMIT 1", raw_id)
        return row[0] if row else None

    def add_raw(self, raw: RawDoc) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO raw_docs VALUES (?, ?, ?, ?)",
            (raw.content_id, raw.text, json.dumps(raw.meta, ensure_ascii=False, default=str), now()),
        )

    def add_article(self, a: Article, body_key: str, signature: bytes | None = None) -> None:
        self.db.execute(
            """INSERT INTO articles (id, raw_id, origin, title, outlet, wire, byline, dateline, published,
                   language, standfirst, aggregator, body, paragraphs, removed, date_evidence, meta,
                   duplicate_of, body_key, signature, ingested_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                a.id, a.raw_id, a.origin, a.title, a.outlet, a.wire, a.byline, a.dateline, a.published,
                a.language, a.standfirst, a.aggregator, a.body,
                _dumps([[p.text, p.line, p.start] for p in a.paragraphs]),
                _dumps([[r.line, r.text, r.reason] for r in a.removed]),
                _dumps([[e.kind, e.text, e.value] for e in a.date_evidence]),
                _dumps(a.meta), a.duplicate_of, body_key, signature, now(),
            ),
        )

    def add_origin(self, origin: str, raw_id: str, article_id: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO origins VALUES (?, ?, ?)", (origin, raw_id, article_id))

    def add_error(self, origin: str, stage: str, reason: str) -> None:
        self.db.execute("INSERT INTO errors (origin, stage, reason, at) VALUES (?,?,?,?)", (origin, stage, reason, now()))

    def replace_quotes(self, article_id: str, quotes: list[Quote]) -> None:
        self.db.execute("DELETE FROM quotes WHERE article_id=?", (article_id,))
        self.db.executemany(
            """INSERT INTO quotes (article_id, idx, text, kind, speaker, speaker_mention, cue, paragraph, start, end,
                   cue_start, cue_end, speaker_start, speaker_end, speaker_id)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            [
                (article_id, i, q.text, q.kind, q.speaker, q.speaker_mention, q.cue, q.paragraph, q.start, q.end,
                 *(q.cue_span or (None, None)), *(q.speaker_span or (None, None)), q.speaker_id)
                for i, q in enumerate(quotes)
            ],
        )

    def speaker_id(self, name: str) -> str:
        """The store-wide ID of a speaker name, registering it if new.

        A full name gets the slug of itself. A lone surname ("Peskov") joins
        the one known speaker with that surname, if exactly one is known;
        otherwise it stands for itself until a full name claims it.
        """
        tokens = name.split()
        surname = tokens[-1].casefold() if tokens else ""
        if len(tokens) == 1:
            rows = self._all("SELECT id FROM speakers WHERE surname = ? AND name LIKE '% %'", surname)
            if len(rows) == 1:
                return rows[0][0]
        sid = slug(name)
        self.db.execute("INSERT OR IGNORE INTO speakers VALUES (?, ?, ?)", (sid, name, surname))
        return sid

    # -- site line repetition --------------------------------------------------------

    def count_lines(self, site: str, keys: set[str]) -> None:
        self.db.executemany(
            "INSERT INTO line_counts VALUES (?, ?, 1) ON CONFLICT(site, key) DO UPDATE SET docs = docs + 1",
            [(site, k) for k in keys],
        )

    def repeated_lines(self, site: str, keys: set[str], min_docs: int) -> frozenset[str]:
        sql = "SELECT key FROM line_counts WHERE site=? AND docs>=? AND key IN ({marks})"
        return frozenset(r[0] for r in _select_in(self.db, sql, (site, min_docs), keys))

    # -- reading ----------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {"articles", "raw_docs", "quotes", "stories", "storylines", "errors"}:
            raise ValueError(table)
        return self._one(f"SELECT count(*) FROM {table}")[0]

    def raw_text(self, raw_id: str) -> str:
        row = self._one("SELECT text FROM raw_docs WHERE id=?", raw_id)
        if row is None:
            raise NotFound(f"no raw document {raw_id}")
        return row[0]

    def article(self, article_id: str) -> Article:
        row = self._one("SELECT * FROM articles WHERE id=? OR id LIKE ? ORDER BY seq LIMIT 2", article_id, article_id + "%")
        if row is None:
            raise NotFound(f"no article {article_id}")
        return row_to_article(row)

    def articles(self, include_duplicates: bool = True) -> Iterator[Article]:
        sql = "SELECT * FROM articles" + ("" if include_duplicates else " WHERE duplicate_of IS NULL") + " ORDER BY seq"
        for row in self.db.execute(sql):
            yield row_to_article(row)

    def article_rows(self, sql_where: str = "1", *args: Any) -> list[sqlite3.Row]:
        return self._all(f"SELECT * FROM articles WHERE {sql_where} ORDER BY seq", *args)

    def signatures(self) -> list[tuple[str, bytes, str]]:
        """(ID, MinHash bytes, body key) of every original article, oldest first."""
        return self.db.execute(
            "SELECT id, signature, body_key FROM articles WHERE duplicate_of IS NULL ORDER BY seq"
        ).fetchall()

    def quotes(self, article_id: str | None = None, speaker: str | None = None) -> list[Quote]:
        sql, args = "SELECT q.* FROM quotes q JOIN articles a ON a.id=q.article_id WHERE 1", []
        if article_id:
            sql += " AND q.article_id=?"
            args.append(article_id)
        if speaker:
            sql += " AND (q.speaker LIKE ? OR q.speaker LIKE ? OR q.speaker_id = ?)"
            args += [speaker, f"% {speaker}", slug(speaker)]
        sql += " ORDER BY a.seq, q.idx"
        return [row_to_quote(r) for r in self._all(sql, *args)]

    def errors(self) -> list[sqlite3.Row]:
        return self._all("SELECT * FROM errors ORDER BY id")

    def search(self, query: str, limit: int = 20) -> list[sqlite3.Row]:
        """Full-text search (FTS5, porter stemming) over titles and bodies, best first."""
        try:
            return self._all(
                """SELECT a.id, a.title, a.outlet, a.published,
                          snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet, bm25(articles_fts) AS rank
                   FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
                   WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?""",
                fts_query(query), limit,
            )
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc


def _select_in(db: sqlite3.Connection, sql: str, args: tuple, values: Iterable[str], chunk: int = 500) -> list:
    """Rows of ``sql`` whose ``IN ({marks})`` runs over ``values``, in chunks under SQLite's variable limit."""
    values = list(values)
    rows: list = []
    for i in range(0, len(values), chunk):
        part = values[i : i + chunk]
        rows += db.execute(sql.format(marks=",".join("?" * len(part))), (*args, *part)).fetchall()
    return rows


def fts_query(text: str) -> str:
    """User words -> an FTS5 query of quoted terms (so punctuation cannot break the syntax)."""
    terms = [t.replace('"', '""') for t in text.split() if t.strip()]
    return " ".join(f'"{t}"' for t in terms) or '""'


def slug(name: str) -> str:
    """'Dmitry Peskov' -> 'dmitry-peskov' (letters of any script kept)."""
    import re

    return "-".join(re.findall(r"\w+", name.casefold())) or "unknown"


def row_to_quote(r: sqlite3.Row) -> Quote:
    keys = r.keys()

    def span(a: str, b: str) -> tuple[int, int] | None:
        return (r[a], r[b]) if a in keys and r[a] is not None else None

    return Quote(
        r["article_id"], r["text"], r["kind"], r["speaker"], r["speaker_mention"], r["cue"], r["paragraph"],
        r["start"], r["end"], span("cue_start", "cue_end"), span("speaker_start", "speaker_end"),
        r["speaker_id"] if "speaker_id" in keys else None,
    )


def row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], raw_id=row["raw_id"], origin=row["origin"], title=row["title"], outlet=row["outlet"],
        wire=row["wire"], byline=row["byline"], dateline=row["dateline"], published=row["published"],
        language=row["language"],
        paragraphs=tuple(Paragraph(*p) for p in json.loads(row["paragraphs"])),
        removed=tuple(RemovedLine(*r) for r in json.loads(row["removed"])),
        date_evidence=tuple(DateEvidence(*e) for e in json.loads(row["date_evidence"])),
        standfirst=row["standfirst"], aggregator=row["aggregator"], meta=json.loads(row["meta"]),
        duplicate_of=row["duplicate_of"],
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    statements, buf = [], []
    for line in script.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        buf.append(line)
        joined = "\n".join(buf).strip()
        if sqlite3.complete_statement(joined):
            statements.append(joined)
            buf = []
    if buf:
        statements.append("\n".join(buf))
    return statements


"""The embedded SQLite store (WAL, FTS5).

One file holds everything: the raw input (so every stage can be re-run), the
cleaned articles, quotes, stories and storylines with the reasons for each
membership, per-item ingest errors, and the clustering state. Writes happen in
explicit transactions (:meth:`SQLiteStore.transaction`); a killed run loses at
most the batch it was writing, and re-running it is a no-op for what landed.

The operations themselves are shared with PostgreSQL (``base.Store``); this
module holds what is SQLite's own: opening the file, transactions, migrations
and FTS5 search.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from .base import SEARCH_WINDOW, Store
from .commits import SQLiteCommitCounter
from .foldstate import FoldStateMixin
from .migrations import MIGRATIONS
from .rows import now, row_to_article, row_to_quote, slug

# Re-exported: callers import these from here.
__all__ = ["SQLiteStore", "FoldStateMixin", "fts_query", "now", "row_to_article", "row_to_quote", "slug"]


class SQLiteStore(Store):
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

    def commit_counter(self) -> SQLiteCommitCounter:
        return SQLiteCommitCounter(self.path)

    def files(self) -> set[str]:
        if self.path == ":memory:":
            return set()
        base = str(Path(self.path).resolve())
        return {base + suffix for suffix in ("", "-wal", "-shm", "-journal")}

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

    # -- full-text search -------------------------------------------------------------

    def search(self, query: str, limit: int = 20, *, marks: tuple[str, str] = ("[", "]"),
               snippet_words: int = 12, window: int = SEARCH_WINDOW) -> list[sqlite3.Row]:
        """Full-text search (FTS5, porter stemming) over titles and bodies, best first (Store.search)."""
        match = fts_query(query)
        try:
            # FTS5 walks a doclist backwards and stops: where the newest ``window`` matches begin.
            oldest = self._one("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                               "ORDER BY rowid DESC LIMIT 1 OFFSET ?", match, max(int(window), 1) - 1)
            # Ordering by FTS5's own rank column lets FTS5 sort, so snippets are made for the
            # page alone (ordering by a bm25() expression makes one for every match).
            return self._all(
                """SELECT a.id, a.title, a.outlet, a.published, m.story_id,
                          snippet(articles_fts, 1, ?, ?, ' … ', ?) AS snippet, articles_fts.rank AS rank
                   FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
                   LEFT JOIN story_members m ON m.article_id = a.id
                   WHERE articles_fts MATCH ? AND articles_fts.rowid >= ? ORDER BY articles_fts.rank LIMIT ?""",
                marks[0], marks[1], snippet_words, match, oldest[0] if oldest else 0, limit,
            )
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc


def fts_query(text: str) -> str:
    """User words -> an FTS5 query of quoted terms (so punctuation cannot break the syntax).

    A NUL would end FTS5's string early ("unterminated string"): it separates words instead.
    """
    terms = [t.replace('"', '""') for t in text.replace("\x00", " ").split() if t.strip()]
    return " ".join(f'"{t}"' for t in terms) or '""'


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

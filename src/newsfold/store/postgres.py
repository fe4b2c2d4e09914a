"""The PostgreSQL store (psycopg 3): the same interface and data as the SQLite store, on a server.

Opened by URL (``newsfold --db postgresql://user@host/dbname ...``). Every
operation in ``base.Store`` runs here with the same SQL, through the adapter in
``pgsql``; this module holds what PostgreSQL does its own way:

- transactions: ``transaction()`` takes a database-wide writer lock (an advisory
  lock), so concurrent writers queue batch by batch as they do on SQLite;
- migrations: the same names as SQLite's, recorded in the same ``migrations``
  table, each applied in its own transaction (``pgschema``);
- keys that are arbitrary user text (line keys, terms) are unique on their
  ``md5``, so the upserts name that target;
- full-text search: ``tsvector`` + GIN, English stemming, ``plainto_tsquery``
  (every word must match, no operator syntax: any user text is a valid query),
  ranked by ``ts_rank`` with titles weighted above bodies;
- reading every article streams in pages, so an export of a large archive does
  not load it into memory at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import StoreError
from ..records import Article
from . import pgschema
from .base import SEARCH_WINDOW, Store
from .commits import PostgresCommitCounter
from .rows import Row, now, row_to_article

try:
    import psycopg
    from psycopg import sql as pgsql_text

    from . import pgsql
except ImportError:  # an optional dependency: only a postgresql:// store needs it
    psycopg = None

_PAGE = 500


def redact(url: str) -> str:
    """The URL without its password, for messages and ``store.path``."""
    url = re.sub(r"(://[^:/@?]*:)[^@/?]*@", r"\1***@", url)
    return re.sub(r"(password=)[^&\s]*", r"\1***", url)


class PostgresStore(Store):
    def __init__(self, url: str):
        self.path = redact(url)
        self._url = url  # with its password, for the connections a commit counter opens
        if psycopg is None:
            raise StoreError("a postgresql:// store needs psycopg: pip install 'newsfold[postgres]'")
        try:
            raw = psycopg.connect(url, autocommit=True, row_factory=pgsql.row_factory, **_connect_defaults(url))
        except psycopg.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {_first_line(exc)}") from exc
        self.db = pgsql.Connection(raw)
        try:
            encoding = raw.info.parameter_status("server_encoding")
            if encoding != "UTF8":
                raise StoreError(f"cannot open store {self.path}: the database's encoding is {encoding}, not UTF8")
            self.migrate()
        except psycopg.Error as exc:
            self.close()
            raise StoreError(f"cannot open store {self.path}: {_first_line(exc)}") from exc
        except BaseException:
            self.close()
            raise

    # -- plumbing -------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def commit_counter(self) -> PostgresCommitCounter:
        return PostgresCommitCounter(self._url)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")  # BEGIN + the writer lock (pgsql)
        try:
            yield
        except BaseException:
            if not self.db.raw.closed:
                self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; return their names.

        Only a store that needs changes takes the writer lock, and it checks again
        under the lock: two processes opening a new database at once apply each
        migration once.
        """
        raw = self.db.raw
        done = set(self.applied_migrations()) if raw.execute("SELECT to_regclass('migrations')").fetchone()[0] else set()
        applied = []
        for name, statements in pgschema.PG_MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                raw.execute('CREATE TABLE IF NOT EXISTS migrations (name TEXT COLLATE "C" PRIMARY KEY, '
                            'applied_at TEXT COLLATE "C" NOT NULL)')
                if raw.execute("SELECT 1 FROM migrations WHERE name = %s", (name,)).fetchone():
                    continue
                for statement in statements:
                    raw.execute(statement)
                raw.execute("INSERT INTO migrations VALUES (%s, %s)", (name, now()))
            applied.append(name)
        self._ensure_compat()
        return applied

    def _ensure_compat(self) -> None:
        """(Re)define the SQLite functions the shared SQL uses, when missing or changed."""
        raw, version = self.db.raw, pgschema.compat_version()
        query = "SELECT obj_description(to_regprocedure(%s), 'pg_proc')"
        if raw.execute(query, (pgschema.VERSIONED_FUNCTION,)).fetchone()[0] == version:
            return
        with self.transaction():
            if raw.execute(query, (pgschema.VERSIONED_FUNCTION,)).fetchone()[0] == version:
                return
            for statement in pgschema.COMPAT:
                raw.execute(statement)
            raw.execute(pgsql_text.SQL("COMMENT ON FUNCTION {} IS {}").format(
                pgsql_text.SQL(pgschema.VERSIONED_FUNCTION), pgsql_text.Literal(version)))

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM migrations ORDER BY name")]

    # -- keys that are user text: unique on md5 (see pgschema) ---------------------------

    def bump_df(self, terms: set[str]) -> None:
        self.db.executemany(
            "INSERT INTO term_df VALUES (?, 1) ON CONFLICT (md5(term)) DO UPDATE SET df = term_df.df + 1",
            [(t,) for t in terms],
        )
        self._bump_docs()

    def df(self, terms: set[str]) -> tuple[dict[str, int], int]:
        rows = self._all(
            """SELECT term, df FROM term_df WHERE md5(term) = ANY(ARRAY(SELECT md5(t) FROM unnest(?::text[]) AS t))
               AND term = ANY(?::text[])""",
            list(terms), list(terms),
        ) if terms else []
        return {r[0]: r[1] for r in rows}, self._docs_counted()

    def count_lines(self, site: str, keys: set[str]) -> None:
        self.db.executemany(
            """INSERT INTO line_counts VALUES (?, ?, 1)
               ON CONFLICT (md5(site), md5(key)) DO UPDATE SET docs = line_counts.docs + 1""",
            [(site, k) for k in keys],
        )

    def repeated_lines(self, site: str, keys: set[str], min_docs: int) -> frozenset[str]:
        if not keys:
            return frozenset()
        rows = self._all(
            """SELECT key FROM line_counts WHERE md5(site) = md5(?) AND site = ? AND docs >= ?
               AND md5(key) = ANY(ARRAY(SELECT md5(k) FROM unnest(?::text[]) AS k)) AND key = ANY(?::text[])""",
            site, site, min_docs, list(keys), list(keys),
        )
        return frozenset(r[0] for r in rows)

    # -- reading ----------------------------------------------------------------------

    def articles(self, include_duplicates: bool = True) -> Iterator[Article]:
        """Every article in ingest order, read a page at a time (psycopg would buffer a whole result)."""
        where = "" if include_duplicates else " AND duplicate_of IS NULL"
        last = 0
        while True:
            rows = self._all(f"SELECT * FROM articles WHERE seq > ?{where} ORDER BY seq LIMIT ?", last, _PAGE)
            for row in rows:
                yield row_to_article(row)
            if len(rows) < _PAGE:
                return
            last = rows[-1]["seq"]

    def search(self, query: str, limit: int = 20, *, marks: tuple[str, str] = ("[", "]"),
               snippet_words: int = 12, window: int = SEARCH_WINDOW) -> list[Row]:
        """Full-text search (tsvector, English stemming) over titles and bodies, best first (Store.search)."""
        if not re.search(r"\w", query):
            return []
        if any('"' in m for m in marks):
            raise ValueError("search marks cannot contain a double quote")
        words = max(int(snippet_words), 2)
        options = (f'StartSel="{marks[0]}", StopSel="{marks[1]}", MaxWords={words}, MinWords={max(words // 2, 1)}, '
                   'MaxFragments=1, FragmentDelimiter=" … "')
        return self._all(
            """WITH q AS (SELECT plainto_tsquery('english', ?) AS query),
               newest AS (SELECT f.seq, f.doc FROM articles_fts f, q
                          WHERE f.doc @@ q.query ORDER BY f.seq DESC LIMIT ?),
               hits AS (SELECT n.seq, ts_rank(n.doc, q.query, 1)::float8 AS score FROM newest n, q
                        ORDER BY score DESC, n.seq LIMIT ?)
               SELECT a.id, a.title, a.outlet, a.published, m.story_id,
                      ts_headline('english', a.body, q.query, ?) AS snippet, -h.score AS rank
               FROM hits h JOIN articles a ON a.seq = h.seq CROSS JOIN q
               LEFT JOIN story_members m ON m.article_id = a.id
               ORDER BY h.score DESC, a.seq""",
            query, max(int(window), 1), limit, options,
        )


def _connect_defaults(url: str) -> dict[str, Any]:
    """Connection settings newsfold wants unless the URL says otherwise."""
    given = psycopg.conninfo.conninfo_to_dict(url)
    defaults = {"connect_timeout": 10, "application_name": "newsfold"}
    return {k: v for k, v in defaults.items() if k not in given}


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]

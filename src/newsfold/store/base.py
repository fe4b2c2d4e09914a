"""The store interface, and every operation both backends run with the same SQL.

``Store`` names what the pipeline, the read models and the front ends may call.
A backend supplies the connection (``db``: ``execute``/``executemany`` with
qmark ``?`` placeholders, rows readable by name and by index), transactions,
migrations and full-text search; everything else is written once, here and in
:class:`FoldStateMixin`, in SQL both SQLite and PostgreSQL (through
``pgsql``'s translation) run.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

from ..errors import NotFound
from ..records import Article, Quote, RawDoc
from .foldstate import FoldStateMixin
from .originals import StoredOriginals
from .rows import Row, dumps, now, row_to_article, row_to_quote, select_in, slug


class CommitCounter(Protocol):
    def current(self) -> Hashable: ...

    def close(self) -> None: ...


COUNTED_TABLES = frozenset({"articles", "raw_docs", "quotes", "stories", "storylines", "errors"})


# Ranking every match reads every posting of every query word: a word in 100,000 of a million
# articles costs a third of a second. A query ranks the newest SEARCH_WINDOW matches (arrival
# order), which is exact for any query with fewer matches and keeps a common word under ~20 ms
# at a million articles (bench/search.py); the news a reader wants is the recent kind.
SEARCH_WINDOW = 5000


class Store(FoldStateMixin, ABC):
    path: str  # a file path (SQLite) or a URL without its password (PostgreSQL)
    db: Any

    # -- what each backend provides -----------------------------------------------

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all; one writer at a time."""

    @abstractmethod
    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; return their names."""

    @abstractmethod
    def applied_migrations(self) -> list[str]: ...

    @abstractmethod
    def search(self, query: str, limit: int = 20, *, marks: tuple[str, str] = ("[", "]"),
               snippet_words: int = 12, window: int = SEARCH_WINDOW) -> list[Row]:
        """Full-text search over titles and bodies, best first among the newest ``window`` matches.

        Rows: id, title, outlet, published, story_id, snippet (hits between
        ``marks``) and rank (lower is better; ``-rank`` is a score).
        """

    @abstractmethod
    def commit_counter(self) -> CommitCounter:
        """A new counter whose ``current()`` changes whenever anyone commits to this store
        (``store.commits``); it holds its own connection, so keep one per store and ``close()`` it."""

    def files(self) -> set[str]:
        """Paths of the files holding the store (an ingest must never read them as input)."""
        return set()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _one(self, sql: str, *args: Any) -> Row | None:
        return self.db.execute(sql, args).fetchone()

    def _all(self, sql: str, *args: Any) -> list[Row]:
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
            "INSERT INTO raw_docs VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
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
                dumps([[p.text, p.line, p.start] for p in a.paragraphs]),
                dumps([[r.line, r.text, r.reason] for r in a.removed]),
                dumps([[e.kind, e.text, e.value] for e in a.date_evidence]),
                dumps(a.meta), a.duplicate_of, body_key, signature, now(),
            ),
        )

    def add_origin(self, origin: str, raw_id: str, article_id: str) -> None:
        self.db.execute("INSERT INTO origins VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (origin, raw_id, article_id))

    def add_error(self, origin: str, stage: str, reason: str) -> None:
        """Record why ``origin`` was rejected (or warned about) at ``stage``; the same error again
        (a resumed or repeated ingest reads the item again) keeps the one row, with its first time."""
        self.db.execute("INSERT INTO errors (origin, stage, reason, at) VALUES (?,?,?,?) ON CONFLICT DO NOTHING",
                        (origin, stage, reason, now()))

    def replace_quotes(self, article_id: str, quotes: list[Quote]) -> None:
        self.db.execute("DELETE FROM quotes WHERE article_id=?", (article_id,))
        self.db.executemany(
            """INSERT INTO quotes (article_id, idx, text, kind, speaker, speaker_mention, cue, paragraph, start, "end",
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
        self.db.execute("INSERT INTO speakers VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (sid, name, surname))
        return sid

    # -- site line repetition --------------------------------------------------------

    def count_lines(self, site: str, keys: set[str]) -> None:
        self.db.executemany(
            "INSERT INTO line_counts VALUES (?, ?, 1) ON CONFLICT(site, key) DO UPDATE SET docs = line_counts.docs + 1",
            [(site, k) for k in keys],
        )

    def repeated_lines(self, site: str, keys: set[str], min_docs: int) -> frozenset[str]:
        sql = "SELECT key FROM line_counts WHERE site=? AND docs>=? AND key IN ({marks})"
        return frozenset(r[0] for r in select_in(self.db, sql, (site, min_docs), keys))

    # -- reading ----------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in COUNTED_TABLES:
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

    def article_rows(self, sql_where: str = "1 = 1", *args: Any) -> list[Row]:
        return self._all(f"SELECT * FROM articles WHERE {sql_where} ORDER BY seq", *args)

    def signatures(self) -> StoredOriginals:
        """(ID, MinHash bytes, body key) of every original article, oldest first, with the lookups
        near-duplicate search rebuilds its bounded index from (store/originals.py)."""
        return StoredOriginals(self)

    def quotes(self, article_id: str | None = None, speaker: str | None = None) -> list[Quote]:
        sql, args = "SELECT q.* FROM quotes q JOIN articles a ON a.id=q.article_id WHERE 1 = 1", []
        if article_id:
            sql += " AND q.article_id=?"
            args.append(article_id)
        if speaker:
            sql += " AND (q.speaker LIKE ? OR q.speaker LIKE ? OR q.speaker_id = ?)"
            args += [speaker, f"% {speaker}", slug(speaker)]
        sql += " ORDER BY a.seq, q.idx"
        return [row_to_quote(r) for r in self._all(sql, *args)]

    def errors(self) -> list[Row]:
        return self._all("SELECT * FROM errors ORDER BY id")

    # -- article vectors (semantic search; newsfold.embed) ---------------------------------

    def articles_to_embed(self, model: str, after_seq: int = 0, limit: int = 64) -> list[Row]:
        """Originals (not copies) past ``after_seq`` with no vector of ``model`` yet, in ingest order:
        seq, id, origin, title, standfirst, paragraphs (JSON)."""
        return self._all(
            """SELECT a.seq, a.id, a.origin, a.title, a.standfirst, a.paragraphs FROM articles a
               WHERE a.duplicate_of IS NULL AND a.seq > ?
                 AND NOT EXISTS (SELECT 1 FROM article_vectors v WHERE v.article_id = a.id AND v.model = ?)
               ORDER BY a.seq LIMIT ?""",
            after_seq, model, limit,
        )

    def add_vectors(self, model: str, dim: int, vectors: list[tuple[str, bytes]]) -> None:
        """Store (article ID, ``dim`` little-endian float32) pairs; one replaces the article's old
        vector of ``model`` under a new ``seq``, so caches that read past their last seq see it."""
        for article_id, blob in vectors:
            if len(blob) != 4 * dim:
                raise ValueError(f"vector of {article_id} has {len(blob)} bytes, not {4 * dim}")
        self.db.executemany("DELETE FROM article_vectors WHERE article_id = ? AND model = ?",
                            [(a, model) for a, _ in vectors])
        self.db.executemany(
            "INSERT INTO article_vectors (article_id, model, dim, vector, created_at) VALUES (?, ?, ?, ?, ?)",
            [(a, model, dim, blob, now()) for a, blob in vectors],
        )

    def vector_rows(self, model: str, after_seq: int = 0, limit: int = 5000) -> list[Row]:
        """seq, article_id, dim, vector of ``model`` past ``after_seq``, in seq order."""
        return self._all(
            "SELECT seq, article_id, dim, vector FROM article_vectors WHERE model = ? AND seq > ? ORDER BY seq LIMIT ?",
            model, after_seq, limit,
        )

    def vector_stats(self, model: str) -> tuple[int, int]:
        """(how many vectors of ``model``, their highest seq or 0)."""
        row = self._one("SELECT count(*), coalesce(max(seq), 0) FROM article_vectors WHERE model = ?", model)
        return int(row[0]), int(row[1])

    def vector_models(self) -> list[Row]:
        """model, dim, vectors: what ``newsfold embed`` has stored, most vectors first."""
        return self._all("""SELECT model, max(dim) AS dim, count(*) AS vectors FROM article_vectors
                            GROUP BY model ORDER BY count(*) DESC, model""")

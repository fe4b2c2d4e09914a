"""Reading and writing the clustering index: stories, storylines, term frequencies.

One SQL text for both backends (PostgreSQL runs it through ``pgsql``'s
translation); the document-frequency table is the exception, see
``PostgresStore.bump_df``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .rows import Row, dumps, select_in


class FoldStateMixin:
    db: Any  # sqlite3.Connection or pgsql.Connection

    def bump_df(self, terms: set[str]) -> None:
        self.db.executemany(
            "INSERT INTO term_df VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = term_df.df + 1",
            [(t,) for t in terms],
        )
        self._bump_docs()

    def _bump_docs(self) -> None:
        self.db.execute(
            "INSERT INTO counters VALUES ('docs', 1) ON CONFLICT(name) DO UPDATE SET value = counters.value + 1"
        )

    def df(self, terms: set[str]) -> tuple[dict[str, int], int]:
        """Document frequencies of ``terms`` and the number of documents counted."""
        out = dict(select_in(self.db, "SELECT term, df FROM term_df WHERE term IN ({marks})", (), terms))
        return out, self._docs_counted()

    def _docs_counted(self) -> int:
        row = self.db.execute("SELECT value FROM counters WHERE name='docs'").fetchone()
        return row[0] if row else 0

    def unfolded_seqs(self, after: int | None = None, limit: int | None = None) -> list[int]:
        """Arrival numbers of the articles not yet in a story, in order: all of them, or (keyset
        paging, so that a fold of millions never holds them all) the first ``limit`` after ``after``."""
        return [r[0] for r in self.db.execute(
            """SELECT a.seq FROM articles a LEFT JOIN story_members m ON m.article_id = a.id
               WHERE m.article_id IS NULL AND a.seq > ? ORDER BY a.seq"""
            + (" LIMIT ?" if limit is not None else ""),
            (-1 if after is None else after, *(() if limit is None else (limit,))),
        )]

    def count_unfolded(self) -> int:
        return self.db.execute(
            """SELECT COUNT(*) FROM articles a LEFT JOIN story_members m ON m.article_id = a.id
               WHERE m.article_id IS NULL"""
        ).fetchone()[0]

    def articles_by_seq(self, seqs: list[int]) -> list[Row]:
        rows = select_in(self.db, "SELECT * FROM articles WHERE seq IN ({marks})", (), seqs)
        return sorted(rows, key=lambda r: r["seq"])

    def active_stories(self) -> list[Row]:
        return self.db.execute("SELECT * FROM stories WHERE active = 1 ORDER BY seed_seq").fetchall()

    def story_quotes(self, story_id: str) -> list[Row]:
        return self.db.execute(
            """SELECT q.* FROM quotes q JOIN story_members m ON m.article_id = q.article_id
               WHERE m.story_id = ? ORDER BY q.article_id, q.idx""",
            (story_id,),
        ).fetchall()

    def active_story_quotes(self) -> Iterator[Row]:
        """The quotes of every active story, each row with its ``story_id``: ``story_quotes`` of all of
        them in one query (one per story cost a big store seconds per fold run), grouped by story."""
        return iter(self.db.execute(
            """SELECT m.story_id AS story_id, q.* FROM stories s
               JOIN story_members m ON m.story_id = s.id JOIN quotes q ON q.article_id = m.article_id
               WHERE s.active = 1 ORDER BY m.story_id, q.article_id, q.idx"""
        ))

    def save_story(self, sid: str, title: str, seed_seq: int, first: str | None, last: str | None, state: dict) -> None:
        self.db.execute(
            """INSERT INTO stories (id, title, seed_seq, first_published, last_published, state, active)
               VALUES (?,?,?,?,?,?,1)
               ON CONFLICT(id) DO UPDATE SET first_published=excluded.first_published,
                   last_published=excluded.last_published, state=excluded.state, active=1""",
            (sid, title, seed_seq, first, last, dumps(state)),
        )

    def retire_stories(self, keep: set[str]) -> None:
        """Mark every active story not in ``keep`` as retired (it takes no new members)."""
        for row in self.db.execute("SELECT id FROM stories WHERE active = 1").fetchall():
            if row[0] not in keep:
                self.db.execute("UPDATE stories SET active = 0 WHERE id = ?", (row[0],))

    def add_member(self, article_id: str, story_id: str, similarity: float, why: dict) -> None:
        self.db.execute(
            """INSERT INTO story_members VALUES (?,?,?,?) ON CONFLICT(article_id) DO UPDATE
               SET story_id=excluded.story_id, similarity=excluded.similarity, why=excluded.why""",
            (article_id, story_id, similarity, dumps(why)),
        )

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def stories_without_storyline(self, after: int | None = None, limit: int | None = None) -> list[Row]:
        """Stories in no storyline by first article: all, or the first ``limit`` seeded after ``after``."""
        return self.db.execute(
            """SELECT s.* FROM stories s LEFT JOIN storyline_members l ON l.story_id = s.id
               WHERE l.story_id IS NULL AND s.seed_seq > ? ORDER BY s.seed_seq"""
            + (" LIMIT ?" if limit is not None else ""),
            (-1 if after is None else after, *(() if limit is None else (limit,))),
        ).fetchall()

    def storyline_states(self) -> Iterator[Row]:
        """Every storyline, in creation order, row by row (a caller keeps what it needs), with ``last``:
        the arrival number of its newest story's first article (how recently it was extended)."""
        return iter(self.db.execute(
            """SELECT l.*, (SELECT MAX(s.seed_seq) FROM storyline_members m JOIN stories s ON s.id = m.story_id
                            WHERE m.storyline_id = l.id) AS last
               FROM storylines l ORDER BY l.rowid"""
        ))

    def save_storyline(self, lid: str, title: str, state: dict) -> None:
        self.db.execute(
            "INSERT INTO storylines VALUES (?,?,?) ON CONFLICT(id) DO UPDATE SET state=excluded.state",
            (lid, title, dumps(state)),
        )

    def add_storyline_member(self, story_id: str, storyline_id: str, similarity: float, why: list) -> None:
        self.db.execute(
            """INSERT INTO storyline_members VALUES (?,?,?,?) ON CONFLICT(story_id) DO UPDATE
               SET storyline_id=excluded.storyline_id, similarity=excluded.similarity, why=excluded.why""",
            (story_id, storyline_id, similarity, dumps(why)),
        )

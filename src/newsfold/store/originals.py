"""Original articles as near-duplicate search reads them: signatures in arrival order, and exact keys.

The near-duplicate index (dedup/index.py) keeps only a window of the newest
originals in memory, so that its size does not grow with the store. Two
queries make that possible without losing copies:

* ``newest(n)``: the signatures of the newest ``n`` originals, oldest first,
  which is exactly the window an uninterrupted run holds at this point (a
  resumed run decides as an uninterrupted one);
* ``original_by_key(key)``: the earliest original with an exact body key,
  of any age, through the ``articles_body_key`` index both backends have
  had since their first migration (no schema change).

Iterating the object gives every original, oldest first, as rows streamed
from the cursor rather than one list of them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_COLUMNS = "id, signature, body_key"


class StoredOriginals:
    """(article ID, signature bytes, body key) of the originals (``duplicate_of IS NULL``) of a store."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def __iter__(self) -> Iterator[tuple[str, bytes | None, str]]:
        yield from self.store.db.execute(
            f"SELECT {_COLUMNS} FROM articles WHERE duplicate_of IS NULL ORDER BY seq")

    def newest(self, n: int) -> list[tuple[str, bytes | None, str]]:
        """The newest ``n`` originals, oldest first."""
        rows = self.store.db.execute(
            f"SELECT {_COLUMNS} FROM articles WHERE duplicate_of IS NULL ORDER BY seq DESC LIMIT ?", (n,)
        ).fetchall()
        rows.reverse()
        return rows

    def original_by_key(self, key: str) -> tuple[str, bytes | None] | None:
        """(ID, signature bytes) of the earliest original whose body has this exact key, or None."""
        row = self.store.db.execute(
            "SELECT id, signature FROM articles WHERE body_key=? AND duplicate_of IS NULL ORDER BY seq LIMIT 1",
            (key,),
        ).fetchone()
        return (row[0], row[1]) if row else None

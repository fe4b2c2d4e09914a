"""Storage behind one small interface (``Store``).

SQLite (WAL, FTS5) is the embedded default: a file path. PostgreSQL is the
server option: a ``postgresql://`` URL (needs ``pip install 'newsfold[postgres]'``).
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import Store
from .sqlite import SQLiteStore

__all__ = ["Store", "SQLiteStore", "open_store", "is_postgres_url", "DEFAULT_DB"]

DEFAULT_DB = "newsfold.db"


def is_postgres_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def open_store(target: str | Path = DEFAULT_DB) -> Store:
    """Open (creating and migrating as needed) the store at ``target``: a SQLite file path or a
    ``postgresql://`` URL."""
    if is_postgres_url(target):
        from .postgres import PostgresStore

        return PostgresStore(target)
    return SQLiteStore(os.fspath(target))

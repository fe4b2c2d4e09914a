"""Storage behind one small interface. SQLite (WAL, FTS5) is the embedded default."""

from __future__ import annotations

from pathlib import Path

from .sqlite import SQLiteStore

__all__ = ["SQLiteStore", "open_store", "DEFAULT_DB"]

DEFAULT_DB = "newsfold.db"


def open_store(path: str | Path = DEFAULT_DB) -> SQLiteStore:
    """Open (creating and migrating as needed) the store at ``path``."""
    return SQLiteStore(path)

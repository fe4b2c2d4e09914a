"""Commit counters: a cheap value that changes whenever anyone, in any process, commits a write.

Caches of read models (``api.memo``) keep a result while the counter stays the same. Each
counter holds a private connection (callers keep one per store and reuse it across requests)
and may be read from many threads.

- SQLite: ``PRAGMA data_version`` on the private connection changes whenever another
  connection commits to the file. Its value means something only to that connection, so a
  version is the pair (this counter's serial number, data_version).
- PostgreSQL: ``pg_current_snapshot()`` changes whenever a write transaction completes
  (its ``xmax`` is one past the highest completed transaction, its list the ones still
  running); read-only transactions take no transaction ID and leave it alone. It is
  cluster-wide, so writes to other databases of the server also change it: a cache renews
  a little more often than needed, never less.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections.abc import Hashable

_serials = itertools.count()


class SQLiteCommitCounter:
    def __init__(self, path: str):
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        self.serial = next(_serials)

    def current(self) -> Hashable:
        with self._lock:
            return self.serial, self._db.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        self._db.close()


class PostgresCommitCounter:
    def __init__(self, url: str):
        import psycopg

        self._db = psycopg.connect(url, autocommit=True)
        self._lock = threading.Lock()

    def current(self) -> Hashable:
        with self._lock:
            return self._db.execute("SELECT pg_current_snapshot()::text").fetchone()[0]

    def close(self) -> None:
        self._db.close()

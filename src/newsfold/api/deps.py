"""Per-app settings and the per-request store.

Each request opens its own SQLite connection (about 0.3 ms) and closes it when done: a
connection must not be shared by threads serving requests at the same time, and WAL lets
any number of these readers run beside the one writer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request

from ..store import SQLiteStore, open_store


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: str
    token: str | None = None
    ingest_root: str | None = None  # real path; None: ingest by path is off
    max_upload_bytes: int = 20_000_000
    write_lock: threading.Lock = field(default_factory=threading.Lock, compare=False)
    # Semantic search: an embedder to use (tests pass a fake); None: the bundled MiniLM when installed.
    embedder: Any = None

    def semantic_embedder(self) -> Any:
        """The embedder for semantic queries, or None when there is none to use."""
        if self.embedder is not None:
            return self.embedder
        from ..embed import default_embedder, minilm_installed

        return default_embedder() if minilm_installed() else None


def settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Iterator[SQLiteStore]:
    store = open_store(settings(request).db_path)
    try:
        yield store
    finally:
        store.close()


Store = Annotated[SQLiteStore, Depends(get_store)]

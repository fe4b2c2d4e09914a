"""Term weights handed from the ingest to the fold that follows it, so each article is weighed once.

The ingest weighs every original it stores (its terms count towards the
corpus document frequencies) and the fold, run once the ingest is done,
needs the same weights again. Holding them in memory would grow with the
run; recomputing them costs the fold's single process a third of a
millisecond an article. So the ingest appends them to an unnamed temporary
file, in storing order, and the fold, which visits the articles waiting for
a story in that same order, reads them back one after another.

Anything the spool does not hold (articles of an earlier, interrupted run;
copies; the articles past ``max_bytes``) is simply weighed again: the spool
saves time, it never changes a result.
"""

from __future__ import annotations

import marshal
import struct
import tempfile
from typing import BinaryIO

_LENGTH = struct.Struct("<I")


class FeatureSpool:
    def __init__(self, max_bytes: int = 1 << 30) -> None:
        self.max_bytes = max_bytes  # ~4 KB an article: 1 GiB holds ~250,000
        self.written = 0
        self._file: BinaryIO | None = None
        self._reading = False
        self._next: tuple[str, dict[str, float]] | None = None

    def add(self, article_id: str, terms: dict[str, float]) -> None:
        """Keep ``terms`` for ``article_id``; called in storing order, before any ``take``."""
        if self._reading:
            raise RuntimeError("the spool is being read: no more articles can be added")
        data = marshal.dumps((article_id, terms))
        if self.written + _LENGTH.size + len(data) > self.max_bytes:
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="newsfold-terms-")
        self._file.write(_LENGTH.pack(len(data)) + data)
        self.written += _LENGTH.size + len(data)

    def take(self, article_id: str) -> dict[str, float] | None:
        """The terms kept for ``article_id`` if it is the next one kept; else None (weigh it again)."""
        if self._file is None:
            return None
        if not self._reading:
            self._file.seek(0)
            self._reading = True
            self._next = self._read()
        if self._next is None or self._next[0] != article_id:
            return None
        terms = self._next[1]
        self._next = self._read()
        return terms

    def _read(self) -> tuple[str, dict[str, float]] | None:
        assert self._file is not None
        head = self._file.read(_LENGTH.size)
        if len(head) < _LENGTH.size:
            return None
        return marshal.loads(self._file.read(_LENGTH.unpack(head)[0]))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._next = None

    def __enter__(self) -> FeatureSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

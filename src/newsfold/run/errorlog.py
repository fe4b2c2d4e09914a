"""Recording rejections in the store's error table: one row each, except in a flood.

A dump can hold a million rows that all fail the same way (no text field, not a JSON
object): a million identical error rows take most of the run's time, bloat the store by
~100 bytes each, and bury the errors that matter. So the rows of one dump (origin
``path:LINE``) that fail for the same reason are recorded one by one up to ``keep``; the
rest are counted, and one more row, with the dump as its origin, says how many more there
were. Every other rejection (a file, a WARC record, a feed entry) is always its own row.

Memory stays bounded: a dump's rows come one after another, so only the current dump's
counts are held (and at most ``_MAX_REASONS`` distinct reasons of it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import Rejected

if TYPE_CHECKING:  # pragma: no cover
    from ..store.sqlite import SQLiteStore

_MAX_REASONS = 10_000


class _Flood:
    __slots__ = ("recorded", "more")

    def __init__(self) -> None:
        self.recorded = 0
        self.more = 0


class ErrorLog:
    """Writes rejections to ``store`` inside the caller's transactions; :meth:`close` in the last one."""

    def __init__(self, store: SQLiteStore, keep: int = 1000) -> None:
        self.store = store
        self.keep = keep
        self._dump: str | None = None
        self._floods: dict[tuple[str, str], _Flood] = {}

    def add(self, rejected: Rejected) -> None:
        """Record ``rejected``, or count it as one more of a flood."""
        dump = _dump_of(rejected.origin)
        if dump is None:
            self.store.add_error(rejected.origin, rejected.stage, rejected.reason)
            return
        if dump != self._dump:
            self.close()
            self._dump = dump
        key = (rejected.stage, rejected.reason)
        flood = self._floods.get(key)
        if flood is None:
            if len(self._floods) >= _MAX_REASONS:
                self.store.add_error(rejected.origin, rejected.stage, rejected.reason)
                return
            flood = self._floods[key] = _Flood()
        if flood.recorded < self.keep:
            flood.recorded += 1
            self.store.add_error(rejected.origin, rejected.stage, rejected.reason)
        else:
            flood.more += 1

    def close(self) -> None:
        """Write how many more rows each flood of the current dump had."""
        for (stage, reason), flood in self._floods.items():
            if flood.more:
                self.store.add_error(self._dump, stage, f"{reason} (and {flood.more:,} more rows of this file "
                                                        f"like it, not listed one by one)")
        self._floods.clear()
        self._dump = None


def _dump_of(origin: str) -> str | None:
    """``path`` for a row's origin ``path:LINE``; None for any other origin."""
    dump, colon, line = origin.rpartition(":")
    return dump if colon and dump and line.isascii() and line.isdigit() else None

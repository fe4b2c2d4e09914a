"""Remembered read models, computed once per change to the store and never stale.

A story's coverage and its related stories cost far more than the page around them, and
readers ask for the same popular stories over and over. Coverage compares every sentence of
every member article (over a second for a 40-article story); related stories score the
story against every other story's profile (tens of milliseconds per thousand stories).

Staleness is ruled out with SQLite's own commit counter: ``PRAGMA data_version`` on a
connection kept open for the purpose changes whenever anyone, in any process, commits to
the file (a file deleted and made anew gets a new counter). An entry computed since the
last commit is served as is. After a commit, related stories are computed again (they
depend on every story); coverage first compares the rows it was computed from (its member
articles and their quotes, read with one indexed query) and is computed again only if
those changed, so an ingest elsewhere in the store does not throw away the coverage of a
story it did not touch.

Whole-store read models (the ranked story list, speakers, storylines, the counts) are
remembered until the next commit, through ``until_commit``: between two ingest batches a
front page is computed once, however many readers ask for it.

Entries are shared between requests and threads: callers must not mutate what they get.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from ..store import views
from ..store.sqlite import SQLiteStore


@dataclass(slots=True)
class _Counter:
    """A store's commit counter (``Store.commit_counter``), with the identity of the file it watches."""

    file: tuple[int, int] | None  # a SQLite store deleted and made anew is another file: another counter
    counter: Any

    def current(self) -> Hashable:
        return self.counter.current()

    def close(self) -> None:
        self.counter.close()


@dataclass(slots=True)
class _Entry:
    version: Hashable  # the commit counter when the value was known to be current
    rows: Hashable  # signature of the rows the value was computed from (None: not checked)
    value: Any


class _Lru:
    """A small thread-safe LRU map (values are computed outside its lock)."""

    def __init__(self, size: int, on_evict: Callable[[Any], None] | None = None):
        self.size, self._on_evict = size, on_evict
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: Hashable, value: Any, replace: bool = False) -> Any:
        with self._lock:
            old = self._items.get(key)
            if old is not None and self._on_evict:
                if not replace:  # two threads opened one: keep the first
                    self._on_evict(value)
                    self._items.move_to_end(key)
                    return old
                self._on_evict(old)
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                _, old = self._items.popitem(last=False)
                if self._on_evict:
                    self._on_evict(old)
        return value


_counters = _Lru(16, on_evict=lambda c: c.close())
_counters_lock = threading.Lock()
_coverage = _Lru(256)
_related = _Lru(256)
_reads = _Lru(1024)
# Whoever computes an entry holds its stripe's lock, so that after a commit the many readers
# of one popular story wait for one computation instead of all running it at once.
_STRIPES = [threading.Lock() for _ in range(256)]


def file_identity(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def _version(store: SQLiteStore) -> Hashable:
    identity = file_identity(store.path) if store.files() else None  # a PostgreSQL URL has no file
    # One lock around finding, opening, reading (microseconds): no thread reads a counter
    # that another has just closed (replaced, or evicted by a 17th store file).
    with _counters_lock:
        counter = _counters.get(store.path)
        if counter is None or counter.file != identity:
            counter = _counters.put(store.path, _Counter(identity, store.commit_counter()), replace=True)
        return counter.current()


def _remembered(cache: _Lru, key: Hashable, version: Hashable, rows: Callable[[], Hashable] | None,
                compute: Callable[[], Any]) -> Any:
    entry = cache.get(key)
    if entry is not None and entry.version == version:
        return entry.value
    with _STRIPES[hash(key) % len(_STRIPES)]:
        entry = cache.get(key)  # another thread may have just computed it
        if entry is not None and entry.version == version:
            return entry.value
        signature = rows() if rows else None
        if entry is not None and rows is not None and entry.rows == signature:
            cache.put(key, _Entry(version, signature, entry.value))
            return entry.value
        # The version was read before computing, so the value is at least that recent.
        value = compute()
        cache.put(key, _Entry(version, signature, value))
        return value


def coverage(store: SQLiteStore, story_id: str) -> dict[str, Any]:
    """``views.coverage`` of a story (full ID)."""
    version = _version(store)

    def rows() -> str:
        # Stored articles never change; the members and their quotes (replaced when quotes are
        # extracted again) are what coverage reads.
        digest = hashlib.blake2b(digest_size=16)
        for row in store.db.execute(
            """SELECT a.seq, q.idx, q.kind, q.speaker, q.text FROM story_members m
               JOIN articles a ON a.id = m.article_id LEFT JOIN quotes q ON q.article_id = a.id
               WHERE m.story_id = ? ORDER BY a.seq, q.idx""", (story_id,)):
            digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()

    return _remembered(_coverage, (store.path, story_id), version, rows, lambda: views.coverage(store, story_id))


def related_stories(store: SQLiteStore, story_id: str) -> list[dict[str, Any]]:
    """``views.related_stories`` (full story ID): it reads every story, so any commit renews it."""
    return _remembered(_related, (store.path, story_id), _version(store), None,
                       lambda: views.related_stories(store, story_id))


def until_commit(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Remember ``fn(store, *args, **kwargs)`` (hashable arguments) until the store's next commit."""

    @functools.wraps(fn)
    def remembered(store: SQLiteStore, *args: Any, **kwargs: Any) -> Any:
        key = (store.path, fn.__qualname__, args, tuple(sorted(kwargs.items())))
        return _remembered(_reads, key, _version(store), None, lambda: fn(store, *args, **kwargs))

    return remembered

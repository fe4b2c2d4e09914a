"""Remembered read models, computed once per change to the store and never stale.

A story's coverage and its related stories cost far more than the page around them, and
readers ask for the same popular stories over and over. Coverage compares the sentences and
quotes of every member article (seconds for the biggest stories of a large archive); related
stories score the story against every other story's profile (``related.StoryProfiles``, kept
in memory and brought up to date from the store's story change log after each commit).

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

Semantic search keeps each store's vectors as a matrix (``vector_index``); after a commit it
reads only the vectors stored since, so ingest batches cost it nothing.

Entries are shared between requests and threads: callers must not mutate what they get.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from ..store import open_store, views
from ..store.sqlite import SQLiteStore
from . import related

log = logging.getLogger("newsfold.api")


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

    def clear(self) -> None:
        with self._lock:
            items, self._items = list(self._items.values()), OrderedDict()
        if self._on_evict:
            for value in items:
                self._on_evict(value)

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
_vectors = _Lru(8)  # each holds a store's vectors: 154 MB per 100,000 articles with MiniLM (embed.index)
_profiles = _Lru(8)  # each holds a store's story profiles (related.py): ~8 bytes per story term
# Whoever computes an entry holds its stripe's lock, so that after a commit the many readers
# of one popular story wait for one computation instead of all running it at once.
_STRIPES = [threading.Lock() for _ in range(256)]
# Bringing a store's in-memory indexes (vectors, story profiles) up to date: one at a time.
_index_lock = threading.Lock()


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


# A story with more text or articles than these is compared by a background worker (see ``coverage``):
# at the slowest rate measured (~300,000 characters a second, long pages with many quotes) the
# comparison of a story within both limits stays near a third of a second.
COVERAGE_INLINE_CHARS = 100_000
COVERAGE_INLINE_ARTICLES = 40
COVERAGE_WAIT_S = 0.25  # how long a request waits for the worker before answering "pending"
# ...unless the story is past these too: then the worker cannot be done within the wait even at the
# fastest rate measured (~2.5 million characters a second; comparing quotes grows with the square
# of the articles, ~0.5 s for 350), and waiting would only add a quarter second to the page.
COVERAGE_WAIT_MAX_CHARS = 400_000
COVERAGE_WAIT_MAX_ARTICLES = 160
_coverage_worker = ThreadPoolExecutor(max_workers=2, thread_name_prefix="newsfold-coverage")
_coverage_running: dict[Hashable, Future] = {}
_coverage_running_lock = threading.Lock()


def coverage(store: SQLiteStore, story_id: str) -> tuple[dict[str, Any] | None, bool]:
    """``views.coverage`` of a story (full ID), and whether it is complete and current.

    Comparing every sentence and quote of a story grows with the square of its size: a
    590-article story of long pages took half a minute. A story past ``COVERAGE_INLINE_CHARS``
    or ``COVERAGE_INLINE_ARTICLES`` is therefore compared by a background worker; the request
    waits up to ``COVERAGE_WAIT_S`` for it (not at all for a story past ``COVERAGE_WAIT_MAX_*``,
    which the worker cannot finish so soon), and past that answers with the last coverage
    computed for the story (None if there is none) and ``False``: the page is served at once
    and says the comparison is on its way.
    """
    version = _version(store)
    key = (store.path, story_id)
    entry = _coverage.get(key)
    if entry is not None and entry.version == version:
        return entry.value, True
    with _STRIPES[hash(key) % len(_STRIPES)]:
        entry = _coverage.get(key)  # another thread may have just computed it
        if entry is not None and entry.version == version:
            return entry.value, True
        signature = _coverage_rows(store, story_id)
        if entry is not None and entry.rows == signature:
            _coverage.put(key, _Entry(version, signature, entry.value))
            return entry.value, True
        chars, articles = _size(store, story_id)
        if chars <= COVERAGE_INLINE_CHARS and articles <= COVERAGE_INLINE_ARTICLES:
            # The version was read before computing, so the value is at least that recent.
            value = views.coverage(store, story_id)
            _coverage.put(key, _Entry(version, signature, value))
            return value, True
        with _coverage_running_lock:
            job = _coverage_running.get(key)
            if job is None:
                job = _coverage_running[key] = _coverage_worker.submit(
                    _coverage_job, getattr(store, "_url", None) or store.path, key, story_id)
    wait = COVERAGE_WAIT_S if chars <= COVERAGE_WAIT_MAX_CHARS and articles <= COVERAGE_WAIT_MAX_ARTICLES else 0.0
    try:
        job.result(timeout=wait)
    except Exception:  # noqa: BLE001 - still running (a timeout), or failed (logged by the job)
        return (entry.value if entry is not None else None), False
    done = _coverage.get(key)
    return (done.value, True) if done is not None else (None, False)


def _coverage_job(target: str, key: Hashable, story_id: str) -> None:
    try:
        with open_store(target) as store:
            version = _version(store)  # read first: the value computed next is at least this recent
            signature = _coverage_rows(store, story_id)
            value = views.coverage(store, story_id)
        _coverage.put(key, _Entry(version, signature, value), replace=True)
    except Exception:  # a story merged away meanwhile, a store gone: logged, and the next request retries
        log.warning("background coverage of %s failed", story_id, exc_info=True)
    finally:
        with _coverage_running_lock:
            _coverage_running.pop(key, None)


def _coverage_rows(store: SQLiteStore, story_id: str) -> str:
    """Signature of what coverage reads: stored articles never change, so the members and their
    quotes (replaced when quotes are extracted again)."""
    digest = hashlib.blake2b(digest_size=16)
    for row in store.db.execute(
        """SELECT a.seq, q.idx, q.kind, q.speaker, q.text FROM story_members m
           JOIN articles a ON a.id = m.article_id LEFT JOIN quotes q ON q.article_id = a.id
           WHERE m.story_id = ? ORDER BY a.seq, q.idx""", (story_id,)):
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _size(store: SQLiteStore, story_id: str) -> tuple[int, int]:
    """(characters of text, articles) of a story's members."""
    row = store.db.execute("""SELECT coalesce(sum(length(a.body)), 0), count(*) FROM story_members m
                              JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?""", (story_id,)).fetchone()
    return int(row[0]), int(row[1])


def coverage_idle(timeout: float = 60.0) -> bool:
    """Wait until no coverage is being computed in the background (tests, benchmarks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _coverage_running_lock:
            if not _coverage_running:
                return True
        time.sleep(0.02)
    return False


def related_stories(store: SQLiteStore, story_id: str) -> list[dict[str, Any]]:
    """``views.related_stories`` (full story ID) from the store's story profiles kept in memory
    (``related.StoryProfiles``): after a commit the profiles catch up with the stories changed
    since, and each story's answer is computed again (it depends on every story)."""
    version = _version(store)

    def compute() -> list[dict[str, Any]]:
        return related.related_stories(store, story_profiles(store, version), story_id)

    return _remembered(_related, (store.path, story_id), version, None, compute)


def story_profiles(store: SQLiteStore, version: Hashable | None = None) -> related.StoryProfiles:
    """The store's ``StoryProfiles``, caught up with its last commit (one per store, kept while in use)."""
    version = _version(store) if version is None else version
    key = (store.path, "story profiles")
    entry = _profiles.get(key)
    if entry is not None and entry.version == version:
        return entry.value
    with _index_lock:  # not a stripe: this runs inside related_stories' stripe, which may be the same
        entry = _profiles.get(key)
        if entry is not None and entry.version == version:
            return entry.value
        profiles = entry.value if entry is not None else related.StoryProfiles()
        profiles.refresh(store)
        _profiles.put(key, _Entry(version, None, profiles), replace=True)
        return profiles


def vector_index(store: SQLiteStore, model: str, dim: int) -> Any:
    """The store's vectors of ``model`` (``embed.VectorIndex``), caught up with the store's last commit.

    One index per (store, model), kept while in use: after a commit only the vectors stored
    since are read (an ingest batch adds none; ``newsfold embed`` a batch at a time)."""
    from ..embed import VectorIndex

    version = _version(store)
    key = (store.path, model, dim)
    entry = _vectors.get(key)
    if entry is not None and entry.version == version:
        return entry.value
    with _index_lock:
        entry = _vectors.get(key)
        if entry is not None and entry.version == version:
            return entry.value
        index = entry.value if entry is not None else VectorIndex(model, dim)
        index.refresh(store)
        _vectors.put(key, _Entry(version, None, index), replace=True)
        return index


def forget(indexes: bool = True) -> None:
    """Drop every remembered value (benchmarks measure cold pages with it); with ``indexes=False``
    keep the store-wide indexes (vectors, story profiles) that a server loads once at start."""
    for cache in (_coverage, _related, _reads) + ((_vectors, _profiles) if indexes else ()):
        cache.clear()


def until_commit(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Remember ``fn(store, *args, **kwargs)`` (hashable arguments) until the store's next commit."""

    @functools.wraps(fn)
    def remembered(store: SQLiteStore, *args: Any, **kwargs: Any) -> Any:
        key = (store.path, fn.__qualname__, args, tuple(sorted(kwargs.items())))
        return _remembered(_reads, key, _version(store), None, lambda: fn(store, *args, **kwargs))

    return remembered

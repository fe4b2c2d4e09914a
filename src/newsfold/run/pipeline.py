"""Batches of documents through the per-article stages elsewhere, in input order where the store is.

What the local process pool (run/pool.py) and the Dask executor (run/dask.py)
share. Same input, same output as running every document one by one
(``local.process``), because every step that depends on what came before
runs here, in input order, and only the pure per-article work
(``stages.per_article_batch``) is sent out:

1. here, in input order: ``stages.prepare``, with the pages still out
   counted as the articles they nearly always become (``lines.LinesAhead``);
2. on the workers, a share of a batch per task: clean, signatures (one
   vectorised call per task), quotes, term weights;
3. here, in input order, one transaction per batch: the furniture guess
   is checked against the store (the page cleaned again here if it was
   wrong), ``stages.resolve`` (copies, near-duplicates) and the writes.

Backpressure: at most ``in_flight`` batches (each split over all workers)
are out at once, and sources are read only as results come back, so memory
stays bounded whatever the corpus size. A task whose workers died
(``WorkerLost``) is sent again one document at a time, so only the document
that kills workers is rejected.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from ..records import RawDoc, Rejected
from ..sources import iter_sources
from .errorlog import ErrorLog
from .lines import LinesAhead
from .options import IngestOptions, IngestSummary
from .stages import (OwnFiles, Prepared, internal_error, per_article, prepare, record_error, repeated_lines,
                     resolve, store_article)

_MIN_TASK = 8  # documents: smaller tasks cost more in sending and scheduling than they save in waiting

Task = list[tuple[RawDoc, frozenset[str]]]


class WorkerLost(Exception):
    """The worker(s) running a task died (killed, out of memory, a crash in native code)."""


class Workers(Protocol):
    """Where the per-article stages run: ``submit`` a task, then ``result`` it (raising WorkerLost)."""

    threads: int  # tasks that run at once
    in_flight: int  # batches out at once

    def submit(self, task: Task) -> Any: ...

    def result(self, handle: Any) -> list: ...


@dataclass(slots=True)
class _Item:
    """One source item on its way through the stages here."""

    raw: RawDoc | None = None
    rejected: Rejected | None = None  # settled here (source error, too long, internal error)
    unchanged: bool = False
    prep: Prepared | None = None

    @property
    def sent(self) -> bool:
        return self.prep is not None


class Pipeline:
    def __init__(self, store, opts: IngestOptions, workers: Workers, summary: IngestSummary, index, spool,
                 progress: Callable[[IngestSummary], None] | None, started: float) -> None:
        self.store, self.opts, self.workers = store, opts, workers
        self.summary, self.index, self.spool = summary, index, spool
        self.progress, self.started = progress, started
        self.errors = ErrorLog(store)
        self.out: deque = deque()  # (items, [(task, handle), ...]) per batch, oldest first
        self.pending: set[tuple[str, str]] = set()  # (origin, raw ID) sent out, not stored yet
        self.lines = LinesAhead(store)

    def run(self, paths: Iterable[str], stdin) -> None:
        own = OwnFiles(self.store)
        batch: list[_Item] = []
        keep = max(1, self.workers.in_flight)
        for item in iter_sources(list(paths), self.opts.sources, stdin=stdin):
            if item.origin in own:
                continue
            self.summary.origin = item.origin
            self.summary.taken += 1
            if isinstance(item, RawDoc) and (item.origin, item.content_id) in self.pending:
                # The same (origin, text) again while the first is still out: whether it is unchanged
                # depends on how the first ends, so wait for everything before it to be stored.
                self._send(batch)
                batch = []
                self._collect(0)
            batch.append(self._prepare(item))
            if len(batch) >= self.opts.batch_size:
                self._send(batch)
                batch = []
                self._collect(keep)
        self._send(batch)
        self._collect(0)
        with self.store.transaction():
            self.errors.close()

    # -- before the workers -------------------------------------------------------------

    def _prepare(self, item: RawDoc | Rejected) -> _Item:
        if isinstance(item, Rejected):
            return _Item(rejected=item)
        try:
            prep = prepare(item, self.store, self.opts, self.lines)
        except Exception as exc:
            return _Item(raw=item, rejected=internal_error(item.origin, exc))
        if prep is None:
            return _Item(raw=item, unchanged=True)
        if isinstance(prep, Rejected):
            return _Item(raw=item, rejected=prep)
        self.lines.add(prep.site, prep.keys)
        self.pending.add((item.origin, item.content_id))
        return _Item(raw=item, prep=prep)

    def _send(self, batch: list[_Item]) -> None:
        """Send a batch's documents out, split over the workers so that even one batch runs in parallel."""
        if not batch:
            return
        work = [(i.prep.raw, i.prep.repeated) for i in batch if i.sent]
        size = max(_MIN_TASK, -(-len(work) // max(1, self.workers.threads)))
        tasks = [work[i : i + size] for i in range(0, len(work), size)]
        self.out.append((batch, [(task, self.workers.submit(task)) for task in tasks]))

    # -- after the workers --------------------------------------------------------------

    def _collect(self, keep: int) -> None:
        """Store finished batches, oldest first, until at most ``keep`` are out."""
        while len(self.out) > keep:
            batch, sent = self.out.popleft()
            results = [r for task, handle in sent for r in self._results(task, handle)]
            self._store_batch(batch, results)
            if self.progress:
                self.summary.seconds = time.monotonic() - self.started
                self.progress(self.summary)

    def _results(self, task: Task, handle) -> list:
        """A task's results; if its workers died on it, its documents one by one, so only a poison one fails."""
        try:
            return self.workers.result(handle)
        except WorkerLost as lost:
            if len(task) == 1:
                return [internal_error(task[0][0].origin, lost)]
            return [r for doc in task for r in self._results([doc], self.workers.submit([doc]))]

    def _store_batch(self, batch: list[_Item], results: list) -> None:
        store, summary, opts = self.store, self.summary, self.opts
        done = iter(results)
        with store.transaction():
            for item in batch:
                summary.read += 1
                if item.rejected is not None:
                    record_error(self.errors, summary, item.rejected)
                    continue
                if item.unchanged:
                    summary.unchanged += 1
                    continue
                prep, out = item.prep, next(done)
                self.lines.remove(prep.site, prep.keys)
                self.pending.discard((prep.raw.origin, prep.raw.content_id))
                try:
                    repeated = repeated_lines(store, prep.site, prep.keys, opts.repeat_min_docs)
                    if repeated != prep.repeated:  # the guess was wrong: clean it again with the true counts
                        prep = Prepared(prep.raw, prep.site, prep.keys, repeated)
                        vector = None if isinstance(out, Rejected) else out.vector
                        # The worker's vector serves (title and opening rarely hold a repeated line):
                        # this process never loads the embedding model.
                        out = per_article(prep.raw, repeated, opts, embed=False)
                        if not isinstance(out, Rejected):
                            out = out._replace(vector=vector)
                    if not isinstance(out, Rejected):
                        out = resolve(store, self.index, prep, out)
                except Exception as exc:  # a bug on one document must not sink the batch
                    out = internal_error(prep.raw.origin, exc)
                if isinstance(out, Rejected):
                    record_error(self.errors, summary, out)
                    continue
                store_article(store, prep.raw, out, summary, self.index, self.spool)

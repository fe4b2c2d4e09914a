"""The local executor: sources -> clean -> dedup -> quotes -> store, then fold.

Documents are written in batches, each batch in one transaction: a run killed
half-way keeps every finished batch, and running it again skips what landed
(an (origin, text) pair already stored is a no-op), so it resumes without loss
or duplicates.

With ``workers=1`` every document goes through :func:`process` in this
process, one after another. With ``workers=N`` the per-article stages run in a
pool of N processes (run/pool.py) and this process keeps what must happen in
input order (run/pipeline.py); the store ends up the same.

Rejections are recorded in the store's error table, one row each, except that a
flood of identical rejections from one dump is counted (:mod:`.errorlog`).

Article IDs derive from content: the first article made from a text gets the
text's hash. The same text arriving under another name is a copy: it gets an
ID derived from the text and its origin, and ``duplicate_of`` the first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from ..dedup import DuplicateIndex
from ..fold import FeatureSpool, fold_store
from ..records import RawDoc, Rejected
from ..sources import iter_sources
from .errorlog import ErrorLog
from .options import IngestOptions, IngestSummary
from .stages import (OwnFiles, Processed, internal_error, per_article, prepare, record_error, resolve,
                     store_article)

__all__ = ["IngestOptions", "IngestSummary", "ingest", "process"]


def process(raw: RawDoc, store, index: DuplicateIndex, opts: IngestOptions) -> Processed | Rejected | None:
    """Run the per-article stages on one document; None when it was ingested before."""
    prep = prepare(raw, store, opts)
    if prep is None or isinstance(prep, Rejected):
        return prep
    # Weighed after the copy decision, by store_article: here the weights of copies would be wasted.
    done = per_article(prep.raw, prep.repeated, opts, weigh=False)
    if isinstance(done, Rejected):
        return done
    return resolve(store, index, prep, done)


def ingest(
    paths: Iterable[str],
    store,
    opts: IngestOptions = IngestOptions(),
    stdin=None,
    progress: Callable[[IngestSummary], None] | None = None,
    fold_progress: Callable[[int, int, float], None] | None = None,
) -> IngestSummary:
    """Ingest ``paths`` into ``store``; ``progress(summary)`` after every batch, ``fold_progress(folded,
    waiting, seconds)`` after every chunk the fold commits."""
    opts.check()
    summary = IngestSummary()
    started = time.monotonic()
    index = DuplicateIndex(opts.dedup)
    index.load(store.signatures())
    with FeatureSpool() as spool:
        if opts.workers == 1:
            _ingest_here(paths, store, opts, stdin, progress, summary, index, spool, started)
        else:
            from .pipeline import Pipeline
            from .pool import ProcessPool

            with ProcessPool(opts.workers, opts) as pool:
                Pipeline(store, opts, pool, summary, index, spool, progress, started).run(paths, stdin)
        del index  # the near-duplicate window (~80 MB when full) is not needed to fold: let it go first
        return finish(store, opts, summary, spool, started, fold_progress)


def finish(store, opts: IngestOptions, summary: IngestSummary, spool: FeatureSpool | None, started: float,
           fold_progress: Callable[[int, int, float], None] | None = None) -> IngestSummary:
    """Fold what the run stored (every executor ends so)."""
    if opts.do_fold:
        summary.fold = fold_store(store, opts.fold, spool=spool, progress=fold_progress)
    summary.seconds = time.monotonic() - started
    return summary


def _ingest_here(paths, store, opts: IngestOptions, stdin, progress, summary: IngestSummary,
                 index: DuplicateIndex, spool: FeatureSpool, started: float) -> None:
    """Every document through ``process`` in this process, one transaction per batch."""
    batch: list[RawDoc | Rejected] = []
    errors = ErrorLog(store)

    def flush(final: bool = False) -> None:
        with store.transaction():
            for item in batch:
                summary.read += 1
                if isinstance(item, Rejected):
                    record_error(errors, summary, item)
                    continue
                try:
                    out = process(item, store, index, opts)
                except Exception as exc:  # a bug on one document must not sink the batch
                    out = internal_error(item.origin, exc)
                if out is None:
                    summary.unchanged += 1
                elif isinstance(out, Rejected):
                    record_error(errors, summary, out)
                else:
                    store_article(store, item, out, summary, index, spool)
            if final:
                errors.close()
        flushed = bool(batch)
        batch.clear()
        if progress and flushed:
            summary.seconds = time.monotonic() - started
            progress(summary)

    own = OwnFiles(store)
    for item in iter_sources(list(paths), opts.sources, stdin=stdin):
        if item.origin in own:
            continue
        summary.origin = item.origin
        summary.taken += 1
        batch.append(item)
        if len(batch) >= opts.batch_size:
            flush()
    flush(final=True)

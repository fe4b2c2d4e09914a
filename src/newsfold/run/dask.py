"""The Dask executor: the per-article stages on a dask.distributed cluster, the rest on the client.

Same input, same output as the local executor (run/local.py), because every
step that depends on what came before runs on the client in input order,
exactly as local runs it, and only pure per-article work is sent out:

1. client, in input order (``_prepare``): sources stream in lazily; an
   (origin, text) pair already stored is unchanged; an over-long text is
   refused; the page's site-furniture lines are looked up, counting the
   pages still out on workers as the articles they nearly always become
   (``_LinesAhead``).
2. workers, a share of a batch per task (``per_article_batch``): clean,
   near-duplicate signatures and band keys (one vectorised call per task),
   quotes.
3. client, in input order, one transaction per batch (``_store_batch``):
   the furniture guess is checked against the store (and the page cleaned
   again here if it was wrong); copies by raw text; the near-duplicate
   decision (DuplicateIndex: band candidates verified on the whole
   signature, clusters of copies); line counts and store writes (local's own
   ``_store_article`` and error log).
4. client, at the end: folding (``fold_store``), a streaming step over the
   store in time order, as in local.

Backpressure: at most ``in_flight`` batches (each split over all worker
threads) are out at once, and sources are read only as results come back,
so memory stays bounded whatever the corpus size. Every document's own
failure comes back as a recorded error; a task whose workers keep dying
(Dask retries it on others, then gives up) is sent again one document at a
time, so only the document that kills workers is rejected.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from ..clean import clean, is_html, line_key, site_key
from ..clean.lines import split_lines
from ..dedup import DuplicateIndex, sign_articles, signature
from ..errors import UsageError
from ..fold import fold_store
from ..records import Article, RawDoc, Rejected, content_hash
from ..sources import iter_sources
from ..understand import extract_quotes
from .errorlog import ErrorLog
from .local import IngestOptions, IngestSummary, _record_error, _repeated_lines, _store_article, _store_files, _too_long

_MIN_TASK = 8  # documents: smaller tasks cost more in scheduling than they save in waiting


@dataclass(frozen=True, slots=True)
class DaskOptions:
    workers: int = 2  # local worker processes to start when no scheduler or client is given
    scheduler: str | None = None  # address of a running scheduler, e.g. tcp://10.0.0.5:8786
    in_flight: int = 2  # batches out at once, each over all worker threads: one is ready while one is stored


@dataclass(slots=True)
class _Item:
    """One source item on its way through the client stages."""

    raw: RawDoc | None = None
    rejected: Rejected | None = None  # settled on the client (source error, too long, internal error)
    unchanged: bool = False
    site: str = ""
    keys: frozenset[str] = frozenset()
    repeated: frozenset[str] = frozenset()

    @property
    def sent(self) -> bool:
        return self.raw is not None and self.rejected is None and not self.unchanged


def per_article_batch(work: list[tuple[RawDoc, frozenset[str]]], opts: IngestOptions) -> list:
    """The per-article stages of a batch, on a worker: (article, quotes, signature) or Rejected per document."""
    cleaned: list[Article | Rejected] = []
    for raw, repeated in work:
        try:
            result = clean(raw, opts.clean, repeated)
            if isinstance(result, Article) and len(result.body) > opts.max_article_chars:
                result = _too_long(raw.origin, "article body", len(result.body), opts)
        except Exception as exc:  # a bug on one document must not sink the batch
            result = _internal_error(raw.origin, exc)
        cleaned.append(result)
    articles = [a for a in cleaned if isinstance(a, Article)]
    try:
        sigs: Iterator = iter(sign_articles(articles, opts.dedup))
    except Exception:  # sign them one by one, so that only the guilty document fails
        sigs = iter([_try(signature, a, opts.dedup) for a in articles])
    out: list = []
    for result in cleaned:
        if isinstance(result, Rejected):
            out.append(result)
            continue
        sig = next(sigs)
        if isinstance(sig, Exception):
            out.append(_internal_error(result.origin, sig))
            continue
        try:
            quotes = extract_quotes(result) if opts.understand else []
        except Exception as exc:
            out.append(_internal_error(result.origin, exc))
            continue
        out.append((result, quotes, sig))
    return out


def ingest_dask(
    paths: Iterable[str],
    store,
    opts: IngestOptions = IngestOptions(),
    *,
    dask: DaskOptions = DaskOptions(),
    client=None,
    stdin=None,
    progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Ingest like ``newsfold.run.ingest``, with the per-article stages on a Dask cluster.

    ``client``: a ``distributed.Client`` to use (left open); else one is made
    for ``dask.scheduler``, or for a LocalCluster of ``dask.workers`` worker
    processes (one thread each), and closed at the end.
    """
    with _client(dask, client) as cl:
        threads = sum(cl.nthreads().values()) or 1
        return _Run(store, opts, cl, threads, dask.in_flight, progress).run(paths, stdin)


@contextmanager
def _client(dask: DaskOptions, client):
    if client is not None:
        yield client
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("the dask executor needs dask.distributed: pip install 'newsfold[dask]'") from None
    if dask.scheduler:
        with Client(dask.scheduler) as cl:
            yield cl
        return
    if dask.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {dask.workers}")
    with LocalCluster(n_workers=dask.workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as cl:
        yield cl


class _LinesAhead:
    """Site-furniture line counts as they will stand once the documents out on workers are stored.

    Local counts a page's lines when the page is stored as an article, and a
    page's furniture is the lines already on enough stored pages. A page sent
    out is cleaned before the pages ahead of it are stored, so it is cleaned
    against this guess (those pages will be articles); ``_store_batch``
    checks the guess against the store, in order, and cleans the page again
    on the client in the rare case it was wrong (a page ahead was rejected).
    """

    def __init__(self, store) -> None:
        self.store = store
        self.ahead: Counter = Counter()  # (site, line key) -> pages out, not stored yet

    def add(self, site: str, keys: frozenset[str]) -> None:
        self.ahead.update((site, k) for k in keys)

    def remove(self, site: str, keys: frozenset[str]) -> None:
        self.ahead.subtract((site, k) for k in keys)
        for k in keys:
            if self.ahead[(site, k)] <= 0:
                del self.ahead[(site, k)]

    def repeated_lines(self, site: str, keys: set[str], min_docs: int) -> frozenset[str]:
        """The store's ``repeated_lines`` with the pages ahead counted in."""
        by_ahead: dict[int, set[str]] = {}
        for key in keys:
            by_ahead.setdefault(self.ahead.get((site, key), 0), set()).add(key)
        found: set[str] = set()
        for ahead, group in by_ahead.items():
            needed = min_docs - ahead
            found |= group if needed <= 0 else self.store.repeated_lines(site, group, needed)
        return frozenset(found)


class _Run:
    def __init__(self, store, opts: IngestOptions, client, threads: int, in_flight: int, progress) -> None:
        self.store, self.opts, self.client = store, opts, client
        self.threads = threads
        self.max_in_flight = max(1, in_flight)  # batches out at once, each over all threads
        self.progress = progress
        self.summary = IngestSummary()
        self.started = time.monotonic()
        self.errors = ErrorLog(store)
        self.index = DuplicateIndex(opts.dedup)
        self.index.load(store.signatures())
        self.out: deque = deque()  # (items, [(task, future), ...]) per batch, oldest first
        self.pending: set[tuple[str, str]] = set()  # (origin, raw ID) sent out, not stored yet
        self.lines = _LinesAhead(store)

    def run(self, paths: Iterable[str], stdin) -> IngestSummary:
        own = _store_files(self.store)
        batch: list[_Item] = []
        for item in iter_sources(list(paths), self.opts.sources, stdin=stdin):
            if own and os.path.realpath(item.origin) in own:
                continue  # `newsfold ingest .` next to the store must not read the store itself
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
                self._collect(self.max_in_flight)
        self._send(batch)
        self._collect(0)
        with self.store.transaction():
            self.errors.close()
        if self.opts.do_fold:
            self.summary.fold = fold_store(self.store, self.opts.fold)
        self.summary.seconds = time.monotonic() - self.started
        return self.summary

    # -- client, before the workers ---------------------------------------------------

    def _prepare(self, item: RawDoc | Rejected) -> _Item:
        """What local's ``process`` does before cleaning, with the pages ahead counted in."""
        if isinstance(item, Rejected):
            return _Item(rejected=item)
        raw = item
        try:
            if self.store.seen(raw.origin, raw.content_id):
                return _Item(raw=raw, unchanged=True)
            if not is_html(raw) and len(raw.text) > self.opts.max_article_chars:
                return _Item(raw=raw, rejected=_too_long(raw.origin, "text", len(raw.text), self.opts))
            site = site_key(raw)
            keys = frozenset(line_key(t) for _, _, t in split_lines(raw.text))
            repeated = _repeated_lines(self.lines, site, set(keys), self.opts.repeat_min_docs)
        except Exception as exc:
            return _Item(raw=raw, rejected=_internal_error(raw.origin, exc))
        self.lines.add(site, keys)
        self.pending.add((raw.origin, raw.content_id))
        return _Item(raw=raw, site=site, keys=keys, repeated=repeated)

    def _send(self, batch: list[_Item]) -> None:
        """Send a batch's documents out, split over the worker threads so that even one batch runs in parallel."""
        if not batch:
            return
        work = [(i.raw, i.repeated) for i in batch if i.sent]
        size = max(_MIN_TASK, -(-len(work) // self.threads))
        tasks = [work[i : i + size] for i in range(0, len(work), size)]
        futures = [self.client.submit(per_article_batch, task, self.opts, pure=False) for task in tasks]
        self.out.append((batch, list(zip(tasks, futures))))

    # -- client, after the workers ----------------------------------------------------

    def _collect(self, keep: int) -> None:
        """Store finished batches, oldest first, until at most ``keep`` are out."""
        while len(self.out) > keep:
            batch, sent = self.out.popleft()
            results = [r for task, future in sent for r in self._results(task, future)]
            self._store_batch(batch, results)
            if self.progress:
                self.summary.seconds = time.monotonic() - self.started
                self.progress(self.summary)

    def _results(self, task: list, future) -> list:
        """A task's results; if its workers kept dying on it, its documents one by one, so only a poison one fails."""
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            if len(task) == 1:
                return [Rejected(task[0][0].origin, "pipeline", "internal error: the workers processing it kept dying")]
            alone = [self.client.submit(per_article_batch, [doc], self.opts, pure=False) for doc in task]
            return [r for doc, f in zip(task, alone) for r in self._results([doc], f)]
        finally:
            future.release()

    def _store_batch(self, batch: list[_Item], results: list) -> None:
        """What local's ``process`` does after cleaning, then its writes, in input order, in one transaction."""
        store, summary = self.store, self.summary
        done = iter(results)
        with store.transaction():
            for item in batch:
                summary.read += 1
                if item.rejected is not None:
                    _record_error(self.errors, summary, item.rejected)
                    continue
                if item.unchanged:
                    summary.unchanged += 1
                    continue
                raw, out = item.raw, next(done)
                self.lines.remove(item.site, item.keys)
                self.pending.discard((raw.origin, raw.content_id))
                try:
                    repeated = _repeated_lines(store, item.site, set(item.keys), self.opts.repeat_min_docs)
                    if repeated != item.repeated:  # the guess was wrong: clean it again with the true counts
                        out = per_article_batch([(raw, repeated)], self.opts)[0]
                    if not isinstance(out, Rejected):
                        out = self._decide_copies(raw, *out)
                        store.count_lines(item.site, set(item.keys))  # as local: once the page is an article
                except Exception as exc:  # a bug on one document must not sink the batch
                    out = _internal_error(raw.origin, exc)
                if isinstance(out, Rejected):
                    _record_error(self.errors, summary, out)
                    continue
                _store_article(store, raw, *out, summary=summary, index=self.index)
                if raw.meta.get("decode_note"):
                    store.add_error(raw.origin, "decode", "warning: " + str(raw.meta["decode_note"]))
                    summary.warnings += 1

    def _decide_copies(self, raw: RawDoc, article: Article, quotes: list, sig) -> tuple[Article, list, object]:
        """Copies by raw text, then near-duplicates: what local decides at this point of the stream."""
        first = self.store.article_for_raw(raw.content_id)
        if first is not None:  # the same text under another name: a copy of the first
            copy_id = content_hash(raw.content_id + "\n" + raw.origin)
            article = replace(article, id=copy_id, duplicate_of=first)
            quotes = [replace(q, article_id=copy_id) for q in quotes]
        if article.duplicate_of is None:
            original = self.index.find(article, sig)
            if original is not None:
                article = replace(article, duplicate_of=original)
        return article, quotes, sig


def _internal_error(origin: str, exc: Exception) -> Rejected:
    return Rejected(origin, "pipeline", f"internal error: {type(exc).__name__}: {exc}")


def _try(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:
        return exc

"""The local executor: sources -> clean -> dedup -> quotes -> store, then fold.

Documents are written in batches, each batch in one transaction: a run killed
half-way keeps every finished batch, and running it again skips what landed
(an (origin, text) pair already stored is a no-op), so it resumes without loss
or duplicates.

Rejections are recorded in the store's error table, one row each, except that a
flood of identical rejections from one dump is counted (:mod:`.errorlog`).

Article IDs derive from content: the first article made from a text gets the
text's hash. The same text arriving under another name is a copy: it gets an
ID derived from the text and its origin, and ``duplicate_of`` the first.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ..clean import CleanOptions, clean, is_html, line_key, site_key
from ..clean.lines import split_lines
from ..dedup import DedupOptions, DuplicateIndex, body_key, signature, to_bytes
from ..fold import FoldOptions, FoldSummary, fold_store
from ..fold.features import features
from ..records import Article, RawDoc, Rejected, content_hash
from ..sources import SourceOptions, iter_sources
from ..store.sqlite import SQLiteStore
from ..understand import extract_quotes
from .errorlog import ErrorLog


@dataclass(frozen=True, slots=True)
class IngestOptions:
    sources: SourceOptions = SourceOptions()
    clean: CleanOptions = CleanOptions()
    dedup: DedupOptions = DedupOptions()
    fold: FoldOptions = FoldOptions()
    batch_size: int = 200
    # Longer is not one news article (long-form pieces run to ~150,000 characters), and the
    # per-article stages cost time in proportion: quote attribution alone takes seconds per
    # 100,000 characters, so a 10 MB one-line "article" would hold a run up for minutes.
    max_article_chars: int = 500_000
    repeat_min_docs: int = 3  # a line on this many pages of a site is site furniture
    understand: bool = True  # extract quotes and speakers (off: the fast path of cleaning and folding only)
    do_fold: bool = True


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    added: int = 0
    unchanged: int = 0
    duplicates: int = 0
    errors: int = 0
    warnings: int = 0  # kept, but with a note (e.g. text decoded from a guessed encoding)
    quotes: int = 0
    seconds: float = 0.0
    fold: FoldSummary | None = None
    error_samples: list[str] = field(default_factory=list)


def process(
    raw: RawDoc, store: SQLiteStore, index: DuplicateIndex, opts: IngestOptions
) -> tuple[Article, list, object] | Rejected | None:
    """Run the per-article stages on one document; None when it was ingested before."""
    raw_id = raw.content_id
    if store.seen(raw.origin, raw_id):
        return None
    # Plain text: the body is made of the raw lines, so an over-long text is refused before
    # the cost of cleaning it. HTML: the markup does not count, only the body found in it.
    if not is_html(raw) and len(raw.text) > opts.max_article_chars:
        return _too_long(raw.origin, "text", len(raw.text), opts)
    site = site_key(raw)
    keys = {line_key(t) for _, _, t in split_lines(raw.text)}
    repeated = _repeated_lines(store, site, keys, opts.repeat_min_docs)
    result = clean(raw, opts.clean, repeated)
    if isinstance(result, Rejected):
        return result
    article = result
    if len(article.body) > opts.max_article_chars:
        return _too_long(raw.origin, "article body", len(article.body), opts)
    first = store.article_for_raw(raw_id)
    if first is not None:  # the same text under another name: a copy of the first
        article = replace(article, id=content_hash(raw_id + "\n" + raw.origin), duplicate_of=first)
    sig = signature(article, opts.dedup)
    if article.duplicate_of is None:
        original = index.find(article, sig)
        if original is not None:
            article = replace(article, duplicate_of=original)
    quotes = extract_quotes(article) if opts.understand else []
    # Counted last, once the page is an article: an article is never processed again, whereas a
    # rejected page comes back on every re-run (and after a crash) and would be counted each time.
    store.count_lines(site, keys)
    return article, quotes, sig


def _repeated_lines(store: SQLiteStore, site: str, keys: set[str], min_docs: int) -> frozenset[str]:
    """Keys of lines on at least ``min_docs`` pages of ``site``, this page (not yet counted) included."""
    if min_docs <= 1:
        return frozenset(keys)
    return store.repeated_lines(site, keys, min_docs - 1)


def _too_long(origin: str, what: str, chars: int, opts: IngestOptions) -> Rejected:
    return Rejected(origin, "pipeline", f"too long for one article: {what} of {chars:,} characters "
                                        f"> limit {opts.max_article_chars:,}")


def ingest(
    paths: Iterable[str],
    store: SQLiteStore,
    opts: IngestOptions = IngestOptions(),
    stdin=None,
    progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    summary = IngestSummary()
    started = time.monotonic()
    index = DuplicateIndex(opts.dedup)
    index.load(store.signatures())
    batch: list[RawDoc | Rejected] = []
    errors = ErrorLog(store)

    def flush(final: bool = False) -> None:
        with store.transaction():
            for item in batch:
                summary.read += 1
                if isinstance(item, Rejected):
                    _record_error(errors, summary, item)
                    continue
                try:
                    out = process(item, store, index, opts)
                except Exception as exc:  # a bug on one document must not sink the batch
                    out = Rejected(item.origin, "pipeline", f"internal error: {type(exc).__name__}: {exc}")
                if out is None:
                    summary.unchanged += 1
                elif isinstance(out, Rejected):
                    _record_error(errors, summary, out)
                else:
                    _store_article(store, item, *out, summary=summary, index=index)
                    if item.meta.get("decode_note"):
                        store.add_error(item.origin, "decode", "warning: " + str(item.meta["decode_note"]))
                        summary.warnings += 1
            if final:
                errors.close()
        flushed = bool(batch)
        batch.clear()
        if progress and flushed:
            summary.seconds = time.monotonic() - started
            progress(summary)

    own = _store_files(store)
    own_names = tuple(os.path.basename(f) for f in own)  # resolving every origin costs syscalls: rows are many
    for item in iter_sources(list(paths), opts.sources, stdin=stdin):
        if own and item.origin.endswith(own_names) and os.path.realpath(item.origin) in own:
            continue  # `newsfold ingest .` next to the store must not read the store itself
        batch.append(item)
        if len(batch) >= opts.batch_size:
            flush()
    flush(final=True)
    if opts.do_fold:
        summary.fold = fold_store(store, opts.fold)
    summary.seconds = time.monotonic() - started
    return summary


def _store_files(store: SQLiteStore) -> set[str]:
    if store.path == ":memory:":
        return set()
    base = os.path.realpath(store.path)
    return {base + suffix for suffix in ("", "-wal", "-shm", "-journal")}


def _record_error(errors: ErrorLog, summary: IngestSummary, rejected: Rejected) -> None:
    errors.add(rejected)
    summary.errors += 1
    if len(summary.error_samples) < 5:
        summary.error_samples.append(f"{rejected.origin}: {rejected.reason}")


def _store_article(store, raw: RawDoc, article: Article, quotes: list, sig, *, summary: IngestSummary, index) -> None:
    store.add_raw(raw)
    store.add_article(article, body_key(article), to_bytes(sig))
    store.add_origin(raw.origin, raw.content_id, article.id)
    quotes = [replace(q, speaker_id=store.speaker_id(q.speaker)) if q.speaker else q for q in quotes]
    store.replace_quotes(article.id, quotes)
    summary.added += 1
    summary.quotes += len(quotes)
    if article.duplicate_of:
        summary.duplicates += 1
    else:
        index.add(article, sig)
        store.bump_df(set(features(article).terms))

"""The per-document stages every executor runs, in three steps:

1. ``prepare`` (where the store is, in input order): an (origin, text) pair
   already stored is unchanged; an over-long text is refused before the cost
   of cleaning it; the page's site-furniture lines are looked up.
2. ``per_article`` / ``per_article_batch`` (anywhere: this process, a process
   pool, a Dask worker): clean, near-duplicate signature, quotes and the
   fold's term weights. Pure: the result depends on the document, the
   furniture lines and the options only.
3. ``resolve`` then ``store_article`` (where the store is, in input order):
   copies by raw text, the near-duplicate decision, then the writes.

``local.process`` chains the three for one document; ``pipeline.Pipeline``
runs step 2 of whole batches elsewhere while steps 1 and 3 stay in order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from ..clean import clean, is_html, line_key, site_key
from ..clean.lines import split_lines
from ..dedup import DuplicateIndex, Signature, body_key, sign_articles, signature, to_bytes
from ..embed.fold import fold_vectors, store_fold_vector
from ..fold.features import features
from ..records import Article, Quote, RawDoc, Rejected, content_hash
from ..understand import extract_quotes, extract_quotes_batch
from .errorlog import ErrorLog

if TYPE_CHECKING:  # pragma: no cover
    from .local import IngestOptions, IngestSummary


class LineCounts(Protocol):
    def repeated_lines(self, site: str, keys: set[str], min_docs: int) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document ready for the per-article stages: its site and line keys, and which lines are furniture."""

    raw: RawDoc
    site: str
    keys: frozenset[str]
    repeated: frozenset[str]


class Processed(NamedTuple):
    """What the per-article stages make of one document."""

    article: Article
    quotes: list[Quote]
    sig: Signature
    terms: dict[str, float] | None  # the fold's term weights (fold.features), computed once
    vector: Any = None  # the fold's MiniLM vector (embed.fold), with understanding and the embed extra only


# -- 1. before: where the store is ------------------------------------------------------------


def prepare(raw: RawDoc, store, opts: IngestOptions, lines: LineCounts | None = None) -> Prepared | Rejected | None:
    """None when this (origin, text) was ingested before; ``lines`` counts furniture (default: the store)."""
    if store.seen(raw.origin, raw.content_id):
        return None
    # Plain text: the body is made of the raw lines, so an over-long text is refused before
    # the cost of cleaning it. HTML: the markup does not count, only the body found in it.
    if not is_html(raw) and len(raw.text) > opts.max_article_chars:
        return too_long(raw.origin, "text", len(raw.text), opts)
    site = site_key(raw)
    keys = frozenset(line_key(t) for _, _, t in split_lines(raw.text))
    return Prepared(raw, site, keys, repeated_lines(lines or store, site, keys, opts.repeat_min_docs))


def repeated_lines(lines: LineCounts, site: str, keys: frozenset[str], min_docs: int) -> frozenset[str]:
    """Keys of lines on at least ``min_docs`` pages of ``site``, this page (not yet counted) included."""
    if min_docs <= 1:
        return frozenset(keys)
    return lines.repeated_lines(site, set(keys), min_docs - 1)


# -- 2. the per-article stages: anywhere --------------------------------------------------------


def per_article(raw: RawDoc, repeated: frozenset[str], opts: IngestOptions, *, weigh: bool = True,
                embed: bool = True) -> Processed | Rejected:
    """Clean, sign, quote and weigh one document."""
    return per_article_batch([(raw, repeated)], opts, weigh=weigh, embed=embed)[0]


def per_article_batch(work: list[tuple[RawDoc, frozenset[str]]], opts: IngestOptions, *,
                      weigh: bool = True, embed: bool = True) -> list[Processed | Rejected]:
    """The per-article stages of many documents, signatures in one vectorised call; one result each, in order.

    A failure on one document is that document's ``Rejected``, never the batch's. ``weigh``:
    compute the fold's term weights here (sent elsewhere, where they cost the store's process
    nothing); False leaves them (None) to ``store_article``, which weighs originals only.
    ``embed``: compute the fold's MiniLM vectors (``embed.fold``; understanding on and the model
    installed); False leaves them None (a document cleaned again can keep its first vector).
    """
    cleaned: list[Article | Rejected] = []
    for raw, repeated in work:
        try:
            result = clean(raw, opts.clean, repeated)
            if isinstance(result, Article) and len(result.body) > opts.max_article_chars:
                result = too_long(raw.origin, "article body", len(result.body), opts)
        except Exception as exc:  # a bug on one document must not sink the batch
            result = internal_error(raw.origin, exc)
        cleaned.append(result)
    articles = [a for a in cleaned if isinstance(a, Article)]
    # Signatures and quotes of all the articles at once (one vectorised call; the quote tagger
    # over all their paragraphs); should that fail, one by one, so only the guilty document fails.
    try:
        sigs = iter(sign_articles(articles, opts.dedup))
    except Exception:
        sigs = iter([_try(signature, a, opts.dedup) for a in articles])
    try:
        quoted = iter(extract_quotes_batch(articles, opts.quotes) if opts.understand else [[] for _ in articles])
    except Exception:
        quoted = iter([_try(extract_quotes, a, opts.quotes) for a in articles])
    # Never raises: an article the model fails on (or no model installed) has None.
    embed = embed and opts.understand and opts.do_fold and opts.fold.embeddings and opts.fold.scorer == "learned"
    vectors = iter(fold_vectors(articles) if embed else [None] * len(articles))
    out: list[Processed | Rejected] = []
    for result in cleaned:
        if isinstance(result, Rejected):
            out.append(result)
            continue
        sig, quotes, vector = next(sigs), next(quoted), next(vectors)
        failed = sig if isinstance(sig, Exception) else quotes if isinstance(quotes, Exception) else None
        if failed is not None:
            out.append(internal_error(result.origin, failed))
            continue
        try:
            terms = features(result).terms if weigh else None
        except Exception as exc:
            out.append(internal_error(result.origin, exc))
            continue
        out.append(Processed(result, quotes, sig, terms, vector))
    return out


# -- 3. after: where the store is, in input order -------------------------------------------------


def resolve(store, index: DuplicateIndex, prep: Prepared, done: Processed) -> Processed:
    """Copies by raw text, then near-duplicates: what depends on the documents stored before this one.

    The page is an article now: its lines count towards its site's furniture. (Counted here,
    not when prepared: a rejected page comes back on every re-run and would count each time.)
    """
    raw, article, quotes = prep.raw, done.article, done.quotes
    first = store.article_for_raw(raw.content_id)
    if first is not None:  # the same text under another name: a copy of the first
        copy_id = content_hash(raw.content_id + "\n" + raw.origin)
        article = replace(article, id=copy_id, duplicate_of=first)
        quotes = [replace(q, article_id=copy_id) for q in quotes]
    elif (original := index.find(article, done.sig)) is not None:
        article = replace(article, duplicate_of=original)
    store.count_lines(prep.site, set(prep.keys))
    return done._replace(article=article, quotes=quotes)


def store_article(store, raw: RawDoc, done: Processed, summary: IngestSummary, index: DuplicateIndex,
                  spool=None) -> None:
    """Write one article, its raw text, origin and quotes; index it and count its terms if it is an original.

    ``spool`` (fold.spool.FeatureSpool) keeps an original's terms for the fold after the ingest.
    """
    article, sig = done.article, done.sig
    store.add_raw(raw)
    store.add_article(article, sig.key if sig.key is not None else body_key(article), to_bytes(sig))
    store.add_origin(raw.origin, raw.content_id, article.id)
    quotes = [replace(q, speaker_id=store.speaker_id(q.speaker)) if q.speaker else q for q in done.quotes]
    store.replace_quotes(article.id, quotes)
    summary.added += 1
    summary.quotes += len(quotes)
    if article.duplicate_of:
        summary.duplicates += 1
    else:
        index.add(article, sig)
        terms = done.terms if done.terms is not None else features(article).terms
        store.bump_df(set(terms))
        if spool is not None:
            spool.add(article.id, terms)
        if done.vector is not None:
            store_fold_vector(store, article.id, done.vector)
    if raw.meta.get("decode_note"):
        store.add_error(raw.origin, "decode", "warning: " + str(raw.meta["decode_note"]))
        summary.warnings += 1


# -- shared by every step -------------------------------------------------------------------------


def record_error(errors: ErrorLog, summary: IngestSummary, rejected: Rejected) -> None:
    errors.add(rejected)
    summary.errors += 1
    if len(summary.error_samples) < 5:
        summary.error_samples.append(f"{rejected.origin}: {rejected.reason}")


def too_long(origin: str, what: str, chars: int, opts: IngestOptions) -> Rejected:
    return Rejected(origin, "pipeline", f"too long for one article: {what} of {chars:,} characters "
                                        f"> limit {opts.max_article_chars:,}")


def internal_error(origin: str, exc: BaseException) -> Rejected:
    return Rejected(origin, "pipeline", f"internal error: {type(exc).__name__}: {exc}")


class OwnFiles:
    """The store's own files: `newsfold ingest .` next to the store must not read the store itself."""

    def __init__(self, store) -> None:
        self.paths = {os.path.realpath(p) for p in store.files()}
        self.names = tuple(os.path.basename(p) for p in self.paths)

    def __contains__(self, origin: str) -> bool:
        # Resolving every origin costs syscalls and rows are many: compare names first.
        return bool(self.paths) and origin.endswith(self.names) and os.path.realpath(origin) in self.paths


def _try(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:
        return exc

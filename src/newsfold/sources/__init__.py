"""Sources: turn paths, folders and stdin into a stream of ``RawDoc | Rejected``.

    from newsfold.sources import SourceOptions, iter_sources
    for record in iter_sources(["dumps/", "extra.jsonl", "-"]):
        ...

Every per-item problem (missing path, binary file, undecodable text, a bad
JSONL line, a row over the size limit, a gzip bomb, a truncated archive, a
feed with entity declarations, a page that times out) is yielded as a
``Rejected`` with ``stage="source"`` and the batch goes on; nothing here
raises for bad input. Whatever the reader, every record that comes out keeps
the rules of :mod:`.checks`: a storable origin, and text without NUL
characters or lone surrogates.

Inputs: plain text, JSONL/CSV/TSV dumps (:mod:`.tabular`), HTML pages
(:mod:`.html`), RSS/Atom feeds (:mod:`.feeds`, files or ``http(s)://``
URLs), WARC archives (:mod:`.warc`); any of them gzip-compressed
(``page.html.gz``, ``dump.jsonl.gz``, ``crawl.warc.gz``: :mod:`.compress`).
HTML arrives as ``RawDoc.text`` with ``meta["content_type"] == "text/html"``.

Adding a format is one module with a :data:`~newsfold.sources.options.Reader`
function plus one line in :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

from newsfold.records import RawDoc, Rejected
from newsfold.sources import feeds, html, tabular, text, walk, warc
from newsfold.sources.checks import checked
from newsfold.sources.compress import GZIP_MAGIC, gunzip_stream
from newsfold.sources.decode import BINARY_SNIFF_BYTES, looks_binary
from newsfold.sources.options import Format, SourceOptions, reject
from newsfold.sources.streams import peek

__all__ = ["FORMATS", "DEFAULT_FORMAT", "SourceOptions", "iter_sources"]

FORMATS: dict[str, Format] = {
    ".jsonl": Format(tabular.read_jsonl, streams=True),
    ".ndjson": Format(tabular.read_jsonl, streams=True),
    ".csv": Format(tabular.read_csv, streams=True),
    ".tsv": Format(tabular.read_tsv, streams=True),
    ".html": Format(html.read_html, streams=False),
    ".htm": Format(html.read_html, streams=False),
    ".xhtml": Format(html.read_html, streams=False),
    ".rss": Format(feeds.read_feed, streams=False),
    ".atom": Format(feeds.read_feed, streams=False),
    ".rdf": Format(feeds.read_feed, streams=False),
    ".xml": Format(feeds.read_feed, streams=False),  # rejected unless its root is rss, feed or RDF
    ".warc": Format(warc.read_warc, streams=True, binary=True),
}
"""Readers by lower-cased file extension (after a ``.gz`` one, which is undone first)."""

COMPRESSED = frozenset({".gz"})
"""Extensions of a compression layer around another format: ``x.html.gz`` is read as ``x.html``."""

DEFAULT_FORMAT = Format(text.read_text, streams=False)
"""Any other extension (``.txt``, none, ...): the file is one plain-text article."""


def iter_sources(
    paths: Sequence[str],
    opts: SourceOptions = SourceOptions(),
    stdin: BinaryIO | None = None,
) -> Iterator[RawDoc | Rejected]:
    """Yield a record for every article (or rejected item) under ``paths``, lazily.

    ``paths`` holds files, folders (walked recursively in sorted order,
    hidden entries skipped) and ``"-"`` for standard input (``stdin``, a
    binary stream, defaulting to ``sys.stdin.buffer``).
    """
    if isinstance(paths, (str, bytes)):
        raise TypeError("paths must be a sequence of paths, not a single string")
    for item in walk.iter_items(paths):
        if isinstance(item, Rejected):
            yield checked(item)
        else:
            for record in _read_item(item, opts, stdin):
                yield checked(record)


def _read_item(item: walk.Item, opts: SourceOptions, stdin: BinaryIO | None) -> Iterator[RawDoc | Rejected]:
    if item.kind == walk.URL_KIND:
        yield from feeds.read_url(item.origin, opts)
        return
    kind, compressed = item.kind, False
    if kind in COMPRESSED:
        compressed = True
        inner = walk.kind_of_path(item.origin[: -len(kind)])
        kind = inner or None  # "dump.gz": the content decides
    fmt = None if kind is None else FORMATS.get(kind, DEFAULT_FORMAT)
    if fmt is not None and not fmt.streams and item.size is not None and item.size > opts.max_bytes:
        yield reject(item.origin, f"too large: {item.size} bytes > limit {opts.max_bytes}")
        return
    gz = None
    try:
        with walk.open_item(item, stdin) as raw:
            head, stream = peek(raw, BINARY_SNIFF_BYTES)
            if compressed and not head.startswith(GZIP_MAGIC):
                yield reject(item.origin, "not gzip data (no gzip header)")
                return
            # Binary formats (WARC) undo their own compression: they keep what precedes a cut.
            if head.startswith(GZIP_MAGIC) and (compressed or item.kind is None) and not (fmt and fmt.binary):
                # Whole-item readers stop at max_bytes themselves; the budgets here bound containers.
                stream = gunzip_stream(stream, opts.max_archive_bytes, opts.max_ratio)
                gz = stream.raw
                head, stream = peek(stream, BINARY_SNIFF_BYTES)
            if fmt is None:
                kind, stream = walk.sniff_kind(stream, opts.max_bytes)
                fmt = FORMATS.get(kind, DEFAULT_FORMAT)
            if not fmt.binary and looks_binary(head):
                yield reject(item.origin, "binary file")
                return
            yield from fmt.read(stream, item.origin, opts)
            if gz is not None and gz.junk:
                yield reject(item.origin, f"corrupted archive: {gz.junk} (the records before it are kept)")
    except OSError as e:  # unreadable file, I/O error mid-read, bad or over-budget gzip
        yield reject(item.origin, walk.os_reason(e))

"""Sources: turn paths, folders and stdin into a stream of ``RawDoc | Rejected``.

    from newsfold.sources import SourceOptions, iter_sources
    for record in iter_sources(["dumps/", "extra.jsonl", "-"]):
        ...

Every per-item problem (missing path, binary file, undecodable text, a bad
JSONL line, a row over the size limit) is yielded as a ``Rejected`` with
``stage="source"`` and the batch goes on; nothing here raises for bad input.

Adding a format is one module with a :data:`~newsfold.sources.options.Reader`
function plus one line in :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

from newsfold.records import RawDoc, Rejected
from newsfold.sources import tabular, text, walk
from newsfold.sources.decode import BINARY_SNIFF_BYTES, looks_binary
from newsfold.sources.options import Format, SourceOptions, reject
from newsfold.sources.streams import peek

__all__ = ["FORMATS", "DEFAULT_FORMAT", "SourceOptions", "iter_sources"]

FORMATS: dict[str, Format] = {
    ".jsonl": Format(tabular.read_jsonl, streams=True),
    ".ndjson": Format(tabular.read_jsonl, streams=True),
    ".csv": Format(tabular.read_csv, streams=True),
    ".tsv": Format(tabular.read_tsv, streams=True),
}
"""Readers by lower-cased file extension."""

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
            yield item
        else:
            yield from _read_item(item, opts, stdin)


def _read_item(item: walk.Item, opts: SourceOptions, stdin: BinaryIO | None) -> Iterator[RawDoc | Rejected]:
    fmt = None if item.kind is None else FORMATS.get(item.kind, DEFAULT_FORMAT)
    if fmt is not None and not fmt.streams and item.size is not None and item.size > opts.max_bytes:
        yield reject(item.origin, f"too large: {item.size} bytes > limit {opts.max_bytes}")
        return
    try:
        with walk.open_item(item, stdin) as raw:
            head, stream = peek(raw, BINARY_SNIFF_BYTES)
            if looks_binary(head):
                yield reject(item.origin, "binary file")
                return
            if fmt is None:
                kind, stream = walk.sniff_kind(stream, opts.max_bytes)
                fmt = FORMATS.get(kind, DEFAULT_FORMAT)
            yield from fmt.read(stream, item.origin, opts)
    except OSError as e:  # unreadable file, I/O error mid-read
        yield reject(item.origin, walk.os_reason(e))

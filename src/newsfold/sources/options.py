"""Shared vocabulary of the source readers: options, the reader contract, rejections.

Kept apart from ``__init__`` so reader modules can import it without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from newsfold.records import RawDoc, Rejected

if TYPE_CHECKING:  # pragma: no cover
    from newsfold.sources.fetch import Fetched

STAGE = "source"


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """Limits that keep one bad input from exhausting memory or time, and network policy.

    ``max_bytes`` bounds one item: a whole-file item (an article or HTML file,
    a feed, stdin text; checked by size before reading, and again while
    reading), a decompressed ``.html.gz``, one WARC record's payload, one page
    fetched over the network. ``max_row_bytes`` bounds one JSONL line or CSV
    row. Container files (JSONL, CSV, WARC) are streamed and may be any size,
    but a *compressed* container is cut off once it has expanded past
    ``max_archive_bytes``, or past ``max_ratio`` times its compressed size
    (a gzip bomb expands ~1000:1, real HTML and WARC data ~5-15:1).

    Network (feeds given as ``http(s)://`` URLs, and pages of feed entries
    that carry only a short summary): ``fetch_pages`` says whether to fetch
    such pages -- ``None`` means yes for feeds read from a URL and no for feed
    files on disk; ``fetch_timeout`` is the total time allowed for one fetch
    (connect 5 s and read 10 s, or less when the total is lower); ``fetch``
    replaces the HTTP client (``fetch(url, opts) -> Fetched``, raising
    :class:`~newsfold.sources.fetch.FetchError`), for tests or for a crawler
    of your own.
    """

    max_bytes: int = 20 * 1024 * 1024
    max_row_bytes: int = 5 * 1024 * 1024
    max_archive_bytes: int = 16 * 1024 * 1024 * 1024
    max_ratio: int = 100
    fetch_pages: bool | None = None
    fetch_timeout: float = 30.0
    fetch: Callable[[str, SourceOptions], Fetched] | None = None

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_row_bytes", "max_archive_bytes", "max_ratio"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"SourceOptions.{name} must be a positive int, got {value!r}")
        if isinstance(self.fetch_timeout, bool) or not isinstance(self.fetch_timeout, (int, float)) \
                or not self.fetch_timeout > 0:
            raise ValueError(f"SourceOptions.fetch_timeout must be a positive number, got {self.fetch_timeout!r}")
        if self.fetch_pages not in (None, True, False):
            raise ValueError(f"SourceOptions.fetch_pages must be None, True or False, got {self.fetch_pages!r}")
        if self.fetch is not None and not callable(self.fetch):
            raise ValueError("SourceOptions.fetch must be callable")


Reader = Callable[[BinaryIO, str, SourceOptions], Iterator[RawDoc | Rejected]]
"""A reader turns one open binary stream, labelled ``origin``, into records.

It must never raise for problems with the data: it yields ``Rejected`` values
and carries on (or stops that stream) instead.
"""


@dataclass(frozen=True, slots=True)
class Format:
    """How to read one kind of file.

    ``streams`` is True for containers of many items (JSONL, CSV, WARC), which
    are read incrementally and limited per row; False for formats where the
    whole file is one item (or small: a feed), which are refused by size
    before any byte is read. ``binary`` is True for formats that legitimately
    hold binary bytes (WARC payloads): the "binary file" sniff is skipped.
    """

    read: Reader
    streams: bool
    binary: bool = False


def reject(origin: str, reason: str) -> Rejected:
    return Rejected(origin=origin, stage=STAGE, reason=reason)

"""Shared vocabulary of the source readers: options, the reader contract, rejections.

Kept apart from ``__init__`` so reader modules can import it without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from newsfold.records import RawDoc, Rejected

STAGE = "source"


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """Size limits that keep one bad input from exhausting memory.

    ``max_bytes`` bounds a whole-file item (an article file, stdin text); such
    items are checked by size before they are read. ``max_row_bytes`` bounds one
    JSONL line or CSV row; container files themselves are streamed and may be
    any size.
    """

    max_bytes: int = 20 * 1024 * 1024
    max_row_bytes: int = 5 * 1024 * 1024

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_row_bytes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"SourceOptions.{name} must be a positive int, got {value!r}")


Reader = Callable[[BinaryIO, str, SourceOptions], Iterator[RawDoc | Rejected]]
"""A reader turns one open binary stream, labelled ``origin``, into records.

It must never raise for problems with the data: it yields ``Rejected`` values
and carries on (or stops that stream) instead.
"""


@dataclass(frozen=True, slots=True)
class Format:
    """How to read one kind of file.

    ``streams`` is True for containers of many items (JSONL, CSV), which are
    read incrementally and limited per row; False for formats where the whole
    file is one item, which are refused by size before any byte is read.
    """

    read: Reader
    streams: bool


def reject(origin: str, reason: str) -> Rejected:
    return Rejected(origin=origin, stage=STAGE, reason=reason)

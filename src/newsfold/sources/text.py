"""Plain-text files and stdin text: the whole input is one article."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from newsfold.records import RawDoc, Rejected
from newsfold.sources.decode import DecodeError, decode_noted
from newsfold.sources.options import SourceOptions, reject
from newsfold.sources.streams import read_up_to


def read_text(stream: BinaryIO, origin: str, opts: SourceOptions) -> Iterator[RawDoc | Rejected]:
    """Yield one RawDoc for the whole stream, or one Rejected saying why not.

    Reads at most ``max_bytes + 1`` bytes: files were already checked by size,
    but stdin and pipes have no size, and a file may grow after its stat.
    """
    data = read_up_to(stream, opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        yield reject(origin, f"too large: stream exceeds limit {opts.max_bytes} bytes")
        return
    try:
        text, note = decode_noted(data)
    except DecodeError as e:
        yield reject(origin, str(e))
        return
    if not text.strip():
        yield reject(origin, "empty")
        return
    yield RawDoc(text=text, origin=origin, meta={"decode_note": note} if note else {})

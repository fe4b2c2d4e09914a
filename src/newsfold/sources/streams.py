"""Look at the start of a stream without losing it.

Sniffing (binary or text? JSONL or plain text? which encoding?) needs the first
bytes, but stdin and pipes cannot seek back. :func:`peek` reads the head and
returns a new stream that replays it before the rest, so every reader sees the
input from its first byte whatever kind of stream it came from.
"""

from __future__ import annotations

import io
from typing import BinaryIO

_BUFFER_SIZE = 64 * 1024


class _Prepended(io.RawIOBase):
    """Raw stream serving ``head`` first, then whatever ``rest`` still holds.

    Closing it leaves ``rest`` open: the owner of ``rest`` (an ``open()`` block,
    or the process for stdin) closes it.
    """

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        read = getattr(self._rest, "read1", self._rest.read)
        data = read(len(buffer))
        n = len(data)
        buffer[:n] = data
        return n


def prepend(head: bytes, rest: BinaryIO) -> io.BufferedReader:
    """A buffered stream that yields ``head`` and then the rest of ``rest``."""
    return io.BufferedReader(_Prepended(head, rest), buffer_size=_BUFFER_SIZE)


def read_up_to(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes, fewer only at end of stream (raw reads may be short)."""
    chunks: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def peek(stream: BinaryIO, size: int) -> tuple[bytes, io.BufferedReader]:
    """The first ``size`` bytes of ``stream``, and a stream that still starts with them."""
    head = read_up_to(stream, size)
    return head, prepend(head, stream)

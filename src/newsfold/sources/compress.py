"""Gzip, decompressed under a budget.

A ``.gz`` file (``dump.jsonl.gz``, ``page.html.gz``, ``crawl.warc.gz``) or a
gzip-encoded HTTP body is read through :class:`GzipStream`, which inflates in
bounded steps and counts what comes out. It stops with :class:`LimitExceeded`
once the output passes ``limit`` bytes, or once it runs ``max_ratio`` times
ahead of the compressed input -- a gzip bomb (a few KB expanding to gigabytes)
is caught after reading a little of it, not after filling memory or disk.
A stream that ends inside a gzip member raises :class:`Truncated` -- or, with
``lenient_eof``, ends there and sets ``truncated`` (for readers that keep what
came before the cut, such as WARC).

Both errors are ``OSError`` subclasses, so the dispatcher's ``OSError``
handler turns them into a ``Rejected`` like any other I/O failure; the WARC
reader catches them to keep the records it read before the problem.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
_IN_CHUNK = 64 * 1024
_OUT_CHUNK = 256 * 1024
# The ratio check starts only past this much output: tiny inputs have silly ratios.
_RATIO_FLOOR = 1024 * 1024


class LimitExceeded(OSError):
    """Decompressed data went past its size or ratio budget."""


class Truncated(OSError):
    """The compressed stream ended before its end-of-stream marker."""


class BadGzip(OSError):
    """The bytes are not gzip, or are corrupted."""


class GzipStream(io.RawIOBase):
    """Multi-member gzip (or zlib) decompression of ``raw``, with budgets.

    ``limit``: maximum output bytes (None: unbounded); ``max_ratio``: maximum
    output/input ratio once past 1 MiB of output (None: unchecked). Trailing
    zero padding after the last member is ignored (some tools pad archives).
    """

    def __init__(
        self, raw: BinaryIO, limit: int | None = None, max_ratio: int | None = None, lenient_eof: bool = False
    ) -> None:
        super().__init__()
        self._lenient = lenient_eof
        self.truncated = False
        self._raw = raw
        self._limit = limit
        self._ratio = max_ratio
        self._d = zlib.decompressobj(wbits=47)  # 32+15: gzip or zlib header, auto-detected
        self._buf = b""  # compressed input not yet consumed by the decompressor
        self._out = memoryview(b"")
        self._in_member = False
        self._finished = False
        # Garbage after the last member ends the data there, keeping everything before it (a
        # reader would otherwise lose the records already decompressed); the reason is kept in
        # ``junk`` for the reader to report.
        self.junk: str | None = None
        self.bytes_in = 0
        self.bytes_out = 0
        # Per member too: a bomb hidden after gigabytes of honest records must not hide
        # behind the archive's overall ratio.
        self._member_in = 0
        self._member_out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self._out:
            if self._finished:
                return 0
            self._inflate_some()
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _read_raw(self) -> bytes:
        chunk = self._raw.read(_IN_CHUNK)
        self.bytes_in += len(chunk or b"")
        return chunk or b""

    def _inflate_some(self) -> None:
        if not self._buf:
            self._buf = self._read_raw()
            if not self._buf:
                if self._in_member:
                    if not self._lenient:
                        raise Truncated("truncated gzip stream: it ends inside a compressed member")
                    self.truncated = True
                self._finished = True
                return
        fed = len(self._buf)
        try:
            out = self._d.decompress(self._buf, _OUT_CHUNK)
        except zlib.error as e:
            raise BadGzip(f"corrupted gzip data: {e}") from None
        self._in_member = True
        if self._d.eof:
            self._member_in += fed - len(self._d.unused_data)
            self._account(len(out))
            self._in_member = False
            self._buf = b""
            self._member_in = self._member_out = 0
            try:
                self._next_member(self._d.unused_data)
            except BadGzip as exc:
                self._finished, self.junk = True, str(exc)
        else:
            self._member_in += fed - len(self._d.unconsumed_tail)
            self._buf = self._d.unconsumed_tail
            self._account(len(out))
        self._out = memoryview(out)

    def _next_member(self, rest: bytes) -> None:
        """After a member ends: start the next one, or accept zero padding as the end."""
        while len(rest) < 2:
            chunk = self._read_raw()
            if not chunk:
                break
            rest += chunk
        if rest.startswith(GZIP_MAGIC):
            self._d = zlib.decompressobj(wbits=47)
            self._buf = rest
            return
        while not rest.strip(b"\x00"):  # zero padding up to the end is fine
            rest = self._read_raw()
            if not rest:
                self._finished = True
                return
        raise BadGzip("garbage after the end of the gzip data")

    def _account(self, n: int) -> None:
        self.bytes_out += n
        self._member_out += n
        if self._limit is not None and self.bytes_out > self._limit:
            raise LimitExceeded(f"decompressed size exceeds limit {self._limit} bytes")
        if self._ratio is None:
            return
        for out, into in ((self.bytes_out, self.bytes_in), (self._member_out, self._member_in)):
            if out > _RATIO_FLOOR and out > self._ratio * max(into, 1):
                raise LimitExceeded(f"compression ratio over {self._ratio}:1 after {self.bytes_out} bytes (gzip bomb?)")


def gunzip_stream(raw: BinaryIO, limit: int | None = None, max_ratio: int | None = None) -> io.BufferedReader:
    """A buffered reader of the decompressed bytes of ``raw`` (see :class:`GzipStream`)."""
    return io.BufferedReader(GzipStream(raw, limit, max_ratio), buffer_size=_IN_CHUNK)


def gunzip_bytes(data: bytes, limit: int) -> bytes:
    """Decompress a whole gzip/zlib body, refusing output past ``limit`` bytes."""
    stream = GzipStream(io.BytesIO(data), limit=limit)
    chunks = []
    while True:
        chunk = stream.read(_OUT_CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
    if stream.junk:  # a whole body must be whole
        raise BadGzip(stream.junk)
    return b"".join(chunks)

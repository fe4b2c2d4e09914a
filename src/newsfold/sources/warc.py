"""WARC archives (``.warc``, ``.warc.gz``): one RawDoc per HTML page captured.

Records read: ``response`` records (HTTP status 2xx) and ``resource`` records
whose payload is HTML (by Content-Type, or by its first bytes when the type is
missing). Everything else -- requests, metadata, images, scripts, redirects --
is skipped silently: it is not an article. Each page becomes
``RawDoc(text=html, origin=f"{path}#{WARC-Record-ID}", meta={"url":
WARC-Target-URI, "container_date": WARC-Date (ISO), "content_type":
"text/html"})``. The WARC-Date is when the page was *captured*, not when it
was published: it is kept as ``container_date`` (a reference for relative
dates), never as ``published``.

Limits and damage, each a ``Rejected`` value:

- a record payload over ``max_bytes`` (before or after undoing the HTTP
  ``Content-Encoding``/chunking, done here under that cap) is rejected and
  the archive goes on;
- a page declared HTML whose payload is binary is rejected;
- a truncated archive (cut inside a record, its closing blank line, or a gzip
  member) yields every record read before the cut, then one ``Rejected`` saying so;
- a ``.warc.gz`` that expands past ``max_archive_bytes`` or ``max_ratio``
  times its compressed size (a gzip bomb) stops with one ``Rejected``.

Parsing is fastwarc's (Rust); decompression is ours (:mod:`.compress`), so
that the budgets above hold whatever the archive contains.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

from newsfold.records import RawDoc, Rejected
from newsfold.sources.compress import GZIP_MAGIC, GzipStream, LimitExceeded, gunzip_bytes
from newsfold.sources.decode import looks_binary
from newsfold.sources.html import HTML_TYPE, html_doc, looks_like_html
from newsfold.sources.options import SourceOptions, reject
from newsfold.sources.streams import peek

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SNIFF_TYPES = (None, "", "application/octet-stream", "text/plain", "unk", "application/unknown")
_TRUNCATED = "truncated archive"


class _Told(io.RawIOBase):
    """A non-seekable stream that can at least say where it is (fastwarc needs ``tell``)."""

    def __init__(self, inner: BinaryIO) -> None:
        super().__init__()
        self._inner = inner
        self._pos = 0
        self.error: OSError | None = None
        self.tail = b""  # the last bytes read: a complete archive ends with a record's blank line

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer) -> int:  # type: ignore[override]
        try:
            n = self._inner.readinto(buffer) or 0
        except OSError as e:
            self.error = e  # fastwarc re-raises it as a plain OSError: keep the real one
            raise
        self._pos += n
        if n:
            self.tail = (self.tail + bytes(memoryview(buffer)[max(0, n - 4):n]))[-4:]
        return n


def read_warc(stream: BinaryIO, origin: str, opts: SourceOptions) -> Iterator[RawDoc | Rejected]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    head, stream = peek(stream, 8)
    gz = None
    if head.startswith(GZIP_MAGIC):  # .warc.gz (the dispatcher leaves decompression to us)
        gz = GzipStream(stream, opts.max_archive_bytes, opts.max_ratio, lenient_eof=True)
        head, stream = peek(gz, 8)
    if not head:
        yield reject(origin, "empty")
        return
    if not head.startswith(b"WARC/"):
        yield reject(origin, "not a WARC file (no WARC/ version line at the start)")
        return
    yielded = skipped = 0
    told = _Told(stream)
    try:
        records = ArchiveIterator(
            told,
            record_types=WarcRecordType.response | WarcRecordType.resource,
            parse_http=True,
            auto_decode="none",  # fastwarc's decoder is unbounded: we undo encodings ourselves
            stream_detect=False,
            fsspec_args=False,
        )
        for record in records:
            result = _record(record, origin, opts)
            if result is None:
                skipped += 1
            elif result == _TRUNCATED:
                yield reject(origin, f"truncated archive: cut inside a record after {yielded} page(s)")
                return
            else:
                yielded += 1
                yield result
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as e:  # OSError from the stream or the parser; a Rust panic is a BaseException
        cause = told.error or e
        if isinstance(cause, LimitExceeded):
            yield reject(origin, f"{cause}; archive stopped after {yielded} page(s)")
        else:
            yield reject(origin, f"truncated or corrupted archive after {yielded} page(s): {_reason(cause)}")
        return
    if gz is not None and gz.truncated:
        yield reject(origin, f"truncated archive: the gzip data is cut off after {yielded} page(s)")
    elif gz is not None and gz.junk:
        yield reject(origin, f"corrupted archive: {gz.junk} (after {yielded} page(s), all kept)")
    elif not told.tail.endswith((b"\r\n\r\n", b"\n\n")):
        # fastwarc ends quietly when the data stops inside a record's header or its closing blank
        # line (or a record's start is garbled): only the tail shows that something was cut off.
        yield reject(origin, f"truncated archive: the last record is cut off after {yielded} page(s)")
    elif yielded == 0:
        yield reject(origin, f"no HTML pages in the archive ({skipped} record(s) skipped)")


def _reason(e: BaseException) -> str:
    return (str(e) or type(e).__name__)[:200]


def _record(record, origin: str, opts: SourceOptions) -> RawDoc | Rejected | str | None:
    """One record -> RawDoc, Rejected, _TRUNCATED, or None (not a page: skipped)."""
    from fastwarc.warc import WarcRecordType

    if record.headers.get("Content-Length") is None:
        return _TRUNCATED  # the header block itself was cut off
    rid = (record.record_id or "").strip("<>") or str(record.stream_pos)
    where = f"{origin}#{rid}"
    http = record.http_headers if record.is_http else None
    if http is not None:
        if not 200 <= (http.status_code or 0) < 300:
            return _skip(record)
        ctype = (record.http_content_type or "").lower() or None
        charset = record.http_charset
    else:
        if record.record_type != WarcRecordType.resource:
            return _skip(record)  # a response without HTTP (dns:, ...): not a page
        ctype = (record.headers.get("Content-Type") or "").split(";")[0].strip().lower() or None
        charset = None
    if ctype not in _HTML_TYPES and ctype not in _SNIFF_TYPES:
        return _skip(record)

    expected = record.content_length
    payload = record.reader.read(opts.max_bytes + 1)
    if len(payload) > opts.max_bytes:
        record.reader.consume()
        return reject(where, f"too large: record payload exceeds limit {opts.max_bytes} bytes")
    if len(payload) < expected:
        return _TRUNCATED
    if http is not None:
        decoded = _undo_encodings(payload, http, opts.max_bytes)
        if isinstance(decoded, str):
            return reject(where, decoded)
        payload = decoded
    if ctype not in _HTML_TYPES:
        if looks_binary(payload[:8192]) or not looks_like_html(payload[:4096].decode("utf-8", "replace")):
            return None  # untyped and not HTML
    elif looks_binary(payload[:8192]):
        return reject(where, f"binary payload in a record declared {ctype}")
    meta = {"url": record.headers.get("WARC-Target-URI")}
    if record.record_date is not None:
        meta["container_date"] = record.record_date.isoformat()
    meta = {"content_type": HTML_TYPE, **{k: v for k, v in meta.items() if v}}
    return html_doc(payload, where, meta, charset)


def _skip(record) -> str | None:
    """Skip a record, but notice when it was cut short (the archive's last record)."""
    expected = record.content_length
    got = record.reader.consume()
    return _TRUNCATED if got is not None and got < expected else None


def _undo_encodings(payload: bytes, http, limit: int) -> bytes | str:
    """Payload with chunked transfer and gzip/deflate content encoding undone, or a reason."""
    transfer = (http.get("Transfer-Encoding") or "").lower()
    if "chunked" in transfer:
        dechunked = _dechunk(payload)
        if dechunked is not None:
            payload = dechunked  # many crawlers store the body already de-chunked despite the header
    encoding = (http.get("Content-Encoding") or "").strip().lower()
    if encoding in ("", "identity", "none", "utf-8"):
        return payload
    if encoding in ("gzip", "x-gzip", "deflate"):
        if not payload.startswith(GZIP_MAGIC) and encoding != "deflate":
            return payload  # stored decoded, header kept (Common Crawl renames it, others don't)
        try:
            return gunzip_bytes(payload, limit)
        except LimitExceeded:
            return f"too large: decoded payload exceeds limit {limit} bytes"
        except OSError as e:
            return f"bad {encoding} payload: {e}"
    return f"unsupported Content-Encoding: {encoding[:40]}"


def _dechunk(data: bytes) -> bytes | None:
    """HTTP/1.1 chunked body -> bytes, or None if ``data`` is not validly chunked."""
    out = bytearray()
    pos = 0
    while True:
        eol = data.find(b"\r\n", pos, pos + 64)
        if eol < 0:
            return None
        size_text = data[pos:eol].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return None
        pos = eol + 2
        if size == 0:
            return bytes(out)
        if pos + size > len(data):
            return None
        out += data[pos:pos + size]
        pos += size + 2

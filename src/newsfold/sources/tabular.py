"""JSONL and CSV/TSV dumps: one RawDoc per row, streamed.

Dumps can be far larger than memory, so both readers go line by line with a
per-row byte limit, and a bad row is a ``Rejected`` for that row only: the
rest of the dump still comes through. Both map a row the same way (see
:func:`row_to_doc`): the ``text`` field becomes ``RawDoc.text``, every other
field is kept in ``meta`` as given, with ``id`` renamed ``source_id`` so it is
not mistaken for a newsfold ID.

Rows that carry a page's HTML are marked ``meta["content_type"] =
"text/html"`` so that the clean stage extracts the article from the markup: a
non-empty string ``html`` field becomes ``RawDoc.text`` (the rawest form wins;
a ``text`` field is then kept in ``meta["text"]``), and a ``text`` field that
starts like an HTML document is marked too. An explicit ``content_type``
field is left as given.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsfold.records import RawDoc, Rejected
from newsfold.sources.decode import DecodeError, decode_line, normalize_newlines, sniff_encoding
from newsfold.sources.html import HTML_TYPE, looks_like_html
from newsfold.sources.options import SourceOptions, reject
from newsfold.sources.streams import peek

_ENCODING_SNIFF_BYTES = 64 * 1024
_SKIP_CHUNK = 64 * 1024
_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number", bool: "boolean"}


def row_to_doc(fields: dict[str, Any], origin: str) -> RawDoc | Rejected:
    """One JSONL object or CSV row -> RawDoc, or Rejected when it has no usable text."""
    page = fields.get("html")
    if isinstance(page, str) and page.strip():
        return _html_row(fields, page, origin)
    text = fields.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        return reject(origin, "row has no text field")
    if not isinstance(text, str):
        return reject(origin, f"text field is not a string: got {_json_type(text)}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a "\ud800" JSON escape
        return reject(origin, "text field is not valid Unicode (lone surrogate)")
    # Keep field order; an explicit source_id wins over id (then id stays as is).
    rename = "id" in fields and "source_id" not in fields
    meta = {("source_id" if rename and k == "id" else k): v for k, v in fields.items() if k != "text"}
    if "content_type" not in meta and looks_like_html(text):
        meta["content_type"] = HTML_TYPE
    return RawDoc(text=normalize_newlines(text), origin=origin, meta=meta)


def _html_row(fields: dict[str, Any], page: str, origin: str) -> RawDoc | Rejected:
    try:
        page.encode("utf-8")
    except UnicodeEncodeError:
        return reject(origin, "html field is not valid Unicode (lone surrogate)")
    rename = "id" in fields and "source_id" not in fields
    meta = {("source_id" if rename and k == "id" else k): v for k, v in fields.items() if k != "html"}
    meta.setdefault("content_type", HTML_TYPE)
    return RawDoc(text=normalize_newlines(page), origin=origin, meta=meta)


def read_jsonl(stream: BinaryIO, origin: str, opts: SourceOptions) -> Iterator[RawDoc | Rejected]:
    """One record per non-blank line; origin ``path:LINE`` (1-based)."""
    head, stream = peek(stream, _ENCODING_SNIFF_BYTES)
    try:
        encoding = sniff_encoding(head)
    except DecodeError as e:
        yield reject(origin, str(e))
        return
    rows = 0
    number = 0
    while True:
        line, size = _read_line(stream, opts.max_row_bytes)
        if line is None and size == 0:
            break
        number += 1
        where = f"{origin}:{number}"
        if line is None:
            rows += 1
            yield reject(where, f"row too large: {size} bytes > limit {opts.max_row_bytes}")
            continue
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        rows += 1
        yield _parse_json_line(line, encoding, where)
    if rows == 0:
        yield reject(origin, "empty")


def read_csv(
    stream: BinaryIO, origin: str, opts: SourceOptions, delimiter: str = ","
) -> Iterator[RawDoc | Rejected]:
    """One record per data row after the header; origin ``path:LINE`` of the row's first line.

    Quoted fields may span lines. Rows above ``max_row_bytes`` are rejected
    after they are parsed (so parsing stays in step); a row that runs on past
    ``max(max_bytes, max_row_bytes)`` -- usually an unclosed quote swallowing
    the file -- stops the file, as there is no reliable place to resume.
    """
    head, stream = peek(stream, _ENCODING_SNIFF_BYTES)
    try:
        encoding = sniff_encoding(head)
    except DecodeError as e:
        yield reject(origin, str(e))
        return
    cap = max(opts.max_bytes, opts.max_row_bytes)
    # Process-wide setting: csv's default (128 KiB) is below real article sizes.
    if csv.field_size_limit() < cap:
        csv.field_size_limit(cap)
    lines = _CsvLines(stream, encoding, cap)
    reader = csv.reader(lines, delimiter=delimiter)
    header: list[str] | None = None
    rows = 0
    while True:
        start = reader.line_num + 1
        where = f"{origin}:{start}"
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            break
        except _RunawayRow:
            yield reject(where, f"row too large: more than {cap} bytes, rest of file skipped")
            return
        except csv.Error as e:
            yield reject(where, f"invalid CSV: {e}")
            continue
        if not row:
            continue  # blank line
        if header is None:
            header = [name.strip() for name in row]
            problem = _header_problem(header)
            if problem:
                yield reject(origin, problem)
                return
            continue
        rows += 1
        if lines.row_size > opts.max_row_bytes:
            yield reject(where, f"row too large: {lines.row_size} bytes > limit {opts.max_row_bytes}")
        elif lines.row_undecodable:
            yield reject(where, f"undecodable: row is not valid {_valid_as(encoding)}")
        elif len(row) > len(header):
            yield reject(where, f"row has {len(row)} fields but the header has {len(header)}")
        else:
            yield row_to_doc(dict(zip(header, row)), where)
    if rows == 0:
        yield reject(origin, "empty")


def read_tsv(stream: BinaryIO, origin: str, opts: SourceOptions) -> Iterator[RawDoc | Rejected]:
    """Tab-separated variant of :func:`read_csv` (same quoting rules as Excel's export)."""
    return read_csv(stream, origin, opts, delimiter="\t")


def _parse_json_line(line: bytes, encoding: str, where: str) -> RawDoc | Rejected:
    try:
        decoded = decode_line(line, encoding)
    except UnicodeDecodeError:
        return reject(where, f"undecodable: line is not valid {_valid_as(encoding)}")
    try:
        value = json.loads(decoded)
    except json.JSONDecodeError as e:
        # json's own wording sometimes ends in "at" ("Invalid control character at").
        return reject(where, f"invalid JSON: {e.msg.removesuffix(' at')} at column {e.colno}")
    except RecursionError:
        return reject(where, "invalid JSON: nested too deeply")
    except ValueError as e:  # e.g. an integer beyond Python's digit limit
        return reject(where, f"invalid JSON: {str(e)[:120]}")
    if not isinstance(value, dict):
        return reject(where, f"not a JSON object: got {_json_type(value)}")
    return row_to_doc(value, where)


def _read_line(stream: BinaryIO, limit: int) -> tuple[bytes | None, int]:
    """Next line without its newline, and its size in bytes.

    ``(None, 0)`` at end of stream; ``(None, size)`` for a line over ``limit``,
    which is skipped in chunks so memory stays bounded by ``limit``.
    """
    raw = stream.readline(limit + 1)
    if not raw:
        return None, 0
    ended = raw.endswith(b"\n")
    line = raw[:-1] if ended else raw
    if len(line) <= limit:
        return line, len(line)
    size = len(line)
    while not ended:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk:
            break
        ended = chunk.endswith(b"\n")
        size += len(chunk) - (1 if ended else 0)
    return None, size


def _valid_as(encoding: str) -> str:
    """What a line had to be: UTF-8, or in the file's legacy encoding (see ``decode_line``)."""
    return "utf-8" if encoding == "utf-8" else f"utf-8 or {encoding}"


def _header_problem(header: list[str]) -> str | None:
    """Why a CSV header cannot be used, checked once instead of failing every row."""
    if "text" not in header and "html" not in header:
        shown = ", ".join(header[:10]) + (", ..." if len(header) > 10 else "")
        return f"no text column in CSV header (columns: {shown})"
    seen: set[str] = set()
    for name in header:
        if name in seen:
            return f"duplicate column in CSV header: {name!r}"
        seen.add(name)
    return None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return _JSON_TYPES.get(type(value), type(value).__name__)


class _RunawayRow(Exception):
    """A CSV row grew past the hard cap; raised through csv.reader to stop it."""


class _CsvLines:
    """Decoded physical lines for csv.reader, with per-row accounting.

    csv.reader pulls as many lines as one row needs; :meth:`start_row` resets
    the counters before each row so the reader loop can tell how many bytes
    the row took and whether any of its lines failed to decode. Lines keep
    their line endings, as the csv module expects (quoted newlines survive).
    """

    def __init__(self, stream: BinaryIO, encoding: str, cap: int) -> None:
        self._stream = stream
        self._encoding = encoding
        self._cap = cap
        self._first = True
        self.row_bytes = 0
        self.row_undecodable = False
        self._ended = False

    @property
    def row_size(self) -> int:
        """Bytes of the current row without its final line break (as for JSONL lines)."""
        return self.row_bytes - (1 if self._ended else 0)

    def start_row(self) -> None:
        self.row_bytes = 0
        self.row_undecodable = False
        self._ended = False

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        raw = self._stream.readline(self._cap - self.row_bytes + 1)
        if not raw:
            raise StopIteration
        self.row_bytes += len(raw)
        self._ended = raw.endswith(b"\n")
        if self.row_bytes > self._cap:
            raise _RunawayRow
        if self._first:
            raw = raw.removeprefix(codecs.BOM_UTF8)
            self._first = False
        try:
            return decode_line(raw, self._encoding)
        except UnicodeDecodeError:
            self.row_undecodable = True
            return raw.decode("utf-8", errors="replace")

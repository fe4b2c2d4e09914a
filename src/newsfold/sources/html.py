"""HTML pages: ``.html``/``.htm``/``.xhtml`` files (and ``.html.gz``) -> one RawDoc each.

The page is kept whole, as decoded text (``RawDoc.text``), with
``meta["content_type"] = "text/html"``; the clean stage extracts the article
from it. Decoding follows the browser's order, minus its blind spots:

1. a byte-order mark;
2. strict UTF-8 (a successful strict decode is proof; pages that declare
   ISO-8859-1 but are UTF-8 are common, the reverse is not);
3. the charset the HTTP response declared (WARC records, fetched pages), then
   the one the page declares (``<meta charset>``, ``http-equiv``, an XML
   declaration) -- used only if it decodes the bytes strictly;
4. UTF-8 with a few bad bytes, or statistical detection, as for text
   (:func:`~newsfold.sources.decode.decode_noted`).

Labels are mapped the WHATWG way: "iso-8859-1" and "us-ascii" mean cp1252,
"gb2312" means GB18030, and so on.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from newsfold.records import RawDoc, Rejected
from newsfold.sources.decode import DecodeError, decode_noted, normalize_newlines
from newsfold.sources.options import SourceOptions, reject
from newsfold.sources.streams import read_up_to

HTML_TYPE = "text/html"
_PRESCAN_BYTES = 8192
_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_XML_DECL_RE = re.compile(rb"""\A\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""", re.I)
# WHATWG Encoding Standard: labels whose real meaning is a superset.
_WHATWG = {
    "latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252", "iso8859_9": "cp1254", "iso8859_11": "cp874", "tis_620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "shift_jis": "cp932", "euc_kr": "cp949",
    "utf_16": "utf-8", "utf_16_le": "utf-8", "utf_16_be": "utf-8",  # a <meta> cannot declare UTF-16
}

_DOC_START_RE = re.compile(
    r"""\A\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:(?!-->).)*-->\s*)*
        (?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]
          |<(?:article|main|section|div|p|h[1-6]|header|table|ul|ol|figure|blockquote)[\s>][\s\S]*</)""",
    re.I | re.S | re.X,
)


def looks_like_html(text: str) -> bool:
    """Does ``text`` start like an HTML document (or a fragment of block elements)?

    Plain text that merely mentions a tag does not: the markup must open the text.
    """
    return bool(_DOC_START_RE.match(text[:4096]))


def normalize_charset(label: str | bytes | None) -> str | None:
    """A Python codec name for an HTML/HTTP charset label, or None if unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    name = name.replace("-", "_")
    if name in ("utf_8", "utf_8_sig"):
        return "utf-8"
    return _WHATWG.get(name, name)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (meta tag or XML declaration)."""
    head = data[:_PRESCAN_BYTES]
    m = _XML_DECL_RE.match(head) or _META_CHARSET_RE.search(head)
    return normalize_charset(m.group(1)) if m else None


def decode_html(data: bytes, http_charset: str | None = None) -> tuple[str, str | None]:
    """(text, note): the page as text with ``\\n`` newlines; raises DecodeError if hopeless."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_noted(data)
    try:
        return normalize_newlines(data.decode("utf-8")), None
    except UnicodeDecodeError:
        pass
    for label in (normalize_charset(http_charset), declared_charset(data)):
        if label and label != "utf-8":
            try:
                return normalize_newlines(data.decode(label)), None
            except (UnicodeDecodeError, LookupError):
                continue
    return decode_noted(data)


def html_doc(data: bytes, origin: str, meta: dict | None = None, http_charset: str | None = None) -> RawDoc | Rejected:
    """One page's bytes -> RawDoc with ``content_type`` text/html, or Rejected."""
    try:
        text, note = decode_html(data, http_charset)
    except DecodeError as e:
        return reject(origin, str(e))
    if not text.strip():
        return reject(origin, "empty")
    full = {"content_type": HTML_TYPE, **(meta or {})}
    if note:
        full["decode_note"] = note
    return RawDoc(text=text, origin=origin, meta=full)


def read_html(stream: BinaryIO, origin: str, opts: SourceOptions) -> Iterator[RawDoc | Rejected]:
    """The whole stream is one page (at most ``max_bytes``, also after decompression)."""
    data = read_up_to(stream, opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        yield reject(origin, f"too large: stream exceeds limit {opts.max_bytes} bytes")
        return
    yield html_doc(data, origin)

"""RSS and Atom feeds, from files (``.rss``, ``.atom``, ``.xml``) or ``http(s)://`` URLs.

Each entry becomes one RawDoc (origin ``FEED#ENTRY-ID``, or ``#N`` for an
entry without id or link) carrying the entry's full content when the feed has
it (``content_type`` text/html for HTML, wrapped into a small document with
the entry title), else its summary. ``meta`` holds ``title``, ``url`` (the
entry link), ``published`` (the entry's published or updated date, ISO, with
its own UTC offset), ``author``, ``outlet`` (the feed title) and
``feed_date`` (the feed's own date).

An entry with no content and only a short summary (a teaser) has its page
fetched instead, when fetching is on (``SourceOptions.fetch_pages``; on by
default for feeds read from a URL, off for feed files): the RawDoc is then
the page's HTML, with the feed's fields as hints. A failed fetch is a
``Rejected`` for that entry only.

Safety, before any parsing: the XML is pre-parsed with defusedxml up to its
root element, which is where a DTD ends -- any ``<!ENTITY`` declaration
(billion laughs, external entities, parameter entities) rejects the whole
feed. Feeds that are not well-formed (common) are still handed to
feedparser's lenient parser, but only after the same check on the raw text.
feedparser is always given bytes, never a URL or a path, so it never opens
anything itself; it sanitizes the entry HTML (scripts, event handlers).
"""

from __future__ import annotations

import codecs
import html as htmllib
import io
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

from newsfold.records import RawDoc, Rejected
from newsfold.sources.decode import normalize_newlines
from newsfold.sources.fetch import FetchError, Fetched, fetch, is_url
from newsfold.sources.html import HTML_TYPE, html_doc, looks_like_html
from newsfold.sources.options import SourceOptions, reject
from newsfold.sources.streams import read_up_to

FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
SHORT_SUMMARY_CHARS = 600
"""A summary with less visible text than this is a teaser: the page is fetched for the article."""
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ROOT_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_SKIP_PROLOG_RE = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)+", re.S | re.I)
_ENTITY_RE = re.compile(rb"<!ENTITY", re.I)
_TAG_RE = re.compile(r"<[^>]*>")


def read_feed(stream: BinaryIO, origin: str, opts: SourceOptions) -> Iterator[RawDoc | Rejected]:
    """A feed file: one record per entry (pages fetched only if ``opts.fetch_pages`` is True)."""
    data = read_up_to(stream, opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        yield reject(origin, f"too large: stream exceeds limit {opts.max_bytes} bytes")
        return
    yield from feed_records(data, origin, opts, fetch_pages=opts.fetch_pages is True)


def read_url(url: str, opts: SourceOptions) -> Iterator[RawDoc | Rejected]:
    """A feed URL (one record per entry), or the URL of a single HTML page (one record)."""
    try:
        page = fetch(url, opts)
    except FetchError as e:
        yield reject(url, str(e))
        return
    kind = classify(page)
    if kind == "feed":
        yield from feed_records(page.body, url, opts, fetch_pages=opts.fetch_pages is not False,
                                http_charset=page.charset)
    elif kind == "html":
        yield html_doc(page.body, url, {"url": page.url}, page.charset)
    else:
        yield reject(url, f"not a feed or an HTML page (Content-Type: {page.content_type or 'none'})")


def classify(page: Fetched) -> str | None:
    """'feed', 'html' or None, from the body first and the Content-Type second."""
    head = prolog_bytes(page.body[:65536])
    if feed_root(head) in FEED_ROOTS:
        return "feed"
    if page.content_type in _HTML_TYPES or looks_like_html(head.decode("utf-8", "replace")):
        return "html"
    return None


def feed_records(
    data: bytes,
    origin: str,
    opts: SourceOptions,
    *,
    fetch_pages: bool,
    http_charset: str | None = None,
) -> Iterator[RawDoc | Rejected]:
    problem = unsafe_xml(data)
    if problem:
        yield reject(origin, problem)
        return
    root = feed_root(prolog_bytes(data))
    if root not in FEED_ROOTS:
        what = f"XML root is <{root}>" if root else "no XML root element"
        yield reject(origin, f"not an RSS/Atom feed: {what}")
        return
    try:
        parsed = _parse(data, http_charset)
    except Exception as e:  # feedparser is lenient, but it must not sink the batch
        yield reject(origin, f"unparseable feed: {type(e).__name__}: {str(e)[:200]}")
        return
    feed = parsed.get("feed", {})
    entries = parsed.get("entries") or []
    if not entries:
        yield reject(origin, "feed has no entries")
        return
    outlet = _clean_text(feed.get("title"))
    feed_date = _iso(feed, "updated") or _iso(feed, "published")
    for number, entry in enumerate(entries, start=1):
        try:
            yield _entry_record(entry, number, origin, outlet, feed_date, opts, fetch_pages)
        except Exception as e:  # one odd entry must not end the feed
            yield reject(f"{origin}#{number}", f"unreadable entry: {type(e).__name__}: {str(e)[:200]}")


def _entry_record(entry, number: int, origin: str, outlet: str | None, feed_date: str | None,
                  opts: SourceOptions, fetch_pages: bool) -> RawDoc | Rejected:
    key = _clean_text(entry.get("id")) or _clean_text(entry.get("link")) or str(number)
    where = f"{origin}#{key[:300]}"
    link = _clean_text(entry.get("link"))
    if link and not is_url(link):
        link = None  # feedparser falls back to the entry id ("urn:..."), which is no address
    title = _clean_text(entry.get("title"))
    meta: dict[str, Any] = {
        "title": title,
        "url": link,
        "published": _iso(entry, "published") or _iso(entry, "updated"),
        "author": _clean_text(entry.get("author")),
        "outlet": outlet,
        "feed_date": feed_date,
    }
    meta = {k: v for k, v in meta.items() if v}

    content, ctype = _best_content(entry)
    summary = entry.get("summary") or ""
    stype = (entry.get("summary_detail") or {}).get("type") or HTML_TYPE
    if not content and _visible_len(summary) < SHORT_SUMMARY_CHARS and fetch_pages and link and is_url(link):
        try:
            page = fetch(link, opts)
        except FetchError as e:
            return reject(where, f"page fetch failed: {e}")
        if page.content_type not in (None, *_HTML_TYPES) and not looks_like_html(page.body[:4096].decode("utf-8", "replace")):
            return reject(where, f"fetched page is not HTML (Content-Type: {page.content_type})")
        meta["url"] = page.url
        if summary.strip():
            meta["summary"] = _clean_text(_TAG_RE.sub(" ", summary))
        return html_doc(page.body, where, meta, page.charset)
    if not content:
        content, ctype = summary, stype
        if content.strip():
            meta["summary_only"] = True
    if not content or not content.strip():
        return reject(where, "entry has no content or summary")
    # Well-formed XML has its newlines normalised by the parser; feedparser's loose parser
    # (for a malformed feed) leaves \r in: undo it here, as every reader does.
    if ctype in _HTML_TYPES:
        return RawDoc(text=normalize_newlines(wrap_fragment(content, title)), origin=where,
                      meta={"content_type": HTML_TYPE, **meta})
    return RawDoc(text=normalize_newlines(content), origin=where, meta={"content_type": "text/plain", **meta})


def wrap_fragment(fragment: str, title: str | None) -> str:
    """An entry's HTML fragment as a small document, so extractors see a page with a title."""
    head = f"<title>{htmllib.escape(title)}</title>" if title else ""
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">{head}</head>\n'
            f"<body><article>\n{fragment}\n</article></body></html>\n")


def unsafe_xml(data: bytes) -> str | None:
    """Why ``data`` must not be parsed (entity declarations), or None.

    defusedxml parses up to the root element's start: the DTD, where entities
    are declared, always comes before it, so the rest need not be parsed here.
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    try:
        for _event, _elem in iterparse(io.BytesIO(data), events=("start",)):
            return None
        return None
    except DefusedXmlException as e:
        return f"unsafe XML: {type(e).__name__} ({_describe(e)}); entity declarations are not accepted"
    except ParseError:
        pass  # malformed: feedparser's lenient parser may still cope; check the raw text
    except Exception as e:  # expat limits, recursion...
        return f"unparseable XML: {type(e).__name__}"
    if _ENTITY_RE.search(_as_utf8(data[:1_000_000])):
        return "unsafe XML: entity declaration in a malformed document; entity declarations are not accepted"
    return None


def feed_root(head: bytes) -> str | None:
    """Local name of the first element after the prolog, e.g. 'rss', 'feed', 'RDF'."""
    m = _ROOT_RE.match(head)
    return m.group(1).decode("ascii", "replace") if m else None


def prolog_bytes(data: bytes) -> bytes:
    """The bytes from the root element on (UTF-8), past BOM, XML declaration, comments and DOCTYPE."""
    text = _as_utf8(data[:65536])
    m = _SKIP_PROLOG_RE.match(text)
    return text[m.end():] if m else text


def _as_utf8(data: bytes) -> bytes:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace").encode("utf-8")
    if data.startswith(b"<\x00?\x00") or data.startswith(b"\x00<\x00?"):
        return data.decode("utf-16-le" if data[0] == 0x3C else "utf-16-be", "replace").encode("utf-8")
    return data.removeprefix(codecs.BOM_UTF8)


def _describe(e: Exception) -> str:
    name = getattr(e, "name", None)
    return f"entity {name!r}" if name else str(e)[:100]


def _parse(data: bytes, http_charset: str | None):
    import feedparser

    # No content-location: feedparser would then "resolve" entry ids ("story-1") against
    # the feed's URL as if they were links; relative links inside content stay relative.
    headers = {}
    if http_charset:
        headers["content-type"] = f"application/xml; charset={http_charset}"
    return feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True)


def _best_content(entry) -> tuple[str, str]:
    """The entry's full content (HTML preferred over text), or ('', '')."""
    best = ("", "")
    for item in entry.get("content") or []:
        value = item.get("value") or ""
        ctype = (item.get("type") or HTML_TYPE).lower()
        if not value.strip():
            continue
        if ctype in _HTML_TYPES:
            return value, ctype
        if not best[0]:
            best = (value, ctype)
    return best


def _visible_len(html: str) -> int:
    return len(" ".join(htmllib.unescape(_TAG_RE.sub(" ", html)).split()))


def _clean_text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(htmllib.unescape(value).split())
    return text or None


def _iso(item, key: str) -> str | None:
    """The item's ``key`` date as ISO 8601, keeping the offset it was written with."""
    raw = item.get(key)
    if isinstance(raw, str) and raw.strip():
        value = raw.strip()
        try:
            return parsedate_to_datetime(value).isoformat()
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
    parsed = item.get(f"{key}_parsed")
    if parsed:
        try:
            return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()
        except (TypeError, ValueError, OverflowError):
            return None
    return None

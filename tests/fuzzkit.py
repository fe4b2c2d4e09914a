"""Hostile inputs for every parser, as hypothesis strategies: real structures, then damaged.

Shared by the property tests (``tests/*/test_*_properties.py``) and the long fuzz
run (``bench/fuzz.py``), so both reach the same deep code. Random bytes alone stop
at the first check of a parser (no ``WARC/`` line, no feed root, not UTF-8); these
strategies build *valid* structures with random contents first -- WARC records
with HTTP headers, gzip and chunked bodies, RSS/Atom/RDF feeds with dated
entries, pages declaring charsets, JSONL and CSV dumps -- and then damage them
with byte and token mutations (:func:`damaged`), so the parsers see every stage
of plausible-but-broken input.

Everything here is invented; nothing is read from disk. Generation is deterministic (gzip
members are written with ``mtime=0``): hypothesis replays an input from its choices, and a
compressed size that changed with the clock would make that replay differ.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import uuid
import zlib
from datetime import date, datetime, timedelta, timezone

from hypothesis import strategies as st

# -- building blocks -------------------------------------------------------------------

WORDS = ["the", "minister", "said", "on", "Tuesday", "that", "talks", "would", "resume", "Café", "Zürich",
         "Москва", "東京", "“quoted”", "—", "&amp;", "<b>bold</b>", "'", "\"", "\t", "Valparaiso", "quake", "12"]
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
# Text a user could have typed: any Unicode except surrogates (which no encoder accepts).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
prose = st.one_of(words, any_text)

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
odd_dates = st.sampled_from([
    "Wed, 09 Nov 2016 17:30:00 -0500", "2016-11-09T17:30:00Z", "2016-11-09", "Wed, 31 Feb 2016 10:00:00 GMT",
    "2016-02-30T00:00:00Z", "Mon, 01 Jan 99999 00:00:00 GMT", "9999-12-31T23:59:59-23:59", "0000-01-01",
    "yesterday", "", "   ", "Thu, 10 Nov 2016 25:61:61 +9999", "1e309", "2016-11-09T17:30:00+25:00",
    "Wed, 09 Nov 2016", "November 9, 2016", "-1", "\x00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
    "0001-01-01", "9999-12-31", "Fri, 31 Dec 9999 23:59:59 -1200", "Mon, 01 Jan 0001 00:00:00 +1400",
])


@st.composite
def rfc822(draw) -> str:
    moment = draw(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2099, 12, 31)))
    return moment.strftime("%a, %d %b %Y %H:%M:%S +0000")


feed_dates = st.one_of(rfc822(), days.map(date.isoformat), odd_dates)


def damaged(samples: st.SearchStrategy[bytes], tokens: list[bytes], max_ops: int = 6) -> st.SearchStrategy[bytes]:
    """``samples`` damaged by up to ``max_ops`` byte and token mutations (possibly none)."""
    op = st.tuples(
        st.sampled_from(["flip", "insert", "token", "delete", "duplicate", "truncate"]),
        st.integers(0, 10_000),  # position, as a share of the length (so ops fit any sample)
        st.integers(0, 10_000),
        st.binary(min_size=1, max_size=8),
        st.sampled_from(tokens or [b""]),
    )
    return st.tuples(samples, st.lists(op, max_size=max_ops)).map(lambda t: mutate(*t))


def mutate(data: bytes, ops: list[tuple]) -> bytes:
    out = bytearray(data)
    for kind, a, b, blob, token in ops:
        n = len(out)
        i, j = a * n // 10_001, b * n // 10_001
        if kind == "flip" and n:
            out[i] = blob[0]
        elif kind == "insert":
            out[i:i] = blob
        elif kind == "token":
            out[i:i] = token
        elif kind == "delete":
            del out[i:i + 1 + j % 64]
        elif kind == "duplicate":
            out[j:j] = out[i:i + 1 + b % 256]
        elif kind == "truncate":
            del out[i:]
    return bytes(out)


# -- HTML pages --------------------------------------------------------------------------

CHARSET_LABELS = ["utf-8", "UTF8", "iso-8859-1", "windows-1252", "latin1", "us-ascii", "shift_jis", "koi8-r",
                  "gb2312", "utf-16", "x-user-defined", "bogus", "", "utf-8\"><script>", "big5"]
HTML_TOKENS = [b"<html>", b"</html>", b"<head>", b"<body>", b"<p>", b"</p>", b"<article>", b"</article>",
               b"<meta charset=\"shift_jis\">", b"<meta charset=utf-16>", b"<script>", b"</script>", b"<!--",
               b"-->", b"<![CDATA[", b"&#x0;", b"&#99999999;", b"&lt;", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00",
               b"<time datetime=\"2016-13-45\">", b"<div>" * 50, b"<table><tr><td>", b"\r\n", b"\xe9",
               b"<meta property=\"article:published_time\" content=\"2099-01-01\">", b"<h1>", b"<br>"]


DOCTYPES = ["<!DOCTYPE html>", "", '<?xml version="1.0"?>', "<!-- comment -->"]


@st.composite
def html_pages(draw) -> bytes:
    """A page with a random head (charset, title, dates, JSON-LD) and body, in some encoding."""
    label = draw(st.sampled_from(CHARSET_LABELS))
    title = draw(prose)
    published = draw(feed_dates)
    jsonld = draw(st.sampled_from([
        "", f'{{"@type": "NewsArticle", "datePublished": {json.dumps(published)}}}', '{"@graph": [[[[[{}]]]]]}',
        '{"datePublished": ', '[{"datePublished": 5}, null, "x"]',
    ]))
    paras = draw(st.lists(prose, min_size=0, max_size=8))
    nest = draw(st.integers(0, 40))
    page = (
        f"{draw(st.sampled_from(DOCTYPES))}\n"
        f"<html lang=\"{draw(st.sampled_from(['en', 'de', '', 'zz-ZZ']))}\"><head>"
        f"<meta charset=\"{label}\"><title>{title}</title>"
        f"<meta property=\"article:published_time\" content=\"{published}\">"
        f"<meta property=\"og:site_name\" content=\"{draw(prose)}\">"
        f"<script type=\"application/ld+json\">{jsonld}</script></head>\n<body>"
        + "<div>" * nest + f"<article><h1>{title}</h1>\n"
        + "".join(f"<p>{p}</p>\n" for p in paras)
        + f"<time datetime=\"{published}\">{published}</time></article>" + "</div>" * draw(st.integers(0, nest))
        + "</body></html>\n"
    )
    codec = draw(st.sampled_from(["utf-8", "cp1252", "shift_jis", "koi8_r", "gb18030", "utf-16"]))
    return page.encode(codec, errors="replace" if codec != "utf-16" else "surrogatepass")


def hostile_html() -> st.SearchStrategy[bytes]:
    return damaged(html_pages(), HTML_TOKENS)


# -- feeds -------------------------------------------------------------------------------

FEED_TOKENS = [b"<rss>", b"</rss>", b"<channel>", b"</channel>", b"<item>", b"</item>", b"<entry>", b"</entry>",
               b"<title>", b"</title>", b"<![CDATA[", b"]]>", b"&amp;", b"&lol;", b"&#0;", b"<!DOCTYPE x [",
               b"]>", b"<!ENTITY a 'b'>", b"<?xml version='1.0' encoding='utf-16'?>", b"<content type='html'>",
               b"</content>", b"<pubDate>Mon, 01 Jan 99999 00:00:00 GMT</pubDate>", b"\x00", b"\xff\xfe",
               b"<link>javascript:alert(1)</link>", b"<description>", b"</description>", b"xmlns:a='b'", b"<"]


@st.composite
def feed_entries(draw) -> dict:
    """One entry: title, link, id, date, and content/summary of some kind (or none)."""
    return {
        "title": draw(prose),
        "link": draw(st.sampled_from(["http://example.invalid/a", "https://x.invalid/p?q=1&amp;r=2", "",
                                      "urn:uuid:1", "javascript:alert(1)", "not a url"])),
        "id": draw(st.one_of(st.just(""), st.uuids().map(str), words)),
        "date": draw(feed_dates),
        "content": draw(st.one_of(st.just(""), prose, st.lists(prose, max_size=4).map(
            lambda ps: "".join(f"<p>{p}</p>" for p in ps)))),
        "summary": draw(st.one_of(st.just(""), prose)),
        "content_type": draw(st.sampled_from(["html", "text", "xhtml"])),
    }


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rss_feed(entries: list[dict], title: str = "Example News", when: str = "Wed, 09 Nov 2016 18:00:00 -0500") -> str:
    items = "".join(
        f"<item><title>{xml_escape(e['title'])}</title><link>{xml_escape(e['link'])}</link>"
        f"<guid>{xml_escape(e['id'])}</guid><pubDate>{xml_escape(e['date'])}</pubDate>"
        + (f"<description>{xml_escape(e['summary'])}</description>" if e["summary"] else "")
        + (f"<content:encoded><![CDATA[{e['content'].replace(']]>', '')}]]></content:encoded>" if e["content"] else "")
        + "</item>\n"
        for e in entries
    )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
            f"<channel><title>{xml_escape(title)}</title><link>http://example.invalid/</link>"
            f"<lastBuildDate>{xml_escape(when)}</lastBuildDate>\n{items}</channel></rss>\n")


def atom_feed(entries: list[dict], title: str = "Atom Times", when: str = "2016-11-09T20:00:00Z") -> str:
    def content(e: dict) -> str:
        if not e["content"]:
            return ""
        if e["content_type"] == "xhtml":
            return f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{xml_escape(e["content"])}</div></content>'
        return f'<content type="{e["content_type"]}">{xml_escape(e["content"])}</content>'

    body = "".join(
        f"<entry><title>{xml_escape(e['title'])}</title><id>{xml_escape(e['id'])}</id>"
        f'<link href="{xml_escape(e["link"]).replace(chr(34), "&quot;")}"/>'
        f"<updated>{xml_escape(e['date'])}</updated>"
        + (f"<summary>{xml_escape(e['summary'])}</summary>" if e["summary"] else "") + content(e) + "</entry>\n"
        for e in entries
    )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{xml_escape(title)}</title><updated>{xml_escape(when)}</updated><id>urn:feed</id>\n{body}</feed>\n")


def rdf_feed(entries: list[dict], title: str = "RDF Daily") -> str:
    items = "".join(
        f'<item rdf:about="{xml_escape(e["link"] or "urn:x")}"><title>{xml_escape(e["title"])}</title>'
        f"<link>{xml_escape(e['link'])}</link><description>{xml_escape(e['summary'] or e['content'])}</description>"
        f"<dc:date>{xml_escape(e['date'])}</dc:date></item>\n"
        for e in entries
    )
    return ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>{xml_escape(title)}</title></channel>\n{items}</rdf:RDF>\n")


@st.composite
def feeds(draw) -> bytes:
    build = draw(st.sampled_from([rss_feed, atom_feed, rdf_feed]))
    entries = draw(st.lists(feed_entries(), max_size=5))
    text = build(entries, draw(prose))
    codec = draw(st.sampled_from(["utf-8", "utf-8", "utf-16"]))
    if codec == "utf-16":
        text = text.replace('encoding="utf-8"', 'encoding="utf-16"')
    return text.encode(codec, errors="replace")


def hostile_feeds() -> st.SearchStrategy[bytes]:
    return damaged(feeds(), FEED_TOKENS)


# -- WARC archives ---------------------------------------------------------------------

WARC_TOKENS = [b"WARC/1.0\r\n", b"\r\n\r\n", b"\r\n", b"Content-Length: 99999999\r\n", b"Content-Length: -1\r\n",
               b"Content-Length: 0\r\n", b"WARC-Type: response\r\n", b"WARC-Type: resource\r\n",
               b"Transfer-Encoding: chunked\r\n", b"Content-Encoding: gzip\r\n", b"Content-Encoding: br\r\n",
               b"HTTP/1.1 200 OK\r\n", b"HTTP/1.1 999 X\r\n", b"Content-Type: text/html; charset=shift_jis\r\n",
               b"WARC-Date: 2016-99-99T99:99:99Z\r\n", b"\x1f\x8b\x08\x00", b"\x00", b": ", b"ffffffff\r\n"]


def warc_block(warc_type: str, uri: str, block: bytes, *, date_text: str = "2016-11-10T08:00:00Z",
               ctype: str = "application/http; msgtype=response", length: int | None = None) -> bytes:
    """One WARC/1.0 record around ``block``; ``length`` overrides Content-Length (a lie)."""
    record_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{uri}#{len(block)}")  # stable: inputs replay byte for byte
    head = (f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
            f"WARC-Date: {date_text}\r\nWARC-Target-URI: {uri}\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(block) if length is None else length}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def http_response(body: bytes, *, status: str = "200 OK", ctype: str | None = "text/html; charset=utf-8",
                  encoding: str = "identity") -> bytes:
    """An HTTP/1.1 response with ``body`` sent as ``encoding`` (identity, gzip, deflate, chunked, br)."""
    headers = f"HTTP/1.1 {status}\r\n" + (f"Content-Type: {ctype}\r\n" if ctype is not None else "")
    if encoding in ("gzip", "gzip-cut"):
        body = gzip.compress(body, mtime=0)
        body = body[: len(body) // 2] if encoding == "gzip-cut" else body
        headers += "Content-Encoding: gzip\r\n"
    elif encoding == "deflate":
        body = zlib.compress(body)
        headers += "Content-Encoding: deflate\r\n"
    elif encoding == "chunked":
        body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (body[:7], body[7:]) if c) + b"0\r\n\r\n"
        headers += "Transfer-Encoding: chunked\r\n"
    elif encoding == "br":
        headers += "Content-Encoding: br\r\n"
    return (headers + f"Content-Length: {len(body)}\r\n\r\n").encode() + body


@st.composite
def warc_records(draw) -> bytes:
    """A request, metadata, resource or response record, the last with a random HTTP answer."""
    kind = draw(st.sampled_from(["response", "response", "response", "resource", "request", "metadata"]))
    page = draw(st.one_of(html_pages(), st.binary(max_size=300), prose.map(str.encode)))
    uri = draw(st.sampled_from(["http://x.invalid/a", "https://x.invalid/b?c=d", "dns:x.invalid", "", "\u00e9"]))
    when = draw(st.one_of(st.just("2016-11-10T08:00:00Z"), odd_dates))
    if kind == "response":
        block = http_response(
            page,
            status=draw(st.sampled_from(["200 OK", "200 OK", "204 No Content", "301 Moved", "404 Not Found", "abc"])),
            ctype=draw(st.sampled_from(["text/html; charset=utf-8", "application/xhtml+xml", "image/png", None,
                                        "text/plain", "text/html; charset=bogus", "application/octet-stream"])),
            encoding=draw(st.sampled_from(["identity", "identity", "gzip", "gzip-cut", "deflate", "chunked", "br"])),
        )
        ctype = "application/http; msgtype=response"
    elif kind == "resource":
        block, ctype = page, draw(st.sampled_from(["text/html", "", "image/jpeg", "text/plain"]))
    else:
        block, ctype = b"GET / HTTP/1.1\r\nHost: x.invalid\r\n\r\n", "application/http; msgtype=request"
    lie = draw(st.sampled_from([None, None, None, 0, len(block) + 10, max(0, len(block) - 3)]))
    return warc_block(kind, uri, block, date_text=when, ctype=ctype, length=lie)


@st.composite
def warc_archives(draw) -> bytes:
    records = draw(st.lists(warc_records(), min_size=1, max_size=4))
    layout = draw(st.sampled_from(["plain", "plain", "members", "one-member"]))
    if layout == "members":
        return b"".join(gzip.compress(r, mtime=0) for r in records)
    if layout == "one-member":
        return gzip.compress(b"".join(records), mtime=0)
    return b"".join(records)


def hostile_warcs() -> st.SearchStrategy[bytes]:
    return damaged(warc_archives(), WARC_TOKENS)


# -- JSONL, CSV, text --------------------------------------------------------------------

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)
JSONL_TOKENS = [b"{", b"}", b"[", b"]", b'"text": ', b'"html": ', b'"\\ud800"', b"1e999999", b"9" * 5000,
                b"[" * 5000, b"\n", b"\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xe9", b"\x00", b"null", b'"', b","]
CSV_TOKENS = [b",", b'"', b'""', b"\n", b"\r\n", b"\r", b"\t", b"text", b"html", b"id", b"\xe9", b"\x00",
              b"\xef\xbb\xbf", b'"unclosed', b",,,,,,"]


@st.composite
def jsonl_dumps(draw) -> bytes:
    rows = draw(st.lists(st.dictionaries(
        st.sampled_from(["text", "html", "id", "source_id", "title", "published", "url", "outlet", "x"]),
        st.one_of(prose, json_values, st.just("<html><p>page</p></html>")), max_size=6), max_size=6))
    return b"".join(json.dumps(r, ensure_ascii=draw(st.booleans())).encode() + b"\n" for r in rows)


@st.composite
def csv_dumps(draw) -> bytes:
    header = draw(st.lists(st.sampled_from(["text", "html", "id", "title", "published", "x", ""]), min_size=1,
                           max_size=5))
    rows = draw(st.lists(st.lists(prose, min_size=0, max_size=len(header) + 1), max_size=6))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=draw(st.sampled_from([",", "\t"])))
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(draw(st.sampled_from(["utf-8", "cp1252"])), errors="replace")


@st.composite
def text_files(draw) -> bytes:
    text = draw(st.one_of(prose, st.lists(prose, max_size=10).map("\n\n".join)))
    codec = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "shift_jis", "koi8_r"]))
    return text.encode(codec, errors="replace")


def hostile_jsonl() -> st.SearchStrategy[bytes]:
    return damaged(jsonl_dumps(), JSONL_TOKENS)


def hostile_csv() -> st.SearchStrategy[bytes]:
    return damaged(csv_dumps(), CSV_TOKENS)


def hostile_text() -> st.SearchStrategy[bytes]:
    return st.one_of(damaged(text_files(), [b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\r", b"\xe9"]),
                     st.binary(max_size=500))


# -- gzip -------------------------------------------------------------------------------

GZIP_SUFFIXES = [".html.gz", ".jsonl.gz", ".csv.gz", ".warc.gz", ".txt.gz", ".rss.gz", ".gz"]


@st.composite
def gzipped(draw) -> tuple[str, bytes]:
    """(suffix, bytes): a compressed page, dump, archive or feed, split into members, then damaged."""
    suffix = draw(st.sampled_from(GZIP_SUFFIXES))
    inner = {".html.gz": html_pages(), ".jsonl.gz": jsonl_dumps(), ".csv.gz": csv_dumps(),
             ".warc.gz": warc_archives(), ".txt.gz": text_files(), ".rss.gz": feeds(),
             ".gz": st.one_of(jsonl_dumps(), html_pages(), text_files())}[suffix]
    data = draw(inner)
    cut = draw(st.integers(0, len(data)))
    members = gzip.compress(data[:cut], mtime=0) + (gzip.compress(data[cut:], mtime=0) if cut < len(data) else b"")
    tail = draw(st.sampled_from([b"", b"\x00" * 16, b"garbage", b"\x1f\x8b"]))
    return suffix, mutate(members + tail, draw(st.lists(st.tuples(
        st.sampled_from(["flip", "insert", "delete", "truncate"]), st.integers(0, 10_000), st.integers(0, 10_000),
        st.binary(min_size=1, max_size=4), st.just(b"")), max_size=3)))


# -- dates -------------------------------------------------------------------------------

def month_name(month: int, style: str) -> str:
    name = MONTH_NAMES[month - 1]
    if style == "full":
        return name
    short = "Sept" if name == "September" and style == "sept" else name[:3]
    return short + ("." if style == "dot" else "")


def ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


@st.composite
def written_dates(draw) -> tuple[date, str]:
    """(day, how it is written): every full-date form newsfold recognises, in any letter case."""
    d = draw(days)
    month = month_name(d.month, draw(st.sampled_from(["full", "short", "dot", "sept"])))
    day = draw(st.sampled_from([str(d.day), ordinal(d.day), f"{d.day:02d}"]))
    form = draw(st.sampled_from(["mdy", "mdy-comma", "dmy", "dmy-comma", "iso"]))
    text = {
        "mdy": f"{month} {day} {d.year}", "mdy-comma": f"{month} {day}, {d.year}",
        "dmy": f"{day} {month} {d.year}", "dmy-comma": f"{day} {month}, {d.year}", "iso": d.isoformat(),
    }[form]
    if form != "iso":
        text = draw(st.sampled_from([str, str.lower, str.upper]))(text)
    return d, text


@st.composite
def impossible_dates(draw) -> str:
    """A date that does not exist: February 30, April 31, February 29 of a common year, month 13."""
    year = draw(st.integers(1900, 2099))
    month, day = draw(st.sampled_from([(2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31), (13, 1), (0, 10)]))
    if draw(st.booleans()) and year % 4:
        month, day = 2, 29
    if draw(st.booleans()) or not 1 <= month <= 12:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{MONTH_NAMES[month - 1]} {day}, {year}"


DATE_PHRASES = ["yesterday", "today", "tonight", "tomorrow", "last night", "the day before yesterday",
                "this morning", "earlier today", "on Friday", "last Thursday", "this past Monday", "next Monday",
                "this coming Sunday", "Wednesday", "3 hours ago", "an hour ago", "45 minutes ago", "2 days ago",
                "999 weeks ago", "a week ago", "last year", "this week", "Posted", "Updated", "Published:",
                "Wednesday, November 9", "Wed. Nov. 9", "Thursday 9 November", "Monday, February 30", "9:41 a.m. EST",
                "12/03/2021", "2021-02-30", "|", "/", "—", "(Reuters)", "MOSCOW, November 9 /TASS/.", "Feb 29"]
date_texts = st.one_of(
    st.lists(st.one_of(st.sampled_from(DATE_PHRASES), written_dates().map(lambda t: t[1]), impossible_dates(),
                       any_text.map(lambda s: s[:20])), max_size=6).map(" ".join),
    any_text,
)
references = st.one_of(
    st.none(), days, st.dates(), st.datetimes(timezones=st.just(timezone.utc)),
    st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2098, 12, 31), timezones=st.sampled_from(
        [timezone.utc, timezone(timedelta(hours=-11)), timezone(timedelta(hours=14))])),
)
container_values = st.one_of(st.none(), date_texts, odd_dates, st.integers(), st.floats(), st.booleans(),
                             st.lists(st.integers(), max_size=2), days.map(date.isoformat))


# -- API query parameters ----------------------------------------------------------------

def http_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Query-string values a client can send: any Unicode but surrogates (not encodable in a URL)."""
    return st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=max_size),
        st.sampled_from(["", " ", "%", "_", "\\", "'", "\"", "*", "NEAR", "AND", "OR NOT", "a\"b", "(", "^",
                         "-1", "0", "1e9", "9" * 40, "2021-02-30", "2021-03-02", "\x00", "\u202e", "../..", "/"]),
    )


def http_ints() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(-10, 1_000_010).map(str), st.integers().map(str), http_text(12))


def http_dates() -> st.SearchStrategy[str]:
    return st.one_of(days.map(date.isoformat), st.dates().map(date.isoformat), http_text(20),
                     st.sampled_from(["2021-02-30", "2021-13-01", "0000-01-01", "2021-3-2", "20210302"]))


def cursors(max_seq: int = 10**30) -> st.SearchStrategy[str]:
    """``cursor`` values: opaque junk, and well-formed ones pointing anywhere in [-max_seq, max_seq].

    The default reaches past SQLite's 64-bit integers (such a cursor was once a 500).
    """
    import base64

    def encode(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    return st.one_of(
        http_text(40),
        st.integers(-max_seq, max_seq).map(lambda n: encode(f"seq:{n}")),
        http_text(20).map(lambda s: encode(f"seq:{s}")),
        http_text(20).map(encode),
    )


def path_segments() -> st.SearchStrategy[str]:
    """One URL path segment of arbitrary text (percent-encoded by the caller)."""
    return st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
                     st.sampled_from(["%", "_", "%25", "..", "x" * 3000, "\x00", " ", "a/b", "?", "#"]))



def _params(**fields) -> st.SearchStrategy[dict]:
    """Query parameters, each present or not."""
    return st.fixed_dictionaries({}, optional=fields)


def _paging() -> dict:
    return {"limit": http_ints(), "offset": http_ints()}


def api_requests(max_seq: int = 10**30) -> st.SearchStrategy[tuple[str, dict]]:
    """(path, query parameters) for every GET endpoint: the JSON API and the web pages.

    Parameters are the documented ones, with any value; detail paths get any text as their
    last segment (percent-encoded). ``max_seq`` bounds the sequence numbers inside cursors.
    """
    from urllib.parse import quote

    dated = {"date_from": http_dates(), "date_to": http_dates()}
    lists = {
        "/api/articles": _params(**_paging(), cursor=cursors(max_seq), outlet=http_text(), language=http_text(),
                                 story_id=http_text(), **dated),
        "/api/stories": _params(**_paging(), sort=st.one_of(st.sampled_from(["rank", "recent", "oldest"]),
                                                            http_text()),
                                outlet=http_text(), storyline_id=http_text(), **dated),
        "/api/storylines": _params(**_paging()),
        "/api/quotes": _params(**_paging(), speaker=http_text(), outlet=http_text(), story_id=http_text(),
                               kind=st.one_of(st.sampled_from(["direct", "partial", "indirect"]), http_text()),
                               **dated),
        "/api/speakers": _params(**_paging()),
        "/api/entities": _params(**_paging(), type=st.one_of(st.just("person"), http_text())),
        "/api/search": _params(q=http_text(600), limit=http_ints()),
        "/api/errors": _params(**_paging()),
        "/api/export": _params(format=st.one_of(st.sampled_from(["jsonl", "csv"]), http_text())),
        "/": _params(page=http_ints()), "/storylines": _params(page=http_ints()),
        "/speakers": _params(page=http_ints()), "/errors": _params(page=http_ints()),
        "/search": _params(q=http_text(600)),
    }
    details = {
        "/api/articles/": _params(), "/api/stories/": _params(), "/api/storylines/": _params(),
        "/api/speakers/": _params(**_paging()),
        "/articles/": _params(), "/stories/": _params(), "/storylines/": _params(), "/speakers/": _params(),
    }
    listed = st.sampled_from(sorted(lists)).flatmap(lambda p: st.tuples(st.just(p), lists[p]))
    detail = st.sampled_from(sorted(details)).flatmap(lambda p: st.tuples(
        path_segments().map(lambda seg: p + quote(seg, safe="")), details[p]))
    return st.one_of(listed, detail)

"""Round trips of the markup readers: HTML pages, RSS/Atom feeds, WARC archives (hypothesis).

A page comes back as the text it was written in, whatever charset it declares; every feed
entry with content becomes one record, in order, with its title, link and date; every HTML
2xx response in a WARC becomes one page, in order, with its URL and capture date, whatever
else the archive holds and however it is compressed; and a WARC cut anywhere keeps the
pages before the cut (never an invented or reordered one) and says it was cut.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sourcekit import warc_record, warc_request

from newsfold.records import RawDoc, Rejected
from newsfold.sources import SourceOptions, iter_sources
from newsfold.sources.decode import normalize_newlines

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OPTS = SourceOptions(fetch_pages=False)


def read(name: str, data: bytes) -> tuple[str, list]:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path, list(iter_sources([path], OPTS))


# Page text: any Unicode but lone surrogates and NUL (a NUL byte marks a file as binary).
page_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
page_text = st.text(page_chars, min_size=1, max_size=300).filter(str.strip)
words = st.lists(st.sampled_from(["quake", "harbour", "minister", "talks", "Geneva", "rubble", "bridge", "vote",
                                  "Zürich", "Café", "déjà", "naïve"]), min_size=1, max_size=8).map(" ".join)


# -- HTML ------------------------------------------------------------------------------------

@SETTINGS
@given(page_text)
def test_utf8_page_reads_back_as_written(text):
    page = f"<html><head><title>t</title></head><body>{text}</body></html>"
    path, records = read("page.html", page.encode("utf-8"))
    assert records == [RawDoc(normalize_newlines(page), path, {"content_type": "text/html"})]


# (label a page declares, the codec that label means to a browser, characters it can carry)
CHARSETS = [
    ("windows-1252", "cp1252", "àéîõüßÆØÅñç€’“”—"),
    ("iso-8859-1", "cp1252", "àéîõüßÆØÅñç«»"),  # WHATWG: "iso-8859-1" means windows-1252
    ("windows-1251", "cp1251", "Москвавмартеприбытиедипломатов"),
    ("koi8-r", "koi8_r", "Москвавмартеприбытиедипломатов"),
    ("shift_jis", "cp932", "東京で会議が開かれた。日本語の記事です"),
    ("gb2312", "gb18030", "北京举行会议新闻报道记者"),
    ("euc-kr", "cp949", "서울에서회의가열렸다기자"),
]


@SETTINGS
@given(st.sampled_from(CHARSETS), st.data(), st.sampled_from(["meta", "http-equiv", "xml"]))
def test_page_in_its_declared_charset_reads_back_as_written(charset, data, where):
    label, codec, letters = charset
    text = data.draw(st.text(st.sampled_from(letters + "abc 123.,\n"), min_size=1, max_size=200).filter(str.strip))
    declaration = {
        "meta": f'<meta charset="{label}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={label}">',
        "xml": "",
    }[where]
    prolog = f'<?xml version="1.0" encoding="{label}"?>\n' if where == "xml" else ""
    page = f"{prolog}<html><head>{declaration}<title>t</title></head><body><p>{text}</p></body></html>"
    encoded = page.encode(codec)
    try:
        encoded.decode("utf-8")
        assume(False)  # also valid UTF-8: strict UTF-8 wins, by design (see sources/html.py)
    except UnicodeDecodeError:
        pass
    path, records = read("page.html", encoded)
    assert records == [RawDoc(normalize_newlines(page), path, {"content_type": "text/html"})]


# -- feeds -------------------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31),
                       timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-5)),
                                                  timezone(timedelta(hours=5, minutes=30))])).map(
    lambda d: d.replace(microsecond=0))
entries = st.lists(st.tuples(words, words, moments, st.booleans()), min_size=1, max_size=5)


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def rss(title: str, items: list) -> bytes:
    body = "".join(
        f"<item><title>{esc(t)}</title><link>http://news.invalid/{i}</link><guid>story-{i}</guid>"
        f"<pubDate>{format_datetime(when)}</pubDate>"
        + ("" if not text else f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>" if html else
           f"<description>{esc(text)}</description>")
        + "</item>\n"
        for i, (t, text, when, html) in enumerate(items)
    )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{esc(title)}</title><link>http://news.invalid/</link>\n{body}</channel></rss>\n").encode()


def atom(title: str, items: list) -> bytes:
    body = "".join(
        f"<entry><title>{esc(t)}</title><id>story-{i}</id><link href=\"http://news.invalid/{i}\"/>"
        f"<updated>{when.isoformat()}</updated>"
        f'<content type="{"html" if html else "text"}">{esc(f"<p>{text}</p>" if html else text)}</content></entry>\n'
        for i, (t, text, when, html) in enumerate(items)
    )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{esc(title)}</title><id>urn:feed</id><updated>2016-11-09T20:00:00Z</updated>\n{body}</feed>\n"
            ).encode()


@SETTINGS
@given(words, entries, st.sampled_from([(".rss", rss), (".atom", atom), (".xml", rss)]))
def test_every_feed_entry_comes_back_once_in_order_with_title_link_and_date(outlet, items, kind):
    suffix, build = kind
    path, records = read("feed" + suffix, build(outlet, items))

    assert len(records) == len(items)
    for i, (record, (title, text, when, html)) in enumerate(zip(records, items)):
        assert isinstance(record, RawDoc), record
        assert record.origin == f"{path}#story-{i}"
        assert record.meta["title"] == title and record.meta["outlet"] == outlet
        assert record.meta["url"] == f"http://news.invalid/{i}"
        assert datetime.fromisoformat(record.meta["published"]) == when
        assert text in record.text
        # A long enough text summary is the article; HTML is marked so that clean extracts it.
        assert record.meta["content_type"] in ("text/html", "text/plain")


@SETTINGS
@given(words, entries, st.integers(0, 4))
def test_entries_without_content_are_rejected_alone(outlet, items, empty):
    empty %= len(items)
    items = [(t, "" if i == empty else text, when, html) for i, (t, text, when, html) in enumerate(items)]
    path, records = read("feed.rss", rss(outlet, items))
    assert len(records) == len(items)
    for i, record in enumerate(records):
        if i == empty:
            assert record == Rejected(f"{path}#story-{i}", "source", "entry has no content or summary")
        else:
            assert isinstance(record, RawDoc) and record.meta["title"] == items[i][0]


# -- WARC ------------------------------------------------------------------------------------

captures = st.datetimes(min_value=datetime(1996, 1, 1), max_value=datetime(2090, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=timezone.utc))


@st.composite
def warc_items(draw, number: int):
    """(record bytes, the RawDoc it must give or None): pages, and records that are not pages."""
    kind = draw(st.sampled_from(["page", "page", "gzip-page", "chunked-page", "not-found", "image", "request"]))
    uri = f"http://news.invalid/{number}"
    rid = f"urn:uuid:00000000-0000-0000-0000-{number:012d}"
    when = draw(captures)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    page = f"<html><body><h1>{number}</h1><p>{draw(page_text)}</p></body></html>"
    body = page.encode("utf-8")
    if kind == "request":
        return warc_request(uri), None
    if kind == "image":
        return warc_record(uri, b"\x89PNG\r\n\x1a\n" + bytes(range(256)), ctype="image/png", record_id=rid), None
    if kind == "not-found":
        return warc_record(uri, body, status="404 Not Found", record_id=rid), None
    headers = ""
    if kind == "gzip-page":
        body, headers = gzip.compress(body, mtime=0), "Content-Encoding: gzip\r\n"
    elif kind == "chunked-page":
        half = len(body) // 2
        body = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (half, body[:half], len(body) - half, body[half:])
        headers = "Transfer-Encoding: chunked\r\n"
    record = warc_record(uri, body, date=stamp, http_headers=headers, record_id=rid)
    return record, (normalize_newlines(page), rid, {"content_type": "text/html", "url": uri,
                                                    "container_date": when.isoformat()})


@st.composite
def archives(draw):
    """(records, page of each record or None)."""
    items = [draw(warc_items(i)) for i in range(draw(st.integers(1, 5)))]
    return [r for r, _ in items], [doc for _, doc in items]


def packed(records: list[bytes], layout: str) -> tuple[str, bytes, list[int]]:
    """(file name, bytes, end offset of each record's bytes in the file; for one gzip member, in its content)."""
    if layout == "members":
        parts = [gzip.compress(r, mtime=0) for r in records]
    else:
        parts = records
    ends = [sum(len(p) for p in parts[:k]) for k in range(1, len(parts) + 1)]
    data = b"".join(parts)
    if layout == "one-member":
        data = gzip.compress(data, mtime=0)
    return ("crawl.warc" if layout == "plain" else "crawl.warc.gz"), data, ends


def expected_docs(path: str, docs: list) -> list[RawDoc]:
    return [RawDoc(text, f"{path}#{rid}", meta) for text, rid, meta in docs if text is not None]


@SETTINGS
@given(archives(), st.sampled_from(["plain", "members", "one-member"]))
def test_every_html_response_comes_back_once_in_order_and_nothing_else(archive, layout):
    records, pages = archive
    docs = [p for p in pages if p is not None]
    name, data, _ = packed(records, layout)
    path, got = read(name, data)
    if docs:
        assert got == expected_docs(path, docs)
    else:
        [only] = got
        assert isinstance(only, Rejected) and only.origin == path and "no HTML pages" in only.reason


@SETTINGS
@given(archives(), st.sampled_from(["plain", "members", "one-member"]), st.data())
def test_a_cut_archive_keeps_the_pages_before_the_cut_and_says_so(archive, layout, data):
    records, pages = archive
    docs = [p for p in pages if p is not None]
    name, whole, ends = packed(records, layout)
    # The cut as a share of the length: request records carry a random UUID, so sizes vary.
    cut = max(1, len(whole) * data.draw(st.integers(1, 9_999), label="cut per 10,000") // 10_000)
    path, got = read(name, whole[:cut])

    # Records whose bytes all precede the cut are whole: their pages must come through.
    reach = len(zlib.decompressobj(31).decompress(whole[:cut])) if layout == "one-member" else cut
    whole_records = sum(end <= reach for end in ends)
    kept = [r for r in got if isinstance(r, RawDoc)]
    assert kept == expected_docs(path, docs)[:len(kept)]  # nothing invented or reordered
    assert len(kept) >= sum(p is not None for p in pages[:whole_records])
    assert all(isinstance(r, Rejected) for r in got[len(kept):]) and len(got) <= len(kept) + 1
    if whole_records < len(records) and cut not in ends:  # the archive was cut inside a record: the user is told
        assert isinstance(got[-1], Rejected) and got[-1].origin == path


def three_pages() -> tuple[list[bytes], list]:
    records, pages = [], []
    for n in range(3):
        page = f"<html><body><p>page {n}</p></body></html>"
        records.append(warc_record(f"http://news.invalid/{n}", page.encode(), record_id=f"urn:uuid:{n}"))
        pages.append((page, f"urn:uuid:{n}", {"content_type": "text/html", "url": f"http://news.invalid/{n}",
                                              "container_date": "2016-11-10T08:00:00+00:00"}))
    return records, pages


@pytest.mark.parametrize("layout, shift", [
    *((layout, shift) for layout in ("plain", "members") for shift in range(-6, 7)),
])
def test_a_cut_next_to_a_record_boundary_keeps_the_records_before_it(layout, shift):
    records, pages = three_pages()
    name, whole, ends = packed(records, layout)
    cut = ends[0] + shift
    path, got = read(name, whole[:cut])
    kept = [r for r in got if isinstance(r, RawDoc)]
    assert kept == expected_docs(path, pages)[:len(kept)]
    assert len(kept) >= (1 if shift >= 0 else 0)
    if shift:
        assert isinstance(got[-1], Rejected)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "dump.jsonl.gz"])
@pytest.mark.parametrize("tail", [b"x", b"garbage", b"PK\x03\x04junk"])
def test_junk_after_the_gzip_data_keeps_every_record_before_it(name, tail):
    records, pages = three_pages()
    if name == "dump.jsonl.gz":
        data = b"".join(json.dumps({"text": p[0]}).encode() + b"\n" for p in pages)
    else:
        data = b"".join(records)
    path, got = read(name, gzip.compress(data, mtime=0) + tail)
    assert len([r for r in got if isinstance(r, RawDoc)]) == 3
    [junk] = [r for r in got if isinstance(r, Rejected)]
    assert "garbage" in junk.reason and "kept" in junk.reason


@SETTINGS
@given(page_text, st.sampled_from(["deflate", "zlib"]))
def test_deflate_encoded_page_reads_back(text, variant):
    page = f"<html><body><p>{text}</p></body></html>"
    raw = page.encode()
    body = zlib.compress(raw) if variant == "zlib" else gzip.compress(raw, mtime=0)
    record = warc_record("http://news.invalid/d", body, http_headers="Content-Encoding: deflate\r\n",
                         record_id="urn:uuid:d")
    path, got = read("crawl.warc", record)
    assert [r.text for r in got if isinstance(r, RawDoc)] == [normalize_newlines(page)]


# -- newlines -----------------------------------------------------------------------------------

def test_feed_entries_have_normalised_newlines_even_from_a_malformed_feed():
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T &nbsp;</title><item><title>A</title>'
            b"<guid>a</guid><description>&lt;p&gt;one\r\ntwo\rthree&lt;/p&gt;</description></item></channel></rss>")
    _, [doc] = read("feed.rss", feed)
    assert "\r" not in doc.text

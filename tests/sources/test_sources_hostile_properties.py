"""Property tests: the HTML, feed, WARC and gzip readers never raise, whatever the bytes."""

from __future__ import annotations

import gzip
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sourcekit import ARTICLE_HTML, ATOM, RSS, gz_members, warc_record

from newsfold.records import RawDoc, Rejected
from newsfold.sources import SourceOptions, iter_sources

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OPTS = SourceOptions(max_bytes=200_000, fetch_pages=False)

SAMPLES = {
    ".html": ARTICLE_HTML.encode(),
    ".rss": RSS.format(base="http://x.invalid").encode(),
    ".atom": ATOM.encode(),
    ".xml": RSS.format(base="http://x.invalid").encode(),
    ".warc": warc_record("http://x.invalid/a", ARTICLE_HTML.encode()) * 2,
    ".warc.gz": gz_members(warc_record("http://x.invalid/a", ARTICLE_HTML.encode()),
                           warc_record("http://x.invalid/b", b"<html><p>b</p></html>")),
    ".html.gz": gzip.compress(ARTICLE_HTML.encode()),
    ".jsonl.gz": gzip.compress(b'{"html": "<p>x</p>"}\n{"text": "y"}\n'),
}

XMLISH = st.lists(
    st.sampled_from([
        "<rss>", "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<title>", "</title>", "<feed>",
        "<entry>", "<content type='html'>", "</content>", "<![CDATA[", "]]>", "&amp;", "&lol;", "&#0;",
        "<!DOCTYPE x [", "]>", "<!ENTITY a 'b'>", "<?xml version='1.0'?>", "<html>", "<p>", "</p>", "\x00",
        "text", "\u00e9", "<link>http://x.invalid/</link>", "<pubDate>Wed, 09 Nov 2016</pubDate>", "<",
    ]),
    max_size=40,
).map("".join)


def read_all(suffix: str, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "item" + suffix)
        with open(path, "wb") as f:
            f.write(data)
        records = list(iter_sources([path], OPTS))
    assert records, "every input yields at least one record"
    assert all(isinstance(r, (RawDoc, Rejected)) for r in records)
    for r in records:
        if isinstance(r, RawDoc):
            assert isinstance(r.text, str) and r.text.strip()
    return records


@SETTINGS
@given(st.sampled_from(sorted(SAMPLES)), st.binary(max_size=3000))
def test_random_bytes_never_raise(suffix, data):
    read_all(suffix, data)


@SETTINGS
@given(st.sampled_from(sorted(SAMPLES)), st.data())
def test_damaged_samples_never_raise(suffix, data):
    sample = bytearray(SAMPLES[suffix])
    cut = data.draw(st.integers(0, len(sample)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, max(0, len(sample) - 1)), st.integers(0, 255)), max_size=8))
    for pos, value in flips:
        if pos < len(sample):
            sample[pos] = value
    read_all(suffix, bytes(sample[:cut] if data.draw(st.booleans()) else sample))


@SETTINGS
@given(XMLISH)
def test_xmlish_feeds_never_raise(text):
    for suffix in (".rss", ".xml", ".html"):
        read_all(suffix, text.encode("utf-8"))

"""From source to Article: WARC records and feed entries through the HTML clean path."""

from __future__ import annotations

import gzip
import uuid

from newsfold.clean import CleanOptions, clean
from newsfold.records import Article
from newsfold.sources import iter_sources

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Chile quake toll rises as rescuers dig through rubble - The Daily Planet</title></head>
<body><nav>Home | World | Sport</nav><article><h1>Chile quake toll rises as rescuers dig through rubble</h1>
<p>VALPARAISO, Chile (AP) — Rescuers in Chile dug through collapsed buildings in Valparaiso on Wednesday
after a magnitude 7.4 earthquake off the central coast killed at least 12 people.</p>
<p>"We are still searching for people under the rubble," Interior Minister Carla Vidal said, adding that
the earthquake toll could rise.</p>
<p>The national seismological centre put the epicentre 40 km offshore. A tsunami warning was lifted after
two hours and harbour operations resumed.</p></article><footer>Contact us</footer></body></html>"""


def warc(uri: str, body: bytes, date: str) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nWARC-Date: {date}\r\n"
            f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def test_warc_page_to_article(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(warc("https://www.dailyplanet.invalid/world/quake", PAGE.encode(), "2016-11-10T08:00:00Z")))
    [raw] = iter_sources([str(path)])
    a = clean(raw, CleanOptions(detect_language=False))
    assert isinstance(a, Article)
    assert a.title == "Chile quake toll rises as rescuers dig through rubble"
    assert a.outlet == "dailyplanet.invalid"  # no site name in the page: the host
    assert a.wire == "AP" and a.dateline == "VALPARAISO, Chile"
    # The capture date is a reference for "on Wednesday", never the publication date itself.
    assert a.published is None
    assert ("relative", "on Wednesday", "2016-11-09") in [(e.kind, e.text, e.value) for e in a.date_evidence]
    assert "Contact us" not in a.body and "Home | World" not in a.body


def test_feed_entries_to_articles(tmp_path):
    path = tmp_path / "news.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>The Daily Planet</title><item><title>Quake toll rises</title>"
        "<link>https://dailyplanet.invalid/quake</link><pubDate>Wed, 09 Nov 2016 17:30:00 -0500</pubDate>"
        "<content:encoded><![CDATA[<p>VALPARAISO, Chile (AP) — Rescuers dug through collapsed buildings on "
        "Wednesday after a strong earthquake killed at least 12 people.</p><p>The toll could rise.</p>]]>"
        "</content:encoded></item></channel></rss>"
    )
    [raw] = iter_sources([str(path)])
    a = clean(raw, CleanOptions(detect_language=False))
    assert (a.title, a.outlet, a.published, a.wire) == ("Quake toll rises", "The Daily Planet", "2016-11-09", "AP")
    assert a.meta["url"] == "https://dailyplanet.invalid/quake" and a.meta["text_source"] == "html"

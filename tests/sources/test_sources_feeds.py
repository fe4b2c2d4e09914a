"""RSS/Atom feeds from files and URLs, page fetching for teaser entries, and hostile feeds.

Network tests use a local server on 127.0.0.1 (sourcekit.Server), never an outside address.
"""

from __future__ import annotations

import gzip
import time

import pytest
from sourcekit import ARTICLE_HTML, ATOM, BILLION_LAUGHS, RSS, XXE, XXE_PARAMETER, Server, gzip_bomb

from newsfold.records import RawDoc, Rejected
from newsfold.sources import SourceOptions, iter_sources
from newsfold.sources.fetch import Fetched, FetchError, fetch_url

BASE = "http://feeds.invalid"


def docs(records):
    return [r for r in records if isinstance(r, RawDoc)]


def test_rss_file_entries_with_content_and_teasers(tmp_path):
    path = tmp_path / "news.rss"
    path.write_text(RSS.format(base=BASE))
    full, teaser = iter_sources([str(path)])

    assert full.origin == f"{path}#story-1"
    assert full.meta == {
        "content_type": "text/html",
        "title": "Full story",
        "url": f"{BASE}/full",
        "published": "2016-11-09T17:30:00-05:00",  # the entry's own offset is kept
        "outlet": "Example News",
        "feed_date": "2016-11-09T18:00:00-05:00",
    }
    assert full.text.startswith("<!DOCTYPE html>") and "<title>Full story</title>" in full.text
    assert "marathon debate" in full.text and "alert" not in full.text  # feedparser sanitizes scripts

    # No page fetching for a feed file by default: the teaser is kept as it is, and marked.
    assert teaser.origin == f"{path}#story-2"
    assert teaser.meta["summary_only"] is True and "A short teaser." in teaser.text


def test_atom_file_html_and_text_content(tmp_path):
    path = tmp_path / "feed.atom"
    path.write_text(ATOM)
    html_entry, text_entry = iter_sources([str(path)])
    assert html_entry.origin == f"{path}#urn:entry:1"
    assert html_entry.meta["published"] == "2016-11-09T08:00:00+01:00"
    assert html_entry.meta["author"] == "Ann Writer" and html_entry.meta["outlet"] == "Atom Times"
    assert html_entry.meta["feed_date"] == "2016-11-09T20:00:00+00:00"
    assert "Rescuers dug" in html_entry.text and html_entry.meta["content_type"] == "text/html"
    assert text_entry == RawDoc("Just plain text here.", f"{path}#urn:entry:2", {
        "content_type": "text/plain", "title": "Plain story", "published": "2016-11-08T09:00:00+00:00",
        "outlet": "Atom Times", "feed_date": "2016-11-09T20:00:00+00:00"})


def test_xml_file_is_a_feed_only_when_its_root_says_so(tmp_path):
    (tmp_path / "a.xml").write_text(RSS.format(base=BASE))
    (tmp_path / "b.xml").write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')
    records = list(iter_sources([str(tmp_path)]))
    assert len(docs(records)) == 2
    assert records[-1] == Rejected(str(tmp_path / "b.xml"), "source", "not an RSS/Atom feed: XML root is <urlset>")


def test_rdf_feed(tmp_path):
    path = tmp_path / "old.rdf"
    path.write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>RDF News</title></channel>'
        '<item rdf:about="http://x.invalid/1"><title>One</title><link>http://x.invalid/1</link>'
        "<description>An RSS 1.0 item.</description></item></rdf:RDF>"
    )
    [doc] = iter_sources([str(path)])
    assert doc.meta["outlet"] == "RDF News" and "An RSS 1.0 item." in doc.text


def test_netscape_doctype_without_entities_is_fine(tmp_path):
    path = tmp_path / "old.rss"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title>'
        "<item><title>Item</title><link>http://x.invalid/i</link><description>Text.</description></item>"
        "</channel></rss>"
    )
    [doc] = iter_sources([str(path)])
    assert isinstance(doc, RawDoc) and doc.meta["title"] == "Item"


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, XXE, XXE_PARAMETER], ids=["billion-laughs", "xxe", "xxe-parameter"])
def test_entity_attacks_are_rejected_before_parsing(tmp_path, attack):
    path = tmp_path / "evil.rss"
    path.write_text(attack)
    started = time.monotonic()
    [rej] = iter_sources([str(path)])
    assert time.monotonic() - started < 2
    assert isinstance(rej, Rejected) and rej.reason.startswith("unsafe XML")
    assert "root:" not in rej.reason  # nothing of /etc/passwd leaks into the reason


def test_entity_attack_in_a_malformed_feed_is_rejected_too(tmp_path):
    path = tmp_path / "evil.rss"
    path.write_text("  \n" + BILLION_LAUGHS)  # leading junk: not well-formed, so the lenient parser would run
    [rej] = iter_sources([str(path)])
    assert rej.reason.startswith("unsafe XML")


def test_malformed_but_harmless_feed_is_read_leniently(tmp_path):
    path = tmp_path / "sloppy.rss"
    path.write_text('<rss version="2.0"><channel><title>Sloppy &amp; Co</title>'
                    "<item><title>Broken &nbsp; entity</title><description>Body text.</description></item>")
    [doc] = iter_sources([str(path)])
    assert doc.meta["outlet"] == "Sloppy & Co" and "Body text." in doc.text


def test_feed_without_entries_and_oversized_feed(tmp_path):
    (tmp_path / "empty.rss").write_text('<rss version="2.0"><channel><title>Nothing</title></channel></rss>')
    (tmp_path / "huge.rss").write_text(RSS.format(base=BASE) + "<!--" + "x" * 5000 + "-->")
    empty, huge = iter_sources([str(tmp_path)], SourceOptions(max_bytes=4000))
    assert empty.reason == "feed has no entries"
    assert huge.reason.startswith("too large")


# --- fetching -------------------------------------------------------------------------------


def test_injected_fetcher_fetches_teaser_pages_when_asked(tmp_path):
    path = tmp_path / "news.rss"
    path.write_text(RSS.format(base=BASE))
    asked = []

    def fake(url, opts):
        asked.append(url)
        return Fetched(url=url + "?final", body=ARTICLE_HTML.encode(), content_type="text/html", charset="utf-8")

    full, page = iter_sources([str(path)], SourceOptions(fetch_pages=True, fetch=fake))
    assert asked == [f"{BASE}/page"]  # the entry with full content is not fetched
    assert page.text == ARTICLE_HTML and page.origin == f"{path}#story-2"
    assert page.meta["url"] == f"{BASE}/page?final" and page.meta["title"] == "Teaser only"
    assert page.meta["summary"] == "A short teaser." and page.meta["content_type"] == "text/html"


def test_injected_fetcher_failure_is_one_rejection(tmp_path):
    path = tmp_path / "news.rss"
    path.write_text(RSS.format(base=BASE))

    def broken(url, opts):
        raise RuntimeError("no network in tests")

    full, rej = iter_sources([str(path)], SourceOptions(fetch_pages=True, fetch=broken))
    assert isinstance(full, RawDoc)
    assert rej == Rejected(f"{path}#story-2", "source", "page fetch failed: fetch failed: RuntimeError: no network in tests")


@pytest.fixture
def server():
    with Server() as s:
        yield s


def test_feed_url_fetches_the_feed_and_its_teaser_pages(server):
    server.body("/feed", RSS.format(base=server.base), ctype="application/rss+xml")
    server.body("/page", ARTICLE_HTML)
    server.body("/full", "<html>not fetched</html>")
    full, page = iter_sources([server.base + "/feed"])
    assert full.origin == f"{server.base}/feed#story-1" and "marathon debate" in full.text
    assert page.text == ARTICLE_HTML and page.meta["url"] == server.base + "/page"
    assert server.hits == ["/feed", "/page"]


def test_feed_url_with_fetch_pages_off(server):
    server.body("/feed", RSS.format(base=server.base), ctype="application/rss+xml")
    records = list(iter_sources([server.base + "/feed"], SourceOptions(fetch_pages=False)))
    assert len(docs(records)) == 2 and server.hits == ["/feed"]


def test_url_of_a_plain_html_page_is_one_rawdoc(server):
    server.body("/article", ARTICLE_HTML)
    [doc] = iter_sources([server.base + "/article"])
    assert doc == RawDoc(ARTICLE_HTML, server.base + "/article",
                         {"content_type": "text/html", "url": server.base + "/article"})


def test_url_of_something_else_is_rejected(server):
    server.body("/img", b"\x89PNG\r\n\x1a\n\0\0", ctype="image/png")
    [rej] = iter_sources([server.base + "/img"])
    assert rej.reason == "not a feed or an HTML page (Content-Type: image/png)"


def test_timeout_is_a_rejection_not_a_hang(server):
    server.body("/feed", RSS.format(base=server.base), ctype="application/rss+xml")
    server.slow("/page", 5)
    started = time.monotonic()
    full, rej = iter_sources([server.base + "/feed"], SourceOptions(fetch_timeout=0.5))
    assert time.monotonic() - started < 3
    assert isinstance(full, RawDoc)
    assert rej.origin == f"{server.base}/feed#story-2" and "timeout" in rej.reason


def test_total_time_cap_stops_a_trickling_body(server):
    def trickle(req):
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.end_headers()
        for _ in range(100):
            req.wfile.write(b"<p>drip</p>" * 10)
            req.wfile.flush()
            time.sleep(0.1)

    server.routes["/drip"] = trickle
    started = time.monotonic()
    [rej] = iter_sources([server.base + "/drip"], SourceOptions(fetch_timeout=0.6))
    assert time.monotonic() - started < 3
    assert "timeout" in rej.reason


def test_oversized_page_is_cut_at_the_cap(server):
    server.endless("/big")
    server.body("/declared", "x" * 5000)
    [rej] = iter_sources([server.base + "/big"], SourceOptions(max_bytes=100_000))
    assert rej.reason == "too large: body exceeds limit 100000 bytes"
    [rej] = iter_sources([server.base + "/declared"], SourceOptions(max_bytes=1000))
    assert rej.reason == "too large: 5000 bytes > limit 1000"


def test_gzip_encoded_bomb_is_cut_at_the_cap(server):
    server.body("/bomb", gzip.compress(b"<html>") + gzip_bomb(50 * 1024 * 1024), headers={"Content-Encoding": "gzip"})
    [rej] = iter_sources([server.base + "/bomb"], SourceOptions(max_bytes=1024 * 1024))
    assert rej.reason == "too large: decoded body exceeds limit 1048576 bytes"


def test_gzip_encoded_page_is_decoded(server):
    server.body("/gz", gzip.compress(ARTICLE_HTML.encode()), headers={"Content-Encoding": "gzip"})
    [doc] = iter_sources([server.base + "/gz"])
    assert doc.text == ARTICLE_HTML


def test_redirects_are_followed_up_to_five(server):
    server.body("/final", ARTICLE_HTML)
    for i in range(5):
        server.redirect(f"/r{i}", f"/r{i + 1}" if i < 4 else "/final")
    [doc] = iter_sources([server.base + "/r0"])
    assert doc.meta["url"] == server.base + "/final"
    for i in range(7):
        server.redirect(f"/loop{i}", f"/loop{i + 1}")
    [rej] = iter_sources([server.base + "/loop0"])
    assert rej.reason == "too many redirects (more than 5)"


def test_redirect_to_another_scheme_is_refused(server):
    server.redirect("/file", "file:///etc/passwd")
    server.redirect("/ftp", "ftp://127.0.0.1/x")
    for path in ("/file", "/ftp"):
        [rej] = iter_sources([server.base + path])
        assert "scheme" in rej.reason and "root:" not in rej.reason


def test_http_errors_and_refused_connections_are_rejections(server):
    [rej] = iter_sources([server.base + "/missing"])
    assert rej.reason == f"HTTP 404 for {server.base}/missing"
    port = server.httpd.server_address[1]
    server.httpd.shutdown()
    server.httpd.server_close()
    [rej] = iter_sources([f"http://127.0.0.1:{port}/gone"], SourceOptions(fetch_timeout=2))
    assert rej.reason.startswith("network error")


def test_fetch_url_refuses_other_schemes():
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/", "javascript:alert(1)"):
        with pytest.raises(FetchError, match="only http and https"):
            fetch_url(url, SourceOptions())

"""WARC archives: HTML responses become RawDocs; truncation, bombs and binary payloads are rejections."""

from __future__ import annotations

import gzip

from sourcekit import ARTICLE_HTML, gz_members, gzip_bomb, warc_record, warc_request

from newsfold.records import RawDoc, Rejected
from newsfold.sources import SourceOptions, iter_sources

PAGE = ARTICLE_HTML.encode()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def crawl() -> list[bytes]:
    return [
        warc_request("http://news.invalid/a"),
        warc_record("http://news.invalid/a", PAGE, record_id="urn:uuid:aaaa"),
        warc_record("http://news.invalid/logo.png", PNG, ctype="image/png"),
        warc_record("http://news.invalid/old", b"<html>moved</html>", status="301 Moved Permanently"),
        warc_record("http://news.invalid/b", PAGE.replace(b"Chile", b"Peru"), record_id="urn:uuid:bbbb",
                    date="2016-11-11T09:30:00Z"),
    ]


def expected(path) -> list[RawDoc]:
    return [
        RawDoc(ARTICLE_HTML, f"{path}#urn:uuid:aaaa", {
            "content_type": "text/html", "url": "http://news.invalid/a", "container_date": "2016-11-10T08:00:00+00:00"}),
        RawDoc(ARTICLE_HTML.replace("Chile", "Peru"), f"{path}#urn:uuid:bbbb", {
            "content_type": "text/html", "url": "http://news.invalid/b", "container_date": "2016-11-11T09:30:00+00:00"}),
    ]


def test_warc_yields_html_responses_only(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(crawl()))
    assert list(iter_sources([str(path)])) == expected(path)


def test_warc_gz_with_one_member_per_record(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gz_members(*crawl()))
    assert list(iter_sources([str(path)])) == expected(path)


def test_warc_gz_as_one_gzip_stream(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(b"".join(crawl())))
    assert list(iter_sources([str(path)])) == expected(path)


def test_truncated_warc_yields_what_was_read_then_one_rejection(tmp_path):
    data = b"".join(crawl())
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: len(data) - 200])  # inside the last page
    records = list(iter_sources([str(path)]))
    assert records[:-1] == expected(path)[:1]
    assert records[-1] == Rejected(str(path), "source", "truncated archive: cut inside a record after 1 page(s)")


def test_truncated_warc_gz_yields_what_was_read_then_one_rejection(tmp_path):
    data = gz_members(*crawl())
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-60])  # inside the last gzip member
    records = list(iter_sources([str(path)]))
    assert records[:-1] == expected(path)[:1]
    assert isinstance(records[-1], Rejected) and records[-1].reason.startswith("truncated archive")


def test_cut_inside_a_record_header_is_truncation(tmp_path):
    records_ = crawl()
    data = b"".join(records_[:2]) + records_[4][:60]
    path = tmp_path / "cut.warc"
    path.write_bytes(data)
    records = list(iter_sources([str(path)]))
    assert records[0] == expected(path)[0]
    assert records[-1].reason.startswith("truncated archive")


def test_warc_gz_bomb_stops_the_archive(tmp_path):
    # A record declaring a 64 MB HTML payload of spaces: about 64 KB compressed.
    size = 64 * 1024 * 1024
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {size}\r\n\r\n".encode()
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
            f"WARC-Date: 2016-11-10T08:00:00Z\r\nWARC-Target-URI: http://news.invalid/bomb\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + size}\r\n\r\n").encode()
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(gzip.compress(crawl()[1]) + gzip.compress(head + http) + gzip_bomb(size) + gzip.compress(crawl()[4]))
    records = list(iter_sources([str(path)], SourceOptions(max_bytes=1024 * 1024)))
    assert records[0] == expected(path)[0]
    assert len(records) == 2 and isinstance(records[1], Rejected) and records[1].origin == str(path)
    assert "gzip bomb" in records[1].reason and "archive stopped after 1 page(s)" in records[1].reason


def test_archive_size_budget(tmp_path):
    path = tmp_path / "big.warc.gz"
    path.write_bytes(gz_members(*crawl()))
    records = list(iter_sources([str(path)], SourceOptions(max_archive_bytes=3000)))
    assert records[-1].reason.startswith("decompressed size exceeds limit 3000 bytes")


def test_oversized_record_is_rejected_and_the_archive_goes_on(tmp_path):
    big = b"<html><body>" + b"<p>word</p>" * 20_000 + b"</body></html>"
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_record("http://news.invalid/big", big, record_id="urn:uuid:big") + crawl()[1])
    rej, doc = iter_sources([str(path)], SourceOptions(max_bytes=100_000))
    assert rej == Rejected(f"{path}#urn:uuid:big", "source", "too large: record payload exceeds limit 100000 bytes")
    assert doc.origin == f"{path}#urn:uuid:aaaa"


def test_binary_payload_declared_html_is_rejected(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_record("http://news.invalid/x", PNG, record_id="urn:uuid:png") + crawl()[1])
    rej, doc = iter_sources([str(path)])
    assert rej == Rejected(f"{path}#urn:uuid:png", "source", "binary payload in a record declared text/html")
    assert isinstance(doc, RawDoc)


def test_archive_without_pages_is_one_rejection(tmp_path):
    path = tmp_path / "images.warc"
    path.write_bytes(crawl()[2] + warc_request("http://news.invalid/"))
    assert list(iter_sources([str(path)])) == [
        Rejected(str(path), "source", "no HTML pages in the archive (1 record(s) skipped)")]


def test_not_a_warc(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_bytes(b"\x00\x01garbage" * 100)
    assert list(iter_sources([str(path)])) == [
        Rejected(str(path), "source", "not a WARC file (no WARC/ version line at the start)")]


def test_encoded_payloads_are_decoded_within_the_cap(tmp_path):
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(PAGE), PAGE)
    gz_page = gzip.compress(PAGE)
    path = tmp_path / "enc.warc"
    path.write_bytes(
        warc_record("http://news.invalid/c", chunked, http_headers="Transfer-Encoding: chunked\r\n", record_id="urn:uuid:c")
        + warc_record("http://news.invalid/g", gz_page, http_headers="Content-Encoding: gzip\r\n", record_id="urn:uuid:g")
        + warc_record("http://news.invalid/bomb", gzip_bomb(20 * 1024 * 1024),
                      http_headers="Content-Encoding: gzip\r\n", record_id="urn:uuid:bomb")
    )
    c, g, bomb = iter_sources([str(path)], SourceOptions(max_bytes=1024 * 1024))
    assert c.text == ARTICLE_HTML and g.text == ARTICLE_HTML
    assert bomb == Rejected(f"{path}#urn:uuid:bomb", "source", "too large: decoded payload exceeds limit 1048576 bytes")


def test_legacy_charset_from_the_http_header(tmp_path):
    page = "<html><body><p>Caf\u00e9 \u00e0 Paris, \u201cd\u00e9j\u00e0\u201d.</p></body></html>".encode("cp1252")
    path = tmp_path / "fr.warc"
    path.write_bytes(warc_record("http://news.invalid/fr", page, ctype="text/html; charset=windows-1252"))
    [doc] = iter_sources([str(path)])
    assert "Caf\u00e9 \u00e0 Paris, \u201cd\u00e9j\u00e0\u201d." in doc.text


def test_resource_records_holding_html(tmp_path):
    body = b"<html><body><p>Resource page</p></body></html>"
    rec = (b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:r1>\r\nWARC-Date: 2020-01-01T00:00:00Z\r\n"
           b"WARC-Target-URI: file:///x.html\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body)
           ) + body + b"\r\n\r\n"
    path = tmp_path / "res.warc"
    path.write_bytes(rec)
    assert list(iter_sources([str(path)])) == [RawDoc(body.decode(), f"{path}#urn:uuid:r1", {
        "content_type": "text/html", "url": "file:///x.html", "container_date": "2020-01-01T00:00:00+00:00"})]

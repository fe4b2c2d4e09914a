"""HTML pages as sources: files, .html.gz, charset declarations, HTML in JSONL/CSV rows, stdin."""

from __future__ import annotations

import gzip
import io
import json

from sourcekit import ARTICLE_HTML, gzip_bomb

from newsfold.records import RawDoc, Rejected
from newsfold.sources import SourceOptions, iter_sources
from newsfold.sources.html import decode_html, declared_charset, looks_like_html


def test_html_file_is_one_rawdoc_with_the_page_as_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    assert list(iter_sources([str(path)])) == [RawDoc(ARTICLE_HTML, str(path), {"content_type": "text/html"})]


def test_htm_and_xhtml_extensions_are_html(tmp_path):
    for name in ("a.htm", "b.XHTML"):
        (tmp_path / name).write_text("<html><body><p>Hi</p></body></html>")
    records = list(iter_sources([str(tmp_path)]))
    assert [r.meta["content_type"] for r in records] == ["text/html", "text/html"]


def test_meta_charset_decides_a_legacy_encoding(tmp_path):
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head>' \
           "<body><p>Caf\u00e9 owners said \u201cno\u201d.</p></body></html>"
    path = tmp_path / "old.html"
    path.write_bytes(page.encode("cp1252"))
    [doc] = iter_sources([str(path)])
    assert "Caf\u00e9 owners said \u201cno\u201d." in doc.text  # ISO-8859-1 read as its superset cp1252
    assert "decode_note" not in doc.meta  # declared, not guessed


def test_utf8_wins_over_a_wrong_declaration():
    page = '<meta charset="iso-8859-1"><p>Z\u00fcrich</p>'.encode()
    assert decode_html(page) == ('<meta charset="iso-8859-1"><p>Z\u00fcrich</p>', None)


def test_http_charset_is_used_when_the_page_declares_nothing():
    text, note = decode_html("<p>\u041f\u0440\u0438\u0432\u0435\u0442</p>".encode("koi8_r"), http_charset="KOI8-R")
    assert text == "<p>\u041f\u0440\u0438\u0432\u0435\u0442</p>" and note is None


def test_declared_charset_reads_meta_and_xml_declarations():
    assert declared_charset(b'<meta charset="gb2312">') == "gb18030"
    assert declared_charset(b"<?xml version='1.0' encoding='windows-1251'?><html>") == "cp1251"
    assert declared_charset(b'<meta charset="no-such-charset">') is None
    assert declared_charset(b"<p>nothing</p>") is None


def test_looks_like_html():
    assert looks_like_html("  <!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("<?xml version='1.0'?>\n<!-- c -->\n<html>")
    assert looks_like_html("<p>One</p><p>Two</p>")
    assert not looks_like_html("Plain text that mentions <p> tags.")
    assert not looks_like_html("<p>unclosed and never closed")
    assert not looks_like_html("<!---->" * 1000 + "x")  # no backtracking blow-up either


def test_html_gz_is_decompressed(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(ARTICLE_HTML.encode()))
    [doc] = iter_sources([str(path)])
    assert doc == RawDoc(ARTICLE_HTML, str(path), {"content_type": "text/html"})


def test_html_gz_bomb_is_rejected_at_the_size_cap(tmp_path):
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<html><body>") + gzip_bomb(64 * 1024 * 1024))  # 64 MB of spaces, ~64 KB
    [rej] = iter_sources([str(path)], SourceOptions(max_bytes=1024 * 1024))
    assert isinstance(rej, Rejected) and rej.origin == str(path)
    assert "too large" in rej.reason or "exceeds" in rej.reason or "ratio" in rej.reason


def test_truncated_html_gz_is_rejected(tmp_path):
    path = tmp_path / "cut.html.gz"
    path.write_bytes(gzip.compress(ARTICLE_HTML.encode())[:-30])
    [rej] = iter_sources([str(path)])
    assert isinstance(rej, Rejected) and "truncated" in rej.reason


def test_gz_that_is_not_gzip_is_rejected(tmp_path):
    path = tmp_path / "fake.html.gz"
    path.write_text("<html>not compressed</html>")
    assert list(iter_sources([str(path)])) == [Rejected(str(path), "source", "not gzip data (no gzip header)")]


def test_oversized_html_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.html"
    path.write_text("<html><body>" + "<p>x</p>" * 5000 + "</body></html>")
    [rej] = iter_sources([str(path)], SourceOptions(max_bytes=10_000))
    assert rej.reason.startswith("too large")


def test_binary_file_named_html_is_rejected(tmp_path):
    path = tmp_path / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    assert list(iter_sources([str(path)])) == [Rejected(str(path), "source", "binary file")]


def test_empty_html_file_is_rejected(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("  \n")
    assert list(iter_sources([str(path)])) == [Rejected(str(path), "source", "empty")]


def test_jsonl_html_field_becomes_the_text_and_is_marked(tmp_path):
    path = tmp_path / "dump.jsonl"
    rows = [
        {"id": 1, "html": "<html><body><p>Page</p></body></html>", "text": "Page", "url": "http://x.invalid/1"},
        {"text": "<!DOCTYPE html><html><body><p>Only text</p></body></html>"},
        {"text": "Plain article."},
        {"html": "", "text": "Empty html field falls back to text."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    a, b, c, d = iter_sources([str(path)])
    assert a == RawDoc("<html><body><p>Page</p></body></html>", f"{path}:1",
                       {"source_id": 1, "text": "Page", "url": "http://x.invalid/1", "content_type": "text/html"})
    assert b.meta == {"content_type": "text/html"}
    assert c.meta == {}
    assert d.text == "Empty html field falls back to text." and d.meta == {"html": ""}


def test_csv_html_column(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text('title,html\nA page,"<html><body><p>x</p></body></html>"\n')
    [doc] = iter_sources([str(path)])
    assert doc.meta == {"title": "A page", "content_type": "text/html"}


def test_stdin_html_and_gzip_are_sniffed():
    [doc] = iter_sources(["-"], stdin=io.BytesIO(ARTICLE_HTML.encode()))
    assert doc.meta == {"content_type": "text/html"} and doc.origin == "<stdin>"
    [doc] = iter_sources(["-"], stdin=io.BytesIO(gzip.compress(ARTICLE_HTML.encode())))
    assert doc.text == ARTICLE_HTML and doc.meta == {"content_type": "text/html"}

"""The gzip layer: any format as ``NAME.EXT.gz``, under size and ratio budgets."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from sourcekit import ARTICLE_HTML, gzip_bomb, warc_record

from newsfold.records import RawDoc, Rejected
from newsfold.sources import SourceOptions, iter_sources
from newsfold.sources.compress import BadGzip, LimitExceeded, Truncated, gunzip_bytes, gunzip_stream


def test_jsonl_gz_and_csv_gz_stream_their_rows(tmp_path):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(b'{"text": "One."}\n{"text": "Two."}\n'))
    (tmp_path / "b.csv.gz").write_bytes(gzip.compress(b"title,text\nT,Three.\n"))
    records = list(iter_sources([str(tmp_path)]))
    assert [r.text for r in records] == ["One.", "Two.", "Three."]
    assert [r.origin for r in records] == [f"{tmp_path}/a.jsonl.gz:1", f"{tmp_path}/a.jsonl.gz:2", f"{tmp_path}/b.csv.gz:2"]


def test_gz_without_an_inner_extension_is_sniffed(tmp_path):
    (tmp_path / "page.gz").write_bytes(gzip.compress(ARTICLE_HTML.encode()))
    (tmp_path / "rows.gz").write_bytes(gzip.compress(b'{"text": "Row."}\n'))
    (tmp_path / "note.gz").write_bytes(gzip.compress(b"Just a note.\n"))
    note, page, rows = iter_sources([str(tmp_path)])
    assert note == RawDoc("Just a note.\n", f"{tmp_path}/note.gz")
    assert page.meta == {"content_type": "text/html"}
    assert rows.text == "Row." and rows.origin == f"{tmp_path}/rows.gz:1"


def test_txt_gz_is_plain_text(tmp_path):
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress("Caf\u00e9 article.".encode()))
    assert list(iter_sources([str(path)])) == [RawDoc("Caf\u00e9 article.", str(path))]


def test_jsonl_gz_bomb_stops_after_the_rows_before_it(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "Fine."}\n') + gzip_bomb(32 * 1024 * 1024, fill=b"\n"))
    records = list(iter_sources([str(path)]))
    assert records[0].text == "Fine."
    assert records[-1].origin == str(path) and "gzip bomb" in records[-1].reason
    assert len(records) == 2


def test_archive_budget_applies_to_compressed_containers(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    rows = b"".join(json.dumps({"text": f"Row {i} " + "x" * 100}).encode() + b"\n" for i in range(100))
    path.write_bytes(gzip.compress(rows))
    records = list(iter_sources([str(path)], SourceOptions(max_archive_bytes=5000)))
    assert all(isinstance(r, RawDoc) for r in records[:-1]) and len(records) < 100
    assert records[-1] == Rejected(str(path), "source", "decompressed size exceeds limit 5000 bytes")


def test_corrupted_gzip_is_rejected(tmp_path):
    data = bytearray(gzip.compress(ARTICLE_HTML.encode() * 20))
    data[40:60] = b"\xff" * 20
    path = tmp_path / "bad.html.gz"
    path.write_bytes(bytes(data))
    [rej] = iter_sources([str(path)])
    assert isinstance(rej, Rejected) and rej.reason.startswith("corrupted gzip data")


def test_stdin_warc_and_warc_gz():
    record = warc_record("http://x.invalid/a", ARTICLE_HTML.encode(), record_id="urn:uuid:1")
    for data in (record, gzip.compress(record)):
        [doc] = iter_sources(["-"], stdin=io.BytesIO(data))
        assert doc.text == ARTICLE_HTML and doc.origin == "<stdin>#urn:uuid:1"


def test_gunzip_helpers():
    assert gunzip_stream(io.BytesIO(gzip.compress(b"a") + gzip.compress(b"b") + b"\0" * 10)).read() == b"ab"
    assert gunzip_bytes(gzip.compress(b"x" * 100), limit=100) == b"x" * 100
    with pytest.raises(LimitExceeded):
        gunzip_bytes(gzip.compress(b"x" * 101), limit=100)
    with pytest.raises(Truncated):
        gunzip_stream(io.BytesIO(gzip.compress(b"abc" * 1000)[:-10])).read()
    junk = gunzip_stream(io.BytesIO(gzip.compress(b"abc") + b"trailing junk"))
    assert junk.read() == b"abc" and "garbage" in junk.raw.junk  # what came before the junk is kept
    with pytest.raises(BadGzip):
        gunzip_bytes(gzip.compress(b"abc") + b"trailing junk", limit=100)

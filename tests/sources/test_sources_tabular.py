"""JSONL and CSV dumps: one record per row, bad rows rejected, the rest kept."""

from __future__ import annotations

import json

from newsfold.records import RawDoc, Rejected
from newsfold.sources import SourceOptions, iter_sources


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_jsonl_three_rows_with_meta_kept(tmp_path):
    path = tmp_path / "dump.jsonl"
    write_jsonl(
        path,
        [
            {"id": "a1", "text": "First story.", "title": "One", "url": "https://x/1", "published": "2024-01-02"},
            {"text": "Second story.", "outlet": "Daily", "language": "en", "tags": ["a", "b"], "score": 0.5},
            {"id": 3, "text": "Third\r\nstory.", "extra": {"nested": True}},
        ],
    )
    p = str(path)
    assert list(iter_sources([p])) == [
        RawDoc("First story.", f"{p}:1", {"source_id": "a1", "title": "One", "url": "https://x/1", "published": "2024-01-02"}),
        RawDoc("Second story.", f"{p}:2", {"outlet": "Daily", "language": "en", "tags": ["a", "b"], "score": 0.5}),
        RawDoc("Third\nstory.", f"{p}:3", {"source_id": 3, "extra": {"nested": True}}),
    ]


def test_jsonl_bad_rows_are_rejected_and_the_others_come_through(tmp_path):
    path = tmp_path / "dump.ndjson"
    path.write_text(
        '{"text": "Good one."}\n'
        '{"text": "broken" "title": "x"}\n'
        "\n"
        '["not", "an", "object"]\n'
        '{"title": "no text"}\n'
        '{"text": "   "}\n'
        '{"text": 42}\n'
        '{"text": "Good two."}\r\n',
        encoding="utf-8",
    )
    p = str(path)
    records = list(iter_sources([p]))
    assert [r.text for r in records if isinstance(r, RawDoc)] == ["Good one.", "Good two."]
    assert [r.origin for r in records if isinstance(r, RawDoc)] == [f"{p}:1", f"{p}:8"]
    assert [(r.origin, r.reason) for r in records if isinstance(r, Rejected)] == [
        (f"{p}:2", "invalid JSON: Expecting ',' delimiter at column 19"),
        (f"{p}:4", "not a JSON object: got array"),
        (f"{p}:5", "row has no text field"),
        (f"{p}:6", "row has no text field"),
        (f"{p}:7", "text field is not a string: got number"),
    ]


def test_jsonl_oversized_line_is_rejected_and_reading_continues(tmp_path):
    path = tmp_path / "big.jsonl"
    write_jsonl(path, [{"text": "x" * 5000}, {"text": "Small."}])
    p = str(path)
    records = list(iter_sources([p], SourceOptions(max_row_bytes=1000)))
    assert records == [
        Rejected(f"{p}:1", "source", "row too large: 5012 bytes > limit 1000"),
        RawDoc("Small.", f"{p}:2"),
    ]


def test_jsonl_file_is_streamed_not_limited_by_max_bytes(tmp_path):
    path = tmp_path / "many.jsonl"
    write_jsonl(path, [{"text": f"Story {i}."} for i in range(200)])
    records = list(iter_sources([str(path)], SourceOptions(max_bytes=1000, max_row_bytes=100)))
    assert len(records) == 200 and all(isinstance(r, RawDoc) for r in records)


def test_jsonl_bom_invalid_utf8_line_and_explicit_source_id(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{"text": "A.", "id": 1, "source_id": "s"}\n' b'{"text": "caf\xe9"}\n' b'{"text": "B."}\n'
    )
    p = str(path)
    assert list(iter_sources([p])) == [
        RawDoc("A.", f"{p}:1", {"id": 1, "source_id": "s"}),
        Rejected(f"{p}:2", "source", "undecodable: line is not valid utf-8"),
        RawDoc("B.", f"{p}:3"),
    ]


def test_jsonl_with_only_blank_lines_is_empty(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n  \n")
    assert list(iter_sources([str(path)])) == [Rejected(str(path), "source", "empty")]


def test_csv_quoted_multiline_text_and_row_line_numbers(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_bytes(
        b"id,title,text,outlet\r\n"
        b'1,First,"Line one\r\nline two, with comma\r\n""quoted""",Daily\r\n'
        b"\r\n"
        b"2,Second,Plain text,Weekly\r\n"
        b"3,No text,,Daily\r\n"
        b"4,Too many,text,Daily,extra\r\n"
        b"5,Short,Just text\r\n"
    )
    p = str(path)
    assert list(iter_sources([p])) == [
        RawDoc('Line one\nline two, with comma\n"quoted"', f"{p}:2", {"source_id": "1", "title": "First", "outlet": "Daily"}),
        RawDoc("Plain text", f"{p}:6", {"source_id": "2", "title": "Second", "outlet": "Weekly"}),
        Rejected(f"{p}:7", "source", "row has no text field"),
        Rejected(f"{p}:8", "source", "row has 5 fields but the header has 4"),
        RawDoc("Just text", f"{p}:9", {"source_id": "5", "title": "Short"}),
    ]


def test_csv_huge_field_beyond_the_csv_default_limit(tmp_path):
    big = "word " * 60000  # 300 KB, above csv's 128 KiB default field limit
    path = tmp_path / "big.csv"
    path.write_text(f'text,title\n"{big}",Big\n"{"y" * 2000}",Over\nsmall,Fine\n')
    p = str(path)
    records = list(iter_sources([p], SourceOptions(max_row_bytes=400_000)))
    assert records[0] == RawDoc(big, f"{p}:2", {"title": "Big"})
    assert records[1:] == [RawDoc("y" * 2000, f"{p}:3", {"title": "Over"}), RawDoc("small", f"{p}:4", {"title": "Fine"})]
    records = list(iter_sources([p], SourceOptions(max_row_bytes=1000)))
    assert records == [
        Rejected(f"{p}:2", "source", "row too large: 300006 bytes > limit 1000"),
        Rejected(f"{p}:3", "source", "row too large: 2007 bytes > limit 1000"),
        RawDoc("small", f"{p}:4", {"title": "Fine"}),
    ]


def test_csv_unclosed_quote_stops_the_file_with_bounded_memory(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text('text\nok\n"never closed\n' + "more\n" * 1000)
    p = str(path)
    assert list(iter_sources([p], SourceOptions(max_bytes=2000, max_row_bytes=500))) == [
        RawDoc("ok", f"{p}:2"),
        Rejected(f"{p}:3", "source", "row too large: more than 2000 bytes, rest of file skipped"),
    ]


def test_csv_without_text_column_is_rejected_once(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("title,body\na,b\nc,d\n")
    assert list(iter_sources([str(path)])) == [
        Rejected(str(path), "source", "no text column in CSV header (columns: title, body)")
    ]


def test_csv_cp1252_is_detected(tmp_path):
    path = tmp_path / "legacy.csv"
    row = "Caf\u00e9 owners said \u201cno\u201d to the plan."
    path.write_bytes(("title,text\n" + "".join(f"T{i},{row}\n" for i in range(20))).encode("cp1252"))
    records = list(iter_sources([str(path)]))
    assert len(records) == 20 and all(r.text == row for r in records)


def test_tsv_and_empty_csv(tmp_path):
    (tmp_path / "a.tsv").write_text("text\ttitle\nTab separated, with comma.\tT\n")
    (tmp_path / "b.csv").write_text("text,title\n")
    records = list(iter_sources([str(tmp_path)]))
    assert records == [
        RawDoc("Tab separated, with comma.", f"{tmp_path / 'a.tsv'}:2", {"title": "T"}),
        Rejected(str(tmp_path / "b.csv"), "source", "empty"),
    ]


def test_jsonl_oversized_last_line_without_newline(tmp_path):
    path = tmp_path / "tail.jsonl"
    path.write_bytes(b'{"text": "Fine."}\n{"text": "' + b"z" * 200_000 + b'"}')
    p = str(path)
    assert list(iter_sources([p], SourceOptions(max_row_bytes=100))) == [
        RawDoc("Fine.", f"{p}:1"),
        Rejected(f"{p}:2", "source", "row too large: 200012 bytes > limit 100"),
    ]


def test_csv_row_with_invalid_bytes_is_rejected_alone(tmp_path):
    path = tmp_path / "mixed.csv"
    good = "Le café a rouvert; a déclaré le maire."
    path.write_bytes(f"text\n{good}\n".encode() * 1 + b"caf\xe9 two\n" + f"{good}\n".encode() * 50)
    p = str(path)
    records = list(iter_sources([p]))
    assert records[:3] == [
        RawDoc(good, f"{p}:2"),
        Rejected(f"{p}:3", "source", "undecodable: row is not valid utf-8"),
        RawDoc(good, f"{p}:4"),
    ]
    assert len(records) == 52 and all(r.text == good for r in records[3:])


def test_utf16_container_is_rejected_with_advice(tmp_path):
    path = tmp_path / "excel.tsv"
    path.write_bytes("text\ttitle\nHello\tT\n".encode("utf-16"))
    assert list(iter_sources([str(path)])) == [
        Rejected(str(path), "source", "unsupported encoding: UTF-16/UTF-32 (convert the file to UTF-8)")
    ]

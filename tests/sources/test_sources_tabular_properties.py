"""Round trips of the line-oriented readers (JSONL, CSV/TSV, plain text) and of gzip around them.

What a user relies on: every well-formed row written is read back exactly once, in order, at
its line (origin ``path:LINE``), with its fields; a malformed row becomes one ``Rejected`` for
that row and the rows after it still come through; the encodings newsfold promises (UTF-8 with
or without BOM, UTF-16/32 with BOM) give back the text written; compression changes nothing,
and a cut-off ``.gz`` keeps what came before the cut.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import tempfile

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsfold.records import RawDoc, Rejected
from newsfold.sources import SourceOptions, iter_sources
from newsfold.sources.decode import normalize_newlines

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX_ROW = 10_000
OPTS = SourceOptions(max_row_bytes=MAX_ROW, fetch_pages=False)

# Text a dump can carry: any Unicode except lone surrogates (no encoder writes them) and NUL
# (a NUL byte marks a file as binary, by design).
chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
field_text = st.text(chars, max_size=40)
body_text = st.text(chars, min_size=1, max_size=200).filter(str.strip)
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | field_text
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(field_text, inner, max_size=3),
    max_leaves=8,
)
# Field names the readers give a meaning to are drawn on purpose elsewhere.
RESERVED = {"text", "html", "id", "source_id", "content_type"}
meta_names = st.text(chars, min_size=1, max_size=10).filter(lambda k: k not in RESERVED)


def read(name: str, data: bytes, opts: SourceOptions = OPTS) -> tuple[str, list]:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path, list(iter_sources([path], opts))


def expected_meta(meta: dict, source_id: object) -> dict:
    out = dict(meta)
    if source_id is not None:
        out["source_id"] = source_id
    return out


def same_doc(record, text: str, origin: str, meta: dict) -> None:
    assert isinstance(record, RawDoc), record
    assert (record.text, record.origin) == (normalize_newlines(text), origin)
    extra = {k: v for k, v in record.meta.items() if k != "content_type"}
    assert extra == meta
    # The only field a reader may add: the mark that a text is a page, when it looks like one.
    assert record.meta.get("content_type", "text/html") == "text/html"
    assert "content_type" not in record.meta or "<" in text


def rejected_at(record, origin: str, reason_part: str) -> None:
    assert isinstance(record, Rejected), record
    assert (record.origin, record.stage) == (origin, "source")
    assert reason_part in record.reason, record.reason


# -- JSONL --------------------------------------------------------------------------------

# Malformed lines and the reason each must be rejected with.
BAD_JSONL = {
    "cut": (b'{"text": "cut off', "invalid JSON"),
    "array": (b'["text", "an array"]', "not a JSON object"),
    "string": (b'"just a string"', "not a JSON object"),
    "no-text": (b'{"title": "no body"}', "no text field"),
    "blank-text": (b'{"text": "  \\n "}', "no text field"),
    "number-text": (b'{"text": 12}', "not a string"),
    "surrogate": (b'{"text": "broken \\ud800 escape"}', "lone surrogate"),
    "nested": (b"[" * 5000, "invalid JSON"),
    "huge-number": (b'{"text": "x", "n": ' + b"9" * 5000 + b"}", "invalid JSON"),
    "too-large": (json.dumps({"text": "y" * MAX_ROW}).encode(), "row too large"),
}

good_rows = st.tuples(body_text, st.dictionaries(meta_names, json_values, max_size=4),
                      st.one_of(st.none(), field_text, st.integers()))
jsonl_rows = st.lists(st.one_of(good_rows, st.sampled_from(sorted(BAD_JSONL))), min_size=1, max_size=8)


@SETTINGS
@example([("x", {}, None), "nested", ("y", {}, None)], [0, 0, 0], False, "\n", False)
@given(jsonl_rows, st.lists(st.integers(0, 2), min_size=8, max_size=8), st.booleans(),
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_jsonl_rows_come_back_once_with_their_fields_and_bad_rows_are_rejected_alone(
        rows, blank_lines, ascii_only, newline, bom):
    lines: list[bytes] = []
    expected: list[tuple] = []  # (line number, row) for every non-blank line
    for row, blanks in zip(rows, blank_lines):
        lines.extend([b"   "] * blanks)
        if isinstance(row, str):
            lines.append(BAD_JSONL[row][0])
        else:
            text, meta, source_id = row
            fields = {**meta, "text": text} if source_id is None else {"id": source_id, **meta, "text": text}
            lines.append(json.dumps(fields, ensure_ascii=ascii_only).encode())
        expected.append((len(lines), row))
    data = (b"\xef\xbb\xbf" if bom else b"") + newline.encode().join(lines) + newline.encode()

    path, records = read("dump.jsonl", data)

    assert len(records) == len(expected)
    for record, (line, row) in zip(records, expected):
        if isinstance(row, str):
            rejected_at(record, f"{path}:{line}", BAD_JSONL[row][1])
        else:
            text, meta, source_id = row
            same_doc(record, text, f"{path}:{line}", expected_meta(meta, source_id))


def test_explicit_source_id_wins_over_id():
    _, [doc] = read("d.jsonl", b'{"id": 1, "source_id": "s", "text": "t"}\n')
    assert doc.meta == {"id": 1, "source_id": "s"}


# -- CSV / TSV ----------------------------------------------------------------------------

csv_names = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=8).filter(
    lambda k: k not in RESERVED)


@st.composite
def csv_files(draw):
    """(header, rows): "text" first, then unique other columns; rows may be short, blank or bad."""
    others = draw(st.lists(csv_names, unique=True, max_size=4))
    with_id = draw(st.booleans())
    header = ["text"] + (["id"] if with_id else []) + others
    row = st.one_of(
        st.tuples(st.just("good"), body_text, st.lists(field_text, min_size=len(header) - 1,
                                                      max_size=len(header) - 1)),
        st.tuples(st.just("short"), body_text, st.lists(field_text, max_size=max(0, len(header) - 2))),
        st.tuples(st.just("extra"), body_text, st.lists(field_text, min_size=len(header), max_size=len(header) + 2)),
        st.tuples(st.just("blank-text"), st.sampled_from(["", " ", "\r\n\t"]), st.just([])),
        st.tuples(st.just("too-large"), st.just("z" * (MAX_ROW + 1)), st.just([])),
    )
    return header, draw(st.lists(row, min_size=1, max_size=8))


@SETTINGS
@given(csv_files(), st.sampled_from([",", "\t"]), st.lists(st.booleans(), min_size=8, max_size=8))
def test_csv_rows_come_back_once_with_their_fields_and_bad_rows_are_rejected_alone(table, delimiter, blank):
    header, rows = table
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    starts = []  # 1-based line of each row's first line: newlines written before it, plus one
    for (kind, text, rest), blank_before in zip(rows, blank):
        if blank_before:
            out.write("\r\n")
        starts.append(out.getvalue().count("\n") + 1)
        writer.writerow([text, *rest])
    suffix = ".csv" if delimiter == "," else ".tsv"

    path, records = read("dump" + suffix, out.getvalue().encode("utf-8"))

    assert len(records) == len(rows)
    for record, line, (kind, text, rest) in zip(records, starts, rows):
        where = f"{path}:{line}"
        if kind in ("good", "short"):
            fields = dict(zip(header[1:], rest))
            if "id" in fields:
                fields["source_id"] = fields.pop("id")
            same_doc(record, text, where, fields)
        else:
            reason = {"extra": "fields but the header has", "blank-text": "no text field",
                      "too-large": "row too large"}[kind]
            rejected_at(record, where, reason)


@settings(max_examples=40, deadline=None)
@given(st.lists(csv_names, min_size=1, max_size=4, unique=True))
def test_csv_without_a_text_column_is_one_rejection_naming_the_columns(names):
    path, records = read("d.csv", (",".join(names) + "\r\nx\r\n").encode())
    [r] = records
    rejected_at(r, path, "no text column")


# -- plain text --------------------------------------------------------------------------

# Printable text (a decode that yields control or unassigned characters is rejected on purpose).
printable = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"), whitelist_characters="\t\n\r"),
                    min_size=1, max_size=300).filter(str.strip)


@SETTINGS
@given(printable, st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
def test_text_in_a_unicode_encoding_with_bom_reads_back_as_written(text, codec):
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    path, records = read("article.txt", bom + text.encode(codec))
    assert records == [RawDoc(normalize_newlines(text.removeprefix("\ufeff") if codec == "utf-8-sig" else text),
                              path)]


# -- gzip ----------------------------------------------------------------------------------

def members(data: bytes, cuts: list[int]) -> bytes:
    """``data`` as consecutive gzip members split at ``cuts`` (crawlers write one per record)."""
    points = sorted({0, len(data), *(min(c, len(data)) for c in cuts)})
    return b"".join(gzip.compress(data[a:b], mtime=0) for a, b in zip(points, points[1:])) or gzip.compress(b"", mtime=0)


def without_folder(records: list, path: str) -> list:
    """Records with their origin made relative to the file, so two files can be compared."""
    out = []
    for r in records:
        tail = r.origin[len(path):]
        out.append(RawDoc(r.text, tail, r.meta) if isinstance(r, RawDoc) else Rejected(tail, r.stage, r.reason))
    return out


dump_contents = st.one_of(
    st.tuples(st.just(".jsonl"), st.lists(st.tuples(body_text, st.dictionaries(meta_names, field_text, max_size=2)),
                                         min_size=1, max_size=6).map(
        lambda rows: b"".join(json.dumps({**m, "text": t}).encode() + b"\n" for t, m in rows))),
    st.tuples(st.just(".txt"), printable.map(lambda t: t.encode("utf-8"))),
    st.tuples(st.just(".html"), printable.map(lambda t: f"<html><body><p>{t}</p></body></html>".encode())),
)


@SETTINGS
@given(dump_contents, st.lists(st.integers(0, 2000), max_size=3))
def test_gzip_is_transparent_whatever_the_member_split(content, cuts):
    suffix, data = content
    plain_path, plain = read("item" + suffix, data)
    gz_path, packed = read("item" + suffix + ".gz", members(data, cuts))
    assert without_folder(packed, gz_path) == without_folder(plain, plain_path)


@SETTINGS
@given(st.lists(st.tuples(body_text, field_text), min_size=1, max_size=8), st.data())
def test_cut_jsonl_gz_keeps_the_rows_before_the_cut_and_says_it_was_cut(rows, data):
    dump = b"".join(json.dumps({"text": t, "title": x}).encode() + b"\n" for t, x in rows)
    packed = gzip.compress(dump, mtime=0)
    cut = data.draw(st.integers(10, len(packed) - 1), label="cut")  # inside the member, past its header
    full_path, full = read("d.jsonl", dump)
    path, records = read("d.jsonl.gz", packed[:cut])

    docs = [r for r in without_folder(records, path) if isinstance(r, RawDoc)]
    assert docs == without_folder(full, full_path)[:len(docs)]  # nothing invented, nothing reordered
    assert isinstance(records[-1], Rejected) and records[-1].origin == path
    assert "truncated" in records[-1].reason or "cut" in records[-1].reason


# -- storable records ----------------------------------------------------------------------

@st.composite
def rows_with_a_lone_surrogate(draw) -> dict:
    """A JSONL object with a "\\udXXX" escape somewhere: in the text, a field, a field name or a nested value."""
    broken = "x" + draw(st.characters(whitelist_categories=("Cs",))) + "y"
    where = draw(st.sampled_from(["text", "value", "key", "nested"]))
    row = {"text": broken if where == "text" else "A short article."}
    name = draw(meta_names)
    if where == "value":
        row[name] = broken
    elif where == "key":  # once a crash: the rejection's message quoted the name with surrogateescape
        row[broken] = 1
    elif where == "nested":
        row[name] = {"a": [1, broken]}
    return row


@SETTINGS
@example({"text": "A short article.", "title": "x\ud800y"})
@example({"text": "A short article.", "x\ud800y": 1})
@given(st.lists(rows_with_a_lone_surrogate(), min_size=1, max_size=4))
def test_a_lone_surrogate_escape_rejects_its_row_alone_and_never_reaches_the_store(rows):
    if isinstance(rows, dict):
        rows = [rows]
    good = b'{"text": "Fine."}\n'
    data = good + b"".join(json.dumps(r).encode() + b"\n" for r in rows) + good  # ensure_ascii: escapes
    path, records = read("d.jsonl", data)
    assert records[0] == RawDoc("Fine.", f"{path}:1") and records[-1] == RawDoc("Fine.", f"{path}:{len(rows) + 2}")
    for line, r in enumerate(records[1:-1], start=2):
        rejected_at(r, f"{path}:{line}", "surrogate")


# -- one line in another encoding ---------------------------------------------------------

latin_text = st.text(st.sampled_from("abc déjà vu naïve café Zürich àéîõüß«»€"), min_size=1, max_size=60).filter(
    str.strip)


@SETTINGS
@example([("Café au lait à Zürich", "utf-8"), ("déjà vu, naïve café", "cp1252"), ("Café au lait à Zürich", "utf-8")])
@example([("0", "utf-8"), ("éé", "cp1252"), ("Z€Z", "cp1252")])  # once: no confident encoding, whole file refused
@given(st.lists(st.one_of(st.tuples(body_text, st.just("utf-8")), st.tuples(latin_text, st.just("cp1252"))),
                min_size=1, max_size=8))
def test_lines_in_a_legacy_encoding_never_garble_the_utf8_rows(rows):
    # Once the encoding of the whole dump was guessed from its head, so one legacy line turned
    # every UTF-8 row into mojibake ("CafÃ©", or Thai with cp874), or the whole file was refused.
    data = b"".join(json.dumps({"text": t}, ensure_ascii=False).encode(codec) + b"\n" for t, codec in rows)
    path, records = read("d.jsonl", data)
    if all(codec != "utf-8" for _, codec in rows) and [r.origin for r in records] == [path]:
        return  # only a few legacy bytes and no confident guess of their encoding: the file is refused whole
    assert len(records) == len(rows)
    for line, (record, (text, codec)) in enumerate(zip(records, rows), start=1):
        if codec == "utf-8":
            same_doc(record, text, f"{path}:{line}", {})
        else:  # a legacy line: read in the file's legacy encoding, or rejected alone
            assert record.origin == f"{path}:{line}"

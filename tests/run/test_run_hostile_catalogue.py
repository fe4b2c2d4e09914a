"""The hostile-input catalogue (issue 8, item 3): one test per kind of hostile input, end to end.

Each test puts its hostile items in one folder between two good articles (``a-before.txt`` and
``z-after.txt``) and ingests the folder with the full pipeline (sources, clean, dedup, quotes,
fold), all in one batch. What a user must see:

- a per-item error naming the item and saying why -- or, for input that is legitimately
  readable (right-to-left text, a page full of scripts), the article stored as it came;
- the batch going on: both good articles stored and folded exactly as when ingested alone;
- no other error, and no other article.

The reader-level details of each case are tested in ``tests/sources``; here the point is the
whole run.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import BUDGET, QUAKE_A, QUAKE_B

from newsfold.run import IngestOptions, IngestSummary, ingest
from newsfold.store import open_store
from newsfold.store import views

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
from sourcekit import ARTICLE_HTML, BILLION_LAUGHS, RSS, XXE, XXE_PARAMETER, gzip_bomb, warc_record  # noqa: E402

GOOD = {"a-before.txt": QUAKE_A, "z-after.txt": BUDGET}
MiB = 1024 * 1024
UNDECODABLE = "undecodable: not UTF-8 and no confident encoding detected"
FRENCH = ("Le conseil municipal de Genève a voté mardi un crédit de 12 millions de francs pour rénover "
          "l'école du quartier des Pâquis.\n\nLa décision a été prise après un débat animé, a déclaré le "
          "maire Éric Favre, qui a promis des travaux « dès l'été ».\n")
# A long report (~10,000 characters of news paragraphs): pushes what follows it in a file past the
# first 8 KB the binary sniff looks at, and is an article itself.
LONG_REPORT = "\n\n".join(f"{p} (update {i})" for i in range(8)
                           for p in (QUAKE_A + "\n\n" + BUDGET).split("\n\n")[1:])


@dataclass
class Outcome:
    summary: IngestSummary
    errors: dict[str, list[tuple[str, str]]]  # item name -> [(stage, reason)]
    records: dict[str, dict]  # item name -> exported article
    db: Path


def run_among_good(tmp_path: Path, items: dict, opts: IngestOptions = IngestOptions(), progress=None) -> Outcome:
    """Ingest ``items`` (name -> bytes, str, or a function writing the file) between the two good
    articles, in one batch; item names are given relative to the folder (bytes names allowed)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, content in items.items():
        path = os.path.join(os.fsencode(folder), os.fsencode(name))
        if callable(content):
            content(path)
        else:
            with open(path, "wb") as f:
                f.write(content.encode("utf-8") if isinstance(content, str) else content)
    db = tmp_path / "store.db"
    with open_store(db) as store:
        summary = ingest([str(folder)], store, opts, progress=progress)
        prefix = str(folder) + os.sep
        errors: dict[str, list[tuple[str, str]]] = {}
        for e in views.errors(store):
            errors.setdefault(e["origin"].removeprefix(prefix), []).append((e["stage"], e["reason"]))
        records = {r["origin"].removeprefix(prefix): r for r in views.export_records(store)}
    return Outcome(summary, errors, records, db)


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> dict[str, dict]:
    """The good articles ingested without company: what they must look like in every test."""
    return run_among_good(tmp_path_factory.mktemp("alone"), {}).records


def check(out: Outcome, alone: dict, errors: dict, articles: set[str] = frozenset()) -> None:
    """Exactly ``errors`` (name -> reason, or a regex for it) and ``articles`` besides the good
    ones; the good articles as when alone, each in a story."""
    assert set(out.errors) == set(errors), f"errors for {sorted(out.errors)}, expected for {sorted(errors)}"
    for name, expected in errors.items():
        [(stage, reason)] = [e for e in out.errors[name] if e[0] != "decode"] or out.errors[name]
        ok = expected.fullmatch(reason) if isinstance(expected, re.Pattern) else reason == expected
        assert ok, f"{name}: {stage}: {reason!r} is not {expected!r}"
    assert set(out.records) == set(GOOD) | set(articles)
    for name, want in alone.items():
        got = out.records[name]
        assert (got["title"], got["body"], got["duplicate_of"]) == (want["title"], want["body"], None)
        assert [q["text"] for q in got["quotes"]] == [q["text"] for q in want["quotes"]]
        assert got["story_id"] and got["storyline_id"]
    for name in articles:
        assert out.records[name]["story_id"], f"{name} was stored but not folded"


def store_text(db: Path) -> str:
    """Every text value in every table of the store, as one string (to look for what must never get in)."""
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(v for t in tables for row in con.execute(f'SELECT * FROM "{t}"') for v in row
                         if isinstance(v, str))
    finally:
        con.close()


# --- the catalogue -------------------------------------------------------------------------


def test_invalid_utf8_is_an_error_for_that_item_alone(tmp_path, alone):
    rng = random.Random(3)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(4000))  # no text in any encoding
    corrupted = FRENCH.encode().replace("crédit".encode(), b"cr\xe9dit").replace("animé".encode(), b"anim\xff")
    rows = (json.dumps({"text": QUAKE_B}, ensure_ascii=False).encode() + b"\n"
            + b'{"text": "caf\xc3 \xff\xfe broken \xe2\x82"}\n'
            + json.dumps({"text": FRENCH}, ensure_ascii=False).encode() + b"\n")
    out = run_among_good(tmp_path, {"noise.txt": noise, "corrupted.txt": corrupted, "rows.jsonl": rows})
    check(out, alone, {
        "noise.txt": UNDECODABLE,
        "rows.jsonl:2": "undecodable: line is not valid utf-8",
        "corrupted.txt": "warning: invalid UTF-8: 2 bad byte sequence(s) replaced",  # kept, with a warning
    }, articles={"corrupted.txt", "rows.jsonl:1", "rows.jsonl:3"})
    # Two stray bytes do not turn a UTF-8 article into mojibake: they become U+FFFD, the rest stays.
    assert "cr\ufffddit" in out.records["corrupted.txt"]["body"] and "Genève" in out.records["corrupted.txt"]["body"]
    assert out.records["rows.jsonl:3"]["body"].startswith("Le conseil municipal de Genève")


def test_mixed_encodings_keep_every_readable_part(tmp_path, alone):
    utf8_row = json.dumps({"text": FRENCH}, ensure_ascii=False).encode("utf-8")
    cp1252_row = json.dumps({"text": FRENCH.replace("Genève", "Neuchâtel")}, ensure_ascii=False).encode("cp1252")
    quake_row = json.dumps({"text": QUAKE_B}, ensure_ascii=False).encode("utf-8")
    out = run_among_good(tmp_path, {
        # A UTF-8 dump with one cp1252 row: each row is read in its own encoding.
        "mixed.jsonl": b"\n".join([utf8_row, cp1252_row, quake_row]) + b"\n",
        # One article, half UTF-8 and half cp1252: no single decoding is right, so it is refused.
        "mixed.txt": FRENCH.encode("utf-8") + b"\n" + FRENCH.replace("Genève", "Neuchâtel").encode("cp1252"),
        # A whole cp1252 article: detected and decoded, with a warning.
        "legacy.txt": FRENCH.replace("Genève", "Fribourg").encode("cp1252"),
    })
    check(out, alone, {
        "mixed.txt": UNDECODABLE,
        "legacy.txt": "warning: not UTF-8: decoded as cp1252 (detected)",
    }, articles={"mixed.jsonl:1", "mixed.jsonl:2", "mixed.jsonl:3", "legacy.txt"})
    assert "Genève" in out.records["mixed.jsonl:1"]["body"]
    assert "Neuchâtel" in out.records["mixed.jsonl:2"]["body"] and "débat animé" in out.records["mixed.jsonl:2"]["body"]
    assert "Fribourg a voté" in out.records["legacy.txt"]["body"]


def test_binary_files_are_rejected_whatever_their_name(tmp_path, alone):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16
    out = run_among_good(tmp_path, {
        "photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 16,
        "image.html": png,
        "archive.zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 16,
        "program": b"\x7fELF\x02\x01\x01\x00" + bytes(64) + bytes(range(256)) * 16,
        "dump.jsonl": png,
        "feed.rss": png,
        "crawl.warc": png,
    })
    check(out, alone, {
        **{name: "binary file" for name in ("photo.jpg", "image.html", "archive.zip", "program", "dump.jsonl",
                                            "feed.rss")},
        "crawl.warc": "not a WARC file (no WARC/ version line at the start)",
    })


def test_nul_bytes_anywhere_make_an_item_binary(tmp_path, alone):
    late = QUAKE_B * 40  # past the first 8 KB the binary sniff looks at
    out = run_among_good(tmp_path, {
        "nul-early.txt": QUAKE_B.encode().replace(b"Rescuers", b"Res\x00cuers"),
        "nul-late.txt": late.encode() + b"\x00\x00\x01\x02" + QUAKE_B.encode(),
        "nul-late.html": ARTICLE_HTML.encode() + b"<!--" + b"x" * 9000 + b"-->\x00</html>",
        "nul.jsonl": (json.dumps({"text": "Res\x00cuers dug through the rubble."}) + "\n"
                      + json.dumps({"text": FRENCH}) + "\n"
                      + json.dumps({"text": QUAKE_B, "title": "bad\x00title"}) + "\n"
                      + json.dumps({"text": LONG_REPORT, "title": "past the sniffed head"}) + "\n"
                      + '{"text": "a raw \x00 byte in a JSON string"}\n'),
    })
    check(out, alone, {
        "nul-early.txt": "binary file",
        "nul-late.txt": f"binary data: NUL character in the text (at character {len(late):,})",
        "nul-late.html": re.compile(r"binary data: NUL character in the text \(at character [\d,]+\)"),
        "nul.jsonl:1": "binary data: NUL character in the text (at character 3)",
        "nul.jsonl:3": "binary data: NUL character in field 'title'",
        "nul.jsonl:5": re.compile(r"invalid JSON: Invalid control character at column \d+"),
    }, articles={"nul.jsonl:2", "nul.jsonl:4"})
    assert "\x00" not in store_text(out.db)


def test_a_200_mb_document_is_refused_without_being_read(tmp_path, alone):
    def sparse(path):  # 200 MB on paper, no blocks on disk
        with open(path, "wb") as f:
            f.truncate(200 * MiB)

    reads_before = _bytes_read()
    out = run_among_good(tmp_path, {"huge.txt": sparse, "huge.html": sparse, "huge.rss": sparse,
                                    "huge.jsonl": sparse, "huge.warc": sparse})
    too_large = f"too large: {200 * MiB} bytes > limit {20 * MiB}"
    check(out, alone, {
        "huge.txt": too_large, "huge.html": too_large, "huge.rss": too_large,
        "huge.jsonl": "binary file",  # containers stream, so the first bytes decide: NULs
        "huge.warc": "not a WARC file (no WARC/ version line at the start)",
    })
    if reads_before is not None:
        assert _bytes_read() - reads_before < 8 * MiB, "the huge files were read"


def _bytes_read() -> int | None:
    """Bytes this process has read through read() calls so far (Linux), or None."""
    try:
        with open("/proc/self/io") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("rchar:"))
    except (OSError, StopIteration):
        return None


TINY = {  # tiny records, and what each is rejected for
    '{"text": ""}': "row has no text field",
    '{"text": "   "}': "row has no text field",
    "{}": "row has no text field",
    "[]": "not a JSON object: got array",
    '"x"': "not a JSON object: got string",
    "null": "not a JSON object: got null",
    '{"text": 1}': "text field is not a string: got number",
    '{"title": "no text"}': "row has no text field",
}


def test_a_million_tiny_documents_stream_in_bounded_memory(tmp_path, alone):
    """One JSONL dump of 1,000,000 tiny records, two of them real articles: every other record is
    rejected (the first thousand of each reason listed by line, the rest counted), and the
    run's memory does not grow with the dump."""
    n, kinds = 1_000_000, list(TINY)
    articles = {n // 3: QUAKE_B, 2 * n // 3: FRENCH}

    def dump(path):
        with open(path, "w", encoding="utf-8") as f:
            f.writelines((json.dumps({"text": articles[i]}) if i in articles else kinds[i % len(kinds)]) + "\n"
                         for i in range(n))

    start, peak = _resident(), [0]

    def watch(_summary):  # after every batch
        if start is not None:
            peak[0] = max(peak[0], _resident() - start)

    out = run_among_good(tmp_path, {"tiny.jsonl": dump}, IngestOptions(batch_size=1000), progress=watch)
    assert (out.summary.read, out.summary.added, out.summary.errors) == (n + 2, 4, n - 2)
    assert set(out.records) == set(GOOD) | {f"tiny.jsonl:{i + 1}" for i in articles}
    expected: dict[str, int] = {}
    for k, kind in enumerate(kinds):
        count = len(range(k, n, len(kinds))) - sum(1 for i in articles if i % len(kinds) == k)
        expected[TINY[kind]] = expected.get(TINY[kind], 0) + count
    # Each reason: its first 1,000 rows recorded one by one (by line), then one row counting the rest.
    listed: dict[str, int] = {}
    for name, errors in out.errors.items():
        for stage, reason in errors:
            if name == "tiny.jsonl":
                flood = re.fullmatch(r"(.+) \(and ([\d,]+) more rows of this file like it, not listed one by one\)",
                                     reason)
                listed[flood.group(1)] = listed.get(flood.group(1), 0) + int(flood.group(2).replace(",", ""))
            else:
                assert re.fullmatch(r"tiny\.jsonl:\d+", name) and stage == "source"
                listed[reason] = listed.get(reason, 0) + 1
    assert listed == expected
    assert sum(len(e) for e in out.errors.values()) == len(expected) * 1001
    if start is not None:  # a run holding the records would grow by hundreds of MiB
        assert peak[0] < 64 * MiB, f"memory grew by {peak[0] / MiB:.0f} MiB while reading the dump"


def _resident() -> int | None:
    """This process's resident memory in bytes (Linux), or None."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def test_a_gzip_bomb_inside_a_warc_stops_at_the_cap(tmp_path, alone):
    page = ARTICLE_HTML.encode()
    peru = page.replace(b"Chile", b"Peru").replace(b"Valparaiso", b"Arica")
    bomb = gzip_bomb(24 * MiB)  # ~24 KB that inflate past the 20 MB page limit
    # A record whose HTTP body is the bomb (Content-Encoding: gzip): that record is refused, the archive goes on.
    inner = gzip.compress(warc_record("http://news.invalid/a", page, record_id="urn:uuid:a")) \
        + gzip.compress(warc_record("http://news.invalid/bomb", bomb, http_headers="Content-Encoding: gzip\r\n",
                                    record_id="urn:uuid:bomb")) \
        + gzip.compress(warc_record("http://news.invalid/b", peru, record_id="urn:uuid:b"))
    # A .warc.gz whose own gzip member is the bomb: what came before it is kept, the archive stops.
    size = 24 * MiB
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {size}\r\n\r\n".encode()
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:member>\r\n"
            f"WARC-Date: 2016-11-10T08:00:00Z\r\nWARC-Target-URI: http://news.invalid/member\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + size}\r\n\r\n").encode()
    outer = gzip.compress(warc_record("http://other.invalid/c", peru.replace(b"Arica", b"Iquique"),
                                      record_id="urn:uuid:c")) + gzip.compress(head + http) + bomb
    out = run_among_good(tmp_path, {"inner.warc.gz": inner, "outer.warc.gz": outer})
    check(out, alone, {
        "inner.warc.gz#urn:uuid:bomb": f"too large: decoded payload exceeds limit {20 * MiB} bytes",
        "outer.warc.gz": re.compile(r"compression ratio over 100:1 after \d+ bytes \(gzip bomb\?\); "
                                    r"archive stopped after 1 page\(s\)"),
    }, articles={"inner.warc.gz#urn:uuid:a", "inner.warc.gz#urn:uuid:b", "outer.warc.gz#urn:uuid:c"})


def test_billion_laughs_and_external_entities_in_a_feed_are_refused(tmp_path, alone):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN\n")
    xxe_local = XXE.replace("file:///etc/passwd", secret.as_uri())
    out = run_among_good(tmp_path, {
        "laughs.rss": BILLION_LAUGHS,
        "xxe.rss": xxe_local,
        "xxe-parameter.xml": XXE_PARAMETER,
        "laughs-malformed.rss": "  \n" + BILLION_LAUGHS,  # not well-formed: would go to the lenient parser
        "news.rss": RSS.format(base="http://news.invalid"),
    })
    unsafe = re.compile(r"unsafe XML: .+")
    check(out, alone, {"laughs.rss": unsafe, "xxe.rss": unsafe, "xxe-parameter.xml": unsafe,
                       "laughs-malformed.rss": unsafe},
          articles={"news.rss#story-1", "news.rss#story-2"})
    dumped = store_text(out.db)
    assert "TOP-SECRET-TOKEN" not in dumped and "lollollol" not in dumped


def test_html_with_scripts_and_iframes_keeps_the_article_only(tmp_path, alone):
    paragraphs = "".join(f"<p>{p}</p>" for p in QUAKE_B.split("\n\n")[1:] if p.strip())
    page = f"""<!DOCTYPE html><html><head><title>Chile quake toll rises | Example News</title>
<script>var tracker = "SCRIPT-IN-HEAD"; document.write("<p>WRITTEN-BY-SCRIPT</p>");</script>
<style>p {{ content: "STYLE-TEXT"; }}</style></head>
<body onload="alert('ONLOAD-HANDLER')"><iframe src="http://ads.invalid/">IFRAME-FALLBACK</iframe>
<nav><a href="javascript:alert('JS-LINK')">Home</a></nav>
<article><h1>Chile quake toll rises as rescuers dig through Valparaiso rubble</h1>{paragraphs}
<script>alert("SCRIPT-IN-ARTICLE")</script><noscript>NOSCRIPT-TEXT</noscript>
<iframe srcdoc="&lt;p&gt;SRCDOC-TEXT&lt;/p&gt;"></iframe><img src="x" onerror="alert('ONERROR-HANDLER')">
<object data="movie.swf">OBJECT-FALLBACK</object><svg><script>alert("SVG-SCRIPT")</script></svg></article>
</body></html>"""
    row = json.dumps({"html": page.replace("Valparaiso", "Arica"), "url": "https://news.invalid/arica"})
    out = run_among_good(tmp_path, {"page.html": page, "pages.jsonl": row + "\n"})
    check(out, alone, {}, articles={"page.html", "pages.jsonl:1"})
    for name in ("page.html", "pages.jsonl:1"):
        rec = out.records[name]
        assert rec["title"].startswith("Chile quake toll rises")
        assert "Interior Minister Carla Vidal said" in rec["body"] and "harbour remained the focus" in rec["body"]
        shown = rec["body"] + rec["title"] + " ".join(q["text"] for q in rec["quotes"])
        for marker in ("SCRIPT-IN-HEAD", "WRITTEN-BY-SCRIPT", "STYLE-TEXT", "ONLOAD-HANDLER", "IFRAME-FALLBACK",
                       "JS-LINK", "SCRIPT-IN-ARTICLE", "NOSCRIPT-TEXT", "SRCDOC-TEXT", "ONERROR-HANDLER",
                       "SVG-SCRIPT", "alert(", "<script"):
            assert marker not in shown, f"{name}: {marker} reached the article"
        assert [q["speaker"] for q in rec["quotes"] if q["kind"] == "direct"] == ["Carla Vidal"]


def test_a_10_mb_single_line_is_refused_or_read_without_hanging(tmp_path, alone):
    paragraphs = "".join(f"<p>{p.strip()}</p>" for p in QUAKE_B.split("\n\n")[1:])
    scripts = "".join(f"<script>var chunk{i}='" + "A" * (MiB - 30) + "';</script>" for i in range(10))
    minified = ("<!DOCTYPE html><html><head><title>Chile quake toll rises</title>" + scripts
                + "</head><body><article><h1>Chile quake toll rises</h1>" + paragraphs + "</article></body></html>")
    assert "\n" not in minified and len(minified) > 10 * MiB
    out = run_among_good(tmp_path, {
        "line.txt": b"word " * (2 * MiB),  # 10 MB of text on one line: not one article
        "line.jsonl": json.dumps({"text": "word " * (2 * MiB)}).encode() + b"\n" + json.dumps({"text": FRENCH}).encode(),
        "minified.html": minified,  # a real page, minified onto one line with 10 MB of scripts
    })
    check(out, alone, {
        "line.txt": f"too long for one article: text of {10 * MiB:,} characters > limit 500,000",
        "line.jsonl:1": f"row too large: {10 * MiB + 12} bytes > limit {5 * MiB}",
    }, articles={"line.jsonl:2", "minified.html"})
    assert "Interior Minister Carla Vidal said" in out.records["minified.html"]["body"]
    assert "AAAA" not in out.records["minified.html"]["body"]


ARABIC = ("زلزال قوي يضرب ساحل تشيلي\u200f\n\n"
          "سانتياغو (رويترز) - ضرب زلزال بقوة 7.4 درجة قبالة ساحل تشيلي\u200c الوسطى يوم الثلاثاء، مما أسفر عن "
          "مقتل 12 شخصا على الأقل وانهيار مبان في مدينة فالبارايسو الساحلية، حسبما قال مسؤولون.\n\n"
          "وقالت وزيرة الداخلية كارلا فيدال للصحفيين إن فرق الإنقاذ ما زالت تبحث عن ناجين تحت الأنقاض.\n\n"
          "ووقع مركز الزلزال على بعد 40 كيلومترا من الساحل\u200b وعلى عمق 25 كيلومترا.\n")
HEBREW = ("הכנסת אישרה את תקציב המדינה לאחר דיון מרתוני\u200e\n\n"
          "ירושלים - הכנסת אישרה ביום חמישי בלילה את תקציב המדינה לשנה הבאה, לאחר דיון ארוך על רפורמת הפנסיה "
          "ועל הסובסידיות לחקלאים.\n\n"
          "הקואליציה זכתה ב-61 קולות מתוך 120, ושר האוצר אמר כי התקציב שומר על יציבות הכלכלה.\n")
# The Latin article with zero-width joiners, spaces and non-joiners inside words, a BOM in the
# middle of a line and a right-to-left override around a word.
ZERO_WIDTH = (QUAKE_B.replace("Valparaiso on Wednesday", "Val\u200bpara\u200diso on Wed\u200cnesday")
              .replace("The national", "The\ufeff national").replace("Rescuers in", "\u202eRescuers\u202c in"))


def test_right_to_left_and_zero_width_characters_are_stored_as_written(tmp_path, alone):
    out = run_among_good(tmp_path, {"arabic.txt": ARABIC, "hebrew.txt": HEBREW, "zero-width.txt": ZERO_WIDTH,
                                    "\u202egpj.txt": QUAKE_B.replace("12 people", "13 people")})
    check(out, alone, {}, articles={"arabic.txt", "hebrew.txt", "zero-width.txt", "\u202egpj.txt"})
    arabic, hebrew, zw = out.records["arabic.txt"], out.records["hebrew.txt"], out.records["zero-width.txt"]
    assert (arabic["language"], hebrew["language"]) == ("ar", "he")
    assert arabic["title"].startswith("زلزال قوي يضرب ساحل تشيلي")
    assert "مدينة فالبارايسو الساحلية" in arabic["body"] and "\u200c" in arabic["body"]
    assert "Val\u200bpara\u200diso on Wed\u200cnesday" in zw["body"] and "\u202eRescuers\u202c" in zw["body"]
    assert [q["speaker"] for q in zw["quotes"] if q["kind"] == "direct"] == ["Carla Vidal"]
    with open_store(out.db) as store:
        for rec, text in ((arabic, ARABIC), (hebrew, HEBREW), (zw, ZERO_WIDTH)):
            assert store.raw_text(store.article(rec["id"]).raw_id) == text  # the input, character for character
        assert [r["id"] for r in views.search(store, "فالبارايسو")] == [arabic["id"]]
        assert [r["id"] for r in views.search(store, "הסובסידיות")] == [hebrew["id"]]


def test_path_traversal_names_are_labels_never_paths(tmp_path, alone):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN\n")
    rows = [
        {"id": "../../secret.txt", "url": "file://" + str(secret), "path": str(secret), "text": FRENCH},
        {"id": "/etc/passwd", "title": "../" * 20 + "etc/passwd", "text": QUAKE_B},
    ]
    warc = warc_record("file:///../../secret.txt", ARTICLE_HTML.encode(), record_id="../../../secret.txt")
    feed = (RSS.format(base="file://" + str(tmp_path))
            .replace("<guid>story-1</guid>", "<guid>../../secret.txt</guid>")
            .replace("<guid>story-2</guid>", "<guid>/etc/passwd</guid>"))
    names = {
        b"bad\xff\xfe name.txt": "bad\\xff\\xfe name.txt",  # not UTF-8: the bytes are spelled out
        "new\nline.txt": "new\nline.txt",
        "up..\\..\\windows.txt": "up..\\..\\windows.txt",  # a backslash is an ordinary character here
        "-rf.txt": "-rf.txt",
        "n" * 240 + ".txt": "n" * 240 + ".txt",
    }
    before = sorted(p for p in tmp_path.rglob("*"))
    out = run_among_good(tmp_path, {
        **{raw: QUAKE_B.replace("12 people", f"{10 + i} people") for i, raw in enumerate(names)},
        "rows.jsonl": "".join(json.dumps(r) + "\n" for r in rows),
        "crawl.warc": warc,
        "feed.rss": feed,
    })
    check(out, alone, {}, articles={*names.values(), "rows.jsonl:1", "rows.jsonl:2", "feed.rss#../../secret.txt",
                                   "feed.rss#/etc/passwd", "crawl.warc#../../../secret.txt"})
    assert out.records["rows.jsonl:1"]["meta"]["source_id"] == "../../secret.txt"  # kept as given, as a label
    assert "TOP-SECRET-TOKEN" not in store_text(out.db) and "root:x:0:0" not in store_text(out.db)
    # Nothing was written anywhere but the store: no name was used as a path.
    after = sorted(p for p in tmp_path.rglob("*") if not p.name.startswith("store.db"))
    assert [p for p in after if p not in before and p.parent != tmp_path / "in" and p != tmp_path / "in"] == []

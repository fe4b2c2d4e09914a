"""Folders, plain-text files, decoding and per-item rejections, as a user sees them."""

from __future__ import annotations

import io
import os
import time

import pytest

from newsfold.records import RawDoc, Rejected
from newsfold.sources import SourceOptions, iter_sources

PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02\x00\x00\x00"
GARBAGE = b"Hello " + bytes([0xFF, 0xFE, 0xFA]) * 200
CP1252_NEWS = (b"Caf\xe9 owners said \x93no\x94 to the plan. " * 12).strip()


def docs(records):
    return [r for r in records if isinstance(r, RawDoc)]


def rejections(records):
    return [r for r in records if isinstance(r, Rejected)]


def test_nested_folder_yields_each_article_once_in_sorted_order(tmp_path):
    root = tmp_path / "dump"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".git").mkdir()
    (root / "c.txt").write_text("Article C.")
    (root / "b" / "deep" / "z.txt").write_text("Article Z.")
    (root / "b" / "a.txt").write_text("Article BA.")
    (root / "a" / "x").write_text("Article AX, no extension.")
    (root / ".hidden.txt").write_text("hidden")
    (root / ".git" / "config").write_text("hidden too")

    records = list(iter_sources([str(root)]))

    assert all(isinstance(r, RawDoc) for r in records)
    assert [r.origin for r in records] == [
        os.path.join(str(root), "a", "x"),
        os.path.join(str(root), "b", "a.txt"),
        os.path.join(str(root), "b", "deep", "z.txt"),
        os.path.join(str(root), "c.txt"),
    ]
    assert [r.text for r in records] == ["Article AX, no extension.", "Article BA.", "Article Z.", "Article C."]
    assert all(r.meta == {} for r in records)


def test_origin_keeps_the_path_as_given_normalised(tmp_path, monkeypatch):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("Hello.")
    monkeypatch.chdir(tmp_path)
    assert [r.origin for r in iter_sources(["./d/"])] == [os.path.join("d", "a.txt")]
    assert [r.origin for r in iter_sources(["d/../d/a.txt"])] == [os.path.join("d", "a.txt")]


def test_symlinked_folder_is_walked_once_without_looping(tmp_path):
    root = tmp_path / "root"
    (root / "real").mkdir(parents=True)
    (root / "real" / "a.txt").write_text("A.")
    (root / "real" / "loop").symlink_to(root)
    (root / "zlink").symlink_to(root / "real")

    records = list(iter_sources([str(root)]))

    assert [(type(r).__name__, r.origin) for r in records] == [
        ("RawDoc", os.path.join(str(root), "real", "a.txt")),
    ]


def test_mixed_folder_one_good_article_and_four_rejections_fast(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("A perfectly normal article.\n")
    (folder / "image.png").write_bytes(PNG_HEAD + b"\x00" * 100)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.txt").write_bytes(GARBAGE)
    with open(folder / "huge.txt", "wb") as f:
        f.write(b"word " * (50 * 1024 * 1024 // 5))

    started = time.perf_counter()
    records = list(iter_sources([str(folder)]))
    elapsed = time.perf_counter() - started

    assert [r.origin for r in docs(records)] == [str(folder / "good.txt")]
    reasons = {os.path.basename(r.origin): r.reason for r in rejections(records)}
    assert reasons == {
        "empty.txt": "empty",
        "garbage.txt": "undecodable: not UTF-8 and no confident encoding detected",
        "huge.txt": "too large: 52428800 bytes > limit 20971520",
        "image.png": "binary file",
    }
    assert all(r.stage == "source" for r in rejections(records))
    assert elapsed < 2.0


def test_whitespace_only_file_is_empty(tmp_path):
    (tmp_path / "blank.txt").write_bytes(b"  \r\n\t\n")
    (tmp_path / "bom-only.txt").write_bytes(b"\xef\xbb\xbf")
    assert [r.reason for r in iter_sources([str(tmp_path)])] == ["empty", "empty"]


def test_nonexistent_path_is_rejected_and_the_batch_goes_on(tmp_path):
    (tmp_path / "ok.txt").write_text("Still here.")
    records = list(iter_sources([str(tmp_path / "missing.txt"), str(tmp_path / "ok.txt")]))
    assert records[0] == Rejected(str(tmp_path / "missing.txt"), "source", "No such file or directory")
    assert records[1] == RawDoc("Still here.", str(tmp_path / "ok.txt"))


def test_broken_symlink_in_folder_is_rejected(tmp_path):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "fine.txt").write_text("Fine.")
    records = list(iter_sources([str(tmp_path)]))
    assert records[0] == Rejected(str(tmp_path / "dangling.txt"), "source", "No such file or directory")
    assert records[1].text == "Fine."


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_unreadable_file_is_rejected_with_the_os_message(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Classified.")
    secret.chmod(0)
    try:
        assert list(iter_sources([str(secret)])) == [Rejected(str(secret), "source", "Permission denied")]
    finally:
        secret.chmod(0o600)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_inside_a_folder_is_rejected_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    assert list(iter_sources([str(tmp_path)])) == [Rejected(str(tmp_path / "pipe"), "source", "not a regular file")]


def test_cp1252_news_text_decodes(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(CP1252_NEWS)
    [doc] = iter_sources([str(path)])
    assert doc.text == CP1252_NEWS.decode("cp1252")
    assert doc.text.startswith("Café owners said “no” to the plan.")


def test_cp1252_french_prefers_cp1252_over_lookalike_encodings(tmp_path):
    french = "Le ministre a déclaré à la presse que la réforme était « nécessaire ». Garçon, fenêtre, où, très. " * 4
    path = tmp_path / "fr.txt"
    path.write_bytes(french.encode("cp1252"))
    [doc] = iter_sources([str(path)])
    assert doc.text == french


def test_utf8_with_a_few_corrupted_bytes_keeps_the_utf8_text(tmp_path):
    good = "The café owners said “no” to the plan, the mayor’s office confirmed. " * 10
    path = tmp_path / "corrupt.txt"
    path.write_bytes(good.encode() + b"\xff" + good.encode())
    [doc] = iter_sources([str(path)])
    assert doc.text == good + "\ufffd" + good


def test_utf16_with_bom_decodes(tmp_path):
    path = tmp_path / "excel.txt"
    path.write_bytes("Zürich council said yes.\r\n".encode("utf-16"))
    [doc] = iter_sources([str(path)])
    assert doc.text == "Zürich council said yes.\n"


def test_utf8_bom_is_stripped_and_newlines_normalised(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle\r\n\r\nFirst line.\rSecond line.\r\n")
    [doc] = iter_sources([str(path)])
    assert doc.text == "Title\n\nFirst line.\nSecond line.\n"


def test_random_bytes_without_nul_are_rejected(tmp_path):
    import random

    rng = random.Random(7)
    data = bytes(rng.choice(range(1, 256)) for _ in range(5000))
    path = tmp_path / "noise.txt"
    path.write_bytes(data)
    [rej] = iter_sources([str(path)])
    assert isinstance(rej, Rejected)
    assert rej.reason in {"binary file", "undecodable: not UTF-8 and no confident encoding detected"}


def test_stdin_plain_text():
    stdin = io.BytesIO(b"  \nPlain article from a pipe.\r\nSecond line.\n")
    assert list(iter_sources(["-"], stdin=stdin)) == [
        RawDoc("  \nPlain article from a pipe.\nSecond line.\n", "<stdin>")
    ]


def test_stdin_jsonl():
    stdin = io.BytesIO(b'\n  {"text": "One.", "title": "T1"}\n{"text": "Two.", "id": 7}\n')
    assert list(iter_sources(["-"], stdin=stdin)) == [
        RawDoc("One.", "<stdin>:2", {"title": "T1"}),
        RawDoc("Two.", "<stdin>:3", {"source_id": 7}),
    ]


def test_stdin_text_over_the_limit_is_rejected_without_reading_it_all():
    stdin = io.BytesIO(b"x" * 5000)
    [rej] = iter_sources(["-"], SourceOptions(max_bytes=1000), stdin=stdin)
    assert rej.reason == "too large: stream exceeds limit 1000 bytes"
    assert stdin.tell() <= 1001 + 8192


def test_stdin_binary_is_rejected():
    assert list(iter_sources(["-"], stdin=io.BytesIO(PNG_HEAD))) == [Rejected("<stdin>", "source", "binary file")]


def test_options_are_validated():
    with pytest.raises(ValueError):
        SourceOptions(max_bytes=0)


def test_a_single_string_is_a_programmer_error():
    with pytest.raises(TypeError):
        list(iter_sources("notes.txt"))


def test_a_new_format_is_one_entry_in_the_dispatch_table(tmp_path, monkeypatch):
    from newsfold.sources import FORMATS
    from newsfold.sources.options import Format

    def read_shout(stream, origin, opts):
        yield RawDoc(stream.read().decode().upper(), origin)

    monkeypatch.setitem(FORMATS, ".shout", Format(read_shout, streams=False))
    (tmp_path / "a.SHOUT").write_text("quiet words")
    assert list(iter_sources([str(tmp_path)])) == [RawDoc("QUIET WORDS", str(tmp_path / "a.SHOUT"))]

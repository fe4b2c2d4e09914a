import sqlite3

import pytest

from newsfold.errors import StoreError
from newsfold.records import Article, Paragraph, RawDoc, RemovedLine
from newsfold.store import open_store
from newsfold.store.migrations import MIGRATIONS


RAW = RawDoc("raw", "x.txt")


def article(id_="a1", body="Body text about a harbour.") -> Article:
    return Article(
        id=id_, raw_id=RAW.content_id, origin="x.txt", title="A title", outlet="Outlet", wire=None, byline=None,
        dateline=None, published=None, language="en", paragraphs=(Paragraph(body, 3, 10),),
        removed=(RemovedLine(1, "Subscribe", "boilerplate"),),
    )


def test_migrations_are_recorded_and_applied_once(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path) as s:
        assert s.applied_migrations() == [name for name, _ in MIGRATIONS]
    with open_store(path) as s:
        assert s.migrate() == []  # nothing left to apply on reopen
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_article_round_trip_and_fts_search(tmp_path):
    with open_store(tmp_path / "s.db") as s:
        with s.transaction():
            s.add_raw(RAW)
            s.add_article(article(), body_key="k")
        got = s.article("a1")
        assert got.paragraphs == (Paragraph("Body text about a harbour.", 3, 10),)
        assert got.removed[0].reason == "boilerplate"
        hits = s.search("harbours")  # porter stemming
        assert [h["id"] for h in hits] == ["a1"]
        assert s.search('odd "quote( syntax') == []  # user text cannot break FTS syntax


def test_transaction_rolls_back_on_error(tmp_path):
    with open_store(tmp_path / "s.db") as s:
        with pytest.raises(RuntimeError):
            with s.transaction():
                s.add_raw(RAW)
                s.add_article(article(), body_key="k")
                raise RuntimeError("killed mid-batch")
        assert s.count("articles") == 0 and s.count("raw_docs") == 0


def test_not_a_database_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(bad)


def test_line_counts_find_repeated_site_lines(tmp_path):
    with open_store(tmp_path / "s.db") as s:
        for _ in range(3):
            s.count_lines("dir:x", {"subscribe now", "unique"})
        s.count_lines("dir:y", {"subscribe now"})
        assert s.repeated_lines("dir:x", {"subscribe now", "other"}, 3) == {"subscribe now"}
        assert s.repeated_lines("dir:y", {"subscribe now"}, 3) == frozenset()

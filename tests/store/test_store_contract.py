"""The store contract: every operation of ``newsfold.store.Store``, on SQLite and on PostgreSQL.

Each test runs once per backend (the ``store``/``target`` fixtures in conftest.py); what a
user can observe must be the same on both. Where the backends may legitimately differ
(ranking scores, NUL characters) the test says so.
"""

from __future__ import annotations

import hashlib

import pytest

from newsfold.errors import NotFound, StoreError
from newsfold.records import (
    Article,
    DateEvidence,
    Paragraph,
    Quote,
    RawDoc,
    RemovedLine,
)
from newsfold.store import open_store
from newsfold.store.migrations import MIGRATIONS


def raw_doc(text: str = "raw text", origin: str = "in/a.txt", **meta) -> RawDoc:
    return RawDoc(text, origin, meta)


def make_article(raw: RawDoc, id_: str, title: str | None = "A title", body: str = "Body text about a harbour.",
                 **fields) -> Article:
    paragraphs = tuple(Paragraph(p, 3 + 2 * i, 10 + 100 * i) for i, p in enumerate(body.split("\n\n")))
    values = dict(id=id_, raw_id=raw.content_id, origin=raw.origin, title=title, outlet="Outlet", wire=None,
                  byline=None, dateline=None, published=None, language="en", paragraphs=paragraphs,
                  removed=(RemovedLine(1, "Subscribe", "boilerplate"),))
    return Article(**(values | fields))


def add(store, raw: RawDoc, article: Article, body_key: str = "k", signature: bytes | None = None) -> None:
    store.add_raw(raw)
    store.add_article(article, body_key=body_key, signature=signature)
    store.add_origin(raw.origin, raw.content_id, article.id)


# -- migrations -------------------------------------------------------------------------------

def test_migrations_are_recorded_by_name_and_applied_once(target):
    with open_store(target) as s:
        assert s.applied_migrations() == [name for name, _ in MIGRATIONS]
        with s.transaction():
            s.add_error("x.txt", "source", "kept across reopening")
    with open_store(target) as s:
        assert s.migrate() == []
        assert s.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert [r["reason"] for r in s.errors()] == ["kept across reopening"]


def test_both_dialects_define_the_same_migrations():
    pgschema = pytest.importorskip("newsfold.store.pgschema")
    assert [name for name, _ in pgschema.PG_MIGRATIONS] == [name for name, _ in MIGRATIONS]


# -- ingest: raw documents, articles, origins ----------------------------------------------------

def test_raw_docs_and_origins_are_idempotent(store):
    raw = raw_doc("Some raw text\nwith two lines", outlet="Wire", n=1)
    with store.transaction():
        for _ in range(2):
            store.add_raw(raw)
            store.add_origin(raw.origin, raw.content_id, "a1")
        store.add_article(make_article(raw, "a1"), body_key="k1")
    assert store.count("raw_docs") == 1
    assert store.raw_text(raw.content_id) == raw.text
    assert store.seen("in/a.txt", raw.content_id) == "a1"
    assert store.seen("in/b.txt", raw.content_id) is None
    assert store.article_for_raw(raw.content_id) == "a1"
    assert store.article_for_raw("0" * 16) is None
    with pytest.raises(NotFound):
        store.raw_text("0" * 16)


def test_articles_round_trip_every_field(store):
    raw = raw_doc("Ünïcödé raw — «text»", "feeds/x.jsonl:3")
    full = make_article(
        raw, "ab12cd34ef56ab78", title="Ünïcödé — «title»", body="First paragraph.\n\nSecond, with “quotes”.",
        outlet="Le Monde", wire="AFP", byline="By Anne Dupont", dateline="PARIS", published="2024-03-05",
        language="fr", standfirst="A standfirst.", aggregator="Yahoo",
        date_evidence=(DateEvidence("dateline", "March 5", "2024-03-05"), DateEvidence("relative", "Tuesday", None)),
        meta={"url": "https://example.org/a?b=1%", "tags": ["x", {"deep": [1, 2.5, None]}]},
    )
    copy_raw = raw_doc("Ünïcödé raw — «text»", "feeds/y.jsonl:9")
    copy = make_article(copy_raw, "ab12cd34ef56ffff", duplicate_of=full.id)
    with store.transaction():
        add(store, raw, full, body_key="bk1", signature=bytes(range(256)) * 4)
        store.add_origin(copy_raw.origin, copy_raw.content_id, copy.id)
        store.add_article(copy, body_key="bk1", signature=None)
    assert store.article(full.id) == full
    assert store.article("ab12cd34ef56ab") == full  # a unique prefix
    with pytest.raises(NotFound):
        store.article("ffff")
    assert list(store.articles()) == [full, copy]
    assert list(store.articles(include_duplicates=False)) == [full]
    assert [tuple(r) for r in store.signatures()] == [(full.id, bytes(range(256)) * 4, "bk1")]
    assert [r["id"] for r in store.article_rows("outlet = ?", "Le Monde")] == [full.id]
    assert store.count("articles") == 2


def test_text_with_nul_characters_is_stored_and_read_back(store):
    """Bad input never fails a batch. PostgreSQL text cannot hold NUL: it is stored as U+FFFD there."""
    raw = raw_doc("binary\x00junk inside\x00 a text file")
    with store.transaction():
        add(store, raw, make_article(raw, "a1", title="NUL\x00title", body="Body with a NUL\x00 in it"))
        store.add_error("in/\x00.txt", "clean", "reason with \x00")
    assert store.raw_text(raw.content_id).replace("\ufffd", "\x00") == raw.text
    assert store.article("a1").title.replace("\ufffd", "\x00") == "NUL\x00title"
    assert store.errors()[0]["reason"].replace("\ufffd", "\x00") == "reason with \x00"


# -- quotes and speakers ---------------------------------------------------------------------------

def test_quotes_keep_spans_and_store_wide_speakers(store):
    raw = raw_doc()
    with store.transaction():
        add(store, raw, make_article(raw, "a1"))
        vidal = store.speaker_id("Carla Vidal")
        surname_only = store.speaker_id("Vidal")  # joins the one known Vidal
        other = store.speaker_id("Smith")
        quotes = [
            Quote("a1", "We are still searching", "direct", "Carla Vidal", "Vidal", "told", 0, 10, 32, (33, 37),
                  (38, 49), vidal),
            Quote("a1", "the toll could rise", "indirect", None, None, None, 1, 120, 139),
            Quote("a1", "illegal", "partial", "Smith", "he", "called", 1, 150, 157, None, (140, 142), other),
        ]
        store.replace_quotes("a1", quotes)
    assert (vidal, surname_only, other) == ("carla-vidal", "carla-vidal", "smith")
    assert store.quotes(article_id="a1") == quotes
    assert store.quotes() == quotes
    # Surname, full name and ID all find her, ignoring ASCII case as SQLite's LIKE does.
    assert [q.text for q in store.quotes(speaker="vidal")] == ["We are still searching"]
    assert [q.text for q in store.quotes(speaker="Carla Vidal")] == ["We are still searching"]
    assert [q.text for q in store.quotes(speaker="carla-vidal")] == ["We are still searching"]
    with store.transaction():
        store.speaker_id("Ana Vidal")
        assert store.speaker_id("Vidal") == "vidal"  # two Vidals: a lone surname stands for itself
        store.replace_quotes("a1", quotes[1:2])
    assert store.quotes(article_id="a1") == quotes[1:2]
    assert store.count("quotes") == 1


# -- errors and site lines ---------------------------------------------------------------------------

def test_errors_are_kept_in_order(store):
    with store.transaction():
        store.add_error("a.txt", "clean", "empty body")
        store.add_error("b.bin", "source", "binary file")
    rows = store.errors()
    assert [(r["origin"], r["stage"], r["reason"]) for r in rows] == [
        ("a.txt", "clean", "empty body"), ("b.bin", "source", "binary file")]
    assert rows[0]["id"] < rows[1]["id"] and rows[0]["at"][:2] == "20"
    assert store.count("errors") == 2
    with pytest.raises(ValueError):
        store.count("migrations")


def test_recording_the_same_error_twice_keeps_one(store):
    long_origin, long_reason = "in/" + "deep/" * 2000 + "x.txt", "cannot decode: " + "\xff" * 5000
    errors = [("dump.jsonl:3", "source", "no text field"), ("dump.jsonl:3", "clean", "no text field"),
              ("dump.jsonl:4", "source", "no text field"), ("dump.jsonl:3", "source", "not a JSON object"),
              (long_origin, "source", long_reason)]
    with store.transaction():
        for e in errors:
            store.add_error(*e)
    with store.transaction():  # the same items read again, as a resumed or repeated ingest does
        for e in reversed(errors):
            store.add_error(*e)
    rows = store.errors()
    assert [(r["origin"], r["stage"], r["reason"]) for r in rows] == errors  # each once, first time kept
    assert store.count("errors") == len(errors)


def test_migrating_an_older_store_keeps_each_error_once(target):
    """A store written before errors were unique holds copies: opening it keeps the first of each."""
    copies = [("a.txt", "empty"), ("b.bin", "binary"), ("a.txt", "empty"), ("a.txt", "empty"), ("b.bin", "binary"),
              ("c.txt", "empty")]
    with open_store(target) as s, s.transaction():  # rewind it to before 0007_errors_once
        s.db.execute("DROP INDEX errors_once")
        s.db.execute("DELETE FROM migrations WHERE name = '0007_errors_once'")
        for i, (origin, reason) in enumerate(copies):
            s.db.execute("INSERT INTO errors (origin, stage, reason, at) VALUES (?, 'source', ?, ?)",
                         (origin, reason, f"2024-01-0{i + 1}"))
    with open_store(target) as s:
        assert s.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert [(r["origin"], r["reason"], r["at"]) for r in s.errors()] == [
            ("a.txt", "empty", "2024-01-01"), ("b.bin", "binary", "2024-01-02"), ("c.txt", "empty", "2024-01-06")]
        with s.transaction():
            s.add_error("a.txt", "source", "empty")
        assert s.count("errors") == 3


def test_line_counts_find_repeated_lines_of_any_length(store):
    # A paragraph is often one line: keys can be long, and non-Latin text is 2-3 bytes a character.
    long_line = "длинная строка без конца " * 300
    for _ in range(3):
        store.count_lines("dir:x", {"subscribe now", long_line, "x" * 5000})
    store.count_lines("dir:x", {"unique"})
    store.count_lines("dir:y", {"subscribe now"})
    assert store.repeated_lines("dir:x", {"subscribe now", long_line, "x" * 5000, "unique", "other"}, 3) == {
        "subscribe now", long_line, "x" * 5000}
    assert store.repeated_lines("dir:y", {"subscribe now"}, 3) == frozenset()
    assert store.repeated_lines("dir:y", {"subscribe now"}, 1) == {"subscribe now"}
    assert store.repeated_lines("dir:x", set(), 1) == frozenset()


# -- fold state ----------------------------------------------------------------------------------------

def test_fold_state_round_trips(store):
    raw = raw_doc()
    arts = [make_article(raw, f"a{i}", title=f"T{i}") for i in range(3)]
    with store.transaction():
        store.add_raw(raw)
        for a in arts:
            store.add_article(a, body_key="k")
        store.replace_quotes("a0", [Quote("a0", "q zero", "direct", "X Y", None, None, 0, 0, 6)])
    seqs = [r["seq"] for r in store.article_rows()]
    assert store.unfolded_seqs() == seqs
    assert [r["id"] for r in store.articles_by_seq(list(reversed(seqs[:2])))] == ["a0", "a1"]

    long_term = "z" * 3000
    with store.transaction():
        store.bump_df({"quake", "chile", long_term})
        store.bump_df({"quake"})
    assert store.df({"quake", "chile", long_term, "budget"}) == ({"quake": 2, "chile": 1, long_term: 1}, 2)
    assert store.df(set()) == ({}, 2)

    with store.transaction():
        store.save_story("s-1", "Quake", seqs[0], "2024-03-05", "2024-03-06", {"terms": {"quake": 1.5}, "size": 1})
        store.save_story("s-2", "Budget", seqs[2], None, None, {})
        store.add_member("a0", "s-1", 1.0, {"new_story": True})
        store.add_member("a1", "s-2", 0.25, {"new_story": False})
        store.add_member("a1", "s-1", 0.75, {"moved": "yes"})  # a later decision replaces the first
        store.add_member("a2", "s-2", 1.0, {})
    assert store.unfolded_seqs() == []
    assert (store.story_of("a1"), store.story_of("a2"), store.story_of("nope")) == ("s-1", "s-2", None)
    assert [r["id"] for r in store.active_stories()] == ["s-1", "s-2"]
    assert [q["text"] for q in store.story_quotes("s-1")] == ["q zero"]
    with store.transaction():
        store.retire_stories({"s-2"})
    assert [r["id"] for r in store.active_stories()] == ["s-2"]
    with store.transaction():
        store.save_story("s-1", "Ignored new title", seqs[0], "2024-03-04", "2024-03-07", {"size": 2})
    row = next(r for r in store.active_stories() if r["id"] == "s-1")
    assert (row["title"], row["first_published"], row["last_published"], row["state"]) == (
        "Quake", "2024-03-04", "2024-03-07", '{"size": 2}')

    with store.transaction():
        store.save_storyline("l-b", "Second made first", {"size": 1})
        store.save_storyline("l-a", "Then this", {"size": 1})
        store.save_storyline("l-b", "Ignored", {"size": 2})  # updates the state, keeps its place
        store.add_storyline_member("s-1", "l-a", 0.5, ["term: quake"])
        store.add_storyline_member("s-1", "l-b", 0.9, ["speaker: X Y"])
    assert [(r["id"], r["title"], r["state"]) for r in store.storyline_states()] == [
        ("l-b", "Second made first", '{"size": 2}'), ("l-a", "Then this", '{"size": 1}')]
    assert [r["id"] for r in store.stories_without_storyline()] == ["s-2"]
    line = store.db.execute("SELECT storyline_id, similarity, why FROM storyline_members WHERE story_id = ?",
                            ("s-1",)).fetchone()
    assert tuple(line) == ("l-b", 0.9, '["speaker: X Y"]')


# -- transactions --------------------------------------------------------------------------------------

def test_a_failed_transaction_leaves_nothing_and_the_store_goes_on(store):
    raw = raw_doc()
    with pytest.raises(RuntimeError):
        with store.transaction():
            add(store, raw, make_article(raw, "a1"))
            store.replace_quotes("a1", [Quote("a1", "q", "direct", None, None, None, 0, 0, 1)])
            store.add_error("x", "clean", "r")
            store.bump_df({"quake"})
            store.count_lines("dir:x", {"line"})
            store.save_story("s-1", "T", 1, None, None, {})
            store.add_member("a1", "s-1", 1.0, {})
            raise RuntimeError("killed mid-batch")
    for table in ("articles", "raw_docs", "quotes", "stories", "errors"):
        assert store.count(table) == 0, table
    assert store.seen(raw.origin, raw.content_id) is None
    assert store.df({"quake"}) == ({}, 0)
    assert store.repeated_lines("dir:x", {"line"}, 1) == frozenset()
    with store.transaction():
        add(store, raw, make_article(raw, "a1"))
    assert store.count("articles") == 1


def test_committed_writes_only_are_visible_to_another_connection(store, target):
    with open_store(target) as other:
        with store.transaction():
            store.add_error("x", "clean", "r")
            assert other.count("errors") == 0
        assert other.count("errors") == 1


def test_the_commit_counter_moves_on_every_commit_and_only_then(store, target):
    counter = store.commit_counter()
    try:
        before = counter.current()
        store.count("articles")
        with open_store(target) as other:  # opening an up-to-date store writes nothing
            other.errors()
        assert counter.current() == before
        with store.transaction():
            store.add_error("x", "clean", "r")
        after = counter.current()
        assert after != before
        with open_store(target) as other, other.transaction():
            other.add_error("y", "clean", "r")
        assert counter.current() != after
    finally:
        counter.close()


def test_transactions_do_not_nest(store):
    with store.transaction():
        with pytest.raises(Exception, match="within a transaction"):
            with store.transaction():
                pass


# -- the SQL the read models write ------------------------------------------------------------------

def test_sqlite_idioms_give_sqlite_answers(store):
    """views, api.queries and fold.edits write SQLite's SQL against ``store.db``; PostgreSQL
    must answer it the same way (through the adapter in store.pgsql)."""
    db = store.db
    with store.transaction():
        db.executemany("INSERT INTO counters VALUES (?, ?)", [("a", 1), ("B", 2), ("c%", 3)])
        db.execute("INSERT OR IGNORE INTO counters VALUES ('a', 100)")
        db.execute("INSERT INTO redirects VALUES ('old', 'x', 'merged', 'now')")
        db.execute("INSERT OR REPLACE INTO redirects VALUES (?, ?, ?, ?)", ("old", "new", "re-merged", "later"))
    one = lambda sql, *args: tuple(db.execute(sql, args).fetchone())
    assert one("SELECT value FROM counters WHERE name = 'a'") == (1,)
    assert one("SELECT new_id, reason FROM redirects WHERE old_id = 'old'") == ("new", "re-merged")
    assert one("SELECT sum(value), round(1.0 * sum(value) / 4, 2) FROM counters") == (6, 1.5)
    assert one("SELECT max(value, 10), min(value, 0) FROM counters WHERE name = 'c%'") == (10, 0)
    assert one("SELECT group_concat(name), sum(value > 1), count(DISTINCT value > 1) FROM counters") == ("a,B,c%", 2, 2)
    assert one("SELECT count(*) FROM counters WHERE name LIKE 'b' OR name LIKE ?", r"C\%") == (1,)  # case-blind
    assert one("SELECT count(*) FROM counters WHERE name LIKE ? ESCAPE '\\'", "c\\%") == (1,)
    assert one("SELECT 'a' IS NOT 'b', NULL IS NULL, 'a' IS 'a', name IS NOT NULL FROM counters WHERE 1") == (1, 1, 1, 1)
    assert one("SELECT * FROM (SELECT value AS n FROM counters) WHERE n <= ? ORDER BY n DESC", 2) == (2,)
    rows = db.execute("SELECT name, value FROM counters WHERE 1 AND value > ? ORDER BY name", (1,)).fetchall()
    assert [r["name"] for r in rows] == ["B", "c%"] and dict(rows) == {"B": 2, "c%": 3}  # code-point order
    assert [tuple(r) for r in db.execute("SELECT name FROM counters ORDER BY name")] == [("B",), ("a",), ("c%",)]


# -- full-text search ------------------------------------------------------------------------------------

@pytest.fixture
def searchable(store):
    raw = raw_doc()
    with store.transaction():
        store.add_raw(raw)
        store.add_article(make_article(raw, "title-hit", title="Harbour closed after quake",
                                       body="The harbour was closed. Harbour workers left the port."), "k")
        store.add_article(make_article(raw, "body-hit", title="Budget approved",
                                       body="Parliament approved the budget. " * 20 + "A harbour fee rises."), "k")
        store.add_article(make_article(raw, "no-hit", title="Elections", body="Voters went to the polls."), "k")
    return store


def test_search_stems_ranks_and_marks_hits(searchable):
    hits = searchable.search("harbours")  # English stemming on both backends
    assert [h["id"] for h in hits] == ["title-hit", "body-hit"]  # title and repeated hits rank first
    assert hits[0]["rank"] < hits[1]["rank"]
    assert "[" in hits[0]["snippet"] and "]" in hits[0]["snippet"]
    assert set(hits[0].keys()) >= {"id", "title", "outlet", "published", "story_id", "snippet", "rank"}
    assert [h["id"] for h in searchable.search("harbour quake")] == ["title-hit"]  # every word must match
    assert len(searchable.search("harbour", limit=1)) == 1
    marked = searchable.search("workers", marks=("\ue000", "\ue001"), snippet_words=16)
    assert "\ue000workers\ue001" in marked[0]["snippet"].lower()


def test_search_ranks_the_newest_matches_of_a_common_word(store):
    """Past ``window`` matches, only the newest are ranked; within them, best first as always."""
    raw = raw_doc()
    with store.transaction():
        store.add_raw(raw)
        store.add_article(make_article(raw, "old-best", title="Harbour harbour harbour",
                                       body="Harbour news: the harbour, the harbour."), "k")
        for i in range(4):
            store.add_article(make_article(raw, f"new-{i}", title=f"Report {i}",
                                           body="A long report. " * (10 + 10 * i) + "The harbour."), "k")
    assert [h["id"] for h in store.search("harbour")][0] == "old-best"  # fewer matches than the window: exact
    newest = [h["id"] for h in store.search("harbour", window=3)]
    assert newest == ["new-1", "new-2", "new-3"]  # the three newest, the shortest (densest) first


HOSTILE_QUERIES = ['odd "quote( syntax', "NEAR(a b)", "*", "a OR", "-", "''", "\x00", "title:x", "^", "", "   ",
                   "AND", '"', "😀", "a' OR 1=1 --", "%", "_", "\\", "?", "%s", "$1", "\ue000"]


def test_hostile_search_input_is_just_words(searchable):
    assert {q: searchable.search(q) for q in HOSTILE_QUERIES} == {q: [] for q in HOSTILE_QUERIES}


def test_search_operators_are_not_syntax(searchable):
    """No negation, prefix or grouping syntax: the words are searched as words."""
    queries = ["harbour:*", "!harbour", "harbour & | !", "-harbour", "harbour*", "(harbour", "harbour OR nothing"]
    assert {q: [h["id"] for h in searchable.search(q)] for q in queries} == {
        q: ["title-hit", "body-hit"] for q in queries[:-1]} | {"harbour OR nothing": []}


def test_a_huge_article_is_stored_and_searchable(store):
    """A body far past PostgreSQL's 1 MB tsvector cap must not fail its batch."""
    words = [hashlib.md5(str(i).encode()).hexdigest()[:8] for i in range(150_000)]
    raw = raw_doc()
    with store.transaction():
        store.add_raw(raw)
        store.add_article(make_article(raw, "huge", title="Huge", body=" ".join(["openingword", *words])), "k")
    assert [h["id"] for h in store.search("openingword")] == ["huge"]
    assert store.article("huge").body.endswith(words[-1])


# -- opening ------------------------------------------------------------------------------------------

def test_a_store_that_cannot_be_opened_is_one_clear_error(backend, tmp_path, request):
    if backend == "sqlite":
        bad = tmp_path / "bad.db"
        bad.write_bytes(b"this is not sqlite" * 100)
        target = str(bad)
    else:
        server = request.getfixturevalue("pg_server")
        target = server.url("no_such_database").replace("newsfold@", "newsfold:s3cret@")
    with pytest.raises(StoreError, match="cannot open store") as caught:
        open_store(target)
    assert "s3cret" not in str(caught.value)


@pytest.mark.postgres
def test_the_sql_top_score_is_the_python_one(pg_url):
    """The front-page rank runs inside SQL: a registered Python function on SQLite, its
    PL/pgSQL twin (store.pgschema) on PostgreSQL. They must not drift apart."""
    from newsfold.api.queries import _top_score

    dates = [None, "", "2024-03-05", "2024-03-01T23:59:00Z", "2024-02-29", "2023-12-31", "2024-13-45", "yesterday",
             "2024-3-5"]
    cases = [(o, a, last, newest) for o in (1, 2, 7) for a in (1, 3, 40) for last in dates
             for newest in ("2024-03-05", "2024-03-09T10:00", None, "garbage")]
    with open_store(pg_url) as s:
        got = [s.db.execute("SELECT newsfold_top_score(?, ?, ?, ?)", case).fetchone()[0] for case in cases]
    assert dict(zip(cases, got)) == {case: _top_score(*case) for case in cases}

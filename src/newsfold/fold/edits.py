"""Manual corrections of the clustering: merge two stories, split one.

Both keep IDs stable for whoever linked to them: a merged-away story's ID
redirects to the story it joined (`newsfold story OLD` still works), a split
leaves the original ID on the articles that stay. Each edit is recorded with
the user's reason in ``story_edits``; memberships moved by hand say so in
their ``why``. The clustering state of the touched stories is rebuilt from
their members, so later articles fold against the corrected stories.
"""

from __future__ import annotations

import json

from ..errors import NotFound, UsageError
from ..store.sqlite import SQLiteStore, now, row_to_article
from ..store.views import resolve_story_id
from .features import features


def merge_stories(store: SQLiteStore, keep: str, other: str, reason: str) -> str:
    """Move every article of ``other`` into ``keep``; ``other`` redirects to ``keep``."""
    keep, other = resolve_story_id(store, keep), resolve_story_id(store, other)
    if keep == other:
        raise UsageError("cannot merge a story with itself")
    with store.transaction():
        for row in store.db.execute("SELECT article_id FROM story_members WHERE story_id = ?", (other,)).fetchall():
            _move(store, row[0], keep, f"merged from {other}: {reason}")
        store.db.execute("UPDATE redirects SET new_id = ? WHERE new_id = ?", (keep, other))
        store.db.execute("INSERT OR REPLACE INTO redirects VALUES (?, ?, ?, ?)", (other, keep, reason, now()))
        store.db.execute("DELETE FROM storyline_members WHERE story_id = ?", (other,))
        store.db.execute("DELETE FROM stories WHERE id = ?", (other,))
        _rebuild_state(store, keep)
        _log(store, "merge", keep, other, [], reason)
    return keep


def split_story(store: SQLiteStore, story_id: str, article_ids: list[str], reason: str) -> str:
    """Move ``article_ids`` out of the story into a new one; return the new story's ID."""
    sid = resolve_story_id(store, story_id)
    members = {r[0] for r in store.db.execute("SELECT article_id FROM story_members WHERE story_id = ?", (sid,))}
    moving = []
    for given in article_ids:
        match = [m for m in members if m == given or m.startswith(given)]
        if len(match) != 1:
            raise NotFound(f"article {given} is not (unambiguously) in story {sid}")
        moving.append(match[0])
    if set(moving) == members:
        raise UsageError("a split must leave at least one article in the story")
    first = min(moving, key=lambda a: store.db.execute("SELECT seq FROM articles WHERE id = ?", (a,)).fetchone()[0])
    new_id = "s-" + first[:12]
    if store.db.execute("SELECT 1 FROM stories WHERE id = ?", (new_id,)).fetchone():
        new_id = f"{new_id}-{len(moving)}"
    with store.transaction():
        seq = store.db.execute("SELECT seq FROM articles WHERE id = ?", (first,)).fetchone()[0]
        title = store.db.execute("SELECT coalesce(title, substr(body, 1, 80)) FROM articles WHERE id = ?", (first,)).fetchone()[0]
        store.save_story(new_id, title, seq, None, None, {})
        for article_id in moving:
            _move(store, article_id, new_id, f"split from {sid}: {reason}")
        line = store.db.execute("SELECT storyline_id FROM storyline_members WHERE story_id = ?", (sid,)).fetchone()
        if line:
            store.add_storyline_member(new_id, line[0], 1.0, [f"split from {sid}"])
        _rebuild_state(store, sid)
        _rebuild_state(store, new_id)
        _log(store, "split", sid, new_id, moving, reason)
    return new_id


def _move(store: SQLiteStore, article_id: str, story_id: str, why: str) -> None:
    store.db.execute(
        "UPDATE story_members SET story_id = ?, why = ? WHERE article_id = ?",
        (story_id, json.dumps({"manual": why}), article_id),
    )


def _rebuild_state(store: SQLiteStore, story_id: str) -> None:
    """Recompute a story's centroid, size and dates from its members."""
    terms: dict[str, float] = {}
    dates = []
    rows = store.db.execute(
        """SELECT a.* FROM articles a JOIN story_members m ON m.article_id = a.id
           WHERE m.story_id = ? AND a.duplicate_of IS NULL ORDER BY a.seq""",
        (story_id,),
    ).fetchall()
    for row in rows:
        article = row_to_article(row)
        for t, w in features(article).terms.items():
            terms[t] = terms.get(t, 0.0) + w
        if article.published:
            dates.append(article.published)
    seq = rows[-1]["seq"] if rows else 0
    store.db.execute(
        "UPDATE stories SET state = ?, first_published = ?, last_published = ? WHERE id = ?",
        (json.dumps({"terms": terms, "size": len(rows), "seq": seq}), min(dates, default=None),
         max(dates, default=None), story_id),
    )


def _log(store: SQLiteStore, kind: str, story_id: str, other_id: str, articles: list[str], reason: str) -> None:
    store.db.execute(
        "INSERT INTO story_edits (kind, story_id, other_id, articles, reason, at) VALUES (?,?,?,?,?,?)",
        (kind, story_id, other_id, json.dumps(articles), reason, now()),
    )

"""Turning stored rows back into records, and the small value helpers every backend shares.

A row here is anything indexable both by column name and by position with a
``keys()`` method: ``sqlite3.Row`` on SQLite, :class:`newsfold.store.pgsql.Row`
on PostgreSQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from ..records import Article, DateEvidence, Paragraph, Quote, RemovedLine

Row = Any  # sqlite3.Row or pgsql.Row: by name, by index, keys()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def slug(name: str) -> str:
    """'Dmitry Peskov' -> 'dmitry-peskov' (letters of any script kept)."""
    return "-".join(re.findall(r"\w+", name.casefold())) or "unknown"


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def select_in(db: Any, sql: str, args: tuple, values: Iterable[str], chunk: int = 500) -> list:
    """Rows of ``sql`` whose ``IN ({marks})`` runs over ``values``, in chunks under SQLite's variable limit."""
    values = list(values)
    rows: list = []
    for i in range(0, len(values), chunk):
        part = values[i : i + chunk]
        rows += db.execute(sql.format(marks=",".join("?" * len(part))), (*args, *part)).fetchall()
    return rows


def row_to_quote(r: Row) -> Quote:
    keys = r.keys()

    def span(a: str, b: str) -> tuple[int, int] | None:
        return (r[a], r[b]) if a in keys and r[a] is not None else None

    return Quote(
        r["article_id"], r["text"], r["kind"], r["speaker"], r["speaker_mention"], r["cue"], r["paragraph"],
        r["start"], r["end"], span("cue_start", "cue_end"), span("speaker_start", "speaker_end"),
        r["speaker_id"] if "speaker_id" in keys else None,
    )


def row_to_article(row: Row) -> Article:
    return Article(
        id=row["id"], raw_id=row["raw_id"], origin=row["origin"], title=row["title"], outlet=row["outlet"],
        wire=row["wire"], byline=row["byline"], dateline=row["dateline"], published=row["published"],
        language=row["language"],
        paragraphs=tuple(Paragraph(*p) for p in json.loads(row["paragraphs"])),
        removed=tuple(RemovedLine(*r) for r in json.loads(row["removed"])),
        date_evidence=tuple(DateEvidence(*e) for e in json.loads(row["date_evidence"])),
        standfirst=row["standfirst"], aggregator=row["aggregator"], meta=json.loads(row["meta"]),
        duplicate_of=row["duplicate_of"],
    )

"""Complete exports of the store: JSON Lines (the contract) and CSV (flattened).

Both stream record by record, so an export of any size runs in bounded memory.
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from .store.sqlite import SQLiteStore
from .store.views import export_records

CSV_COLUMNS = [
    "id", "origin", "title", "outlet", "wire", "byline", "dateline", "published", "language", "body",
    "removed", "duplicate_of", "story_id", "storyline_id", "quotes", "standfirst", "aggregator",
    "date_evidence", "paragraphs", "meta",
]


def write_jsonl(store: SQLiteStore, out: TextIO) -> int:
    n = 0
    for record in export_records(store):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(store: SQLiteStore, out: TextIO) -> int:
    """One row per article; list and dict fields are JSON-encoded in their cell."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for record in export_records(store):
        row = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in record.items()}
        writer.writerow(row)
        n += 1
    return n

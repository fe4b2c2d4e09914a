"""The mixed corpus and store snapshot that executor-equality tests compare runs with.

The corpus mixes the seeds (when ../shared is present) with invented articles that
exercise every decision that depends on what came before: exact and near copies, the
same text under another name, site furniture counted across pages and batches, the
same file given twice, and items that are rejected.
"""

from __future__ import annotations

import json
import shutil

from helpers import BUDGET, QUAKE_A, QUAKE_B, SHARED, write

from newsfold.store import views

FURNITURE = "Our journalism depends on readers like you, every day."


def corpus(folder) -> list[str]:
    folder.mkdir()
    if (SHARED / "seeds").is_dir():
        shutil.copytree(SHARED / "seeds", folder / "seeds")
    site = folder / "site"
    site.mkdir()
    # A page of the site that cleaning rejects: its lines never count, so the furniture line is
    # furniture from p3 on (two stored pages before it), not from p2 as a worker would guess.
    write(site, "p0.txt", "Index\n\n" + FURNITURE + "\n" + "\n".join(["|| ## == -- ** ++ %% ;; :: ||"] * 20))
    for i, body in enumerate([QUAKE_A, QUAKE_B, BUDGET, QUAKE_B.replace("Wednesday", "Thursday")], 1):
        title, rest = body.split("\n", 1)
        write(site, f"p{i}.txt", f"{title}\n\n{FURNITURE}\n{rest}")
    write(folder, "a.txt", QUAKE_A)
    write(folder, "copy_of_a.txt", QUAKE_A)  # the same text under another name
    updated = QUAKE_A.replace("Strong earthquake", "UPDATED: Strong earthquake")
    write(folder, "near.txt", "Share this article\n\n" + updated)
    rows = [{"id": "r1", "title": "Budget passes", "text": BUDGET.split("\n", 2)[2], "outlet": "Example Wire",
             "published": "2024-03-05"},
            {"id": "r2", "text": ""},
            {"id": "r3", "title": "Budget passes", "text": BUDGET.split("\n", 2)[2], "outlet": "Other Paper"}]
    (folder / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    (folder / "empty.txt").write_text("")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    return [str(folder), str(folder / "a.txt")]  # a.txt twice: the second time it is unchanged


def snapshot(store) -> dict:
    stories = views.stories(store)
    return {
        "records": list(views.export_records(store)),
        "stories": stories,
        "story_members": [views.story(store, s["id"]) for s in stories],
        "storylines": views.storylines(store),
        "errors": [(e["origin"], e["stage"], e["reason"]) for e in views.errors(store)],
        "signatures": [tuple(r) for r in store.signatures()],
    }


def counts(summary) -> tuple:
    return (summary.read, summary.added, summary.unchanged, summary.duplicates, summary.errors, summary.warnings,
            summary.quotes)

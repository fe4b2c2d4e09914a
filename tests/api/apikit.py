"""Small invented articles for the API tests (never the shared seeds), and store builders.

The corpus is one JSONL dump, so outlets and dates are given (the API is under test here,
not metadata extraction): two outlets report one bridge closure with the same quote, the
same paper reports the reopening two months later (same storyline, later date), and one
article carries markup that must never reach a page as markup.

``build_tiny_store`` runs the real ingest (cleaning, quotes, speaker IDs) but assigns
stories and storylines by hand, with ``why`` records shaped like the folder's: clustering
is tuned elsewhere and its choices on four invented articles must not make these tests
flaky. The seed tests run the whole pipeline, folding included.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from helpers import SHARED

import newsfold

SEEDS = (SHARED / "seeds").resolve()
SEEDS_MISSING = f"seed articles not found at {SEEDS}: these tests need ../shared/seeds beside the repo"

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"

ARTICLES = [
    {"title": "Port Elmira closes harbour bridge for urgent repairs", "outlet": "Elmira Herald",
     "published": "2021-03-02",
     "text": "Port Elmira closes harbour bridge for urgent repairs\n\n"
             "PORT ELMIRA - The harbour bridge in Port Elmira will close on Monday for urgent repairs after "
             "engineers found cracks in two steel girders, city officials said.\n\n"
             "\"We cannot take any risk with the safety of drivers and pedestrians,\" Mayor Lena Ostrova told "
             "reporters at the town hall.\n\n"
             "Ferries will run every twenty minutes while the bridge is closed, and the repairs are expected to "
             "take ten weeks.\n"},
    {"title": "Cracked girders shut Port Elmira harbour bridge", "outlet": "Coastal Wire", "published": "2021-03-03",
     "text": "Cracked girders shut Port Elmira harbour bridge\n\n"
             "The harbour bridge of Port Elmira was shut after engineers found cracks in steel girders, and "
             "repairs will take about ten weeks.\n\n"
             "\"We cannot take any risk with the safety of drivers and pedestrians,\" Mayor Lena Ostrova said.\n\n"
             "Extra ferries will cross the harbour every twenty minutes during the bridge repairs.\n"},
    {"title": "Port Elmira harbour bridge reopens after repairs", "outlet": "Elmira Herald", "published": "2021-05-12",
     "text": "Port Elmira harbour bridge reopens after repairs\n\n"
             "The harbour bridge in Port Elmira reopened on Wednesday after ten weeks of repairs to its cracked "
             "steel girders.\n\n"
             "\"The bridge is safe again and the ferries can rest,\" Mayor Lena Ostrova said at the reopening.\n\n"
             "Engineers replaced two girders and will inspect the bridge every six months.\n"},
    {"title": f"Council {SCRIPT} vote on school meals", "outlet": "Test Gazette", "published": "2021-04-01",
     "text": f"Council {SCRIPT} vote on school meals\n\n"
             f"The county council voted to fund free school meals {SCRIPT} for every pupil from September.\n\n"
             f"\"No child should learn on an empty stomach {IMG},\" councillor Amir Haddad said after the vote.\n\n"
             "The plan will cost 4 million a year.\n"},
]

PLAIN_UPLOAD = (
    "Lighthouse keeper retires after forty years\n\n"
    "The last keeper of the Cape Orrin lighthouse retired on Friday after forty years on the rock.\n\n"
    "\"The sea was my only colleague and never once late,\" keeper Tomas Brenn said.\n"
)


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def build_store(db: Path, *paths: Path) -> Path:
    with newsfold.open_store(db) as store:
        newsfold.ingest([str(p) for p in paths], store)
    return db


# story ID -> (storyline ID, indexes into ARTICLES); the first article of each story seeds it.
HAND_FOLD = {
    "s-bridge-closes": ("l-bridge", [0, 1]),
    "s-bridge-reopens": ("l-bridge", [2]),
    "s-school-meals": ("l-meals", [3]),
}


def build_tiny_store(db: Path, corpus: Path) -> Path:
    with newsfold.open_store(db) as store:
        newsfold.ingest([str(corpus)], store, newsfold.IngestOptions(do_fold=False))
        rows = store.db.execute("SELECT id, title, published, seq FROM articles ORDER BY seq").fetchall()
        by_title = {r["title"]: r for r in rows}
        arts = [by_title[a["title"]] for a in ARTICLES]
        with store.transaction():
            for sid, (lid, members) in HAND_FOLD.items():
                first = arts[members[0]]
                dates = [arts[i]["published"] for i in members]
                store.save_story(sid, first["title"], first["seq"], min(dates), max(dates), {})
                for n, i in enumerate(members):
                    store.add_member(arts[i]["id"], sid, 1.0 if n == 0 else 0.31, _why(n, arts[i]["id"], store))
                seed = sid == lid_seed(lid)
                if seed:  # a storyline is named after the story that started it
                    store.save_storyline(lid, first["title"], {})
                store.add_storyline_member(sid, lid, 1.0 if seed else 0.4, [] if seed else ["bridg", "harbour"])
    return db


def lid_seed(lid: str) -> str:
    """The story that started a storyline: its first story in HAND_FOLD order."""
    return next(sid for sid, (line, _) in HAND_FOLD.items() if line == lid)


def _why(n: int, article_id: str, store) -> dict:
    if n == 0:
        return {"new_story": True, "similarity": 1.0, "shared_terms": [], "shared_speakers": [],
                "time_gap_days": None, "same_statements": []}
    quote = store.quotes(article_id=article_id)[0].text
    return {"new_story": False, "similarity": 0.31, "shared_terms": ["bridg", "girder", "harbour"],
            "shared_speakers": ["Lena Ostrova"], "time_gap_days": 1.0, "same_statements": [[quote, quote, 1.0]]}


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The stable error format: {"error": {"code": ..., "message": ...}} with the given status."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str) and isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def fingerprint(db) -> str:
    """A hash of every row of every table (read-only connection: looking must not change it)."""
    digest = hashlib.sha256()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            for row in sorted(repr(r) for r in con.execute(f'SELECT * FROM "{table}"')):  # some lack a rowid
                digest.update(row.encode())
    return digest.hexdigest()

"""Quote listings read in date order by walking the articles: every page equals the plain sorted query."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from apikit import write_corpus
from helpers import BUDGET, QUAKE_A, QUAKE_B

import newsfold
from newsfold.api import queries
from newsfold.api.queries import DateRange


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("order")
    (folder / "undated").mkdir()
    for name, text in (("a.txt", QUAKE_A), ("b.txt", QUAKE_B), ("c.txt", BUDGET)):
        (folder / "undated" / name).write_text(text, encoding="utf-8")
    with newsfold.open_store(folder / "o.db") as s:
        newsfold.ingest([str(write_corpus(folder / "corpus")), str(folder / "undated")], s,
                        newsfold.IngestOptions(do_fold=False))
        yield s


def reference(store, where: list[str], args: list) -> list[dict]:
    """Every matching quote, sorted in one query: what each page must be a slice of."""
    return [dict(r) for r in store.db.execute(
        f"""SELECT {queries._QUOTE_COLUMNS} {queries._QUOTE_JOINS} WHERE {' AND '.join(where)}
            ORDER BY a.published IS NULL, a.published, a.seq, q.idx""", args).fetchall()]


CASES = [
    ({}, ["1"], []),
    ({"kind": "direct"}, ["q.kind = ?"], ["direct"]),
    ({"outlet": "Elmira Herald"}, ["a.outlet = ?"], ["Elmira Herald"]),
    ({"dates": DateRange(date(2021, 3, 3), None)}, ["a.published >= ?"], ["2021-03-03"]),
]


@pytest.mark.parametrize("filters, where, args", CASES)
def test_every_page_is_the_matching_slice_of_the_sorted_list(store, filters, where, args):
    full = reference(store, where, args)
    assert any(q["published"] is None for q in full) or "dates" in filters or "outlet" in filters
    for limit, offset in itertools.product((1, 2, 3, 5, 50), range(len(full) + 3)):
        page = queries.quotes(store, limit=limit, offset=offset, **filters)
        assert page["items"] == full[offset : offset + limit], (limit, offset)
        assert (page["next_offset"] is not None) == (offset + limit < len(full))


def test_the_store_mixes_dated_and_undated_quotes(store):
    full = reference(store, ["1"], [])
    dated = [q["published"] is not None for q in full]
    assert any(dated) and not all(dated) and dated == sorted(dated, reverse=True)

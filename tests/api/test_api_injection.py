"""SQL and FTS5 injection: hostile search queries and filter values never break out.

Each answer is a 200 with the rows the words really match, or a clean 4xx, never a 5xx;
search never returns a row that the query's words do not all match (so ``OR``, ``NEAR``,
``*`` and column filters are words, not operators); a filter never matches rows it names
only by wildcard; and the store is byte-for-byte the same afterwards.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from apikit import fingerprint

INJECTIONS = [
    '"', "'", "NEAR(", "*", "' OR 1=1 --", '" OR ""="', "x' UNION SELECT id, title FROM articles --",
    "'; DROP TABLE articles; --", "1); DELETE FROM stories; --", "%", "_", "%closes", "s-%", "\\", "(", "^",
    "NEAR(girders harbour, 2)", "girders OR meals", "NOT girders", "girders AND", "title:*", "{title body}: bridge",
    "-girders", "girders*", '"girders', "\u0000", "\ufeff' OR '1'='1",
]

# Every list filter, with the endpoint taking it.
FILTERS = [
    ("/api/articles", p) for p in ("outlet", "language", "story_id", "cursor", "date_from", "date_to", "limit", "offset")
] + [
    ("/api/stories", p) for p in ("outlet", "storyline_id", "sort", "date_from", "date_to", "limit", "offset")
] + [
    ("/api/quotes", p) for p in ("speaker", "outlet", "kind", "story_id", "date_from", "date_to", "limit")
] + [("/api/speakers", "limit"), ("/api/storylines", "offset"), ("/api/errors", "limit"), ("/api/entities", "type"),
     ("/api/search", "limit"), ("/", "page"), ("/storylines", "page"), ("/speakers", "page"), ("/errors", "page")]

ITEM_ROUTES = ["/api/articles/", "/api/stories/", "/api/storylines/", "/api/speakers/",
               "/articles/", "/stories/", "/storylines/", "/speakers/"]


def search_ids(client, q: str) -> set[str] | None:
    r = client.get("/api/search", params={"q": q, "limit": 100})
    assert r.status_code < 500, f"q={q!r}: {r.status_code}"
    if r.status_code != 200:
        assert 400 <= r.status_code < 500 and r.json()["error"]["message"]
        return None
    return {h["id"] for h in r.json()}


def words(q: str) -> list[str]:
    return re.findall(r"[^\W_]+", q)  # what the FTS tokenizer keeps: letters and digits


@pytest.mark.parametrize("q", INJECTIONS)
def test_search_treats_operators_as_words(client, tiny_db, q):
    before = fingerprint(tiny_db)
    found = search_ids(client, q)
    if found:
        for word in words(q):  # each hit holds every word; an operator cannot widen the result
            assert found <= search_ids(client, word), f"{q!r} returned rows {word!r} does not match"
    if found is not None:
        assert words(q) or not found, f"{q!r} has no words yet matched {found}"
    # The web page runs the same search: the same hits, or a clean error page.
    r = client.get("/search", params={"q": q})
    assert r.status_code in (200, 400), r.status_code
    shown = set(re.findall(r'<h2><a href="/articles/([^"]+)"', r.text))
    assert shown == (found or set())
    assert fingerprint(tiny_db) == before


def test_search_operators_cannot_widen_a_search(client):
    girders = search_ids(client, "girders")
    assert len(girders) == 3 and search_ids(client, "meals")
    assert search_ids(client, "girders OR meals") == set()  # "or" is a word no article has
    assert search_ids(client, "NEAR(girders harbour, 2)") == set()
    assert search_ids(client, '-girders') == search_ids(client, '"girders') == girders  # punctuation drops away


@pytest.mark.parametrize("value", INJECTIONS)
def test_filters_and_ids_never_fail_or_leak(client, tiny_db, value):
    before = fingerprint(tiny_db)
    for path, param in FILTERS:
        r = client.get(path, params={param: value})
        assert r.status_code < 500, f"{path}?{param}={value!r}: {r.status_code}"
        if r.status_code != 200:
            assert r.status_code in (400, 404, 422), f"{path}?{param}={value!r}: {r.status_code}"
            continue
        if path.startswith("/api/"):  # no outlet, speaker or story is named like this: nothing matches
            assert r.json()["items"] == [], f"{path}?{param}={value!r} matched rows"
    for route in ITEM_ROUTES:
        r = client.get(route + quote(value, safe=""), follow_redirects=False)
        # Never a row, never a redirect to one: "%" is not a prefix of every ID.
        assert r.status_code in (400, 404, 405, 422), f"{route}{value!r}: {r.status_code}"
    assert fingerprint(tiny_db) == before


def test_like_wildcards_in_ids_match_only_themselves(client):
    story = client.get("/api/stories").json()["items"][0]["id"]
    assert client.get(f"/api/stories/{story[:-2]}").json()["id"] == story  # a real prefix still works
    for fake in (story[:-2] + "__", "%" + story[2:], story[:3] + "%"):
        assert client.get(f"/api/stories/{quote(fake, safe='')}").status_code == 404, fake
        assert client.get("/api/articles", params={"story_id": fake}).status_code == 404, fake
    article = client.get("/api/articles").json()["items"][0]["id"]
    assert client.get(f"/api/articles/{article[:-4]}").json()["id"] == article
    assert client.get("/api/articles/%25").status_code == 404
    assert client.get(f"/api/articles/{article[:-1]}_").status_code == 404

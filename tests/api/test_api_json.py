"""The JSON API over the tiny invented store: lists, filters, paging, details, errors, export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from apikit import ARTICLES, assert_error

import newsfold
from newsfold.export import CSV_COLUMNS


def story_with(client, title_part: str) -> dict:
    for s in client.get("/api/stories", params={"limit": 100}).json()["items"]:
        if title_part in s["title"]:
            return s
    raise AssertionError(f"no story titled like {title_part!r}")


# -- articles ---------------------------------------------------------------------------

def test_articles_page_by_offset_and_by_cursor_cover_every_article_once(client):
    first = client.get("/api/articles", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    rest = client.get("/api/articles", params={"limit": 3, "cursor": first["next_cursor"]}).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    by_offset = client.get("/api/articles", params={"limit": 3, "offset": 3}).json()
    assert by_offset["items"] == rest["items"]
    ids = [a["id"] for a in first["items"] + rest["items"]]
    assert len(set(ids)) == len(ARTICLES)


@pytest.mark.parametrize("params, expected", [
    ({"outlet": "Elmira Herald"}, 2),
    ({"outlet": "Nobody Times"}, 0),
    ({"language": "en"}, 4),
    ({"date_from": "2021-03-03", "date_to": "2021-04-01"}, 2),  # both ends inclusive
    ({"date_from": "2021-05-01"}, 1),
    ({"date_to": "2021-03-02"}, 1),
])
def test_articles_filters(client, params, expected):
    assert len(client.get("/api/articles", params=params).json()["items"]) == expected


def test_articles_filter_by_story_accepts_an_id_prefix(client):
    story = story_with(client, "closes harbour bridge")
    items = client.get("/api/articles", params={"story_id": story["id"][:-3]}).json()["items"]
    assert {a["outlet"] for a in items} == {"Elmira Herald", "Coastal Wire"}
    assert all(a["story_id"] == story["id"] for a in items)


def test_article_detail_has_body_quotes_and_story(client):
    listed = client.get("/api/articles", params={"outlet": "Coastal Wire"}).json()["items"][0]
    a = client.get(f"/api/articles/{listed['id']}").json()
    assert a["title"] == "Cracked girders shut Port Elmira harbour bridge"
    assert a["published"] == "2021-03-03" and a["story_id"] == listed["story_id"]
    assert any("ten weeks" in p for p in a["paragraphs"])
    assert a["quotes"][0]["speaker"] == "Lena Ostrova"


def test_bad_cursor_and_reversed_dates_are_400(client):
    assert_error(client.get("/api/articles", params={"cursor": "not-a-cursor"}), 400, "bad_request")
    assert_error(client.get("/api/articles", params={"date_from": "2021-05-01", "date_to": "2021-01-01"}), 400)


@pytest.mark.parametrize("url", [
    "/api/articles?limit=0", "/api/articles?limit=501", "/api/articles?date_from=yesterday",
    "/api/stories?sort=sideways", "/api/quotes?kind=shouted", "/api/search", "/api/export?format=xml",
])
def test_invalid_parameters_are_422_in_the_error_format(client, url):
    error = assert_error(client.get(url), 422, "validation_error")
    assert error["details"]


@pytest.mark.parametrize("url", [
    "/api/articles/ffffffffffff", "/api/stories/s-nope", "/api/storylines/l-nope", "/api/speakers/Nobody",
    "/api/no-such-endpoint",
])
def test_unknown_things_are_404_in_the_error_format(client, url):
    assert_error(client.get(url), 404, "not_found")


def test_wrong_method_is_405_in_the_error_format(client):
    assert_error(client.delete("/api/stories"), 405, "method_not_allowed")


# -- stories and storylines -------------------------------------------------------------

def test_stories_rank_like_newsfold_top(client, tiny_db):
    items = client.get("/api/stories").json()["items"]
    with newsfold.open_store(tiny_db) as store:
        from newsfold.store import views

        top = views.top_stories(store, 10)
    assert [s["id"] for s in items] == [t["id"] for t in top]
    assert [s["score"] for s in items] == [t["score"] for t in top]


def test_stories_filters_and_sorts(client):
    oldest = client.get("/api/stories", params={"sort": "oldest"}).json()["items"]
    assert [s["first_published"] for s in oldest] == sorted(s["first_published"] for s in oldest)
    gazette = client.get("/api/stories", params={"outlet": "Test Gazette"}).json()["items"]
    assert len(gazette) == 1 and gazette[0]["outlets"] == ["Test Gazette"]
    bridge = story_with(client, "closes harbour bridge")
    assert bridge["outlet_count"] == 2 and bridge["articles"] == 2
    same_line = client.get("/api/stories", params={"storyline_id": bridge["storyline_id"]}).json()["items"]
    assert {s["title"] for s in same_line} >= {bridge["title"], "Port Elmira harbour bridge reopens after repairs"}
    march = client.get("/api/stories", params={"date_from": "2021-03-01", "date_to": "2021-03-31"}).json()["items"]
    assert [s["id"] for s in march] == [bridge["id"]]


def test_stories_page_with_limit_and_offset(client):
    everything = client.get("/api/stories", params={"limit": 100}).json()["items"]
    one = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert one["items"] == everything[1:2] and one["next_offset"] == 2


def test_story_detail_members_outlets_quotes_and_why(client):
    bridge = story_with(client, "closes harbour bridge")
    s = client.get(f"/api/stories/{bridge['id']}").json()
    assert {o["label"] for o in s["outlets"]} == {"Elmira Herald", "Coastal Wire"}
    for o in s["outlets"]:
        assert o["headlines"] and not o["wire_copy"]
        assert any(q["speaker"] == "Lena Ostrova" for q in o["quotes"])
    joined = [m for m in s["members"] if not m["why"].get("new_story")]
    assert joined and joined[0]["why"]["shared_terms"]
    assert joined[0]["why"]["same_statements"], "the shared quote is why the second article joined"
    assert s["same_statements"] and {q["outlet"] for q in s["same_statements"][0]} == {"Elmira Herald", "Coastal Wire"}
    assert s["storyline_title"]


def test_storyline_is_a_timeline_with_outlets_and_key_quotes(client):
    bridge = story_with(client, "closes harbour bridge")
    line = client.get(f"/api/storylines/{bridge['storyline_id']}").json()
    dates = [s["first_published"] for s in line["stories"]]
    assert dates == sorted(dates) and dates[0] == "2021-03-02"
    assert line["first_published"] == "2021-03-02" and line["last_published"] == "2021-05-12"
    assert line["stories"][0]["outlets"] and line["stories"][0]["key_quotes"]
    texts = [q["text"] for q in line["stories"][0]["key_quotes"]]
    assert len(texts) == len(set(texts)) == 1  # both outlets carry the same quote: it is shown once
    assert line["speakers"][0]["name"] == "Lena Ostrova"
    listed = client.get("/api/storylines").json()["items"]
    assert bridge["storyline_id"] in {row["id"] for row in listed}


# -- quotes, speakers, entities, search, errors -----------------------------------------

def test_quotes_filter_by_speaker_surname_outlet_kind_and_date(client):
    assert len(client.get("/api/quotes", params={"speaker": "Ostrova"}).json()["items"]) == 3
    wire = client.get("/api/quotes", params={"speaker": "Lena Ostrova", "outlet": "Coastal Wire"}).json()["items"]
    assert len(wire) == 1
    may = client.get("/api/quotes", params={"speaker": "ostrova", "date_from": "2021-05-01"}).json()["items"]
    assert len(may) == 1
    assert all(q["kind"] == "direct" for q in client.get("/api/quotes", params={"kind": "direct"}).json()["items"])
    assert client.get("/api/quotes", params={"speaker": "%"}).json()["items"] == []  # LIKE wildcards are literal


def test_speakers_and_one_speaker_over_time(client):
    speakers = client.get("/api/speakers").json()["items"]
    assert speakers[0]["name"] == "Lena Ostrova" and speakers[0]["statements"] == 3 and speakers[0]["stories"] == 2
    sp = client.get("/api/speakers/Ostrova").json()
    assert sp["id"] == "lena-ostrova" and sp["statements"] == 3
    assert {o["label"]: o["statements"] for o in sp["outlets"]} == {"Elmira Herald": 2, "Coastal Wire": 1}
    assert [st["published"] for st in sp["items"]] == ["2021-03-02", "2021-03-03", "2021-05-12"]
    assert all(st["story_id"] and st["story_title"] for st in sp["items"])
    assert client.get("/api/speakers/lena-ostrova").json()["items"] == sp["items"]


def test_entities_are_the_speakers_as_people(client):
    items = client.get("/api/entities").json()["items"]
    assert {e["type"] for e in items} == {"person"}
    assert {e["name"] for e in items} == {"Lena Ostrova", "Amir Haddad"}


def test_search_finds_articles_best_first(client):
    hits = client.get("/api/search", params={"q": "girders"}).json()
    assert len(hits) == 3 and all("[" in h["snippet"] for h in hits)
    assert client.get("/api/search", params={"q": "zeppelin"}).json() == []
    assert client.get("/api/search", params={"q": 'bridge" OR ('}).status_code == 200  # user text is not FTS syntax
    assert_error(client.get("/api/search", params={"q": "   "}), 400)


def test_errors_list_is_paged(client):
    page = client.get("/api/errors").json()
    assert page["items"] == [] and page["total"] == 0


# -- export -----------------------------------------------------------------------------

def test_export_jsonl_streams_every_record_of_the_export_contract(client, tiny_db):
    with client.stream("GET", "/api/export") as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/x-ndjson")
        assert "content-length" not in r.headers  # streamed, not built in memory
        records = [json.loads(line) for line in r.iter_lines() if line]
    with newsfold.open_store(tiny_db) as store:
        expected = list(newsfold.export_records(store))
    assert records == expected


def test_export_csv_has_the_cli_columns_and_a_row_per_article(client):
    r = client.get("/api/export", params={"format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == CSV_COLUMNS and len(rows) == len(ARTICLES)
    assert json.loads(rows[0]["quotes"])[0]["speaker"] == "Lena Ostrova"


def test_export_is_chunked_so_size_is_not_capped(tiny_db):
    from newsfold.api.routes_api import _export_chunks

    chunks = list(_export_chunks(str(tiny_db), "jsonl", chunk_bytes=200))
    assert len(chunks) == len(ARTICLES)  # every record overflows a 200-byte chunk: one chunk each
    assert b"".join(chunks).count(b"\n") == len(ARTICLES)

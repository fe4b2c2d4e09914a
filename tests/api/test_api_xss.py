"""XSS: hostile titles, bodies, quotes, speakers, outlets and file names stay text.

Every HTML page that shows one of them must hold only the templates' own markup (see
``hostile.inert``) and must show the hostile text *as text*; the JSON API must return it
verbatim, as data, with a JSON content type the browser will not sniff into HTML.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hostile import (
    ERROR_FILES,
    PAYLOADS,
    STORYLINE,
    body_line,
    inert,
    kinds,
    outlet,
    quote_survives_extraction,
    quote_text,
    shown,
    speaker,
    speaker_id,
    story_id,
    title,
)


def statements(k: str) -> list[str]:
    """What a page showing kind k's quote must show: the statement when extraction kept it whole."""
    return [quote_text(k)] if quote_survives_extraction(k) else []


def article_id(client, k: str) -> str:
    items = client.get("/api/articles", params={"outlet": outlet(k)}).json()["items"]
    assert len(items) == 1, f"the outlet filter finds exactly the one article of {k}"
    return items[0]["id"]


def get_page(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, f"{url}: {r.status_code}"
    assert r.headers["content-type"].startswith("text/html")
    return inert(r.text, url)


def assert_shown(page, url: str, texts: list[str]) -> None:
    for text in texts:
        assert shown(page, text), f"{url} does not show {text!r} as text"


# -- pages with every payload -----------------------------------------------------------

def test_front_page(hostile_client):
    page = get_page(hostile_client, "/")
    assert_shown(page, "/", [title(k) for k in kinds()] + [outlet(k) for k in kinds()])


def test_storyline_page_with_its_timeline(hostile_client):
    url = f"/storylines/{STORYLINE}"
    page = get_page(hostile_client, url)
    # The SVG timeline names each outlet lane in a <title>, in full.
    texts = [title(k) for k in kinds()] + [outlet(k) for k in kinds()] + [speaker(k) for k in kinds()]
    assert_shown(page, url, texts + [s for k in kinds() for s in statements(k)])
    assert page.head_titles == [f"{title(kinds()[0])} · newsfold"]


def test_list_pages(hostile_client):
    assert_shown(get_page(hostile_client, "/storylines"), "/storylines", [title(kinds()[0])])
    assert_shown(get_page(hostile_client, "/speakers"), "/speakers", [speaker(k) for k in kinds()])


def test_errors_page_shows_hostile_file_names(hostile_client):
    page = get_page(hostile_client, "/errors")
    for name in ERROR_FILES:
        assert any(run.endswith("/" + name) for run in page.texts), name


def test_search_page_lists_hostile_hits(hostile_client):
    url = "/search?q=" + quote("Port Vell council")
    assert_shown(get_page(hostile_client, url), url, [title(k) for k in kinds()] + [outlet(k) for k in kinds()])


# -- pages per payload ------------------------------------------------------------------

@pytest.mark.parametrize("k", kinds())
def test_story_page(hostile_client, k):
    url = f"/stories/{story_id(k)}"
    page = get_page(hostile_client, url)
    assert_shown(page, url, [title(k), outlet(k), speaker(k), *statements(k)])
    assert page.head_titles == [f"{title(k)} · newsfold"], "a </title> in the title does not end it"


@pytest.mark.parametrize("k", kinds())
def test_speaker_page(hostile_client, k):
    url = f"/speakers/{quote(speaker_id(k), safe='')}"
    page = get_page(hostile_client, url)
    assert_shown(page, url, [speaker(k), outlet(k), title(k), *statements(k)])
    assert page.head_titles == [f"{speaker(k)} · newsfold"]


@pytest.mark.parametrize("k", kinds())
def test_article_page(hostile_client, k):
    url = f"/articles/{article_id(hostile_client, k)}"
    page = get_page(hostile_client, url)
    assert_shown(page, url, [title(k), outlet(k), body_line(k), speaker(k), *statements(k)])


@pytest.mark.parametrize("k", kinds())
def test_search_query_is_reflected_as_text(hostile_client, k):
    payload = PAYLOADS[k]
    url = "/search?q=" + quote(payload, safe="")
    page = get_page(hostile_client, url)
    assert page.head_titles == [f"Search: {payload} · newsfold"]
    boxes = [attrs for tag, attrs, _ in page.elements if tag == "input" and attrs.get("name") == "q"]
    assert boxes and all(b["value"] == payload for b in boxes), "the search boxes hold the query, as a value"


@pytest.mark.parametrize("k", kinds())
def test_not_found_pages_quote_the_request_as_text(hostile_client, k):
    payload = "Nobody " + PAYLOADS[k]  # "Marta <payload>" exists: its surname alone would be found
    for prefix, message in (("/speakers/", f"no statements by {payload}"), ("/articles/", None),
                            ("/stories/", None), ("/storylines/", None)):
        url = prefix + quote(payload, safe="")
        page = get_page(hostile_client, url, status=404)
        if message:  # the speaker route takes any path, so its message names the payload
            assert_shown(page, url, [message])


# -- the JSON API returns it all verbatim -------------------------------------------------

@pytest.mark.parametrize("k", kinds())
def test_json_returns_hostile_text_verbatim(hostile_client, k):
    c = hostile_client
    aid = article_id(c, k)
    r = c.get(f"/api/articles/{aid}")
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"
    a = r.json()
    assert (a["title"], a["outlet"], a["story_id"]) == (title(k), outlet(k), story_id(k))
    assert body_line(k) in a["paragraphs"]
    said = [q for q in a["quotes"] if q["speaker"] == speaker(k)]
    assert said and said[0]["speaker_id"] == speaker_id(k)
    if quote_survives_extraction(k):
        assert said[0]["text"] == quote_text(k)

    story = c.get(f"/api/stories/{story_id(k)}").json()
    assert story["title"] == title(k) and [o["outlet"] for o in story["outlets"]] == [outlet(k)]
    assert c.get(f"/api/speakers/{quote(speaker_id(k), safe='')}").json()["name"] == speaker(k)
    quotes = c.get("/api/quotes", params={"speaker": speaker(k)}).json()["items"]
    assert quotes and {q["speaker"] for q in quotes} == {speaker(k)}
    assert title(k) in [s["title"] for s in c.get("/api/stories").json()["items"]]
    assert speaker(k) in [s["name"] for s in c.get("/api/speakers").json()["items"]]


def test_json_storyline_and_errors_verbatim(hostile_client):
    line = hostile_client.get(f"/api/storylines/{STORYLINE}").json()
    assert line["title"] == title(kinds()[0])
    assert [s["title"] for s in line["stories"]] == [title(k) for k in kinds()]
    assert {p["name"] for p in line["speakers"]} >= {speaker(k) for k in kinds()}
    origins = [e["origin"] for e in hostile_client.get("/api/errors").json()["items"]]
    for name in ERROR_FILES:
        assert any(o.endswith("/" + name) for o in origins), name

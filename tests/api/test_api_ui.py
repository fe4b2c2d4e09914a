"""The server-rendered pages over the tiny invented store."""

from __future__ import annotations

import re


def story_id(client, title_part):
    return next(s["id"] for s in client.get("/api/stories").json()["items"] if title_part in s["title"])


def test_front_page_lists_the_stories_in_rank_order(client):
    html = client.get("/").text
    ranked = client.get("/api/stories").json()["items"]
    positions = [html.index(f'href="/stories/{s["id"]}"') for s in ranked]
    assert positions == sorted(positions) and len(positions) == 3
    assert "Coastal Wire" in html and "<h1>Top stories</h1>" in html


def test_story_page_shows_outlets_quotes_and_why(client):
    html = client.get(f"/stories/{story_id(client, 'closes harbour bridge')}").text
    for text in ("Elmira Herald", "Coastal Wire", "Lena Ostrova", "We cannot take any risk", "original reporting",
                 "Why these articles belong together", "Shared terms", "Same statements that tied it",
                 "The same statement, in each outlet"):
        assert text in html, text


def test_story_page_redirects_a_prefix_to_the_full_id(client):
    full = story_id(client, "closes harbour bridge")
    r = client.get(f"/stories/{full[:-3]}", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == f"/stories/{full}"


def test_storyline_page_draws_a_dated_svg_timeline(client):
    line = client.get("/api/stories").json()["items"]
    lid = next(s["storyline_id"] for s in line if "reopens" in s["title"])
    html = client.get(f"/storylines/{lid}").text
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg
    assert svg.count("<circle") == 3  # two outlets for the closure, one for the reopening
    assert "Mar 2021" in svg and "date unknown" not in svg
    assert svg.index("Port Elmira closes") < svg.index("Port Elmira harbour bridge reopens")


def test_speaker_page_by_surname_redirects_to_the_stable_url(client):
    r = client.get("/speakers/Ostrova", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/speakers/lena-ostrova"
    html = client.get("/speakers/lena-ostrova").text
    assert "<svg" in html and "Elmira Herald" in html and "Coastal Wire" in html
    assert html.index("2 Mar 2021") < html.index("12 May 2021")


def test_search_page_highlights_hits(client):
    html = client.get("/search", params={"q": "girders"}).text
    assert "3 articles match" in html and "<mark>girders</mark>" in html
    assert "match" not in client.get("/search").text.split("<main", 1)[1].split("</form>", 1)[1]


def test_article_page_shows_the_body(client):
    aid = client.get("/api/articles", params={"outlet": "Coastal Wire"}).json()["items"][0]["id"]
    html = client.get(f"/articles/{aid}").text
    assert "Extra ferries will cross the harbour" in html and "Who said what" in html


def test_list_pages_and_errors_page(client):
    assert "Lena Ostrova" in client.get("/speakers").text
    assert "Port Elmira closes harbour bridge" in client.get("/storylines").text
    assert "No ingest errors" in client.get("/errors").text


def test_html_404_page(client):
    r = client.get("/stories/s-nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "no story s-nope" in r.text and "<h1>Not found</h1>" in r.text


def test_bad_page_number_is_an_html_422(client):
    r = client.get("/", params={"page": 0})
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]

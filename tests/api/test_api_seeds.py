"""The API and pages over the shared seed articles, run through the whole pipeline.

Skipped (with the reason) when ../shared/seeds is not beside the repository.
"""

from __future__ import annotations

import re

import pytest
from apikit import assert_error


@pytest.fixture(scope="module")
def prospects(seeds_client) -> dict:
    """The 2018 story: the one holding both articles that speak of "no bright prospects"."""
    hits = seeds_client.get("/api/search", params={"q": "no bright prospects", "limit": 50}).json()
    stories = {seeds_client.get(f"/api/articles/{h['id']}").json()["story_id"] for h in hits}
    assert len(hits) == 2 and len(stories) == 1, (hits, stories)
    return seeds_client.get(f"/api/stories/{stories.pop()}").json()


def test_front_page_lists_the_stories(seeds_client):
    html = seeds_client.get("/").text
    stories = seeds_client.get("/api/stories").json()["items"]
    assert len(stories) >= 2
    for s in stories:
        assert f'href="/stories/{s["id"]}"' in html


def test_prospects_story_has_both_outlets_and_their_quotes(seeds_client, prospects):
    outlets = {o["label"]: o for o in prospects["outlets"]}
    assert set(outlets) == {"unknown outlet", "Inforos"}
    assert any("Rosy prospects" in q["text"] for q in outlets["unknown outlet"]["quotes"])
    assert any("no bright prospects" in q["text"] for q in outlets["Inforos"]["quotes"])
    html = seeds_client.get(f"/stories/{prospects['id']}").text
    for text in ("unknown outlet", "Inforos", "Rosy prospects for the normalization",
                 "no bright prospects for normalizing Russian-American relations", "Dmitry Peskov",
                 "Same statements that tied it"):
        assert text in html, text


def test_wire_copy_is_told_apart(seeds_client):
    """The Moscow Times ran AFP's story: a wire copy, not its own reporting."""
    mt = next(s for s in seeds_client.get("/api/stories").json()["items"] if "The Moscow Times" in s["outlets"])
    outlet = next(o for o in seeds_client.get(f"/api/stories/{mt['id']}").json()["outlets"]
                  if o["label"] == "The Moscow Times")
    assert outlet["wire_copy"] and outlet["wire"] == "AFP"
    assert "wire copy (AFP)" in seeds_client.get(f"/stories/{mt['id']}").text


def test_storyline_page_has_an_svg_timeline(seeds_client, prospects):
    html = seeds_client.get(f"/storylines/{prospects['storyline_id']}").text
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg and f'href="/stories/{prospects["id"]}"' in svg.group(0)


def test_search_peskov_returns_articles(seeds_client):
    hits = seeds_client.get("/api/search", params={"q": "Peskov"}).json()
    assert len(hits) >= 4 and all(h["id"] for h in hits)
    assert "<mark>Peskov</mark>" in seeds_client.get("/search", params={"q": "Peskov"}).text


def test_peskov_statements_over_time_by_outlet(seeds_client):
    sp = seeds_client.get("/api/speakers/Peskov").json()
    assert sp["name"] == "Dmitry Peskov" and len(sp["outlets"]) >= 4
    assert all(st["story_id"] for st in sp["items"])


def test_seed_404_and_export(seeds_client):
    assert_error(seeds_client.get("/api/stories/s-0000"), 404, "not_found")
    lines = [line for line in seeds_client.get("/api/export").text.splitlines() if line]
    assert len(lines) == len(seeds_client.get("/api/articles", params={"limit": 500}).json()["items"])

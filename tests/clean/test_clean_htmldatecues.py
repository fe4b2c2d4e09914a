"""The date cues of a page (``newsfold.clean.htmldatecues``), before any day is settled.

Invented pages only. Each test is a date a reader would file the same way: what the
markup declares as publication or modification, what the byline by the headline shows,
what a date in a body sentence, a teaser list or a reader comment is not, and what a
URL says. :mod:`newsfold.clean.htmldates` settles the day from these (its tests are in
test_clean_htmldates.py); the readers stay importable from there.
"""

from __future__ import annotations

import pytest

from newsfold.clean import htmldatecues, htmldates
from newsfold.clean.htmldatecues import from_head_meta, headline_dates, is_shown, markup_dates, url_date
from newsfold.clean.htmlpage import find_headline, parse_page, text_blocks

TITLE = "Valley rail line to reopen to passengers"
BODY = ("<p>The county council voted to reopen the old rail line to passengers after a decade of campaigning "
        "by villages along the valley, members said on the steps of the hall.</p>"
        "<p>Walkers' groups asked that the path beside the line stay open while the track is relaid, and "
        "farmers asked for new crossings at the two busiest lanes.</p>")


def page(head: str = "", below: str = "", body: str = BODY, after: str = "") -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><title>{TITLE} | Valley Herald</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a></nav><main><article><h1>{TITLE}</h1>{below}{body}</article>{after}</main>"
            "</body></html>")


def shown(html: str):
    """(cues, undated stamps) a reader sees by the headline and on the page."""
    tree = parse_page(html)
    return headline_dates(text_blocks(tree), find_headline(tree, [TITLE]), None, [TITLE])


def declared(html: str):
    """The dates the markup declares (metas as head_metadata lists them)."""
    tree = parse_page(html)
    metas = [(attr, el.get(attr).strip().lower(), el.get("content")) for el in tree.iter("meta")
             for attr in ("property", "name", "itemprop") if el.get(attr) and el.get("content") is not None]
    return markup_dates(tree, metas, find_headline(tree, [TITLE]), [TITLE])


def kinds(evidence) -> set[tuple[str, str | None]]:
    return {(e.kind, e.value) for e in evidence}


def test_publication_and_modification_metas_are_told_apart():
    cues = declared(page("<meta property='article:published_time' content='2024-03-03T09:15:00Z'>"
                         "<meta property='article:modified_time' content='2024-05-01T10:00:00Z'>"
                         "<meta name='expires' content='2030-01-01'>"))
    assert kinds(cues) == {("html-meta", "2024-03-03"), ("updated", "2024-05-01")}
    assert all(from_head_meta(e) for e in cues if e.kind == "html-meta")


def test_json_ld_dates_even_from_broken_json_and_never_as_head_metas():
    good = declared(page("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                         "\"datePublished\": \"2023-10-04\", \"dateModified\": \"2023-10-06\"}</script>"))
    broken = declared(page("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                           "\"datePublished\": \"2023-10-04\",}</script>"))
    assert kinds(good) == {("html-meta", "2023-10-04"), ("updated", "2023-10-06")}
    assert kinds(broken) == {("html-meta", "2023-10-04")}
    assert not any(from_head_meta(e) for e in good)


def test_microdata_of_the_page_item_not_of_its_teasers():
    own = ("<div itemscope itemtype='https://schema.org/NewsArticle'><h1>" + TITLE + "</h1>"
           "<meta itemprop='datePublished' content='2022-06-01'></div>")
    teasers = "".join(f"<div itemscope><meta itemprop='datePublished' content='2021-0{m}-01'></div>" for m in (2, 3))
    html = (f"<html><head><title>{TITLE}</title></head><body><main>{own}{BODY}</main><aside>{teasers}"
            "</aside></body></html>")
    assert kinds(declared(html)) == {("html-meta", "2022-06-01")}


def test_the_byline_stamp_and_an_update_by_the_headline():
    cues, undated = shown(page(below="<p>By Mia Holt</p><p>Posted on March 3, 2024 · Updated May 1, 2024</p>"))
    assert ("stamp", "2024-03-03") in kinds(cues)
    assert ("updated", "2024-05-01") in kinds(cues)
    assert all(is_shown(e) for e in cues if e.kind in ("stamp", "updated"))
    assert undated == []


def test_dates_in_body_sentences_and_below_a_related_heading_are_no_stamps():
    body = ("<p>The line closed on June 4, 1999, when the last train ran to the coast and the station buildings "
            "were sold to a developer who never built on them.</p>" + BODY)
    related = "<h2>Related articles</h2><ul><li>Bus station to close (May 2, 2024)</li></ul>"
    cues, _ = shown(page(body=body, after=related))
    assert not any(e.kind == "stamp" for e in cues)
    assert ("stamp", "1999-06-04") not in kinds(cues) and ("stamp", "2024-05-02") not in kinds(cues)


def test_a_relative_stamp_waits_for_a_capture_date():
    cues, undated = shown(page(below="<p>By Mia Holt</p><p>Posted 3 hours ago</p>"))
    assert not any(e.kind == "stamp" for e in cues)
    assert undated == ["Posted 3 hours ago"]


def test_the_page_telling_its_first_publication_and_its_oldest_comment():
    note = "<p>This article was originally published on 26 Sep 2019.</p>"
    comments = ("<section class='comments-area'><p>Great news for the valley!</p><p>Jan 5, 2020 at 9:14 am</p>"
                "<p>About time.</p><p>Mar 2, 2021 at 8:00 pm</p></section>")
    cues, _ = shown(page(below="<p>Updated February 12, 2026</p>", body=BODY + note, after=comments))
    assert ("original", "2019-09-26") in kinds(cues)
    assert ("comment", "2020-01-05") in kinds(cues)


@pytest.mark.parametrize(("url", "day"), [
    ("https://www.valleyherald.invalid/2023/05/17/rail-line", "2023-05-17"),
    ("https://www.valleyherald.invalid/news/2023-05-17-rail-line", "2023-05-17"),
    ("https://www.valleyherald.invalid/2023/october/03/rail-line", "2023-10-03"),
    ("https://www.valleyherald.invalid/2023/02/30/rail-line", None),  # no such day
    ("https://www.valleyherald.invalid/news/rail-line", None),
    (None, None),
])
def test_a_date_in_the_url(url, day):
    found = url_date(url)
    assert (found.value if found else None) == day


def test_the_readers_stay_importable_from_htmldates():
    for name in ("headline_dates", "markup_dates", "url_date"):
        assert getattr(htmldates, name) is getattr(htmldatecues, name)

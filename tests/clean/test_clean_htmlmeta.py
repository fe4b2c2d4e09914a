"""Page metadata on the HTML path: which day a page was published, its title and its byline.

Invented pages only. Each date test is a situation a reader would judge the same way: the
page's metadata and the date printed by its headline agree, disagree, or one of them is missing.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from trafilatura.utils import load_html

from newsfold.clean import CleanOptions, clean
from newsfold.clean.htmlmeta import choose_byline, choose_title, head_metadata, page_date, site_name
from newsfold.records import Article, DateEvidence, RawDoc

BODY = """<p>The harbour authority approved the new ferry timetable after months of talks with the
unions, officials said, adding that the first boats would sail at dawn.</p>
<p>"It is the biggest change to the crossings in twenty years," the authority's director told
reporters, describing longer hours in summer and fewer sailings in winter.</p>
<p>Passenger groups welcomed the plan but asked for cheaper fares for islanders, who depend on the
boats for work, school and hospital visits on the mainland.</p>"""


def page(head: str = "", above: str = "", below: str = "", after: str = "", lang: str = "en") -> str:
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<title>Ferry timetable approved after long talks | The Island Courier</title>{head}</head>"
            f"<body><nav><a href='/'>Home</a></nav><main><article>{above}"
            f"<h1>Ferry timetable approved after long talks</h1>{below}{BODY}</article>{after}</main>"
            f"<footer><p>Contact us</p></footer></body></html>")


def date_of(html: str, url: str = "https://www.islandcourier.invalid/news/ferry", htmldate: str | None = None,
            reference: date | None = None) -> tuple[str | None, tuple[DateEvidence, ...]]:
    head = head_metadata(load_html(html))
    return page_date({"url": url}, head, htmldate, None, "", reference)


META = "<meta property='article:published_time' content='{}'>"
MODIFIED = "<meta property='article:modified_time' content='{}'>"


def test_metadata_and_the_stamp_by_the_headline_agree():
    day, evidence = date_of(page(META.format("2024-03-03T09:15:00-05:00"),
                                 below="<p class='byline'>By Ana Souza · March 3, 2024</p>"))
    assert day == "2024-03-03"
    kinds = {(e.kind, e.value) for e in evidence}
    assert ("html-meta", "2024-03-03") in kinds and ("stamp", "2024-03-03") in kinds


def test_metadata_and_the_stamp_disagree_so_the_day_is_unknown():
    day, evidence = date_of(page(META.format("2025-06-24T10:00:00Z"),
                                 below="<div class='meta'>Ana Souza<br>August 25, 2024</div>"))
    assert day is None
    assert {e.value for e in evidence if e.kind in ("html-meta", "stamp")} == {"2025-06-24", "2024-08-25"}


def test_metadata_alone_gives_the_day():
    assert date_of(page(META.format("2024-03-03T09:15:00-05:00")))[0] == "2024-03-03"


def test_a_shown_update_day_against_the_metadata_publication_day_is_ambiguous():
    # Readers take either day as "the" date: unknown beats a coin toss, unless the head's
    # publication <meta> tag names the first publication (see htmldates.settle).
    ld = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": "
          "\"2023-01-10T08:00:00-05:00\", \"dateModified\": \"2025-02-01T08:00:00-05:00\"}</script>")
    day, evidence = date_of(page(ld, below="<p>By Ana Souza | Updated on February 1, 2025</p>"))
    assert day is None
    assert ("updated", "2025-02-01") in {(e.kind, e.value) for e in evidence}
    html = page(META.format("2023-01-10T08:00:00-05:00") + MODIFIED.format("2025-02-01T08:00:00-05:00"),
                below="<p>By Ana Souza | Updated on February 1, 2025</p>")
    assert date_of(html)[0] == "2023-01-10"


def test_a_published_stamp_before_an_update_stamp_is_the_publication_day():
    html = page(META.format("2023-01-10T08:00:00-05:00") + MODIFIED.format("2025-02-01T08:00:00-05:00"),
                below="<p>Published Jan 10, 2023</p><p>Updated Feb 1, 2025</p>")
    assert date_of(html)[0] == "2023-01-10"


def test_the_stamp_alone_gives_the_day_and_an_update_stamp_alone_does_not():
    assert date_of(page(below="<p>Posted on <time datetime='2024-03-03'>March 3, 2024</time></p>"))[0] == "2024-03-03"
    assert date_of(page(below="<p>Last updated: March 9, 2024</p>"))[0] is None


def test_the_visible_day_beats_a_utc_datetime_attribute():
    # Published late evening in New York: the attribute says the 4th in UTC, the page the 3rd.
    html = page(below="<p>By Ana Souza <time datetime='2024-03-04T02:30:00Z'>March 3, 2024</time></p>")
    assert date_of(html)[0] == "2024-03-03"


def test_a_utc_timestamp_takes_the_local_day_of_the_url():
    html = page(META.format("2024-03-04T02:30:00+00:00"), below="<p>March 3, 2024</p>")
    assert date_of(html, url="https://islandcourier.invalid/2024/03/03/ferry")[0] == "2024-03-03"
    # Without the URL, the day the metadata writes in its own time zone (the same instant).
    assert date_of(html)[0] == "2024-03-04"


def test_dates_of_teasers_and_of_body_sentences_are_no_stamps():
    related = ("<section><h2>Related articles</h2><ul><li><a href='/a'>Bridge tolls rise</a> "
               "<span>May 2, 2023</span></li><li><a href='/b'>Port strike ends</a> <span>April 9, 2023</span></li>"
               "</ul></section>")
    prose = "<p>The old timetable, in force since the storm season of 2019, ends on April 15, 2025.</p>"
    day, evidence = date_of(page(below=prose + related))
    assert day is None
    assert not [e for e in evidence if e.kind == "stamp"]


def test_a_list_page_json_ld_is_read_for_the_page_own_article():
    ld = ("<script type='application/ld+json'>{\"@graph\": ["
          "{\"@type\": \"NewsArticle\", \"headline\": \"Bridge tolls rise\", \"datePublished\": \"2023-05-02\"},"
          "{\"@type\": \"NewsArticle\", \"headline\": \"Ferry timetable approved after long talks\","
          " \"datePublished\": \"2024-03-03T10:00:00-05:00\"}]}</script>")
    assert date_of(page(ld))[0] == "2024-03-03"


def test_microdata_of_teaser_items_is_ignored():
    teasers = ("<aside><div itemscope itemtype='https://schema.org/Article'><meta itemprop='datePublished' "
               "content='2023-05-02'><a href='/a'>Bridge tolls rise</a></div><div itemscope "
               "itemtype='https://schema.org/Article'><meta itemprop='datePublished' content='2023-04-09'>"
               "<a href='/b'>Port strike ends</a></div></aside>")
    day, evidence = date_of(page(META.format("2024-03-03T09:15:00-05:00"), after=teasers))
    assert day == "2024-03-03"
    assert "2023-05-02" not in {e.value for e in evidence}


def test_htmldate_alone_is_not_enough_but_agreeing_with_the_page_is():
    assert date_of(page(), htmldate="2024-03-03")[0] is None
    shown = page(after="<div class='info'><p>Filed 03/03/2024</p></div>")  # far from the headline
    assert date_of(shown, htmldate="2024-03-03")[0] == "2024-03-03"


def test_numeric_dates_follow_the_page_language():
    html = "<p>By Ana Souza, 03/04/2024</p>"
    assert date_of(page(below=html, lang="en-GB"))[0] == "2024-04-03"
    assert date_of(page(below=html, lang="en-US"))[0] == "2024-03-04"
    assert date_of(page(below=html, lang="en"))[0] is None  # no convention: either reading could be right


def test_a_weekday_that_contradicts_the_date_is_no_stamp():
    assert date_of(page(below="<p>Friday, March 3, 2024</p>"))[0] is None  # March 3, 2024 was a Sunday
    assert date_of(page(below="<p>Sunday, March 3, 2024</p>"))[0] == "2024-03-03"


def test_nothing_after_the_capture_date_counts():
    day, evidence = date_of(page(META.format("2031-01-01T00:00:00Z")), reference=date(2024, 3, 5))
    assert day is None
    assert any("after the capture date" in e.text for e in evidence)


def test_the_clean_path_carries_the_evidence():
    html = page(META.format("2024-03-03T09:15:00-05:00"), below="<p>By Ana Souza · March 3, 2024</p>")
    a = clean(RawDoc(html, "ferry.html", {"content_type": "text/html", "url": "https://islandcourier.invalid/ferry"}),
              CleanOptions(detect_language=False))
    assert isinstance(a, Article)
    assert a.published == "2024-03-03" and {"html-meta", "stamp"} <= {e.kind for e in a.date_evidence}


def test_a_relative_stamp_by_the_headline_is_resolved_against_the_capture_time():
    head = head_metadata(load_html(page(below="<p>By Ana Souza</p><p>Posted 3 hours ago</p>")))
    assert page_date({}, head, None, None, "", None)[0] is None  # no capture date: no day
    captured = datetime(2024, 3, 4, 1, 30, tzinfo=timezone.utc)
    day, evidence = page_date({}, head, None, None, "", captured)
    assert day == "2024-03-03"
    found = [(e.kind, e.text, e.value) for e in evidence]
    assert ("stamp", 'near the headline: "Posted 3 hours ago"', "2024-03-03") in found


def test_a_foreign_relative_stamp_is_read_by_dateparser():
    head = head_metadata(load_html(page(below="<p>Veröffentlicht: vor 2 Tagen</p>", lang="de")))
    assert page_date({}, head, None, None, "", date(2024, 3, 5))[0] == "2024-03-03"


# --- titles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("html_title, og, h1s, expected", [
    # A pipe trail left after the site segment is a section or a tagline.
    ("Ferry timetable approved | Opinion | The Island Courier", None, [], "Ferry timetable approved"),
    # The h1 swallowed the byline and the date stamp under it.
    ("Ferry timetable approved after long talks", None,
     ["Ferry timetable approved after long talks Posted on May 1, 2024 by Ana"],
     "Ferry timetable approved after long talks"),
    # ... or a label before it.
    ("Ferry timetable approved after long talks", None, ["News: Ferry timetable approved after long talks"],
     "Ferry timetable approved after long talks"),
    # A longer h1 that is a real headline stays.
    ("Ferry timetable approved", None, ["Ferry timetable approved: what changes for islanders"],
     "Ferry timetable approved: what changes for islanders"),
])
def test_choose_title(html_title, og, h1s, expected):
    assert choose_title(html_title, og, h1s, None, "The Island Courier", "islandcourier.invalid") == expected


def test_h1_text_keeps_the_break_between_lines():
    head = head_metadata(load_html("<html><body><h1>Ferry timetable approved<br>What changes for islanders</h1>"
                                   "</body></html>"))
    assert head["h1"] == ["Ferry timetable approved What changes for islanders"]


def test_site_name_without_tagline():
    assert site_name("The Island Courier | News for the islands since 1901") == "The Island Courier"
    assert site_name("Ferry timetable approved", "Ferry timetable approved") is None  # the title, not a site
    assert site_name("Copyright 2024 Island Media. All rights reserved.") is None


# --- bylines --------------------------------------------------------------------------------


def test_byline_from_json_ld_authors_joined_as_a_byline_writes_them():
    ld = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": ["
          "{\"@type\": \"Person\", \"name\": \"Ana Souza\"}, {\"@type\": \"Person\", \"name\": \"Tom Berg\"},"
          "{\"@type\": \"Person\", \"name\": \"Lea Moro\"}]}</script>")
    head = head_metadata(load_html(page(ld)))
    assert choose_byline(head, None, "Island Courier Staff") == "Ana Souza, Tom Berg and Lea Moro"


def test_byline_shown_by_the_headline_wins_and_is_cleaned():
    head = head_metadata(load_html(page(below="<p>By Ana Souza | 5 min read | March 3, 2024</p>")))
    assert choose_byline(head, None, None) == "Ana Souza"


@pytest.mark.parametrize("extracted, expected", [
    ("Ana Souza Senior Editor", "Ana Souza"),
    ("Ana Souza; MS; RD", "Ana Souza"),
    ("Ana Souza Last updated", "Ana Souza"),
    ("Updated January", None),
    ("ana.souza@islandcourier.invalid", None),
    ("Ana Souza; Tom Berg", "Ana Souza and Tom Berg"),
    ("AP", "AP"),  # a wire agency, not a credential
    ("Li Na", "Li Na"),
])
def test_byline_from_the_extractor_is_cleaned(extracted, expected):
    assert choose_byline({}, None, extracted) == expected


def test_a_container_date_wins_and_a_garbled_one_leaves_the_page_to_speak():
    head = head_metadata(load_html(page(META.format("2024-03-03T09:15:00-05:00"))))
    assert page_date({"published": "2024-03-05"}, head, None, None, "", None)[0] == "2024-03-05"
    day, evidence = page_date({"published": "soon"}, head, None, None, "", None)
    assert day == "2024-03-03" and ("container", "soon", None) in [(e.kind, e.text, e.value) for e in evidence]

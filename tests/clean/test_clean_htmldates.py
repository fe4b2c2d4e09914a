"""Publication days of HTML pages (``newsfold.clean.htmldates``): the cases where witnesses disagree.

Invented pages only. Each test is a page a reader would date the same way: the metadata and
the page's own words disagree, and the way they disagree says which day is the first
publication -- or it does not, and the day stays unknown.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from trafilatura.utils import load_html

from newsfold.clean.htmldates import settle, url_date
from newsfold.clean.htmlmeta import head_metadata, page_date
from newsfold.records import DateEvidence

BODY = """<p>The county council voted to reopen the old rail line to passengers after a decade of
campaigning by villages along the valley, members said on the steps of the hall.</p>
<p>"Trains will run every hour from the spring," the council's transport chief told reporters,
adding that the first services would stop at four stations.</p>
<p>Walkers' groups asked that the path beside the line stay open while the track is relaid,
and farmers asked for new crossings at the two busiest lanes.</p>"""

TITLE = "Valley rail line to reopen to passengers"
URL = "https://www.valleyherald.invalid/news/rail-line"


def page(head: str = "", above: str = "", below: str = "", after: str = "", headline: str | None = None) -> str:
    h1 = f"<h1>{TITLE}</h1>" if headline is None else headline
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{TITLE} | Valley Herald</title>"
            f"{head}</head><body><nav><a href='/'>Home</a></nav><main><article>{above}{h1}{below}{BODY}"
            f"</article>{after}</main><footer><p>Contact us</p></footer></body></html>")


def date_of(html: str, url: str = URL, htmldate: str | None = None) -> tuple[str | None, tuple[DateEvidence, ...]]:
    return page_date({"url": url}, head_metadata(load_html(html)), htmldate, None, "", None)


def kinds(evidence) -> set[tuple[str, str | None]]:
    return {(e.kind, e.value) for e in evidence}


META = "<meta property='article:published_time' content='{}'>"
MODIFIED = "<meta property='article:modified_time' content='{}'>"


def jsonld(published: str, modified: str | None = None, kind: str = "NewsArticle", extra: str = "") -> str:
    dates = f'"datePublished": "{published}"' + (f', "dateModified": "{modified}"' if modified else "")
    return f"<script type='application/ld+json'>{{\"@type\": \"{kind}\", {dates}{extra}}}</script>"


# --- a shown update against the metadata's publication day ---------------------------------


def test_the_head_publication_tag_outweighs_an_updated_label():
    html = page(META.format("2022-04-05T09:00:00Z") + MODIFIED.format("2025-01-20T09:00:00Z"),
                below="<p>By Mia Holt · Updated January 20, 2025</p>")
    assert date_of(html)[0] == "2022-04-05"


def test_json_ld_alone_against_an_updated_label_stays_unknown():
    html = page(jsonld("2022-04-05T09:00:00Z", "2025-01-20T09:00:00Z"),
                below="<p>By Mia Holt · Updated January 20, 2025</p>")
    day, evidence = date_of(html)
    assert day is None
    assert ("html-meta", "2022-04-05") in kinds(evidence) and ("updated", "2025-01-20") in kinds(evidence)


def test_a_reader_comment_older_than_the_metadata_day_leaves_it_unknown():
    comments = ("<section id='comments'><ol class='comment-list'><li class='comment'><p>Finally!</p>"
                "<span class='comment-date'>March 2, 2019</span></li></ol></section>")
    html = page(META.format("2022-04-05T09:00:00Z") + MODIFIED.format("2025-01-20T09:00:00Z"),
                below="<p>By Mia Holt · Updated January 20, 2025</p>", after=comments)
    day, evidence = date_of(html)
    assert day is None  # the page was there in 2019: 2022 is a republication
    assert ("comment", "2019-03-02") in kinds(evidence)


def test_the_one_unlabelled_day_shown_beats_a_json_ld_publication_day():
    html = page(jsonld("2019-02-11T10:00:00Z", "2024-06-03T10:00:00Z"),
                below="<p class='meta'>Mia Holt · June 3, 2024</p>")
    assert date_of(html)[0] == "2024-06-03"


def test_an_unlabelled_stamp_on_the_modification_day_against_the_head_tag_is_ambiguous():
    html = page(META.format("2019-02-11T10:00:00Z") + MODIFIED.format("2024-06-03T10:00:00Z"),
                below="<p class='meta'>Mia Holt · June 3, 2024</p>")
    assert date_of(html)[0] is None


def test_a_stamp_labelled_published_is_no_update_even_on_the_modification_day():
    html = page(META.format("2024-06-02T23:10:00Z") + MODIFIED.format("2024-06-03T08:00:00Z"),
                below="<p>Published: 03 Jun 2024</p>")
    # The stamp is the metadata's instant seen from Europe: the metadata's own day.
    assert date_of(html)[0] == "2024-06-02"


def test_a_stamp_on_the_modification_day_is_the_day_when_nothing_else_dates_the_page():
    html = page("<meta property='og:updated_time' content='2024-06-03T10:00:00+00:00'>",
                below="<p class='meta'>Mia Holt · June 3, 2024</p>")
    assert date_of(html)[0] == "2024-06-03"


# --- disagreements that tell the first publication ----------------------------------------


def test_a_stamp_a_time_zone_apart_takes_the_metadata_day():
    late = page(META.format("2024-06-04T02:30:00+00:00"), below="<p>June 3, 2024</p>")
    assert date_of(late)[0] == "2024-06-04"
    # A day apart, but no time zone puts 14:00 UTC on the 3rd: a real disagreement.
    midday = page(META.format("2024-06-04T14:00:00+00:00"), below="<p>June 3, 2024</p>")
    assert date_of(midday)[0] is None


def test_one_instant_in_two_time_zones_is_one_publication():
    micro = ("<div itemscope itemtype='https://schema.org/Article'><meta itemprop='datePublished' "
             "content='2024-06-03T20:04:00-04:00'></div>")
    html = page(META.format("2024-06-04T00:04:00+00:00"), below=micro)
    assert date_of(html)[0] == "2024-06-04"


def test_an_earlier_stamp_under_re_saved_metadata_is_the_first_publication():
    html = page(jsonld("2025-06-24T10:00:00Z", "2025-06-24T10:00:00Z"),
                below="<div class='meta'>Mia Holt<br>August 25, 2024</div>")
    assert date_of(html)[0] == "2024-08-25"
    # Metadata that was updated after it was published is no re-save: the two just disagree.
    updated = page(jsonld("2025-06-24T10:00:00Z", "2025-07-01T10:00:00Z"),
                   below="<div class='meta'>Mia Holt<br>August 25, 2024</div>")
    assert date_of(updated)[0] is None


def test_metadata_and_url_agreeing_outvote_a_later_stamp():
    html = page(META.format("2021-01-18T19:55:00+01:00"), below="<p class='meta'>2022-04-12</p>")
    assert date_of(html, url="https://notes.invalid/2021/01/18/rail-line")[0] == "2021-01-18"
    assert date_of(html)[0] is None


def test_the_page_saying_when_it_was_first_published():
    note = "<p>This article was originally published on 26 Sep 2019 and has been updated since.</p>"
    day, evidence = date_of(page(below="<p class='meta'>Mia Holt · 30 Sep 2022</p>", after=note))
    assert day == "2019-09-26"
    assert ("original", "2019-09-26") in kinds(evidence)
    # A cited book's first publication is not the page's.
    book = "<p>The novel was first published in March 2001 and reissued on 4 May 2015.</p>"
    day, evidence = date_of(page(below="<p class='meta'>Mia Holt · 30 Sep 2022</p>", after=book))
    assert day == "2022-09-30"
    assert not [e for e in evidence if e.kind == "original"]


def test_an_article_and_its_web_page_record_disagreeing_leave_the_day_unknown():
    graph = ("<script type='application/ld+json'>{\"@graph\": ["
             "{\"@type\": \"WebPage\", \"url\": \"" + URL + "\", \"datePublished\": \"2023-05-18T04:39:05+00:00\"},"
             "{\"@type\": \"Article\", \"datePublished\": \"2023-05-17T00:00:00+0000\"}]}</script>")
    assert date_of(page(graph))[0] is None


# --- where the page shows its date ----------------------------------------------------------


def test_a_time_element_contradicting_its_own_text_is_no_stamp():
    html = page(below="<p><time datetime='2024-12-20'>August 28, 2024</time></p>")
    day, evidence = date_of(html)
    assert day is None
    assert not [e for e in evidence if e.kind == "stamp"]
    # A day apart is a time zone: the words the reader sees.
    assert date_of(page(below="<p><time datetime='2024-08-29T01:00:00Z'>August 28, 2024</time></p>"))[0] \
        == "2024-08-28"


def test_a_signed_date_far_below_the_headline():
    table = "".join(f"<div><p>Mover {i}</p><p>4.{i}</p><p>Get a quote</p></div>" for i in range(40))
    html = page(META.format("2025-12-18T21:09:22+00:00") + jsonld("2025-03-01"),
                below=table + "<div class='author'><p>By Rebecca Stone</p><p>Dec 18, 2025</p></div>")
    # The metadata contradicts itself; the byline's date, far from the headline, picks its day.
    assert date_of(html)[0] == "2025-12-18"


def test_a_signed_date_elsewhere_does_not_count_when_the_headline_shows_an_update():
    related = "<aside><p>By Jo Marsh December 7, 2015</p></aside>"
    html = page(META.format("2023-05-30T18:24:00+00:00") + MODIFIED.format("2025-10-17T20:51:23+00:00"),
                below="<p>By Mia Holt · Updated October 17, 2025</p>", after=related)
    assert date_of(html)[0] == "2023-05-30"


def test_a_date_in_the_article_footer_is_seen():
    footer = "<footer class='byline'><span class='date'>March 30, 2023</span></footer>"
    day, evidence = date_of(page(below="", after="").replace("</article>", footer + "</article>"),
                            htmldate="2023-03-30")
    assert day == "2023-03-30"
    assert ("page-text", "2023-03-30") in kinds(evidence)


def test_a_stamp_under_a_title_set_in_a_paragraph():
    html = page(headline=f"<p class='title'>{TITLE}</p><p>Feb 16, 2026</p>",
                after=f"<section><h2>{TITLE} and more</h2></section>")
    assert date_of(html)[0] == "2026-02-16"


def test_a_month_in_another_language():
    html = page(above="<p>Por: Ana Ruiz el 04-ago-2021</p>")
    assert date_of(html)[0] == "2021-08-04"


def test_json_ld_written_into_a_meta_tag():
    content = ("{&quot;@type&quot;:&quot;Article&quot;,&quot;datePublished&quot;:"
               "&quot;2025-11-17T09:00:00-05:00&quot;}")
    assert date_of(page(f"<meta name='script:ld+json' content=\"{content}\">"))[0] == "2025-11-17"


def test_a_url_with_a_month_name():
    assert url_date("https://www.wine.invalid/blog/2023/october/03/styles/").value == "2023-10-03"
    assert url_date("https://www.wine.invalid/blog/2023/Sept/3").value == "2023-09-03"
    assert url_date("https://www.wine.invalid/blog/2023/october/32/") is None
    assert url_date("https://www.wine.invalid/blog/2023/cellar/03/") is None


# --- never invent a day ----------------------------------------------------------------------

DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2025, 12, 31)).map(date.isoformat)
TEXTS = {
    "html-meta": ['property="article:published_time" {d}T{t}+00:00', "JSON-LD datePublished {d}",
                  'itemprop="datepublished" {d}T{t}-05:00'],
    "updated": ['property="article:modified_time" {d}T{t}Z', 'near the headline: "Updated {d}"',
                'on the page: "Updated {d}"'],
    "stamp": ['near the headline: "By Mia Holt {d}"', 'on the page: "Published {d}"', 'near the headline: "{d}"'],
    "url": ["URL path {d}"],
    "original": ['on the page: "originally published on {d}"'],
    "comment": ['a reader comment of "{d}"'],
    "page-text": ['on the page: "{d}"'],
    "htmldate": ["{d}"],
}
EVIDENCE = st.lists(st.tuples(st.sampled_from(sorted(TEXTS)), DAYS, st.integers(0, 2),
                              st.sampled_from(["00:30:00", "12:00:00", "23:45:00"])), max_size=7)


@settings(max_examples=300, deadline=None)
@given(EVIDENCE)
def test_the_day_is_always_one_a_witness_named(items):
    evidence = [DateEvidence(kind, TEXTS[kind][i % len(TEXTS[kind])].format(d=d, t=t), d) for kind, d, i, t in items]
    day = settle(evidence)
    named = {e.value for e in evidence if e.kind in ("html-meta", "stamp", "url", "original", "htmldate")}
    assert day is None or day in named
    # An update, a comment or a sidebar date alone never dates a page.
    if not named:
        assert day is None

"""The HTML path of the clean stage: invented pages in, Articles out."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfold.clean import CleanOptions, clean, is_html
from newsfold.clean.html import clean_html
from newsfold.clean.htmlmeta import choose_title, strip_site
from newsfold.records import Article, RawDoc, Rejected

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Quake shakes coastal Chile, killing at least 12 | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Carla Ruiz">
<meta property="article:published_time" content="2016-11-09T17:30:00-03:00">
<meta property="article:modified_time" content="2016-11-10T09:00:00-03:00">
</head><body>
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>Quake shakes coastal Chile, killing at least 12</h1>
<p>SANTIAGO (Reuters) - A magnitude 7.4 earthquake struck off the coast of central Chile on Tuesday,
killing at least 12 people and toppling buildings in the port city of Valparaiso, officials said.</p>
<p>"We are still searching for people under the rubble," Interior Minister Carla Vidal told reporters
in Valparaiso, where rescue teams worked through the night.</p>
<p>The quake's epicentre lay 40 km offshore at a depth of 25 km, the national seismological centre said.
A tsunami warning for the coast was lifted after two hours.</p>
<p>Rescue teams with dogs worked through the night at a collapsed apartment block near the harbour,
and the government declared a state of emergency in the region.</p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Celebrity wedding photos</a></li><li><a href="/b">Ten recipes</a></li></ul></aside>
<footer><p>© 2016 Example News. All rights reserved.</p><p>Subscribe to our newsletter</p></footer>
</body></html>
"""


def test_article_from_a_page():
    a = clean(RawDoc(PAGE, "page.html", {"content_type": "text/html", "url": "https://www.example-news.invalid/world/quake"}))
    assert isinstance(a, Article)
    assert a.title == "Quake shakes coastal Chile, killing at least 12"
    assert a.outlet == "Example News" and a.byline == "Carla Ruiz"
    assert a.wire == "Reuters" and a.dateline == "SANTIAGO"
    assert a.published == "2016-11-09"
    kinds = {e.kind: e.value for e in a.date_evidence}
    assert kinds["html-meta"] == "2016-11-09" and kinds["updated"] == "2016-11-10"
    assert a.paragraphs[0].text.startswith("SANTIAGO (Reuters) - A magnitude 7.4")
    assert len(a.paragraphs) == 4
    body = a.body
    assert "Most read" not in body and "Subscribe" not in body and "Home" not in body
    assert a.meta["text_source"] == "html" and a.meta["url"].endswith("/quake")
    assert a.language == "en"
    assert [(r.line, r.reason) for r in a.removed] == [(1, "title")]
    for p in a.paragraphs:  # offsets and lines point into Article.body
        assert body[p.start : p.start + len(p.text)] == p.text
        assert body.split("\n")[p.line - 1] == p.text


def test_content_hash_ids_like_plain_text():
    raw = RawDoc(PAGE, "page.html", {"content_type": "text/html"})
    a = clean(raw)
    assert a.id == raw.content_id == a.raw_id


def test_dispatch_by_content_type_or_by_the_text():
    assert is_html(RawDoc(PAGE, "x"))  # no content_type: the text opens like a page
    assert is_html(RawDoc("<p>x</p>", "x", {"content_type": "text/html; charset=utf-8"}))
    assert not is_html(RawDoc(PAGE, "x", {"content_type": "text/plain"}))
    assert not is_html(RawDoc("Plain article. It mentions <html> once.", "x"))
    assert clean(RawDoc(PAGE, "x")).meta["text_source"] == "html"


def test_container_fields_win():
    meta = {"content_type": "text/html", "title": "Feed title", "outlet": "Feed Outlet",
            "published": "2016-11-08T22:00:00-05:00", "author": "Ann Writer"}
    a = clean(RawDoc(PAGE, "feed#1", meta))
    assert (a.title, a.outlet, a.byline, a.published) == ("Feed title", "Feed Outlet", "Ann Writer", "2016-11-08")
    assert a.date_evidence[0].kind == "container"


def test_wire_from_the_byline():
    page = PAGE.replace('content="Carla Ruiz"', 'content="Reuters"').replace("SANTIAGO (Reuters) - ", "")
    a = clean(RawDoc(page, "p", {"content_type": "text/html"}))
    assert a.byline == "Reuters" and a.wire == "Reuters" and a.dateline is None


def test_feed_entry_fragment_is_cleaned():
    from newsfold.sources.feeds import wrap_fragment

    html = wrap_fragment("<p>Parliament approved the budget late on Tuesday after a marathon debate over "
                         "pension reform and farm subsidies.</p><p>The coalition won 81 of 150 votes.</p>", "Budget passes")
    a = clean(RawDoc(html, "feed#2", {"content_type": "text/html", "title": "Budget passes",
                                      "published": "2016-11-09T17:30:00-05:00", "feed_date": "2016-11-09T18:00:00-05:00"}))
    assert isinstance(a, Article) and a.title == "Budget passes" and a.published == "2016-11-09"
    assert [p.text for p in a.paragraphs][-1] == "The coalition won 81 of 150 votes."


def test_page_without_a_body_is_rejected():
    page = "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    r = clean(RawDoc(page, "nav.html", {"content_type": "text/html"}))
    assert isinstance(r, Rejected) and r.stage == "clean" and "no article body" in r.reason


def test_metadata_dates_after_the_capture_date_are_impossible():
    page = PAGE.replace("2016-11-09T17:30:00-03:00", "2019-01-01T00:00:00Z")
    a = clean(RawDoc(page, "w#1", {"content_type": "text/html", "container_date": "2016-11-10T08:00:00+00:00"}))
    meta_ev = next(e for e in a.date_evidence if e.kind == "html-meta")
    assert meta_ev.value is None and "after the capture date" in meta_ev.text
    assert a.published != "2019-01-01"


def test_relative_words_in_the_lead_are_evidence_not_the_date():
    page = PAGE.replace('<meta property="article:published_time" content="2016-11-09T17:30:00-03:00">', "") \
               .replace('<meta property="article:modified_time" content="2016-11-10T09:00:00-03:00">', "")
    a = clean(RawDoc(page, "w#2", {"content_type": "text/html", "container_date": "2016-11-10T08:00:00+00:00"}))
    rel = [e for e in a.date_evidence if e.kind == "relative"]
    assert rel and rel[0].text == "on Tuesday" and rel[0].value == "2016-11-08"
    assert a.published is None  # nothing in the page pins the day; unknown beats wrong


@pytest.mark.parametrize("html_title, og, h1s, site, host, expected", [
    ("Quake hits Chile | Example News", None, [], "Example News", None, "Quake hits Chile"),
    ("Example News - Quake hits Chile", None, [], "Example News", None, "Quake hits Chile"),
    ("Quake hits Chile – World – The Daily Planet", None, [], None, "dailyplanet.invalid", "Quake hits Chile – World"),
    ("Quake hits Chile :: Planet", "Quake hits Chile", [], None, None, "Quake hits Chile"),
    ("Quake hits Chile, killing 12 | News", None, ["Quake hits Chile, killing 12"], None, None, "Quake hits Chile, killing 12"),
    ("Quake hits Chile | Planet", None, ["Planet", "Quake hits coastal Chile today"], "Planet", None,
     "Quake hits coastal Chile today"),
    ("Israel - Gaza: talks resume in Cairo", None, [], None, None, "Israel - Gaza: talks resume in Cairo"),
    (None, None, ["Only an h1 here"], None, None, "Only an h1 here"),
    (None, None, [], None, None, None),
])
def test_choose_title(html_title, og, h1s, site, host, expected):
    assert choose_title(html_title, og, h1s, None, site, host) == expected


def test_strip_site_keeps_titles_without_a_site_segment():
    assert strip_site("Brexit: what happens next", "Example News", "example.invalid") == "Brexit: what happens next"
    assert strip_site("Brexit: what happens next - BBC News", "BBC News", "bbc.co.uk") == "Brexit: what happens next"
    assert strip_site("Brexit: what happens next | bbc.co.uk", None, "www.bbc.co.uk") == "Brexit: what happens next"


html_bits = st.lists(st.sampled_from([
    "<html>", "</html>", "<head>", "<title>", "</title>", "<body>", "<p>", "</p>", "<h1>", "</h1>", "<article>",
    "<script>", "</script>", "<meta property='og:title' content='x | y'>", "<meta property='article:published_time' content='2016-13-45'>",
    "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": [1]}</script>",
    "<time itemprop='datePublished' datetime='yesterday'>", "Quake | Site", "SANTIAGO (Reuters) - ", "By Jane Doe",
    "text " * 20, "\x00", "&amp;", "&#0;", "\u202e", "<!--", "-->", "<![CDATA[", "<div", ">", "<table><tr><td>",
]), max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_bits, st.sampled_from([{}, {"container_date": "2016-11-10T08:00:00Z"}, {"url": "http://["}]))
def test_clean_html_never_raises(page, meta):
    result = clean_html(RawDoc("<!DOCTYPE html>" + page, "<prop>", {"content_type": "text/html", **meta}),
                        CleanOptions(detect_language=False))
    assert isinstance(result, (Article, Rejected))
    if isinstance(result, Article):
        assert result.paragraphs and result.meta["text_source"] == "html"
        for p in result.paragraphs:
            assert result.body[p.start : p.start + len(p.text)] == p.text

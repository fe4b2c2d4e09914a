"""The HTML path's header: the headline and byline come off the top of the extracted text."""

from __future__ import annotations

from newsfold.clean import clean
from newsfold.records import Article, RawDoc

FERRY = """<!DOCTYPE html><html lang="en"><head>
<title>Storm closes northern ferry routes for a second day - Example Post</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<p>Updated 9:41 a.m. EST</p>
<h1>Storm closes northern ferry routes for a second day</h1>
<p>By Tom Reyes</p>
<p>Ferry services to the northern islands were cancelled for a second day on Wednesday as gale-force winds
battered the coast, the operator said.</p>
<p>About 2,000 passengers have been stranded on the mainland, and the operator said it would add extra sailings
once the wind drops below safe limits.</p>
<p>Forecasters expect the storm to ease by Thursday evening, though heavy swell could keep smaller boats in
harbour until the weekend.</p>
</article></body></html>"""


def test_headline_below_a_time_stamp_is_the_title_not_body():
    a = clean(RawDoc(FERRY, "ferry.html", {"content_type": "text/html", "url": "https://post.example.invalid/ferries"}))
    assert isinstance(a, Article)
    assert a.title == "Storm closes northern ferry routes for a second day"
    assert a.byline == "Tom Reyes"
    assert a.paragraphs[0].text.startswith("Ferry services to the northern islands")
    assert "Updated 9:41" not in a.body and "Storm closes" not in a.body and "By Tom Reyes" not in a.body
    assert [(r.reason, r.text) for r in a.removed] == [
        ("boilerplate", "Updated 9:41 a.m. EST"),
        ("title", "Storm closes northern ferry routes for a second day"),
        ("byline", "By Tom Reyes"),
    ]


def test_a_sentence_above_the_headline_is_not_taken_for_the_header():
    page = FERRY.replace("<p>Updated 9:41 a.m. EST</p>",
                         "<p>Officials said on Wednesday that the ferry operator had warned passengers a day earlier.</p>")
    a = clean(RawDoc(page, "ferry.html", {"content_type": "text/html"}))
    assert isinstance(a, Article)
    assert a.paragraphs[0].text.startswith("Officials said on Wednesday")

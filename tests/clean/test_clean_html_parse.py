"""The HTML path's one parse and its reading of trafilatura's metadata.

:func:`newsfold.clean.htmlpage.parse_page` runs trafilatura's loader steps with lxml.html's
element classes assigned in C, and :func:`newsfold.clean.htmlmeta.extractor_metadata` runs
trafilatura's metadata steps less the fields newsfold never reads. Both are speed-ups that
must not change what a page yields: these tests hold them to trafilatura's own results
on invented pages, including the broken ones its loader repairs or rejects.
"""

from __future__ import annotations

import pytest
from lxml import etree
from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from newsfold.clean import clean
from newsfold.clean.htmlmeta import extractor_metadata
from newsfold.clean.htmlpage import parse_page
from newsfold.records import Article, RawDoc

BODY = ("<p>The harbour authority approved the new ferry timetable after months of talks with the unions, "
        "officials said, adding that the first boats would sail at dawn on Monday.</p>"
        "<p>Passenger groups welcomed the plan but asked for cheaper fares for islanders, who depend on the "
        "boats for work, school and hospital visits on the mainland.</p>")
HEAD = ("<title>Ferry timetable approved | The Island Courier</title>"
        "<meta property='og:title' content='Ferry timetable approved'>"
        "<meta property='og:site_name' content='The Island Courier'>"
        "<meta name='description' content='Longer hours in summer, fewer sailings in winter.'>"
        "<meta property='article:published_time' content='2024-03-03T09:15:00Z'>"
        "<link rel='canonical' href='https://www.islandcourier.invalid/news/ferry'>")
LD = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Ferry timetable approved\","
      " \"author\": {\"@type\": \"Person\", \"name\": \"Ana Souza\"}, \"publisher\": {\"name\": \"Island Courier\"},"
      " \"datePublished\": \"2024-03-03\"}</script>")

PAGES = {
    "plain": f"<!DOCTYPE html><html lang='en'><head>{HEAD}</head><body><article><h1>Ferry</h1>{BODY}</article>"
             "</body></html>",
    "json-ld": f"<html><head>{LD}</head><body><main>{BODY}</main></body></html>",
    "no metadata": f"<html><body><div>{BODY}</div></body></html>",
    "doctype with a slash": f"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\"/>\n<html><body>{BODY}</body></html>",
    "self-closed html": f"<html lang='en'/>\n<head>{HEAD}</head><body>{BODY}</body>",
    "control characters": f"<html><body><p>Ferry\x0b timetable\x01 approved</p>{BODY}</body></html>",
    "xml declaration": f"<?xml version='1.0' encoding='utf-8'?><html><body>{BODY}</body></html>",
    "fragment": BODY,
    "not html": "just a line of text, no markup",
    "empty": "",
}


@pytest.mark.parametrize("name", PAGES)
def test_the_page_parses_as_trafilatura_parses_it(name):
    ours, theirs = parse_page(PAGES[name]), load_html(PAGES[name])
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours) == etree.tostring(theirs)


@pytest.mark.parametrize("name", ["plain", "json-ld", "no metadata", "self-closed html"])
def test_trafilatura_extracts_the_same_body_from_either_tree(name):
    def text(tree):
        doc = bare_extraction(tree, include_comments=False, output_format="txt", with_metadata=False)
        return doc.raw_text if doc is not None else None

    assert text(parse_page(PAGES[name])) == text(load_html(PAGES[name]))


@pytest.mark.parametrize("name", ["plain", "json-ld", "no metadata"])
@pytest.mark.parametrize("url", [None, "https://www.islandcourier.invalid/news/ferry?ref=home"])
def test_the_metadata_read_is_trafilaturas(name, url):
    params = {"extensive_search": False, "original_date": True}
    ours = extractor_metadata(parse_page(PAGES[name]), url, params)
    theirs = extract_metadata(load_html(PAGES[name]), url, dict(params), extensive=False)
    for field in ("title", "url", "hostname", "description", "sitename", "date"):
        assert getattr(ours, field) == getattr(theirs, field), field
    # The author: trafilatura's too when the head or JSON-LD names one; its search of the body is
    # asked for separately (extractor_author), only when the page names nobody else.
    if ours.author is not None:
        assert ours.author == theirs.author


def test_a_page_whose_metadata_cannot_be_read_keeps_its_body(monkeypatch):
    import trafilatura.metadata

    def broken(tree):
        raise RuntimeError("odd markup")

    monkeypatch.setattr(trafilatura.metadata, "examine_meta", broken)
    out = clean(RawDoc(PAGES["plain"], "ferry.html", {"content_type": "text/html"}))
    assert isinstance(out, Article)
    assert "ferry timetable" in out.body


def test_the_language_is_read_from_the_start_of_the_body():
    # (py3langid reads the body's first 1,000 characters.)
    body = ("<p>Die Hafenbehörde hat nach monatelangen Gesprächen mit den Gewerkschaften den neuen Fahrplan "
            "für die Fähren genehmigt, teilten Beamte mit.</p>") * 12
    out = clean(RawDoc(f"<html lang='de'><body><article><h1>Neuer Fahrplan</h1>{body}</article></body></html>",
                       "faehre.html", {"content_type": "text/html"}))
    assert isinstance(out, Article)
    assert out.language == "de"

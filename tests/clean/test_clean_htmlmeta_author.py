"""trafilatura's author search, as :func:`newsfold.clean.htmlmeta.extractor_author` runs it.

newsfold writes trafilatura's author XPaths (``trafilatura.xpaths.AUTHOR_XPATHS`` and
``AUTHOR_DISCARD_XPATHS``, whose ``re:test`` lxml runs as a Python call per element) as
plain Python tests. These tests hold the two to the same selections on invented pages
full of near misses, so that a trafilatura upgrade that changes its selectors fails
here rather than quietly changing whose byline a page gets.
"""

from __future__ import annotations

from copy import deepcopy

import pytest
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import Document, extract_author
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from newsfold.clean import clean
from newsfold.clean import htmlmeta as meta
from newsfold.clean.htmlpage import parse_page
from newsfold.records import Article, RawDoc

BODY = ("<p>The harbour authority approved the new ferry timetable after months of talks with the unions, "
        "officials said, adding that the first boats would sail at dawn on Monday.</p>"
        "<p>Passenger groups welcomed the plan but asked for cheaper fares for islanders, who depend on the "
        "boats for work, school and hospital visits on the mainland.</p>")

# Attribute values around every word and anchor of trafilatura's author and discard patterns:
# hits, near misses (case, anchors, hyphens) and values that only contain a word.
CLASSES = ["author", "Author", "AUTHOR", "author-name", "authorname", "authorName", "AuthorName", "author_name",
           "post-author", "byline", "Byline", "BYLINE", "byl", "BBL", "bbl", "username", "user-name",
           "screenname", "writer", "ghostwriter", "channel-name", "submitted-by", "posted-by",
           "journalist-name", "zuozhe", "bianji", "xiaobian", "comments", "Comments", "comments-area",
           "no-comments", "commentlist", "comments-list", "sidebar", "is-hidden", "quote", "blockquote",
           "embedly-instagram", "article-share", "article-support", "article-shared", "print", "noprint",
           "category", "meta-date", "meta-reviewer", "title", "date", "entry-title", ""]
IDS = ["author", "Author", "author-box", "comments", "comments-1", "my-comments", "commentlist", "comment-list",
       "ProductReviews", "productreviews", "zuozhe", "bianji", "xiaobian", "main"]
TAGS = ["a", "address", "div", "link", "p", "span", "strong", "h3", "h4", "section", "li", "em"]


def near_misses() -> str:
    parts = []
    for i, cls in enumerate(CLASSES):
        tag = TAGS[i % len(TAGS)]
        parts.append(f"<{tag} class='{cls}'>By Name{i} Surname</{tag}>")
    for i, ident in enumerate(IDS):
        tag = TAGS[(i + 3) % len(TAGS)]
        parts.append(f"<{tag} id='{ident}'>Written by Ident{i} Person</{tag}>")
    parts += ["<a rel='author' href='/ana'>Ana Souza</a>", "<a rel='me'>Not Her</a>",
              "<span itemprop='author name'>Item Prop</span>", "<div itemprop='author'><span>Lea Marsh</span></div>",
              "<div data-testid='AuthorCard'>Card Person</div>", "<div data-testid='AuthorURL'>Url Person</div>",
              "<div data-component='Byline'>Component Person</div>", "<div data-component='FigureCaption'>x</div>",
              "<author>Tag Author</author>", "<span><rel>me</rel>Rel Me</span>",
              "<div class='byline'><time>May 5</time> By <b>Time</b> Inside</div>",
              "<figure><span class='author'>Photo Credit</span></figure>",
              "<div class='comments'><span class='author'>Commenter</span></div>"]
    return "".join(parts)


PAGES = {
    "near misses": (f"<html><head><title>Ferry</title></head><body><article>{BODY}{near_misses()}</article>"
                    "</body></html>"),
    "byline in a comment box only": ("<html><body><article>" + BODY + "</article><div id='comments'>"
                                     "<span class='author'>A Commenter</span></div></body></html>"),
    "no author anywhere": f"<html><body><article>{BODY}</article></body></html>",
    "author class on the wrong tag": ("<html><body><article><h2 class='author-name'>Heading Person</h2>"
                                      + BODY + "</article></body></html>"),
}


@pytest.mark.parametrize("name", PAGES)
def test_the_author_selectors_pick_what_trafilaturas_pick(name):
    tree = parse_page(PAGES[name])
    ours = [meta._author_discarded, meta._times_and_figures]
    for theirs_x, ours_fn in zip(AUTHOR_DISCARD_XPATHS, ours, strict=True):
        copy = deepcopy(tree)
        assert ours_fn(copy) == theirs_x(copy)
    pruned = prune_unwanted_nodes(deepcopy(tree), AUTHOR_DISCARD_XPATHS)
    selectors = (meta._author_named, meta._author_classed, meta._author_hinted)
    for theirs_x, ours_fn in zip(AUTHOR_XPATHS, selectors, strict=True):
        assert ours_fn(pruned) == theirs_x(pruned)


@pytest.mark.parametrize("name", PAGES)
def test_the_author_found_is_trafilaturas(name):
    tree = parse_page(PAGES[name])
    expected = Document(author=extract_author(tree))
    expected.clean_and_trim()
    assert meta.extractor_author(deepcopy(tree)) == expected.author


def test_a_byline_only_the_page_markup_names_reaches_the_article():
    # No "By" line, no author meta, no JSON-LD: only an element classed as the author's name.
    html = ("<html><head><title>Ferry timetable approved | The Island Courier</title></head><body><article>"
            "<h1>Ferry timetable approved</h1><div class='post-meta'><span class='author-name'>Ana Souza</span>"
            f"</div>{BODY}</article></body></html>")
    out = clean(RawDoc(html, "ferry.html", {"content_type": "text/html"}))
    assert isinstance(out, Article)
    assert out.byline == "Ana Souza"
    assert "Ana Souza" not in out.body


def test_a_comment_box_author_is_no_byline():
    out = clean(RawDoc(PAGES["byline in a comment box only"], "ferry.html", {"content_type": "text/html"}))
    assert isinstance(out, Article)
    assert out.byline != "A Commenter"

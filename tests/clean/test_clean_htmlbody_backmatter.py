"""The back matter below a web article (HTML path): what goes, and what of the article stays.

Each failure kind fixed on WCXB dev has a case here, on invented lines and pages:
credits and contacts, disclaimers, reference lists, bare source addresses,
boxes of other posts under their heading (and such a heading left alone in
mid-article), dated teasers, cookie-policy tables, rights notices and appeals,
headings with nothing under them, footnotes; the page's declared JSON-LD body;
an early ``</body></html>`` with the article below it.
"""

from __future__ import annotations

import json

from newsfold.clean import clean
from newsfold.clean.htmlbody import (
    body_blocks,
    foot_start,
    headed_foot_start,
    make_block,
)
from newsfold.clean.htmlrepair import reopen_body
from newsfold.records import Article, RawDoc

LEAD = ("The city council approved a 40 million dollar flood wall for the old harbour on Tuesday, ending a debate "
        "that had run for more than two years.")
SECOND = ("The wall will rise two metres along the quay and close with steel gates during storm tides, the city "
          "engineer told councillors before the vote.")
LAST = ("Work is due to start in the autumn, once the state has signed off on the final design and the contracts have "
        "been awarded, the council said.")


def blocks(*rows: tuple[str, str]):
    return [make_block(text, kind) for kind, text in rows]


def story(*tail: tuple[str, str]):
    return blocks(("p", LEAD), ("p", SECOND), ("p", LAST), *tail)


def kept_texts(rows) -> list[str]:
    return [b.text for b in body_blocks(rows)[0]]


def test_credit_and_contact_lines_below_the_story_go():
    rows = story(("p", "Jane Roe contributed reporting from Portville."),
                 ("p", "Write to John Doe at john.doe@example.invalid"),
                 ("p", "Source: news agencies"))
    assert kept_texts(rows) == [LEAD, SECOND, LAST]
    # Inside the story, a sentence about contributions is the story's.
    middle = blocks(("p", LEAD), ("p", ("Residents contributed to this report on the harbour, the council said in a long "
                                       "statement on Tuesday.")), ("p", LAST))
    assert len(kept_texts(middle)) == 3


def test_a_disclaimer_below_the_story_goes_even_when_long():
    disclaimer = ("This article is for informational purposes only and is not legal or financial advice. " * 6).strip()
    rows = story(("p", disclaimer))
    assert kept_texts(rows) == [LEAD, SECOND, LAST]
    # A last paragraph that merely says something "does not constitute an offer" is the story's.
    closing = "The union said the proposal does not constitute an offer it could put to its members."
    assert kept_texts(story(("p", closing)))[-1] == closing


def test_a_reference_list_under_its_heading_goes():
    rows = blocks(("p", LEAD), ("p", SECOND), ("p", SECOND + " " + LEAD), ("p", LAST + " " + LEAD), ("p", LAST),
                  ("head", "References"),
                 ("list", "- Roe J, Doe A, Poe B. Flood walls and harbour towns. J Coast Eng. 2019;12:34-56."),
                 ("list", "- National Harbour Board (2021). Storm tides in small ports. Portville: NHB."),
                 ("list", "- Example Institute (n.d.). Steel gates. https://example.invalid/gates"))
    assert [b.text for b in body_blocks(rows)[0]][-1] == LAST
    assert headed_foot_start(rows) == 5


def test_a_references_heading_over_prose_is_no_reference_list():
    # The heading of a section the article goes on with (its list the extractor did not keep).
    rows = blocks(("p", LEAD), ("p", SECOND), ("p", LAST), ("p", SECOND + " " + LEAD), ("p", LAST + " " + SECOND),
                  ("head", "References"), ("p", LEAD + " " + SECOND))
    assert headed_foot_start(rows) == len(rows)


def test_bare_addresses_are_sources_only_under_a_sources_heading():
    sources = story(("p", "Article Sources:"), ("p", "https://example.invalid/report-2021"),
                    ("p", "https://example.invalid/harbour/statistics"), ("p", "https://example.invalid/council/minutes"))
    assert kept_texts(sources) == [LEAD, SECOND, LAST]
    # A deals post lists its shop links the same way, under no such heading: they stay.
    deals = story(("p", "Buy it here:"), ("p", "https://shop.example.invalid/item-1"),
                  ("p", "https://shop.example.invalid/item-2"), ("p", "https://shop.example.invalid/item-3"))
    assert "https://shop.example.invalid/item-3" in kept_texts(deals)


def test_a_box_of_other_posts_under_its_heading_goes():
    rows = story(("head", "You might also like"), ("list", "- Ten ways to keep a basement dry"),
                 ("list", "- How sea walls are built"), ("list", "- Our guide to storm shutters"))
    assert kept_texts(rows) == [LEAD, SECOND, LAST]


def test_a_related_heading_left_alone_in_mid_article_keeps_what_follows():
    # The box's links were removed by the extractor; the article goes on below its heading.
    rows = blocks(("p", LEAD), ("p", SECOND), ("p", LAST), ("p", LEAD), ("head", "Related articles"),
                  ("p", ("Opponents said the cost would fall on small businesses along the waterfront, which must close "
                        "for parts of the eighteen months of construction, and that the council had not consulted them "
                        "before the vote on Tuesday.")))
    assert headed_foot_start(rows) == len(rows)
    assert kept_texts(rows)[-1].startswith("Opponents said the cost")


def test_dated_teasers_of_other_posts_go():
    rows = story(("list", "- What to pack for a week on the coast - November 4, 2025"),
                 ("list", "- The best harbour towns for a winter break - 27 October 2025"))
    assert kept_texts(rows) == [LEAD, SECOND, LAST]


def test_the_rows_of_a_cookie_policy_table_go_and_other_tables_stay():
    rows = story(("table", "| Cookie | Duration | Description |"),
                 ("table", ("| consent_analytics | 11 months | This cookie is set by the consent plugin to store the "
                           "user consent for the cookies in the category Analytics. |")),
                 ("table", "| Ward | Yes | No |"))
    kept, dropped = body_blocks(rows)
    assert (4, "cookie notice") in dropped
    assert "| Ward | Yes | No |" in [b.text for b in kept]


def test_rights_notices_and_appeals_below_the_story_go():
    rows = story(("p", ("Idioms from the Example Dictionary of Phrases, copyright © 2002 by Example House, published by "
                       "Example Books. All quotations are used with permission of the publisher and may not be reproduced.")),
                 ("p", ("Example Gazette is kept alive by readers like you: donate today and become a supporter of local "
                       "news in Portville and the harbour towns around it.")),
                 ("p", "Would you like to receive notifications about new posts?"))
    assert kept_texts(rows) == [LEAD, SECOND, LAST]


def test_headings_with_nothing_under_them_end_the_story():
    rows = story(("head", "More from the coast"), ("head", "Storm season: what to expect"),
                 ("head", "Harbour market reopens"))
    assert foot_start(rows) == 3


def test_footnotes_with_their_return_links_go():
    rows = story(("head", "Footnotes"), ("list", "- The vote was taken after midnight. ↩"),
                 ("list", "- Two councillors were absent. ↩"))
    assert kept_texts(rows) == [LEAD, SECOND, LAST]


# --- whole pages -----------------------------------------------------------------------------


def page(html: str, url: str = "https://www.example-gazette.invalid/local/flood-wall"):
    return clean(RawDoc(html, url, {"content_type": "text/html", "url": url}))


def paragraphs(n: int) -> list[str]:
    topics = ["the flood wall", "the steel gates", "the fish market", "the quay", "the state review", "the contracts",
              "the engineers", "the waterfront shops", "the storm tides", "the harbour board"]
    return [f"Paragraph {i + 1} of the report is about {topics[i % len(topics)]}, which the council discussed at length "
            f"on Tuesday before the final vote on the {2020 + i} budget for the harbour." for i in range(n)]


def test_a_page_rendered_by_scripts_is_read_from_its_declared_body():
    full = paragraphs(12)
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council approves harbour flood wall",
          "articleBody": "\n".join(full)}
    # Such a page is mostly its scripts: the two paragraphs in its HTML are a sliver of it.
    bundle = "var state = {};" + "state.f = function (a, b) { return a + b; };" * 800
    html = ("<!DOCTYPE html><html><head><title>Council approves harbour flood wall</title>"
            f'<script type="application/ld+json">{json.dumps(ld)}</script><script>{bundle}</script></head>'
            f"<body><main><article><h1>Council approves harbour flood wall</h1><p>{full[0]}</p><p>{full[1]}</p>"
            "<div id=app></div></article></main></body></html>")
    a = page(html)
    assert isinstance(a, Article)
    assert [p.text for p in a.paragraphs] == full


def test_a_declared_body_that_is_not_the_article_is_not_taken():
    full = paragraphs(8)
    ld = {"@type": "NewsArticle", "articleBody": "Subscribe for the full story. " * 80}  # long, but holds no part of it
    bundle = "var state = {};" + "state.f = function (a, b) { return a + b; };" * 2000
    html = ("<!DOCTYPE html><html><head><title>Council approves harbour flood wall</title>"
            f'<script type="application/ld+json">{json.dumps(ld)}</script><script>{bundle}</script></head><body>'
            "<article>" + "".join(f"<p>{t}</p>" for t in full) + "</article></body></html>")
    a = page(html)
    assert isinstance(a, Article)
    assert "Subscribe for the full story" not in a.body and a.paragraphs[0].text == full[0]


def test_an_article_below_an_early_end_of_the_page_is_read():
    full = paragraphs(6)
    html = ("<!DOCTYPE html><html><head><title>Council approves harbour flood wall</title></head><body>"
            "<header><nav><a href='/'>Home</a> <a href='/local'>Local</a></nav></header>\n</body>\n</html>\n"
            "<div class='post'><h1>Council approves harbour flood wall</h1>"
            + "".join(f"<p>{t}</p>" for t in full) + "</div><footer><p>© Example Gazette</p></footer>")
    a = page(html)
    assert isinstance(a, Article)
    assert [p.text for p in a.paragraphs] == full


def test_reopen_body_only_touches_an_end_with_content_after_it():
    ordinary = "<html><body><p>Story.</p></body></html>\n<script>track()</script>\n"
    assert reopen_body(ordinary) == ordinary
    early = "<html><body><nav>Menu</nav></BODY></HTML><div><p>Story.</p></div>"
    assert reopen_body(early) == "<html><body><nav>Menu</nav><div><p>Story.</p></div>"
    assert reopen_body("no markup at all") == "no markup at all"

"""Which lines of trafilatura's output are the article body (HTML path): invented pages in, Articles out."""

from __future__ import annotations

from lxml import etree

from newsfold.clean import clean
from newsfold.clean.htmlbody import (
    blocks_of,
    body_blocks,
    foot_start,
    make_block,
    with_recall_lists,
)
from newsfold.records import Article, RawDoc

NEWS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves harbour flood wall after long debate | Example Gazette</title>
<meta property="og:site_name" content="Example Gazette">
</head><body>
<header><nav><a href="/">Home</a> | <a href="/local">Local</a> | <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>Council approves harbour flood wall after long debate</h1>
<p>PORTVILLE, March 3 (Reuters) - The city council approved a 40 million dollar flood wall for the old harbour
on Tuesday, ending a debate that had run for more than two years.</p>
<p>The wall will rise two metres along the quay and close with steel gates during storm tides, the city
engineer told councillors before the vote.</p>
<p>Related: Harbour traders fear months of closures during the works</p>
<p>"We cannot wait for the next surge to tell us what we already know," Mayor Ana Ortiz said after the vote,
which passed by nine votes to four.</p>
<p>Waves break over the quay wall during a storm in January. (Photo: Jane Roe/Reuters)</p>
<p>Opponents said the cost would fall on small businesses along the waterfront, which must close for parts
of the eighteen months of construction.</p>
<p>The harbour has flooded four times since 2015, each time closing the fish market for a week or more.</p>
<p>Work is due to start in the autumn, once the state has signed off on the final design and the contracts
have been awarded, the council said.</p>
<p>The harbour has flooded four times since 2015, each time closing the fish market for a week or more.</p>
<p>Necessary cookies are absolutely essential for the website to function properly. They ensure basic functions
and security features of the site, anonymously. Analytics cookies help us understand how visitors use the site, and
advertisement cookies are used to provide visitors with relevant ads.</p>
<p>Residents can read the engineers' report and sign up for updates on the works at the city's website,
the council said in a statement on Wednesday.</p>
<p>Maria Keller is a staff reporter covering city hall and the waterfront for the Example Gazette.</p>
<p>Sign up for our morning newsletter</p>
<p>Tags: harbour, council, flooding</p>
</article></main>
<footer><p>© 2024 Example Gazette. All rights reserved.</p></footer>
</body></html>
"""

# A guide whose list sits in a layout trafilatura's balanced mode drops (a "rich text" block
# inside a post container); its recall mode keeps it.
GUIDE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>What is a kitchen sink platform in cloud computing?</title>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/blog">Blog</a></li><li><a href="/pricing">Pricing</a></li>
<li><a href="/contact">Contact</a></li></ul></nav></header>
<div class="blog-post"><h1>What is a kitchen sink platform in cloud computing?</h1>
<div class="rich-text">
<p>A kitchen sink platform offers businesses comprehensive, customizable and scalable infrastructure, so they do
not need several providers for different services.</p>
<p>This guide explains the idea and why it is becoming a popular approach for businesses of every size, from
start-ups to large firms.</p>
<h2>Know about cloud computing</h2>
<p>Cloud computing delivers storage, processing, networking and databases over the internet rather than through
on-premise hardware, paying only for what is used.</p>
<h3>Benefits of cloud computing:</h3>
<ul role="list"><li><strong>Cost efficiency</strong>: cloud computing reduces the need for upfront hardware
investment and ongoing maintenance costs, turning capital outlay into a monthly bill.</li>
<li><strong>Scalability</strong>: resources can be scaled up or down with demand, ensuring optimal usage and savings all
year round, even in the quiet months.</li>
<li><strong>Accessibility</strong>: data and applications can be used from anywhere, allowing remote work and
collaboration.</li>
<li><strong>Reliability</strong>: providers offer high availability and disaster recovery to keep a business running
through outages.</li>
</ul>
<p>Providers also publish service levels, so a buyer can compare what each platform promises before signing a
contract.</p>
</div></div>
<aside><h2>Popular posts</h2><p>Ten tips for your first cloud migration and what to avoid when moving a legacy
database.</p><p>How we cut our storage bill in half with lifecycle rules, and why you should check yours this week.</p>
</aside>
<footer><p>© 2024 Example Cloud. All rights reserved.</p><p>Example Cloud Ltd, 1 Sample Street, Exampletown.</p></footer>
</body></html>
"""


def page(html: str, url: str) -> Article:
    a = clean(RawDoc(html, url, {"content_type": "text/html", "url": url}))
    assert isinstance(a, Article)
    return a


def news() -> Article:
    return page(NEWS, "https://www.example-gazette.invalid/local/flood-wall")


def test_lead_paragraph_with_its_dateline_is_kept():
    a = news()
    assert a.paragraphs[0].text.startswith("PORTVILLE, March 3 (Reuters) - The city council approved")
    assert a.dateline == "PORTVILLE, March 3" and a.wire == "Reuters"
    assert a.title == "Council approves harbour flood wall after long debate"


def test_an_inline_related_story_link_is_not_body():
    a = news()
    assert "Harbour traders fear" not in a.body
    assert '"We cannot wait for the next surge' in a.body  # the paragraphs around it stay
    assert ("Related: Harbour traders fear months of closures during the works", "boilerplate") in {
        (r.text, r.reason) for r in a.removed}


def test_a_photo_caption_is_not_body():
    a = news()
    assert "Waves break over the quay wall" not in a.body
    assert any(r.reason == "caption" and r.text.startswith("Waves break") for r in a.removed)


def test_a_paragraph_shown_twice_is_kept_once():
    a = news()
    assert a.body.count("The harbour has flooded four times since 2015") == 1
    assert any(r.reason == "repeated" for r in a.removed)


def test_a_cookie_notice_is_not_body():
    a = news()
    assert "cookies" not in a.body
    assert any(r.reason == "cookie notice" for r in a.removed)


def test_a_cookie_in_the_copy_is_not_a_cookie_notice():
    """Product copy naming a cookie near "settings" or an advertisement label stays body."""
    recipe = NEWS.replace("<p>Opponents said", "<p>The mixer has twelve speed settings for basic bread, dough, cookie "
                          "batter and meringue, and the bowl holds enough for two loaves.</p>\n<p>Opponents said")
    a = page(recipe, "https://example.com/news/2024/03/03/flood-wall")
    assert "speed settings for basic bread, dough, cookie batter" in a.body
    assert "Necessary cookies" not in a.body


def test_author_box_newsletter_call_and_tags_at_the_foot_are_not_body():
    a = news()
    body = a.body
    assert "Maria Keller is a staff reporter" not in body
    assert "Sign up for our morning newsletter" not in body and "Tags:" not in body
    # The last paragraph of the story mentions signing up, in a full sentence: it stays.
    assert a.paragraphs[-1].text.startswith("Residents can read the engineers' report and sign up")


def test_offsets_and_removed_lines_point_into_the_texts():
    a = news()
    body = a.body
    for p in a.paragraphs:
        assert body[p.start : p.start + len(p.text)] == p.text
        assert body.split("\n")[p.line - 1] == p.text
    lines = [r.line for r in a.removed]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    assert a.removed[0].reason == "title"


def test_a_list_the_balanced_extraction_drops_is_restored_in_place():
    a = page(GUIDE, "https://cloud.example.invalid/blog/kitchen-sink")
    texts = [p.text for p in a.paragraphs]
    items = [t for t in texts if t.startswith("- ")]
    assert [t.split(":")[0] for t in items] == ["- Cost efficiency", "- Scalability", "- Accessibility", "- Reliability"]
    # In place: after the paragraph that introduces them, right before the one that follows them.
    intro = next(i for i, t in enumerate(texts) if t.startswith("Cloud computing delivers"))
    assert intro < texts.index(items[0]) and texts.index(items[-1]) == len(texts) - 2
    assert texts[-1].startswith("Providers also publish service levels")
    # Not the recall mode's chrome: menus, the aside, the footer.
    assert "Popular posts" not in a.body and "Ten tips" not in a.body and "Sample Street" not in a.body


# --- the rules on lines --------------------------------------------------------------------


def blocks(*rows: tuple[str, str]):
    return [make_block(text, kind) for kind, text in rows]


def test_recall_list_items_go_in_only_between_shared_blocks():
    balanced = blocks(("p", "First paragraph of the story, long enough to be prose."),
                      ("p", "Second paragraph of the story, also long enough to be prose."))
    recall = blocks(("list", "- Home"), ("p", "First paragraph of the story, long enough to be prose."),
                    ("list", "- A point the balanced mode dropped."), ("p", "A teaser paragraph the balanced mode rightly dropped."),
                    ("p", "Second paragraph of the story, also long enough to be prose."), ("list", "- Footer link"))
    merged = [b.text for b in with_recall_lists(balanced, recall)]
    assert merged == ["First paragraph of the story, long enough to be prose.", "- A point the balanced mode dropped.",
                      "Second paragraph of the story, also long enough to be prose."]
    assert with_recall_lists(balanced, blocks(("list", "- Nothing shared"))) == balanced


def test_a_closing_list_is_not_taken_for_the_page_foot():
    rows = blocks(("p", "The shop sells clothes made from natural fibres, and lists its suppliers on its site."),
                  ("head", "Materials"), ("list", "- organic cotton"), ("list", "- linen"), ("list", "- hemp"),
                  ("list", "- recycled wool"), ("p", "Tags: fashion, shopping"))
    assert foot_start(rows) == len(rows) - 1
    kept, dropped = body_blocks(rows)
    assert [b.text for b in kept][-1] == "- recycled wool"
    assert dropped == [(len(rows) - 1, "page foot")]


def test_tables_and_code_are_never_chrome():
    rows = blocks(("p", "The table below gives the results of the vote, ward by ward, as the clerk read them."),
                  ("table", "| Ward | Yes | No |"), ("table", "| Harbour | 4 | 1 |"), ("code", "Share this"),
                  ("table", "| Copyright | 2024 |"))
    kept, dropped = body_blocks(rows)
    assert dropped == [] and len(kept) == len(rows)


def test_source_line_breaks_do_not_split_paragraphs_but_code_keeps_its_lines():
    # trafilatura's output tree, as its recall mode leaves a container: the source's hard-wrapped text inside.
    body = etree.fromstring(
        "<body><div><p>The wall will rise two metres\nalong the quay.</p>"
        "<list rend=\"ul\"><item>steel gates\nat both ends</item></list>"
        "<code>make build\nmake test</code></div></body>")
    rows = [(b.kind, b.text) for b in blocks_of(body)]
    assert rows == [("p", "The wall will rise two metres along the quay."), ("list", "- steel gates at both ends"),
                    ("code", "make build"), ("code", "make test")]

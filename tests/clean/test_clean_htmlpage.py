"""What a reader sees on a page (``newsfold.clean.htmlpage``): visible text and the headline.

Invented pages only: an article's own footer (its byline and date) is seen while the site's
footer is not; a button the parser wrapped around the rest of a broken page hides nothing; a
page's only ``<h1>`` is its headline even when its wording differs from the title.
"""

from __future__ import annotations

from trafilatura.utils import load_html

from newsfold.clean.htmlpage import find_headline, text_blocks


def texts(html: str) -> list[str]:
    return [b.text for b in text_blocks(load_html(html))]


def test_the_article_footer_is_seen_and_the_site_footer_is_not():
    html = ("<html><body><main><article><h1>Rail line to reopen</h1><p>Trains return in spring.</p>"
            "<footer><span>By Mia Holt</span> <span>March 30, 2023</span></footer></article></main>"
            "<footer><p>Contact us</p></footer></body></html>")
    seen = texts(html)
    assert "By Mia Holt March 30, 2023" in seen
    assert "Contact us" not in seen


def test_a_button_wrapped_around_the_page_by_broken_markup_hides_nothing():
    # An unclosed <button> in the header: the parser puts the whole article inside it.
    html = ("<html><body><header><button class='menu'>Menu<div><main><article><h1>Rail line to reopen</h1>"
            "<div class='date'>Published on March 02, 2025</div><p>Trains return in spring.</p>"
            "</article></main></div></button></header></body></html>")
    seen = texts(html)
    assert "Published on March 02, 2025" in seen and "Rail line to reopen" in seen
    # A real button's label stays out of the page text.
    assert "Subscribe" not in texts("<html><body><p>Trains return.</p><button>Subscribe</button></body></html>")


TITLE = ["Top Tech Conferences 2026 - The Global Events Driving the Future of Innovation"]


def test_the_only_h1_is_the_headline_even_worded_unlike_the_title():
    tree = load_html("<html><body><h1>Biggest tech events 2026</h1><p>Dates and places.</p></body></html>")
    headline = find_headline(tree, TITLE)
    assert headline is not None and headline.text == "Biggest tech events 2026"
    # Two h1s, neither like the title: no headline rather than a guess.
    tree = load_html("<html><body><h1>Menu here</h1><h1>Biggest tech events 2026</h1></body></html>")
    assert find_headline(tree, TITLE) is None

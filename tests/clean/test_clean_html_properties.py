"""Properties of ``clean`` on HTML pages (hypothesis): damaged pages, random dates.

Whatever the page, ``clean`` returns an Article or a Rejected; an Article's paragraphs sit at
their offsets in ``Article.body`` (the HTML path's documented offsets) and every date it gives
is a real day; a publication date in the page's metadata is taken when it is on or before the
capture date, and never when it falls after it (impossible: kept as evidence without a value).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from fuzzkit import hostile_html, prose
from helpers import QUAKE_A
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfold.clean import clean
from newsfold.records import Article, RawDoc, Rejected

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
captures = st.datetimes(min_value=datetime(1996, 1, 1), max_value=datetime(2090, 12, 31),
                        timezones=st.just(timezone.utc))


def check_article(result: Article | Rejected, capture: datetime | None) -> None:
    assert isinstance(result, (Article, Rejected))
    if isinstance(result, Rejected):
        assert result.stage == "clean" and result.reason
        return
    assert result.paragraphs and result.meta.get("text_source") == "html"
    body = result.body
    for p in result.paragraphs:
        assert body[p.start:p.start + len(p.text)] == p.text
    lines = [p.line for p in result.paragraphs]
    assert lines == sorted(set(lines))
    for value in [result.published, *(e.value for e in result.date_evidence)]:
        assert value is None or date.fromisoformat(value)
    pinned_by_container = any(e.kind == "container" and e.value == result.published for e in result.date_evidence)
    if result.published and capture and not pinned_by_container:
        assert date.fromisoformat(result.published) <= capture.date() + timedelta(days=1)


@SETTINGS
@given(hostile_html(), st.one_of(st.none(), captures), st.one_of(st.none(), prose, st.sampled_from(
    ["2016-11-09", "2099-01-01", "Wed, 09 Nov 2016 17:30:00 -0500"])))
def test_any_page_gives_an_article_or_a_rejection_with_consistent_offsets_and_dates(page, capture, published):
    meta = {"content_type": "text/html"}
    if capture:
        meta["container_date"] = capture.isoformat()
    if published is not None:
        meta["published"] = published
    text = page.decode("utf-8", "replace")
    check_article(clean(RawDoc(text, "<prop>", meta)), capture)


def article_page(published: str) -> str:
    title, _, rest = QUAKE_A.partition("\n\n")
    paragraphs = "".join(f"<p>{p}</p>\n" for p in rest.split("\n\n") if p.strip())
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Example News</title>'
            f'<meta property="article:published_time" content="{published}"></head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>\n{paragraphs}</article>"
            "<footer>© Example News</footer></body></html>")


@SETTINGS
@given(captures, st.integers(-3000, 3000))
def test_page_metadata_date_is_taken_unless_it_is_after_the_capture_date(capture, shift):
    published = capture.date() + timedelta(days=shift)
    result = clean(RawDoc(article_page(published.isoformat()), "<prop>",
                          {"content_type": "text/html", "container_date": capture.isoformat()}))
    assert isinstance(result, Article)
    if shift <= 0:
        assert result.published == published.isoformat()
    elif shift > 1:  # a page cannot be published after it was captured (one day of time-zone slack)
        assert result.published != published.isoformat()
        assert any(e.kind == "html-meta" and e.value is None for e in result.date_evidence)


# -- the end of the calendar ---------------------------------------------------------------------

def test_a_capture_date_at_the_end_of_the_calendar_does_not_crash():
    result = clean(RawDoc(article_page("2016-11-09"), "<prop>",
                          {"content_type": "text/html", "container_date": "9999-12-31T23:00:00+00:00"}))
    check_article(result, None)

"""Weekday and relative dates, resolved only against a container's capture date."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from newsfold.clean import clean
from newsfold.clean.dates import find_date, reference_date, relative_dates, weekday_dates
from newsfold.records import Article, DateEvidence, RawDoc

THURSDAY = date(2016, 11, 10)


def values(evidence):
    return [(e.kind, e.text, e.value) for e in evidence]


@pytest.mark.parametrize("text, value", [
    ("Wednesday, November 9", "2016-11-09"),
    ("Wed. Nov. 9", "2016-11-09"),
    ("Wednesday 9 November", "2016-11-09"),
    ("Thursday, November 9", "2017-11-09"),  # the year in which Nov 9 is a Thursday, within a year
    ("Monday, February 30", None),  # no such day
    ("Friday, November 9", None),  # Nov 9 is a Friday in 2012 and 2018: outside the window
])
def test_weekday_with_day_and_month(text, value):
    assert values(weekday_dates(text, THURSDAY)) == [("weekday", text, value)]


def test_weekday_with_a_year_is_left_to_full_dates():
    assert weekday_dates("Wednesday, November 9, 2016", THURSDAY) == []


@pytest.mark.parametrize("text, value", [
    ("yesterday", "2016-11-09"),
    ("the day before yesterday", "2016-11-08"),
    ("today", "2016-11-10"),
    ("last night", "2016-11-09"),
    ("on Friday", "2016-11-04"),  # dates from the past preferred
    ("Thursday", "2016-11-10"),  # the reference day itself
    ("last Thursday", "2016-11-03"),
    ("next Monday", "2016-11-14"),
    ("2 days ago", "2016-11-08"),
    ("a week ago", "2016-11-03"),
    ("3 hours ago", None),  # a date without a time cannot place hours
])
def test_relative_expressions(text, value):
    [ev] = relative_dates(text, THURSDAY)
    assert (ev.kind, ev.text, ev.value) == ("relative", text, value)


@pytest.mark.parametrize("text, period", [
    ("last year", "2015"),
    ("this week", "2016-W45"),
    ("next week", "2016-W46"),
    ("last month", "2016-10"),
    ("earlier this year", "2016"),
])
def test_vague_expressions_name_their_period_but_no_day(text, period):
    [ev] = relative_dates(text, THURSDAY)
    assert (ev.kind, ev.text, ev.value) == ("relative", f"{text} ({period})", None)


def test_hours_ago_needs_the_capture_time():
    early = datetime(2016, 11, 10, 1, 30, tzinfo=timezone.utc)
    assert relative_dates("Posted 3 hours ago", early)[0].value == "2016-11-09"
    assert relative_dates("Posted 45 minutes ago", early)[0].value == "2016-11-10"


def test_no_reference_no_resolution():
    assert relative_dates("yesterday, on Friday, 2 days ago", None) == []
    assert weekday_dates("Wednesday, November 9", None) == []
    published, evidence = find_date(None, None, ["Wednesday, November 9", "Posted yesterday"], lead="On Friday it rained.")
    assert published is None and evidence == ()


def test_reference_date_from_container_fields():
    assert reference_date({"container_date": "2016-11-10T08:00:00+00:00"}) == datetime(2016, 11, 10, 8, tzinfo=timezone.utc)
    assert reference_date({"feed_date": "2016-11-09"}) == date(2016, 11, 9)
    assert reference_date({"container_date": "garbage", "feed_date": "Wed, 09 Nov 2016"}) == date(2016, 11, 9)
    assert reference_date({"container_date": "garbage", "feed_date": "soon"}) is None
    assert reference_date({"published": "2016-11-09"}) is None  # a publication date is not a capture date
    assert reference_date({}) is None


def test_header_weekday_and_stamp_pin_the_date_but_the_lead_does_not():
    assert find_date(None, None, ["Wednesday, November 9"], reference=THURSDAY)[0] == "2016-11-09"
    assert find_date(None, None, ["Posted 2 days ago"], reference=THURSDAY)[0] == "2016-11-08"
    # "on Tuesday" inside a header sentence, or in the lead, says when something happened.
    assert find_date(None, None, ["Talks that began on Tuesday ended"], reference=THURSDAY)[0] is None
    published, evidence = find_date(None, None, [], reference=THURSDAY, lead="The vote took place on Tuesday.")
    assert published is None and values(evidence) == [("relative", "on Tuesday", "2016-11-08")]


def test_stronger_evidence_still_wins():
    published, evidence = find_date("2016-11-09", None, ["Posted 2 days ago"], reference=THURSDAY)
    assert published == "2016-11-09"
    published, _ = find_date(None, "November 9, 2016", ["Wednesday, November 2"], reference=THURSDAY)
    assert published == "2016-11-09"
    extra = (DateEvidence("html-meta", "article:published_time", "2016-11-07"),)
    assert find_date(None, None, ["Wednesday, November 9"], reference=THURSDAY, extra=extra)[0] == "2016-11-07"


def test_updated_lines_are_not_resolved():
    published, evidence = find_date(None, None, ["Updated yesterday"], reference=THURSDAY)
    assert published is None and evidence == ()


def test_plain_text_article_with_a_capture_date():
    text = ("Dutch parliament approves budget after marathon debate\n\nWednesday, November 9\n\n"
            "THE HAGUE (Reuters) - The Dutch parliament approved the government's budget for next year late on "
            "Tuesday after a marathon debate over pension reform and farm subsidies.\n")
    a = clean(RawDoc(text, "dump.jsonl:1", {"container_date": "2016-11-10T08:00:00Z"}))
    assert isinstance(a, Article) and a.published == "2016-11-09"
    kinds = [e.kind for e in a.date_evidence]
    assert "weekday" in kinds and "relative" in kinds
    # Without the capture date the same text has no date: nothing is invented.
    assert clean(RawDoc(text, "dump.jsonl:1")).published is None

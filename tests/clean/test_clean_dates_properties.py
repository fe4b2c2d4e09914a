"""Properties of publication-date parsing (``newsfold.clean.dates``), whatever the text.

A date written in a form newsfold recognises is read back as that day; a day that does not
exist is never read; no function raises or returns an impossible date; a dateline's day
without a year never runs ahead of the container date; words that point into the past
("yesterday", "3 days ago", "on Friday") never land after the capture date they are resolved
against, and "next Monday" lands within the week after it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from fuzzkit import MONTH_NAMES, container_values, date_texts, impossible_dates, written_dates
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsfold.clean import dates

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Capture dates newsfold meets: the web's lifetime and then some. (Dates near date.min/max: see
# test_extreme_capture_dates_do_not_crash below.)
captures = st.one_of(
    st.dates(min_value=date(1901, 1, 1), max_value=date(2098, 12, 31)),
    st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2098, 12, 31)),
)
# Words around a date that cannot join it: no digits, months or weekdays.
filler = st.lists(st.sampled_from(["The", "talks", "resumed", "in", "Geneva", "on", "—", "(Reuters)", "said", ":",
                                   "Published", "Posted", "|", "Café"]), max_size=4).map(" ".join)


def day_of(reference: date) -> date:
    return reference.date() if isinstance(reference, datetime) else reference


@SETTINGS
@example((date(2016, 11, 9), "November 9, 2016"), "", "")
@example((date(2016, 2, 29), "29th Feb. 2016"), "Published", "")
@given(written_dates(), filler, filler)
def test_a_date_written_in_a_recognised_form_is_read_as_that_day(written, before, after):
    day, words = written
    text = f"{before} {words} {after}"
    assert day in [d for _, d in dates.full_dates(text)]
    assert dates.parse_container_date(words) == day
    assert dates.parse_container_date(f" {words}\n") == day


@SETTINGS
@given(impossible_dates(), filler)
def test_a_day_that_does_not_exist_is_never_read(words, before):
    assert dates.full_dates(f"{before} {words}") == []
    assert dates.parse_container_date(words) is None


@SETTINGS
@given(date_texts, container_values, st.one_of(st.none(), captures), st.lists(date_texts, max_size=4),
       st.one_of(st.none(), date_texts))
def test_date_functions_never_raise_and_every_value_is_a_real_day(text, container, reference, lines, lead):
    for words, d in dates.full_dates(text):
        assert words in text and isinstance(d, date)
    parsed = dates.parse_container_date(container)
    assert parsed is None or isinstance(parsed, date)
    assert isinstance(dates.is_date_stamp(text), bool)
    ref = dates.reference_date({"container_date": container, "feed_date": text})
    assert ref is None or isinstance(ref, date)
    evidence = dates.weekday_dates(text, reference) + dates.relative_dates(text, reference)
    published, found = dates.find_date(container, text, lines, reference=reference, lead=lead)
    for ev in [*evidence, *found]:
        assert ev.value is None or date.fromisoformat(ev.value)
    assert published is None or published in {ev.value for ev in found}


@SETTINGS
@given(st.integers(1, 12), st.integers(1, 31), captures, filler)
def test_a_dateline_day_without_year_never_runs_ahead_of_the_container_date(month, day, container, before):
    container = day_of(container)
    placed = dates.day_without_year(f"{before} {MONTH_NAMES[month - 1]} {day}", container)
    if placed is not None:
        assert (placed.month, placed.day) == (month, day)
        assert container - timedelta(days=366) < placed <= container


WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@st.composite
def past_words(draw):
    """(words, check(value, capture day)): expressions that point at or before the capture day."""
    n = draw(st.integers(1, 30))
    wd = draw(st.integers(0, 6))
    name = WEEKDAY_NAMES[wd]
    return draw(st.sampled_from([
        ("yesterday", lambda v, c: v == c - timedelta(days=1)),
        ("last night", lambda v, c: v == c - timedelta(days=1)),
        ("the day before yesterday", lambda v, c: v == c - timedelta(days=2)),
        ("today", lambda v, c: v == c),
        ("earlier today", lambda v, c: v == c),
        (f"{n} days ago", lambda v, c: v == c - timedelta(days=n)),
        (f"{n} weeks ago", lambda v, c: v == c - timedelta(weeks=n)),
        (f"on {name}", lambda v, c: v.weekday() == wd and 0 <= (c - v).days < 7),
        (f"last {name}", lambda v, c: v.weekday() == wd and 1 <= (c - v).days <= 7),
        (name, lambda v, c: v.weekday() == wd and 0 <= (c - v).days < 7),
    ]))


@SETTINGS
@given(past_words(), captures, filler)
def test_words_about_the_past_resolve_on_or_before_the_capture_day(phrase, capture, before):
    words, check = phrase
    [ev] = dates.relative_dates(f"{before} {words}.", capture)
    assert ev.value is not None and check(date.fromisoformat(ev.value), day_of(capture))


@SETTINGS
@given(st.integers(0, 6), captures)
def test_next_weekday_is_within_the_week_after_the_capture_day(wd, capture):
    [ev] = dates.relative_dates(f"They meet again next {WEEKDAY_NAMES[wd]}.", capture)
    value = date.fromisoformat(ev.value)
    assert value.weekday() == wd and 1 <= (value - day_of(capture)).days <= 7


@SETTINGS
@given(st.integers(0, 5000), st.sampled_from(["minutes", "hours"]), st.datetimes(
    min_value=datetime(1901, 1, 1), max_value=datetime(2098, 12, 31)))
def test_hours_ago_needs_and_respects_the_capture_time(n, unit, moment):
    [ev] = dates.relative_dates(f"Posted {min(n, 999)} {unit} ago", moment)
    expected = (moment - timedelta(**{unit: min(n, 999)})).date()
    assert ev.value == expected.isoformat()
    [vague] = dates.relative_dates(f"Posted {min(n, 999)} {unit} ago", moment.date())
    assert vague.value is None


# -- the ends of the calendar and the capture date ---------------------------------------------

@settings(max_examples=50, deadline=None, report_multiple_bugs=False)
@example("a week ago", date(1, 1, 1))
@example("tomorrow", date(9999, 12, 31))
@given(st.sampled_from(["yesterday", "tomorrow", "3 days ago", "999 weeks ago", "next Monday", "on Friday"]),
       st.one_of(st.dates(max_value=date(1, 3, 1)), st.dates(min_value=date(9999, 10, 1))))
def test_extreme_capture_dates_do_not_crash(words, capture):
    for ev in dates.relative_dates(words, capture) + dates.weekday_dates(words, capture):
        assert ev.value is None or date.fromisoformat(ev.value)
    dates.find_date(None, None, [words], reference=capture, lead=words)


@settings(max_examples=100, deadline=None, report_multiple_bugs=False)
@example(["Thursday, November 9"], date(2016, 11, 10))
@example(["Published 12 March 2030"], date(2016, 11, 10))
@given(st.lists(date_texts, min_size=1, max_size=3), captures)
def test_text_evidence_never_pins_a_day_after_the_capture_date(header, capture):
    published, _ = dates.find_date(None, None, header, reference=capture)
    latest = day_of(capture) + timedelta(days=1)  # one day of time-zone slack, as on the HTML path
    assert published is None or date.fromisoformat(published) <= latest


def test_odd_container_values_are_unknown_not_wrong():
    # Spot checks of the container parser on values feeds and dumps really carry.
    assert dates.parse_container_date("2016-11-09T17:30:00Z") == date(2016, 11, 9)
    assert dates.parse_container_date("Wed, 31 Feb 2016 10:00:00 GMT") is None
    for value in ["", "   ", "-1", "1e309", "\x00", "yesterday", None, [2016, 11, 9]]:
        assert dates.parse_container_date(value) is None

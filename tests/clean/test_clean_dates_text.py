"""Dates in plain text: datelines, weekdays that must fit the day, relative words against a container date.

Invented texts only. The rule throughout: a date is pinned only by words that name it (with
the container's date for what the words leave open); otherwise it stays unknown, and the
words are kept as evidence.
"""

from __future__ import annotations

from datetime import date

import pytest

from newsfold.clean import CleanOptions, clean
from newsfold.clean.dates import dated_spans, find_date, full_dates, stamp_date, weekday_clashes
from newsfold.clean.meta import find_dateline
from newsfold.records import Article, RawDoc

CAPTURED = date(2016, 11, 10)  # a Thursday

STORY = "\n\n".join([
    "Harbour workers end strike after pay deal",
    "By Lena Marsh",
    "{dateline} Harbour workers ended a two-week strike {when} after the port operator agreed to raise pay by six "
    "percent over two years, union leaders said.",
    "The walkout had left dozens of container ships waiting offshore and emptied supermarket shelves on the "
    "islands, where most food arrives by sea.",
    "\"We did not want to strike, but the company left us no choice,\" said Ruth Okafor, who chairs the dockers' "
    "union. The operator said the deal would keep the port competitive.",
    "Talks resume in the spring on working hours and night shifts, both sides said.",
]) + "\n"


def text_article(dateline: str, when: str = "on Wednesday", **meta) -> Article:
    raw = RawDoc(STORY.format(dateline=dateline, when=when), "strike.txt", meta)
    a = clean(raw, CleanOptions(detect_language=False))
    assert isinstance(a, Article)
    return a


def test_a_dateline_with_a_year_pins_the_day():
    a = text_article("VALLETTA, November 9, 2016 /Reuters/ -")
    assert a.published == "2016-11-09" and a.dateline == "VALLETTA, November 9, 2016"
    assert ("dateline", "2016-11-09") in [(e.kind, e.value) for e in a.date_evidence]


@pytest.mark.parametrize("dateline, words", [
    ("VALLETTA, November 9. /MaltaPress/.", "November 9"),
    ("VALLETTA, 9 November (dpa) -", "9 November"),
    ("VALLETTA, Nov. 9 (AFP) -", "Nov. 9"),
])
def test_a_dateline_without_a_year_takes_the_year_of_the_container(dateline, words):
    unknown = text_article(dateline)
    assert unknown.published is None  # no container date: the year is not ours to guess
    assert ("dateline", words, None) in [(e.kind, e.text, e.value) for e in unknown.date_evidence]
    captured = text_article(dateline, container_date="2016-11-10T08:00:00Z")
    assert captured.published == "2016-11-09"
    published = text_article(dateline, published="2016-11-09")
    assert published.published == "2016-11-09"


def test_an_archive_capture_does_not_give_a_year_to_a_dateline():
    a = text_article("VALLETTA, November 9 (AFP) -", container_date="2019-03-01T00:00:00Z")
    assert a.published is None
    assert any(e.kind == "dateline" and e.value is None and "captured 2019-03-01" in e.text for e in a.date_evidence)


def test_relative_words_in_the_lead_are_resolved_but_do_not_pin():
    a = text_article("VALLETTA (AFP) -", when="on Wednesday", container_date="2016-11-10T08:00:00Z")
    assert a.published is None
    assert ("relative", "on Wednesday", "2016-11-09") in [(e.kind, e.text, e.value) for e in a.date_evidence]
    a = text_article("VALLETTA (AFP) -", when="last year", container_date="2016-11-10T08:00:00Z")
    assert ("relative", "last year (2015)", None) in [(e.kind, e.text, e.value) for e in a.date_evidence]


def test_a_weekday_must_fit_the_date():
    assert weekday_clashes("Published Friday, November 9, 2016") == ["Friday, November 9, 2016"]
    assert full_dates("Friday, November 9, 2016") == []  # November 9, 2016 was a Wednesday
    assert full_dates("Wednesday, November 9, 2016")[0][1] == date(2016, 11, 9)
    day, evidence = find_date(None, None, ["Friday, November 9, 2016"])
    assert day is None and "does not match" in evidence[0].text
    assert find_date(None, None, ["Wednesday, November 9, 2016"])[0] == "2016-11-09"


def test_a_weekday_and_day_of_month_without_a_year_need_the_capture_date():
    assert find_date(None, None, ["Wednesday, November 9"])[0] is None
    assert find_date(None, None, ["Wednesday, November 9"], reference=CAPTURED)[0] == "2016-11-09"


@pytest.mark.parametrize("stamp, day, pins", [
    ("Veröffentlicht: vor 2 Tagen", "2016-11-08", True),
    ("hace 3 días", "2016-11-07", True),
    ("Опубликовано: вчера", "2016-11-09", True),
    ("вчера", "2016-11-09", False),  # a lone word could be a section name
])
def test_stamps_in_other_languages_are_read_against_the_capture_date(stamp, day, pins):
    ev, pinned = stamp_date(stamp, CAPTURED)
    assert (ev.kind, ev.value, pinned) == ("relative", day, pins)
    assert find_date(None, None, [stamp], reference=CAPTURED)[0] == (day if pins else None)


@pytest.mark.parametrize("text", ["Aktualisiert: vor 2 Tagen", "15:30", "letzte Woche", "Sport"])
def test_what_is_no_publication_stamp(text):
    assert stamp_date(text, CAPTURED) is None
    assert stamp_date("vor 2 Tagen", None) is None  # nothing to count back from


def test_numeric_dates_need_an_unambiguous_reading():
    assert [d for _, _, d in dated_spans("Filed 31.05.2023")] == [date(2023, 5, 31)]
    assert [d for _, _, d in dated_spans("Filed 10/31/2024")] == [date(2024, 10, 31)]
    assert dated_spans("Filed 03/04/2024") == []
    assert [d for _, _, d in dated_spans("Filed 03/04/2024", day_first=True)] == [date(2024, 4, 3)]
    assert [d for _, _, d in dated_spans("2025-12-19T22:02:58Z")] == [date(2025, 12, 19)]


def test_datelines_of_other_shapes():
    assert find_dateline("PARIS, Nov. 9 (AFP) - France said").date == "Nov. 9"
    assert find_dateline("BERLIN, 9 November 2016 (dpa) - Ministers met").date == "9 November 2016"
    assert find_dateline("PARIS, March. Something happened") is None

"""Cross-page repetition: lines that recur on other pages of a site are furniture.

``clean`` receives the set of :func:`newsfold.clean.line_key` values that recur
across the site. Those lines are removed with a reason that says "repeated" —
unless more than 30% of the page is "repeated", in which case the page is a copy
of another article (syndication, a re-post) and repetition says nothing about it.
"""

from __future__ import annotations

from newsfold.clean import clean, line_key
from newsfold.records import Article, RawDoc

# Ten non-blank lines: a title, eight body paragraphs, and a site footer that is a full
# sentence (so without repetition data it would read as one more paragraph).
LINES = [
    "Library extends opening hours during exam season",
    "The central library will stay open until midnight on weekdays for the next six weeks, the city said on Monday.",
    "The longer hours are aimed at students preparing for final exams who lack a quiet place to study at home.",
    "Extra staff will be hired on temporary contracts to cover the evening shifts, according to the library's director.",
    "Last year more than two thousand people a night used the building during a similar trial, officials said.",
    "The café on the ground floor will also stay open later, serving food until ten in the evening.",
    "Some residents had asked for weekend hours to be extended as well, but the city said the budget did not allow it.",
    "The trial will be reviewed in the summer before a decision is made on making the hours permanent.",
    "Students can reserve study rooms through the library's website up to a week in advance.",
    "The Hillside Gazette is an independent newspaper owned by its readers since 1898.",
]
PAGE = "\n\n".join(LINES) + "\n"
FOOTER_LINE = 19  # 1-based raw line number of LINES[9]


def run(repeated: set[str]) -> Article:
    a = clean(RawDoc(PAGE, "<test>"), repeated=frozenset(repeated))
    assert isinstance(a, Article)
    return a


def repeated_lines(a: Article) -> list[int]:
    return [r.line for r in a.removed if "repeated" in r.reason]


def test_without_repetition_data_the_footer_reads_as_body():
    assert FOOTER_LINE in {p.line for p in run(set()).paragraphs}


def test_repeated_footer_is_removed_with_reason():
    a = run({line_key(LINES[9])})
    assert FOOTER_LINE not in {p.line for p in a.paragraphs}
    assert repeated_lines(a) == [FOOTER_LINE]
    assert [p.line for p in a.paragraphs] == [3, 5, 7, 9, 11, 13, 15, 17]


def test_line_key_ignores_case_digits_and_spacing():
    other_page = "THE Hillside  Gazette is an independent newspaper owned by its readers since 1901."
    assert line_key(other_page) == line_key(LINES[9])
    assert repeated_lines(run({line_key(other_page)})) == [FOOTER_LINE]


def test_exactly_thirty_percent_still_counts_as_furniture():
    keys = {line_key(t) for t in (LINES[9], LINES[8], LINES[7])}  # 3 of 10 lines
    a = run(keys)
    assert sorted(repeated_lines(a)) == [15, 17, 19]


def test_more_than_thirty_percent_means_a_copy():
    keys = {line_key(t) for t in (LINES[9], LINES[8], LINES[7], LINES[6])}  # 4 of 10 lines
    a = run(keys)
    assert repeated_lines(a) == []
    assert all("repeated" not in r.reason for r in a.removed)
    assert FOOTER_LINE in {p.line for p in a.paragraphs}


def test_whole_article_repeated_is_kept_whole():
    a = run({line_key(t) for t in LINES})
    assert repeated_lines(a) == []
    assert [p.line for p in a.paragraphs] == [3, 5, 7, 9, 11, 13, 15, 17, 19]


def test_unrelated_keys_change_nothing():
    assert run({line_key("Sign up for our newsletter today and never miss a story.")}) == run(set())

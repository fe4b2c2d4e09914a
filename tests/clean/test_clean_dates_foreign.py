"""Full dates whose month is written in another language (``dates.foreign_dated_spans``).

"04-ago-2021" on a Spanish-configured blog, "3. März 2024", "12 de marzo de 2024": the day, the
month word and the year are read back as that day, whatever the language among those newsfold
reads; English words and impossible days are never read as dates.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfold.clean.dates import foreign_dated_spans

# Month names as the press of each language writes them (January .. December).
MONTHS = {
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
           "novembre", "dicembre"],
    "pl": ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
           "października", "listopada", "grudnia"],
}
FORMS = ["{d} {m} {y}", "{d}. {m} {y}", "{d} de {m} de {y}", "{d}-{m}-{y}", "{d:02d}-{m3}-{y}"]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(sorted(MONTHS)),
       st.sampled_from(FORMS), st.sampled_from(["", "Publicado el ", "Veröffentlicht am ", "le "]))
def test_a_written_day_is_read_back(day, lang, form, label):
    name = MONTHS[lang][day.month - 1]
    text = label + form.format(d=day.day, m=name, m3=name[:3], y=day.year)
    spans = foreign_dated_spans(text)
    if form == "{d:02d}-{m3}-{y}" and name[:3].lower() not in _abbreviations_read(lang, day.month):
        return  # not every language abbreviates a month to its first three letters
    assert [d for _, _, d in spans] == [day]
    offset, words, _ = spans[0]
    assert text[offset:offset + len(words)] == words


def _abbreviations_read(lang: str, month: int) -> set[str]:
    from newsfold.clean.dates import _month_names

    return {word for word, number in _month_names().items() if number == month}


@pytest.mark.parametrize("text", [
    "31 febrero 2024",  # no such day
    "5 out 2024",  # an English word, not October
    "3 days ago 2021",
    "Rated 4 of 5 in 2024",
    "12 Monate 2024",  # a word, not a month
    "November 9, 2016",  # English: dated_spans reads it
])
def test_no_date_is_read_from(text):
    assert foreign_dated_spans(text) == []

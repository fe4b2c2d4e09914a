"""Person mentions: name runs, roles, canonical names, modifiers."""

from __future__ import annotations

from conftest import make_article

from newsfold.understand import person_mentions


def names(*paras):
    art, raw = make_article(*paras)
    ms = person_mentions(art)
    for m in ms:
        assert raw[m.start:m.end] == m.text
    return ms


def test_title_splits_long_capitalised_run():
    ms = names("The claims of former US ambassador in Norway Peter Lund were dismissed, "
               "Lund's rival said.")
    first = ms[0]
    assert (first.text, first.role) == ("Peter Lund", "former US ambassador in Norway")
    assert ms[1].canonical == "Peter Lund" and ms[1].modifier  # possessive


def test_roles_inside_and_before_runs():
    ms = names("Deputy Prime Minister Olga Varga met State Department spokeswoman Jane Roe "
               "and Central Bank Director Ali Khan.")
    got = {(m.text, m.role) for m in ms}
    assert ("Olga Varga", "Deputy Prime Minister") in got
    assert ("Jane Roe", "State Department spokeswoman") in got
    assert ("Ali Khan", "Central Bank Director") in got


def test_canonical_fullest_name_before_or_after():
    ms = names("Varga spoke first.", "Economy minister Olga Varga later left.", "Varga returned.")
    assert [m.canonical for m in ms] == ["Olga Varga"] * 3


def test_organisations_and_places_are_not_people():
    ms = names("The United States and the European Union met in New Delhi. The Foreign "
               "Affairs Committee and the White House agreed.")
    assert ms == []


def test_modifier_and_in_quote_flags():
    ms = names('Senator Ann Cole said "Lee Park is wrong" about the Cole administration.')
    flags = {(m.text, m.in_quote, m.modifier) for m in ms}
    assert ("Ann Cole", False, False) in flags
    assert ("Lee Park", True, False) in flags
    assert ("Cole", False, True) in flags


def test_appositive_role():
    ms = names("Mark Ode, the agency's director, said the plan was sound.")
    assert ms[0].text == "Mark Ode" and ms[0].role and "director" in ms[0].role

"""Entities of one article: people, organisations, places under one canonical name."""

from __future__ import annotations

from conftest import make_article

from newsfold.understand import Entity, entities


def _ents(*paras):
    art, raw = make_article(*paras)
    es = entities(art)
    for e in es:
        for m in e.mentions:
            assert raw[m.start:m.end] == m.text
    return {e.name: e for e in es}


def test_person_name_surname_and_description_are_one_entity():
    es = _ents("Kremlin spokesman Dmitry Peskov said on Monday that talks were possible.",
               "Peskov added that no date had been set.",
               "The Kremlin spokesman also said the summit was not planned.")
    p = es["Dmitry Peskov"]
    assert isinstance(p, Entity) and p.type == "person"
    assert p.role == "Kremlin spokesman"
    texts = [m.text for m in p.mentions]
    assert texts[:2] == ["Dmitry Peskov", "Peskov"]
    assert "The Kremlin spokesman" in texts
    assert {m.kind for m in p.mentions} >= {"name", "surname", "description"}


def test_description_goes_to_the_matching_role():
    es = _ents("Senator Ann Cole met Mark Ode, the agency's director, in Paris.",
               "The director said the plan was sound, and the senator agreed.")
    assert any(m.kind == "description" and m.text == "The director" for m in es["Mark Ode"].mentions)
    assert any(m.kind == "description" and m.text == "the senator" for m in es["Ann Cole"].mentions)


def test_organisations_and_places():
    es = _ents("The State Department and the Kremlin disagreed over NATO, officials in Moscow said.",
               "The U.S. and Britain backed the North Atlantic Treaty Organization, the United States said.")
    assert es["State Department"].type == "org"
    assert es["Kremlin"].type == "org"
    assert es["Moscow"].type == "place"
    us = es["United States"]
    assert us.type == "place" and {m.text for m in us.mentions} == {"U.S.", "United States"}
    assert es["United Kingdom"].type == "place"
    assert "NATO" not in es or es["NATO"].type == "org"


def test_acronym_joins_its_long_name():
    es = _ents("The Federal Bureau of Investigation opened a case. The FBI declined to comment.")
    fbi = es["Federal Bureau of Investigation"]
    assert fbi.type == "org"
    assert [m.text for m in fbi.mentions] == ["Federal Bureau of Investigation", "FBI"]
    assert fbi.mentions[1].kind == "acronym"


def test_titles_and_demonyms_are_not_entities():
    es = _ents("Russian President Vladimir Putin met Americans on Monday.")
    assert set(es) == {"Vladimir Putin"}
    assert es["Vladimir Putin"].role == "Russian President"

"""Unit tests of the general page conventions the clean stage knows.

Each rule is checked on what it must catch *and* on the ordinary text it must
leave alone (a rule that eats body text is worse than no rule).
"""

from __future__ import annotations

import pytest

from newsfold.clean import clean
from newsfold.clean import knowledge as kb
from newsfold.clean.dates import is_date_stamp
from newsfold.clean.lines import classify, word_count
from newsfold.clean.meta import container_text, find_dateline, strip_site_suffix, url_host
from newsfold.records import Article, RawDoc


def kind(text: str) -> str | None:
    return classify(text, word_count(text))


@pytest.mark.parametrize("text", [
    "Published: 12 March 2021", "Updated March 12, 2021 at 11:02 a.m. EST", "2021-03-12 09:41",
    "Mon 12 Mar 2021 09.41 GMT", "Last updated: 4 June 2022 at 08:15 GMT", "Posted 3 hours ago",
    "Veröffentlicht am 12.03.2021, 14:05 Uhr",
])
def test_date_stamps(text):
    assert is_date_stamp(text) and kind(text) == "date"


@pytest.mark.parametrize("text", [
    "The deal was signed on June 5, 2019.", "Museum returns statues", "Paris hosts summit on March 3",
    "May 2021 be a better year", "Published in the Gazette", "12 hours of talks ended without a deal",
])
def test_not_date_stamps(text):
    assert not is_date_stamp(text)


@pytest.mark.parametrize("text,who", [
    ("By Jane Holloway", "Jane Holloway"), ("By AFP", "AFP"), ("Von Anna Schmidt", "Anna Schmidt"),
    ("Par Marie Dupont", "Marie Dupont"), ("Por Ana García", "Ana García"),
])
def test_bylines(text, who):
    assert kind(text) == "byline" and kb.BYLINE_RE.match(text)["who"] == who


@pytest.mark.parametrize("text", [
    "Von Der Leyen Wins Second Term As Commission President After Tense Vote",  # title-case headline
    "Par for the course", "By the river", "Von", "Por qué sube la luz",
])
def test_not_bylines(text):
    assert kind(text) != "byline"


@pytest.mark.parametrize("text", [
    "We use cookies to improve your experience on our site. By continuing to browse you agree to our use of cookies.",
    "This website uses cookies.", "Accept all cookies", "Manage cookies",
    "RELATED: House passes burn pit bill after weeks of delay and a long fight over the cost of the measure",
    "Read more: Inflation falls to lowest level in three years", "See also — Why rates are rising",
    "Home / Local / Transportation", "News > World", "Sport | Football | Premier League",
    "Subscribe to our newsletter for the latest news.", "Share this story.", "Support independent journalism.",
    "Copyright 2024 The Ledger Ltd.", "© 2024 The Ledger. All rights reserved.", "Already a member? Sign in here.",
    "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
])
def test_chrome(text):
    assert kind(text) == "chrome"


@pytest.mark.parametrize("text", [
    "Bakers say cookies and cakes sold out within hours of the market opening on Saturday.",
    "Watch-list of banks grows as regulators tighten rules on lending to property developers.",
    "Related-party transactions rose sharply last year, the auditor said.",
    "City council approves new bike lanes | The Riverside Courier",
    "Russia favors dialogue with US, no bright prospects in the offing / News / News agency Inforos",
    "The price of fuel rose / fell on alternate days, traders said.",
    # short news sentences that start with a chrome verb
    "Share prices fell sharply on Monday after the report.", "Support for the plan rose to 60 percent in 2023.",
    "Follow-up talks are planned for next month.", "Email records show the aide knew.",
    "Copyright holders won the case on Monday.", "Newsletter publishers face new rules.",
])
def test_not_chrome(text):
    assert kind(text) != "chrome"


@pytest.mark.parametrize("text,title", [
    ("City council approves new bike lanes | The Riverside Courier", "City council approves new bike lanes"),
    ("Markets rally after rate cut :: Business :: The Ledger", "Markets rally after rate cut"),
    ("Storm hits coast / Weather / The Ledger", "Storm hits coast"),
    ("Israel / Gaza talks resume in Cairo", "Israel / Gaza talks resume in Cairo"),  # headline's own slash
    ("Live | Day 500", "Live | Day 500"),  # too short a head to be a headline
    ("Budget vote | What the new spending plan means for families and pensioners", "Budget vote | What the new spending plan means for families and pensioners"),
])
def test_strip_site_suffix(text, title):
    assert strip_site_suffix(text) == title


def test_datelines():
    assert find_dateline("WASHINGTON (Reuters) - The Senate voted.").agency == "Reuters"
    d = find_dateline("KYIV, Ukraine (AP) — Drones struck overnight.")
    assert (d.text, d.agency) == ("KYIV, Ukraine", "AP")
    d = find_dateline("LONDON, March 3, 2020 (Reuters) - Sales fell.")
    assert (d.text, d.date, d.agency) == ("LONDON, March 3, 2020", "March 3, 2020", "Reuters")
    assert find_dateline("NATO. The alliance met.") is None


def test_container_fields_and_urls():
    assert container_text("  The Ledger ") == "The Ledger"
    assert container_text(" ") is None and container_text(["x"]) is None and container_text(True) is None
    assert container_text(2021) == "2021"
    assert url_host("https://www.example.com/x") == "example.com"
    assert url_host("http://[") is None and url_host("") is None


BODY = [
    "The Senate on Thursday passed a bill that would expand health care for millions of veterans.",
    "The measure passed by a vote of 84-14 and now goes to the president, who has said he will sign it.",
    "Veterans' groups had campaigned for years for the change, arguing that many fell ill after returning home.",
    "The bill is expected to cost about 280 billion dollars over the next decade, according to estimates.",
]


def body_lines(text: str) -> list[str]:
    a = clean(RawDoc(text, "<t>"))
    assert isinstance(a, Article)
    return [p.text for p in a.paragraphs]


def test_inline_link_inside_body_does_not_end_article():
    text = "\n\n".join(["Senate passes veterans bill", *BODY[:2], "Read more: House passes bill after delay", *BODY[2:]])
    assert body_lines(text) == BODY


def test_link_list_after_body_still_ends_article():
    teasers = ["Read more: House passes bill after delay",
               "\"We will keep fighting,\" a campaigner said on Monday after the vote was postponed again.",
               "Pentagon budget talks stall",
               "Lawmakers failed to agree on the size of next year's defence budget on Tuesday, aides said."]
    text = "\n\n".join(["Senate passes veterans bill", *BODY, *teasers])
    assert body_lines(text) == BODY


def test_more_from_outlet_ends_article():
    teasers = ["More from The Ledger", "Retail sales rebound in spring as shoppers return",
               "\"It has been a much better quarter than we feared,\" the chief executive of a store chain said."]
    a = clean(RawDoc("\n\n".join(["Senate passes veterans bill", *BODY, *teasers]), "<t>"))
    assert [p.text for p in a.paragraphs] == BODY
    assert [r.reason for r in a.removed][-2:] == ["teaser", "teaser"]


def test_updated_date_alone_pins_nothing():
    text = "\n".join(["Senate passes veterans bill", "Updated: 14 March 2021", "", *BODY])
    a = clean(RawDoc(text, "<t>"))
    assert a.published is None
    assert [(e.kind, e.value) for e in a.date_evidence] == [("updated", "2021-03-14")]
    assert a.title == "Senate passes veterans bill"


def test_short_paragraph_starting_with_a_chrome_word_stays_in_body():
    text = "\n\n".join(["Markets slide after bank warning", *BODY[:2], "Share prices fell sharply on Monday.", *BODY[2:]])
    assert body_lines(text) == [*BODY[:2], "Share prices fell sharply on Monday.", *BODY[2:]]

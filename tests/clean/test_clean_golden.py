"""Golden-file tests on small invented scrapes (see ``cleankit.py`` for regeneration).

Beside the exact comparison, ``INTENT`` states the point of each scrape, so a
careless regeneration cannot quietly accept a wrong answer.
"""

from __future__ import annotations

import pytest

from newsfold.records import Article, Rejected

from cleankit import REGEN, check, golden_names, run

INTENT = {
    "reuters_dateline": dict(wire="Reuters", outlet="Reuters", dateline="WASHINGTON", byline="Jane Holloway"),
    "ap_dateline": dict(wire="AP", dateline="KYIV, Ukraine", published=None),
    "breadcrumb": dict(title="City council approves new protected bike lanes for downtown",
                       outlet="The Riverside Courier"),
    "chrome_cookies": dict(title="Harbour town votes to ban cruise ships from its old port", kept=[8, 10, 12, 14]),
    "photo_captions": dict(kept=[4, 8, 12, 14], caption=[6, 10]),
    "teasers": dict(kept=[4, 6, 8, 10], teaser=[14, 15, 17, 18, 22, 23]),
    "published_header": dict(published="2021-03-12", evidence=("header", "2021-03-12")),
    "published_updated": dict(published="2022-06-02", evidence=("updated", "2022-06-04")),
    "dateline_fulldate": dict(dateline="LONDON, March 3, 2020", wire="Reuters", published="2020-03-03"),
    "inbody_dates": dict(published=None, caption=[3]),
    "subheadings": dict(kept=[3, 5, 7, 9, 11, 13, 15, 17]),
    "inline_related_link": dict(kept=[3, 5, 9, 11]),
    "inbody_box": dict(kept=[4, 6, 14, 16, 18, 20], teaser=[10, 11, 12]),
    "short_notitle": dict(title=None, kept=[1]),
    "only_chrome": dict(rejected=True),
    "german": dict(language="de", byline="Anna Schmidt", title="Stadtrat beschließt neues Radwegenetz für die Innenstadt"),
    "french": dict(language="fr", byline="Marie Dupont"),
}


def test_every_golden_scrape_has_an_intent():
    assert set(golden_names()) == set(INTENT)


@pytest.mark.parametrize("name", golden_names())
def test_golden(name):
    check(name)


@pytest.mark.parametrize("name", sorted(INTENT))
def test_intent(name):
    if REGEN:
        pytest.skip("regenerating golden files")
    want = INTENT[name]
    result = run(name)
    if want.get("rejected"):
        assert isinstance(result, Rejected) and result.stage == "clean"
        return
    assert isinstance(result, Article)
    for field in ("title", "outlet", "wire", "byline", "dateline", "published", "language"):
        if field in want:
            assert getattr(result, field) == want[field], field
    if "kept" in want:
        assert [p.line for p in result.paragraphs] == want["kept"]
    reasons = {r.line: r.reason for r in result.removed}
    for reason in ("caption", "teaser"):
        for line in want.get(reason, ()):
            assert reasons.get(line) == reason, (line, reasons.get(line))
    if "evidence" in want:
        assert want["evidence"] in [(e.kind, e.value) for e in result.date_evidence]

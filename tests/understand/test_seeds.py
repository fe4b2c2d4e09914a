"""Gold quotes of the five seed articles (data read from /work/shared at run time)."""

from __future__ import annotations

import pytest

import seedkit
from newsfold.understand import QuoteOptions, extract_quotes

NAMES = ["000_55805fb14db6237d.txt", "001_841052fd0680bd85.txt", "002_7232697f6054e887.txt",
         "003_85b8bfb2e3a08596.txt", "004_e9ebb6f92eef1df4.txt"]


def _run(gold, name, opts=QuoteOptions()):
    doc = gold[name]
    art, raw = seedkit.build_article(name, doc["body_lines"])
    quotes = extract_quotes(art, opts)
    line = {i: p.line for i, p in enumerate(art.paragraphs)}
    return doc, raw, quotes, line


def _match(g, q, line) -> bool:
    if line[q.paragraph] != g["line"]:
        return False
    if g["kind"] == "indirect":
        return q.kind == "indirect" and g["text"].strip() in q.text
    return q.text.strip() == g["text"].strip()


@pytest.mark.parametrize("name", NAMES)
def test_raw_offsets(gold, name):
    doc, raw, quotes, _ = _run(gold, name)
    assert quotes
    for q in quotes:
        assert raw[q.start:q.end] == q.text
        assert q.article_id == name


@pytest.mark.parametrize("kind", ["direct", "partial"])
@pytest.mark.parametrize("name", NAMES)
def test_gold_quotes_found_with_speaker(gold, name, kind):
    doc, raw, quotes, line = _run(gold, name)
    for g in doc["quotes"]:
        if g["kind"] != kind:
            continue
        found = [q for q in quotes if _match(g, q, line)]
        assert found, f"missing {kind} quote line {g['line']}: {g['text']!r}"
        q = found[0]
        assert q.kind == kind, (g, q)
        assert q.speaker == g["speaker"], (g, q)
        if "cue" in g:
            assert q.cue == g["cue"], (g, q)


def test_gold_indirect_recall(gold):
    total = hit = right = 0
    for name in NAMES:
        doc, raw, quotes, line = _run(gold, name)
        for g in doc["quotes"]:
            if g["kind"] != "indirect":
                continue
            total += 1
            found = [q for q in quotes if _match(g, q, line)]
            if found:
                hit += 1
                right += found[0].speaker == g["speaker"]
    print(f"\ngold indirect: found {hit}/{total}, right speaker {right}/{total}")
    assert hit == total and right == total


def test_indirect_off(gold):
    for name in NAMES:
        _, _, quotes, _ = _run(gold, name, QuoteOptions(include_indirect=False))
        assert all(q.kind != "indirect" for q in quotes)


def test_extra_quotes_are_only_reported_speech(gold):
    """Precision on the seeds: what we extract that the gold does not list."""
    extras = []
    for name in NAMES:
        doc, raw, quotes, line = _run(gold, name)
        for q in quotes:
            if not any(_match(g, q, line) for g in doc["quotes"]):
                extras.append((name[:3], line[q.paragraph], q.kind, q.speaker, q.text[:60]))
    for e in extras:
        print("extra:", *e)
    # every quotation mark span the gold lists is the only one we report
    assert all(e[2] == "indirect" for e in extras)
    # The gold lists only some indirect speech. The rules alone report 11 more genuine
    # statements; with the attribution tagger 17 (each read by hand: reported speech of
    # the Kremlin, the State Department, Peskov ...; one odd source, "the results of the
    # US midterms", from "according to the results ..."). A regression guard, not a target.
    assert len(extras) <= 20
    assert all(e[3] for e in extras)


def test_no_unresolved_direct_speakers(gold):
    for name in NAMES:
        doc, raw, quotes, line = _run(gold, name)
        for q in quotes:
            if q.kind == "direct":
                assert q.speaker is not None, q

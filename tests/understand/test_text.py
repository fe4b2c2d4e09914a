"""Quotation spans and sentence splitting."""

from __future__ import annotations

from newsfold.understand.text import mask_quotes, quote_spans, sentence_bounds


def contents(text):
    return [text[s.start:s.end] for s in quote_spans(text)]


def test_curly_and_straight_pairs():
    assert contents('He called it “illegal” and "absurd," she said.') == ["illegal", "absurd,"]


def test_apostrophes_are_not_quotes():
    t = "Russia's view: they don’t care about the countries’ leaders or the '90s."
    assert contents(t) == []


def test_single_quotes_when_clearly_quoting():
    assert contents("Ministry on 'Dutch plan' in EU ‘budget’ talk") == ["Dutch plan", "budget"]


def test_stray_closing_mark_is_ignored():
    t = 'He noted that "It is hard." He stressed that talks went on."'
    assert contents(t) == ["It is hard."]


def test_stray_opening_mark_is_ignored():
    t = 'He said "we will see. Later she called it "absurd" and left.'
    assert contents(t) == ["absurd"]


def test_unclosed_quote_runs_to_paragraph_end():
    t = '"We will rebuild the bridge. It will take years.'
    assert contents(t) == ["We will rebuild the bridge. It will take years."]


def test_mask_keeps_trailing_punctuation_and_sentences():
    t = '"It is over." He left. Dr. Mo Ali, of the U.S. Army, stayed.'
    spans = quote_spans(t)
    masked = mask_quotes(t, spans)
    assert len(masked) == len(t) and masked.endswith("stayed.")
    assert "It is over" not in masked
    sents = [t[a:b] for a, b in sentence_bounds(masked)]
    assert sents == ['"It is over."', "He left.", "Dr. Mo Ali, of the U.S. Army, stayed."]

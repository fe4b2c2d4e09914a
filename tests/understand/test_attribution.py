"""Linking tagged spans into attributions, and the tagger-backed quotes."""

from __future__ import annotations

import pytest
from conftest import make_article

from newsfold.records import Quote
from newsfold.understand import QuoteOptions, extract_quotes, tagger
from newsfold.understand.attribution import assemble, share_contents
from newsfold.understand.learned import _conventions, _headline, _quotation_bounds
from newsfold.understand.quotes import analyse


def _labels(text, marks):
    """BIO labels from {word index: role} runs given as (first, last, role)."""
    toks = tagger.tokenize(text)
    labs = ["O"] * len(toks)
    for i, j, role in marks:
        for k in range(i, j + 1):
            labs[k] = ("B-" if k == i else "I-") + role
    return toks, labs


def _words(text, toks, span):
    return text[span.start:span.end]


def test_assemble_links_source_and_content_to_the_nearest_cue():
    text = 'Jo Bell said the plan failed. "We are done," Tom Hale added.'
    toks, labs = _labels(text, [(0, 1, "source"), (2, 2, "cue"), (3, 5, "content"),
                                (7, 12, "content"), (13, 14, "source"), (15, 15, "cue")])
    atts = assemble(text, toks, labs)
    got = [(_words(text, toks, a.cue), [_words(text, toks, s) for s in a.sources],
            [_words(text, toks, c) for c in a.contents]) for a in atts]
    assert got == [("said", ["Jo Bell"], ["the plan failed"]),
                   ("added", ["Tom Hale"], ['"We are done,"'])]


def test_assemble_splits_a_source_at_a_sentence_end_and_drops_a_leading_but():
    text = '"Ready," said coach Ivan Petrov. But striker Ana Lopes said: "Tired."'
    toks = tagger.tokenize(text)
    words = [text[a:b] for a, b in toks]
    i_src, j_src = words.index("coach"), words.index("Lopes")
    labs = ["O"] * len(toks)
    for k in range(0, 4):
        labs[k] = ("B-" if k == 0 else "I-") + "content"
    labs[4] = "B-cue"
    for k in range(i_src, j_src + 1):
        labs[k] = ("B-" if k == i_src else "I-") + "source"
    labs[j_src + 1] = "B-cue"
    for k in range(j_src + 3, len(toks)):
        labs[k] = ("B-" if k == j_src + 3 else "I-") + "content"
    atts = assemble(text, toks, labs)
    srcs = [[_words(text, toks, s) for s in a.sources] for a in atts]
    assert srcs == [["coach Ivan Petrov."], ["striker Ana Lopes"]]


def test_assemble_splits_content_at_a_speech_participle():
    text = "Rand spoke, saying the border was quiet and stressing that no troops had moved."
    toks = tagger.tokenize(text)
    words = [text[a:b] for a, b in toks]
    k = words.index("saying")
    labs = ["O"] * len(toks)
    labs[0] = "B-source"
    labs[k] = "B-cue"
    for m in range(k + 1, len(toks) - 1):
        labs[m] = ("B-" if m == k + 1 else "I-") + "content"
    atts = assemble(text, toks, labs)
    got = [(_words(text, toks, a.cue), [_words(text, toks, c) for c in a.contents]) for a in atts]
    assert got == [("saying", ["the border was quiet"]), ("stressing", ["that no troops had moved"])]


def test_orphan_content_continues_only_a_paragraph_without_cue():
    text = '"It is over." Mayor Bo Lin said the plan had failed.'
    toks = tagger.tokenize(text)
    words = [text[a:b] for a, b in toks]
    s = words.index("Mayor")
    labs = ["O"] * len(toks)
    for m in range(0, s):
        labs[m] = ("B-" if m == 0 else "I-") + "content"
    atts = assemble(text, toks, labs)
    assert [a.continues for a in atts] == [True]


needs_model = pytest.mark.skipif(not tagger.available(), reason="attribution tagger weights not installed")


@needs_model
def test_tagger_labels_are_valid_bio():
    paras = ['Senator Ann Cole said on Monday that the bill "will not pass."', "", "No attribution here."]
    out = tagger.model().tag_paragraphs(paras)
    assert [len(t) for t, _ in out] == [len(tagger.tokenize(p)) for p in paras]
    for _toks, labs in out:
        for prev, lab in zip(["O", *labs], labs):
            assert lab in tagger.LABELS
            if lab.startswith("I-"):
                assert prev[2:] == lab[2:]
    toks, labs = out[0]
    assert "B-cue" in labs and "B-source" in labs and "B-content" in labs


@needs_model
def test_beliefs_only_in_attribution_scope():
    art, raw = make_article("Senator Ann Cole believes the election will be close.",
                            "Cole said the bill would fail.")
    speech = extract_quotes(art)
    allq = extract_quotes(art, QuoteOptions(scope="attribution"))
    assert not any(q.paragraph == 0 for q in speech)
    assert any(q.paragraph == 0 and q.kind == "indirect" for q in allq)
    for q in allq:
        assert raw[q.start:q.end] == q.text
    said = [q for q in speech if q.paragraph == 1]
    assert said and said[0].speaker == "Ann Cole" and said[0].text == "the bill would fail"


@needs_model
def test_speaker_span_is_the_whole_source_and_mention_the_name():
    art, raw = make_article('"The budget is balanced," said Anna Berg, the finance minister.')
    q = extract_quotes(art)[0]
    assert (q.speaker, q.speaker_mention) == ("Anna Berg", "Anna Berg")
    assert q.speaker_span and raw[q.speaker_span[0]:q.speaker_span[1]].startswith("Anna Berg")
    assert q.cue_span and raw[q.cue_span[0]:q.cue_span[1]] == "said"


def test_a_quotation_opening_after_a_sentence_end_belongs_to_the_cue_after_it():
    text = '"We won," Bo Lin says. "They know it," he notes.'
    toks, labs = _labels(text, [(0, 4, "content"), (5, 6, "source"), (7, 7, "cue"),
                                (9, 14, "content"), (15, 15, "source"), (16, 16, "cue")])
    atts = assemble(text, toks, labs)
    got = [(_words(text, toks, a.cue), [_words(text, toks, c) for c in a.contents]) for a in atts]
    assert got == [("says", ['"We won,"']), ("notes", ['"They know it,"'])]


def test_a_nested_cue_without_content_shares_the_content_beside_it():
    text = 'Polling shows that "voters are tired," said Ute Berg.'
    toks, labs = _labels(text, [(0, 0, "source"), (1, 1, "cue"), (2, 8, "content"), (9, 9, "cue"), (10, 11, "source")])
    atts = assemble(text, toks, labs)
    assert [len(a.contents) for a in atts] == [1, 0]
    share_contents(text, toks, atts)
    assert [[_words(text, toks, c) for c in a.contents] for a in atts] == [['that "voters are tired,"']] * 2
    lone = 'Ute Berg said. Polling shows that "voters are tired."'  # another sentence: nothing to share
    toks, labs = _labels(lone, [(0, 1, "source"), (2, 2, "cue"), (4, 4, "source"), (5, 5, "cue"), (6, 12, "content")])
    atts = assemble(lone, toks, labs)
    share_contents(lone, toks, atts)
    assert [len(a.contents) for a in atts] == [0, 1]


def _para(text):
    art, _raw = make_article(text)
    return analyse(art)[0][0]


def _quote(para, cue, source):
    """A quote whose cue and speaker spans are the first occurrences of those words."""
    def span(w):
        k = para.start + para.text.index(w)
        return k, k + len(w)

    return Quote("t", "x", "direct", None, None, None, 0, 0, 1, span(cue), span(source))


def test_cue_and_source_spans_follow_polnear_conventions():
    p = _para('Ann Cole, the mayor, replied: "No." Bo Lin, who left, said it was over.')
    q = _conventions(p, _quote(p, cue="replied", source="Ann Cole, the mayor"))
    assert p.text[q.cue_span[0]:q.cue_span[1]] == "replied:"
    assert p.text[q.speaker_span[0]:q.speaker_span[1]] == "Ann Cole, the mayor,"  # the appositive's comma
    q = _conventions(p, _quote(p, cue="said", source="Bo Lin,"))
    assert p.text[q.speaker_span[0]:q.speaker_span[1]] == "Bo Lin"  # a plain name: no comma
    assert p.text[q.cue_span[0]:q.cue_span[1]] == "said"
    p = _para("Bill Clinton disingenuously claimed it, and Kelly has also said so.")
    q = _conventions(p, _quote(p, cue="claimed", source="Bill Clinton disingenuously"))
    assert p.text[q.cue_span[0]:q.cue_span[1]] == "disingenuously claimed"  # the adverb is the cue's
    assert p.text[q.speaker_span[0]:q.speaker_span[1]] == "Bill Clinton"
    q = _conventions(p, _quote(p, cue="said", source="Kelly"))
    assert p.text[q.cue_span[0]:q.cue_span[1]] == "has also said"
    assert p.text[q.speaker_span[0]:q.speaker_span[1]] == "Kelly"


def test_a_content_stops_at_a_quotation_that_closes_its_sentence():
    p = _para('Kay said "We never see them." Perhaps not, but the talks went on.')
    a = p.text.index('"')
    assert p.text[slice(*_quotation_bounds(p, a, len(p.text) - 1))] == '"We never see them."'
    b = p.text.index(" Perhaps")
    assert _quotation_bounds(p, a, b) == (a, b)  # already ends at the quotation


def test_headlines_keep_capitalised_cues():
    assert _headline("Black Lawmakers Rip Donald Trump As A ‘Disgusting Fraud.’")
    assert not _headline("Governor Omar Said visited the flooded towns on Monday.")

"""Linking tagged spans into attributions, and the tagger-backed quotes."""

from __future__ import annotations

import pytest
from conftest import make_article

from newsfold.understand import QuoteOptions, extract_quotes, tagger
from newsfold.understand.attribution import assemble


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

"""Property tests: extract_quotes never raises and keeps offsets inside paragraphs."""

from __future__ import annotations

from conftest import make_article
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfold.understand import extract_quotes, person_mentions

_WORDS = ["said", "says", "told", "he", "she", "the", "spokesman", "Anna", "Berg", "Ministry",
          "President", "that", "according", "to", "adding:", "noted:", "“", "”", '"', "'",
          "‘", "’", ",", ".", "don't", "Russia's", "of", "in", "reporters", "Mr.", "U.S.",
          "saying", "—", "…", "\u00a0", "Said", "(", ")", "[", "]"]

fragments = st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=8)), max_size=40)
paragraph = fragments.map(lambda ws: " ".join(ws).replace("\n", " ").strip() or "x")


@settings(max_examples=300, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=4))
def test_never_raises_and_offsets_inside_paragraph(paras):
    art, raw = make_article(*paras)
    quotes = extract_quotes(art)
    for q in quotes:
        p = art.paragraphs[q.paragraph]
        assert p.start <= q.start <= q.end <= p.start + len(p.text)
        assert raw[q.start:q.end] == q.text
        assert q.kind in ("direct", "partial", "indirect")
    for m in person_mentions(art):
        p = art.paragraphs[m.paragraph]
        assert p.start <= m.start <= m.end <= p.start + len(p.text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=200).map(lambda s: s.replace("\n", " ")), min_size=1,
                max_size=3))
def test_arbitrary_unicode(paras):
    art, raw = make_article(*paras)
    for q in extract_quotes(art):
        p = art.paragraphs[q.paragraph]
        assert p.start <= q.start <= q.end <= p.start + len(p.text)

"""Properties of ``clean`` on arbitrary input (hypothesis).

Whatever the text, ``clean`` returns an Article or a Rejected (never raises);
each raw line is accounted for at most once across kept paragraphs and removed
lines; and every paragraph is a verbatim slice of the raw text at its offset
(later stages map quotes back to the raw input through these offsets).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from newsfold.clean import clean, site_key
from newsfold.records import Article, RawDoc, Rejected

# Fragments that exercise every rule: datelines, bylines, credits, captions, chrome,
# end markers, date stamps, breadcrumbs, other scripts, odd whitespace and combining marks.
FRAGMENTS = [
    "The minister said on Tuesday that talks would resume.", "“We will not back down,” she said.",
    "WASHINGTON (Reuters) -", "KYIV, Ukraine (AP) —", "LONDON, March 3, 2020 (Reuters) -", "MOSCOW, November 9 /TASS/.",
    "By Jane Doe", "Von Anna Schmidt", "(Reporting by A; Editing by B)", "REUTERS/John Smith",
    "(Photo by Jane Doe/Getty Images)", "FILE PHOTO:", "Read more", "Related stories", "RELATED: headline here",
    "More from The Ledger", "Share", "Subscribe", "We use cookies. By continuing to browse you agree to our cookies.",
    "Published: 12 March 2021", "Updated 9:41 a.m. EST", "Title | Site", "Home / News / World", "© 2024 Site",
    "Жизнь продолжается", "東京で会議が開かれた。", "مرحبا بالعالم", "e\u0301", "\u200b", "\ufeff", "\u00a0",
    "\u2028", "\u0085", "\r", "\t", "\x0b", "\x0c", "\x1c", "...", "—", "|", "/", "(", ")", "\"", "1999-02-31",
]
lines = st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=6).map(" ".join)
newsish = st.lists(lines, max_size=30).flatmap(
    lambda ls: st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]).map(lambda sep: sep.join(ls))
)
long_line = st.tuples(st.sampled_from(["A", "Aa ", "a. ", "/A", "ABC, ", "By A ", "((", "\u0416 "]),
                      st.integers(1000, 20000)).map(lambda t: t[0] * t[1])
punctuation = st.text(alphabet=".,;:!?-—–/|()[]{}\"'“”‘’«»…*#@%&\n ", max_size=400)
texts = st.one_of(st.text(max_size=2000), newsish, long_line, punctuation)
# Container fields as JSON dumps carry them: strings, blanks, numbers, lists, malformed URLs.
field_values = st.one_of(
    st.none(), st.text(max_size=40), st.integers(), st.floats(), st.booleans(), st.lists(st.text(max_size=5), max_size=2),
    st.sampled_from(["http://[", "https://www.example.com/a", "2021-02-30", "March 3, 2020", "://", "   "]),
)
meta = st.dictionaries(st.sampled_from(["title", "published", "outlet", "url", "language"]), field_values, max_size=4)
ARTICLE = "Some headline here today\n\nThe minister said on Tuesday that talks would resume next week."


def check_invariants(text: str, result: Article | Rejected) -> None:
    assert isinstance(result, (Article, Rejected))
    if isinstance(result, Rejected):
        assert result.stage == "clean" and result.reason
        return
    numbers = [p.line for p in result.paragraphs] + [r.line for r in result.removed]
    assert len(numbers) == len(set(numbers))
    n_lines = text.count("\n") + 1
    assert all(1 <= n <= n_lines for n in numbers)
    for p in result.paragraphs:
        assert text[p.start : p.start + len(p.text)] == p.text
    assert result.paragraphs  # an Article always has a body


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_clean_never_raises_and_keeps_contracts(text):
    check_invariants(text, clean(RawDoc(text, "<prop>")))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(ARTICLE, {"url": "http://["}, frozenset())
@example(ARTICLE, {"title": 5, "outlet": 7, "published": 3.5, "language": 0}, frozenset())
@example(ARTICLE, {"title": ["a"], "outlet": {"a": 1}, "published": ["x"]}, frozenset())
@example(ARTICLE, {"title": "   ", "outlet": "  "}, frozenset())
@given(newsish, meta, st.frozensets(st.sampled_from(FRAGMENTS + ["the minister said on tuesday that talks would resume."]), max_size=5))
def test_clean_with_container_meta_and_repetition(text, fields, repeated):
    raw = RawDoc(text, "<prop>", fields)
    check_invariants(text, clean(raw, repeated=repeated))
    assert isinstance(site_key(raw), str)


def test_blank_container_title_is_no_title():
    a = clean(RawDoc(ARTICLE, "<t>", {"title": "  ", "outlet": " "}))
    assert isinstance(a, Article)
    assert a.title == "Some headline here today" and a.outlet is None


@pytest.mark.parametrize("text", [
    "A" + " " * 100_000 + "b.",  # once quadratic in the separator searches
    "Hello there" + " " * 100_000 + "| world",
    "a | " * 30_000, "Aa / " * 30_000, "Aa > " * 30_000, "1 " * 50_000, "March " * 30_000,
    ("A" + "\u00a0" * 5_000 + "b.\n") * 40, "We use " + "cookies " * 20_000,
])
def test_pathological_lines_stay_fast(text):
    start = time.perf_counter()
    check_invariants(text, clean(RawDoc(text, "<slow>")))
    assert time.perf_counter() - start < 3.0


@pytest.mark.parametrize("text", [
    "Bus news\nThe council voted \udcff on Tuesday to expand the bus network, officials said.\n",
    "<html><body><h1>Bus news</h1><p>The council voted \ud800 on Tuesday, officials said.</p></body></html>",
])
def test_lone_surrogate_is_rejected_with_a_reason(text):
    # Sources reject these already; a RawDoc built through the Python API must not crash clean.
    result = clean(RawDoc(text, "hand-made"))
    assert isinstance(result, Rejected)
    assert "surrogate" in result.reason

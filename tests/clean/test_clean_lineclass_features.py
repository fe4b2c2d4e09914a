"""The line classifier's page-at-once features agree with their one-line-at-a-time definitions.

``lineclass.features`` computes its columns for a whole page with table lookups and
cumulative sums (for speed); these tests check the columns against plain Python over
each line, on invented pages in several scripts.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsfold.clean import lineclass
from newsfold.clean.lines import line_features
from newsfold.clean.segment import find_body, is_comment_line, line_score

PAGE = [
    "Bus network to grow | The Courier",
    "Home", "News", "Sport", "Contact us",
    "By Jane Doe", "November 19, 2019 at 6:34 am",
    "The city council voted on Tuesday to expand the bus network to three new districts, officials said.",
    "«Wir bauen 40 neue Busse», sagte die Bürgermeisterin am Dienstag, “und zwei Depots.”",
    "Ο δήμαρχος είπε ότι το σχέδιο θα κοστίσει 12,5 εκατ. ευρώ.",
    "Мэр заявил, что план обойдётся в 12,5 млн евро...",
    "市议会周二投票决定扩大公交网络。",
    "WATCH: THE MAYOR EXPLAINS THE PLAN",
    "Reports: Mayor will be fined (145)",
    "Updated 10:45 am — see www.example.org or @courier",
    "Is this the end of the old tram line?",
    "Jane Doe on March 3, 2020 at 4:12 pm said:",
    "Photo: City Council / Reuters",
    "Related stories",
    "Storm warning issued for the coast this weekend…",
    "Home",
]

CAPITAL = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") | {chr(c) for c in range(192, 223) if c != 215} | \
          {chr(c) for c in range(913, 938)} | {chr(c) for c in range(1040, 1072)}
OPENERS = set(" \t\n\"'“‘(«„[")


def column(X: np.ndarray, name: str) -> np.ndarray:
    return X[:, lineclass.FEATURES.index(name)]


@pytest.fixture(scope="module")
def page():
    lines = line_features("\n".join(PAGE))
    return lines, lineclass.features(lines)


def test_character_counts_match_the_per_line_definitions(page):
    lines, X = page
    for i, ln in enumerate(lines):
        t = ln.text
        assert column(X, "digits")[i] == pytest.approx(sum(ch.isascii() and ch.isdigit() for ch in t) / len(t))
        punct = sum(ch.isascii() and not ch.isalnum() and not ch.isspace() and ch.isprintable() for ch in t)
        assert column(X, "punctuation")[i] == pytest.approx(punct / len(t))
        caps = sum(ch in CAPITAL and (j == 0 or t[j - 1] in OPENERS) for j, ch in enumerate(t))
        assert (column(X, "cap_words")[i] > 0) == (caps > 0), t


def test_line_shape_flags_match_the_text(page):
    lines, X = page
    for i, ln in enumerate(lines):
        t = ln.text
        assert column(X, "first_upper")[i] == t[0].isupper()
        assert column(X, "ends_ellipsis")[i] == t.endswith(("...", "…"))
        assert column(X, "question")[i] == t.endswith("?")
        assert column(X, "all_caps")[i] == t.isupper()
        assert column(X, "count_end")[i] == t.endswith("(145)")
        assert column(X, "time")[i] == ("10:45" in t or "4:12" in t or "6:34" in t)
        assert column(X, "link_or_handle")[i] == ("www." in t or "@" in t)
        assert column(X, "comment")[i] == is_comment_line(ln.words, t.lower())


def test_neighbour_and_window_columns_are_the_shifted_and_averaged_line_columns(page):
    lines, X = page
    n = len(lines)
    words = column(X, "log_words")
    for off in (-3, -1, 2):
        expected = [words[i + off] if 0 <= i + off < n else 0.0 for i in range(n)]
        assert column(X, f"log_words_{off:+d}").tolist() == pytest.approx(expected)
    for i in range(n):
        lo, hi = max(0, i - 3), min(n, i + 4)
        assert column(X, "win3_log_words")[i] == pytest.approx(words[lo:hi].mean())
        lo, hi = max(0, i - 6), min(n, i + 7)
        assert column(X, "win6_comment")[i] == pytest.approx(column(X, "comment")[lo:hi].mean())


def test_rule_scores_of_the_page_are_line_score_and_give_the_rule_segmentation(page):
    lines, X = page
    kind_at = np.array([lineclass._KIND_COLUMN.get(ln.kind, -1) for ln in lines])
    words = np.array([ln.words for ln in lines], float)
    sentence = np.array([ln.sentence_like for ln in lines], float)
    scores = lineclass._rule_scores(kind_at, words, sentence)
    assert scores.tolist() == [line_score(ln) for ln in lines]
    assert {ln.kind for ln in lines} >= {"chrome", "byline", "date", "caption"}  # the page exercises the kinds
    assert find_body(lines, rule_scores=scores.tolist()) == find_body(lines)


def test_a_lone_surrogate_does_not_stop_the_features():
    # Text decoded from bytes with surrogateescape keeps undecodable bytes as lone surrogates.
    lines = line_features("Bus news\nThe council voted \udcff on Tuesday to expand the bus network, officials said.\n")
    X = lineclass.features(lines)
    assert X.shape == (2, len(lineclass.FEATURES)) and np.isfinite(X).all()

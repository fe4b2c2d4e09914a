"""Same statement, other words: do two quotes report one utterance?

Two quotes report the same statement when the same speaker is credited and
their content words overlap beyond chance, weighted by how rare each word is
(background IDF) — "no bright prospects for normalizing Russian-American
relations" and "rosy prospects for the normalization of Russian-U.S. ties"
share "prospects", "normaliz-", "Russian". The overlap coefficient (shared
weight over the smaller quote's weight) lets a short quote match inside a
longer one, as when one outlet quotes a sentence and another a paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Quote
from .features import STOPWORDS, background_idf, stem, tokens


@dataclass(frozen=True, slots=True)
class StatementOptions:
    min_overlap: float = 0.3  # weighted overlap coefficient
    min_shared: int = 2  # content words in common
    min_words: int = 3  # shorter quotes ("illegal") are too thin to match on


def content(text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for w in tokens(text):
        if len(w) >= 3 and w not in STOPWORDS:
            s = stem(w)
            out[s] = max(out.get(s, 0.0), background_idf(w))
    return out


def same_speaker(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a, b = a.casefold(), b.casefold()
    return a == b or a.split()[-1] == b.split()[-1]


def statement_overlap(a: str, b: str, opts: StatementOptions = StatementOptions()) -> float:
    ca, cb = content(a), content(b)
    if len(ca) < opts.min_words or len(cb) < opts.min_words:
        return 0.0
    shared = ca.keys() & cb.keys()
    if len(shared) < opts.min_shared:
        return 0.0
    weight = sum(min(ca[t], cb[t]) for t in shared)
    return weight / min(sum(ca.values()), sum(cb.values()))


def matching_statements(
    qa: list[Quote], qb: list[Quote], opts: StatementOptions = StatementOptions()
) -> list[tuple[Quote, Quote, float]]:
    """Pairs (quote of a, quote of b, overlap) that report the same statement."""
    pairs = []
    for x in qa:
        for y in qb:
            if x.kind == "indirect" and y.kind == "indirect":
                continue  # two paraphrases by reporters share words by topic, not by utterance
            if not same_speaker(x.speaker, y.speaker):
                continue
            score = statement_overlap(x.text, y.text, opts)
            if score >= opts.min_overlap:
                pairs.append((x, y, round(score, 3)))
    return pairs

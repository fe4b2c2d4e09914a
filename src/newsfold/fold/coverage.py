"""How each outlet covered a story, related stories, and top stories.

* Wire copies are told apart from original reporting: an article whose wire
  (byline, dateline, credit) names an agency other than its outlet, or which
  copies an earlier article, carries someone else's reporting.
* Sentences only one outlet reported: a sentence of one article with no
  sentence in any other article of the story sharing most of its content words.
* The same statement in each outlet's wording: quotes of the story grouped by
  :func:`~newsfold.fold.statements.matching_statements`.
* Related stories share the storyline or a profile close to this one's;
  top stories rank by how many outlets covered them, then how recent they are.
"""

from __future__ import annotations

import math
import re
import time
from datetime import date
from typing import Any

from ..records import Article, Quote
from .features import STOPWORDS, cosine, stem, tokens, weighted
from .statements import QuotesBySpeaker, matching_statements

_SENTENCE_RE = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z0-9])")


def is_wire_copy(article: Article, originals_outlet: str | None = None) -> bool:
    if article.duplicate_of and originals_outlet and originals_outlet != article.outlet:
        return True
    return bool(article.wire and article.outlet and article.wire.casefold() != article.outlet.casefold())


def _content(sentence: str) -> set[str]:
    return {stem(w) for w in tokens(sentence) if len(w) > 2 and w not in STOPWORDS}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_RE.split(text) if len(s.split()) >= 6]


def unique_sentences(articles: list[Article], overlap: float = 0.5) -> dict[str, list[str]]:
    """Per article ID, its sentences that no other article of the story tells."""
    per = {a.id: [(s, _content(s)) for p in a.paragraphs for s in sentences(p.text)] for a in articles}
    out: dict[str, list[str]] = {}
    for a in articles:
        others = [c for b in articles if b.id != a.id and b.duplicate_of != a.id and a.duplicate_of != b.id
                  for _, c in per[b.id]]
        if not others:
            continue
        mine = []
        for text, words in per[a.id]:
            if not words:
                continue
            best = max((len(words & c) / len(words) for c in others), default=0.0)
            if best < overlap:
                mine.append(text)
        out[a.id] = mine
    return out


def statement_groups(quotes_by_article: dict[str, list[Quote]]) -> list[list[dict[str, Any]]]:
    """Groups of quotes, from different articles, that report one statement."""
    ids = list(quotes_by_article)
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    grouped = {a: QuotesBySpeaker(q) for a, q in quotes_by_article.items()}  # once, not once per pair
    for i, a in enumerate(ids):
        time.sleep(0)  # let other threads run (a server computes big stories' coverage in the background)
        for b in ids[i + 1:]:
            qa, qb = quotes_by_article[a], quotes_by_article[b]
            for x, y, _ in matching_statements(grouped[a], grouped[b]):
                parent[find((a, qa.index(x)))] = find((b, qb.index(y)))
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for key in list(parent):
        groups.setdefault(find(key), []).append(key)
    out = []
    for members in groups.values():
        if len({a for a, _ in members}) < 2:
            continue
        out.append([
            {"article_id": a, "speaker": quotes_by_article[a][i].speaker, "text": quotes_by_article[a][i].text}
            for a, i in sorted(members)
        ])
    return out


def related(target: dict[str, float], profiles: dict[str, dict[str, float]], k: int = 5) -> list[tuple[str, float]]:
    """The ``k`` stories whose term profiles are closest to ``target`` (background IDF only)."""
    vec = weighted(target, {}, 0)
    scored = [(sid, cosine(vec, weighted(p, {}, 0))) for sid, p in profiles.items()]
    return sorted((x for x in scored if x[1] > 0), key=lambda x: -x[1])[:k]


def top_score(outlets: int, articles: int, last: str | None, today: date | None, half_life_days: float = 2.0) -> float:
    """Breadth of coverage, decayed by age when dates are known."""
    breadth = outlets + 0.25 * math.log1p(articles)
    if last and today:
        age = max((today - date.fromisoformat(last)).days, 0)
        breadth *= 0.5 ** (age / half_life_days)
    return breadth

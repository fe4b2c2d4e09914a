"""``views.unique_sentences_indexed`` answers exactly as ``fold.coverage.unique_sentences``.

The story page's "only here" sentences come from the indexed version (the original compares
every sentence with every other: minutes on a big story); any difference would show readers
other sentences than ``newsfold story`` does.
"""

from __future__ import annotations

import random

import pytest

from newsfold.fold.coverage import unique_sentences
from newsfold.records import Article, Paragraph
from newsfold.store.views import unique_sentences_indexed

VOCAB = ["harbour", "bridge", "girders", "cracks", "repairs", "ferries", "mayor", "council", "engineers", "weeks",
         "steel", "drivers", "closed", "reopened", "officials", "budget", "safety", "inspect", "traffic", "river"]


def sentence(rng: random.Random, pool: list[str]) -> str:
    words = [rng.choice(pool) for _ in range(rng.randint(6, 11))]
    return " ".join(words).capitalize() + "."


def story(rng: random.Random, n: int) -> list[Article]:
    shared = [sentence(rng, VOCAB) for _ in range(6)]  # sentences several outlets carry
    articles = []
    for i in range(n):
        own = [rng.choice(shared) if rng.random() < 0.4 else sentence(rng, rng.sample(VOCAB, 8))
               for _ in range(rng.randint(0, 6))]
        if rng.random() < 0.1:
            own.append("Too short to count.")
        dup = articles[rng.randrange(i)].id if i and rng.random() < 0.25 else None
        if dup and rng.random() < 0.5:
            own = [p.text for p in next(a for a in articles if a.id == dup).paragraphs]  # an exact copy
        articles.append(Article(id=f"a{i}", raw_id=f"r{i}", origin=f"in/{i}", title=None, outlet=None, wire=None,
                                byline=None, dateline=None, published=None, language="en",
                                paragraphs=tuple(Paragraph(" ".join(own[j:j + 2]), j, 0)
                                                 for j in range(0, len(own), 2)),
                                removed=(), duplicate_of=dup))
    return articles


@pytest.mark.parametrize("seed", range(60))
def test_same_sentences_as_the_pairwise_original(seed):
    rng = random.Random(seed)
    articles = story(rng, rng.randint(1, 9))
    for overlap in (0.5, 0.3, 0.8, 1.0):
        assert unique_sentences_indexed(articles, overlap) == unique_sentences(articles, overlap)


def test_a_story_of_one_article_has_nothing_only_here():
    articles = story(random.Random(1), 1)
    assert unique_sentences_indexed(articles) == unique_sentences(articles) == {}

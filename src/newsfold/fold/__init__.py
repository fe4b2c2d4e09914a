"""Fold stage: articles -> stories -> storylines.

Folding is the one stateful stage: it reads the index of active stories from
the store, assigns every article that has no story yet (in arrival order), and
writes the updated index and the memberships — with why each article belongs —
back in one transaction. Copies join their original's story. Then every story
without a storyline is linked into one.
"""

from __future__ import annotations

import heapq
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice

from ..embed.fold import stored_fold_vector
from ..store.sqlite import SQLiteStore, row_to_article, row_to_quote
from .features import Features, corpus_idf, features
from .spool import FeatureSpool
from .stories import FoldOptions, StoryIndex, StoryState, assign
from .storylines import StorylineIndex, StorylineOptions, StorylineState, link_story

__all__ = ["FeatureSpool", "FoldOptions", "StorylineOptions", "FoldSummary", "fold_store"]


@dataclass(frozen=True, slots=True)
class FoldSummary:
    articles: int
    new_stories: int
    new_storylines: int


class StoreDocFreq(Mapping):
    """Corpus document frequencies read lazily from the store (constant while folding).

    At most ``max_terms`` terms are remembered: a long fold meets new names without end
    (Heaps' law), so when the memory is full the older half is forgotten (and read again
    if asked for) — a cost paid once every ``max_terms / 2`` new terms.
    """

    def __init__(self, store: SQLiteStore, max_terms: int = 200_000):
        self.store = store
        self.max_terms = max_terms
        self.cache: dict[str, int] = {}
        self.idfs: dict[str, float] = {}
        _, self.n_docs = store.df(set())

    def prefetch(self, terms: Iterable[str]) -> None:
        terms = set(terms)
        missing = {t for t in terms if t not in self.cache}
        if not missing:
            return
        if len(self.cache) + len(missing) > self.max_terms:
            for term in list(islice(self.cache, len(self.cache) + len(missing) - self.max_terms // 2)):
                del self.cache[term]
                self.idfs.pop(term, None)
            missing = {t for t in terms if t not in self.cache}
        found, _ = self.store.df(missing)
        self.cache.update({t: found.get(t, 0) for t in missing})

    def idf(self, term: str) -> float:
        """The corpus IDF of ``term`` (``features.weighted`` asks for it term by term: remembered)."""
        value = self.idfs.get(term)
        if value is None:
            value = self.idfs[term] = corpus_idf(self[term], self.n_docs)
        return value

    def __getitem__(self, term: str) -> int:
        value = self.cache.get(term)
        if value is None:
            self.prefetch([term])
            value = self.cache[term]
        return value

    def get(self, term: str, default: int = 0) -> int:  # Mapping's own get goes through two more calls
        return self[term]

    def __iter__(self) -> Iterator[str]:
        return iter(self.cache)

    def __len__(self) -> int:
        return len(self.cache)


def _load_active(store: SQLiteStore, df: StoreDocFreq) -> StoryIndex:
    index = StoryIndex(df, df.n_docs)
    quotes: dict[str, list] = {}
    for q in store.active_story_quotes():
        quotes.setdefault(q["story_id"], []).append(row_to_quote(q))
    rows = [(row, json.loads(row["state"])) for row in store.active_stories()]
    # In a few queries, not one a story (the lead and title terms are weighed when a story is compared).
    df.prefetch({t for _, state in rows for part in (state.get("terms", {}), state.get("lead", {}),
                                                      *state.get("titles", [])) for t in part})
    index.put_many([StoryState.restore(row, state, quotes.pop(row["id"], [])) for row, state in rows])
    return index


def fold_store(
    store: SQLiteStore,
    opts: FoldOptions = FoldOptions(),
    line_opts: StorylineOptions = StorylineOptions(),
    chunk: int = 500,
    spool: FeatureSpool | None = None,
    progress: Callable[[int, int, float], None] | None = None,
) -> FoldSummary:
    """Fold every article without a story, ``chunk`` articles per transaction.

    Only the IDs of the waiting articles are held at once; their rows are read
    chunk by chunk, so memory stays bounded however many wait. A run stopped
    half-way leaves the rest unfolded, and the next run picks them up.
    ``spool``: the term weights the ingest just computed (others are computed here).
    ``progress(folded, waiting, seconds)`` is called after every chunk.
    """
    started = time.monotonic()
    waiting = store.count_unfolded()
    new_stories = done = 0
    df = StoreDocFreq(store)
    active = _load_active(store, df)
    after = None
    # Keyset paging: one chunk of arrival numbers at a time, so millions waiting cost no memory.
    while seqs := store.unfolded_seqs(after, chunk):
        with store.transaction():
            joined: dict[str, StoryState] = {}  # stories that took members: their state is written once a chunk
            for row in store.articles_by_seq(seqs):
                new_stories += _fold_one(store, row_to_article(row), row["seq"], active, df, opts, spool, joined)
            for story in joined.values():
                _save(store, story)
            store.retire_stories(set(active.stories))
        after, done = seqs[-1], done + len(seqs)
        if progress:
            progress(done, max(waiting, done), time.monotonic() - started)
    del active, df  # the story index (up to max_active stories) is let go before the storylines load
    with store.transaction():
        new_lines = link_storylines(store, line_opts)
    return FoldSummary(done, new_stories, new_lines)


def _save(store: SQLiteStore, story: StoryState) -> None:
    store.save_story(story.id, story.title, story.seq, story.first, story.last, story.to_json())


def _fold_one(store: SQLiteStore, article, seq: int, active: StoryIndex, df: StoreDocFreq, opts: FoldOptions,
              spool: FeatureSpool | None = None, joined: dict[str, StoryState] | None = None) -> int:
    """Fold one article; 1 when it started a new story.

    A new story is written at once (its members refer to it); a story that took the article is
    put in ``joined`` for the caller to write once at the end of the transaction, instead of its
    whole state again for every member (without ``joined``: written now).
    """
    if article.duplicate_of:
        original = store.story_of(article.duplicate_of)
        if original:
            store.add_member(article.id, original, 1.0, {"duplicate_of": article.duplicate_of})
            return 0
    terms = spool.take(article.id) if spool is not None else None
    feats = Features(terms) if terms is not None else features(article)
    df.prefetch(feats.terms)
    quotes = store.quotes(article_id=article.id)
    # The article's MiniLM vector, where the ingest computed one (FoldOptions.embeddings, the embed extra).
    vector = stored_fold_vector(store, article.id) if opts.embeddings and opts.scorer == "learned" else None
    decision = assign(article, feats, quotes, active, seq, opts, vector=vector)
    story = active[decision.story_id]
    if decision.new or joined is None:
        _save(store, story)  # a new story's seed_seq is this article's: story.seq
    else:
        joined[story.id] = story
    m = decision.membership
    store.add_member(article.id, story.id, m.similarity, {
        "new_story": decision.new,
        "similarity": m.similarity,
        "shared_terms": list(m.shared_terms),
        "shared_speakers": list(m.shared_entities),
        "time_gap_days": m.time_gap_days,
        "same_statements": [list(s) for s in decision.statements],
        "signals": decision.signals,  # the learned scorer's evidence (fold.signals), with its probability
    })
    return int(decision.new)


def link_storylines(store: SQLiteStore, opts: StorylineOptions = StorylineOptions(), chunk: int = 500) -> int:
    """Link every story without a storyline, in order of first article.

    Memory is bounded: the ``opts.max_active`` most recently extended storylines are held
    (read row by row, the rest let go as they are read), and stories are read ``chunk`` at a time.
    """
    lines = StorylineIndex()
    held = heapq.nlargest(opts.max_active, (_storyline_state(row, i) for i, row in enumerate(store.storyline_states())),
                          key=lambda item: (item[1].last, -item[0]))
    lines.put_many([line for _, line in sorted(held, key=lambda item: item[0])])  # creation order, as before
    created = 0
    after = None
    while rows := store.stories_without_storyline(after, chunk):
        for row in rows:
            state = json.loads(row["state"])
            size = max(state.get("size", 1), 1)
            terms = {t: w / size for t, w in state.get("terms", {}).items()}
            speakers = {q["speaker"] for q in store.story_quotes(row["id"]) if q["speaker"] and q["kind"] != "indirect"}
            d = link_story(row["id"], row["title"], terms, speakers, lines, opts, row["seed_seq"])
            line = lines[d.storyline_id]
            created += d.new
            store.save_storyline(line.id, line.title, {"terms": line.terms, "speakers": sorted(line.speakers),
                                                       "size": line.size})
            store.add_storyline_member(row["id"], line.id, d.similarity, list(d.why))
        after = rows[-1]["seed_seq"]
    return created


def _storyline_state(row, order: int) -> tuple[int, StorylineState]:
    state = json.loads(row["state"])
    return order, StorylineState(row["id"], row["title"], state.get("terms", {}), set(state.get("speakers", [])),
                                 state.get("size", 0), last=row["last"] or 0)

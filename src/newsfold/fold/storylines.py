"""Storylines: stories about one long-running subject, linked across months and years.

Stories of one storyline are different events, so their event words differ;
what they share is the subject and its people. Stories are compared on
*background*-weighted terms only (no corpus IDF: the subject's words are the
point here) and a story joins a storyline when

* the cosine reaches ``link`` and the same person is quoted in both, or
* the cosine reaches ``link_alone`` without a shared speaker.

No time limit applies: a storyline stays open however long its subject rests.
What bounds memory is a count: the fold keeps the ``max_active`` storylines
most recently extended (``StorylineState.last``, the first-article number of
the newest story linked) and lets older ones rest in the store, where they are
still shown but take no new stories. A storyline's ID is ``l-`` plus its first
story's ID.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .features import VectorIndex, top_shared, weighted


MAX_TERMS = 400  # a storyline's profile keeps its heaviest terms only: bounded memory


@dataclass(frozen=True, slots=True)
class StorylineOptions:
    link: float = 0.20
    link_alone: float = 0.45
    max_active: int = 5_000  # storylines held for linking (~60 KB each with their index): the most recently extended


@dataclass(slots=True)
class StorylineState:
    id: str
    title: str
    terms: dict[str, float] = field(default_factory=dict)
    speakers: set[str] = field(default_factory=set)
    size: int = 0
    vector: dict[str, float] = field(default_factory=dict)  # weighted profile, refreshed on add
    last: int = 0  # seed_seq of the newest story linked: which storylines stay active

    def add(self, terms: dict[str, float], speakers: set[str]) -> None:
        for t, w in terms.items():
            self.terms[t] = self.terms.get(t, 0.0) + w
        if len(self.terms) > MAX_TERMS:
            self.terms = dict(sorted(self.terms.items(), key=lambda kv: -kv[1])[:MAX_TERMS])
        self.speakers |= speakers
        self.size += 1
        self.vector = weighted(self.terms, {}, 0)


@dataclass(frozen=True, slots=True)
class LineDecision:
    storyline_id: str
    new: bool
    similarity: float
    why: tuple[str, ...]


class StorylineIndex:
    """Storylines by ID with an inverted index of their profiles."""

    def __init__(self) -> None:
        self.lines: dict[str, StorylineState] = {}
        self.index = VectorIndex()

    def __getitem__(self, line_id: str) -> StorylineState:
        return self.lines[line_id]

    def __len__(self) -> int:
        return len(self.lines)

    def put(self, line: StorylineState) -> None:
        self.lines[line.id] = line
        self.index.put(line.id, line.vector or weighted(line.terms, {}, 0))

    def put_many(self, lines: list[StorylineState]) -> None:
        """``put`` each storyline (loading the index from the store)."""
        self.lines.update((line.id, line) for line in lines)
        self.index.put_many((line.id, line.vector or weighted(line.terms, {}, 0)) for line in lines)

    def retire(self, max_active: int) -> None:
        """Drop the least recently extended storylines beyond ``max_active`` (they stay in the store)."""
        if len(self.lines) > max_active:
            for line in sorted(self.lines.values(), key=lambda ln: ln.last)[: len(self.lines) - max_active]:
                self.index.remove(line.id)
                del self.lines[line.id]


def link_story(
    story_id: str,
    title: str,
    terms: dict[str, float],
    speakers: set[str],
    lines: StorylineIndex,
    opts: StorylineOptions = StorylineOptions(),
    seed_seq: int = 0,
) -> LineDecision:
    """Put one story into the best storyline in ``lines`` (updated in place) or start one.

    ``seed_seq``: the story's first article number, remembered as the storyline's ``last``."""
    vec = weighted(terms, {}, 0)
    best = None
    for line_id, sim in sorted(lines.index.cosines(vec).items()):
        line = lines[line_id]
        common = speakers & line.speakers
        if sim >= opts.link_alone or (sim >= opts.link and common):
            if best is None or sim > best[0]:
                best = (sim, line, common)
    if best is None:
        line = StorylineState("l-" + story_id.removeprefix("s-"), title)
        line.add(terms, speakers)
        line.last = max(line.last, seed_seq)
        lines.put(line)
        lines.retire(opts.max_active)
        return LineDecision(line.id, True, 1.0, ())
    sim, line, common = best
    why = tuple(f"speaker: {s}" for s in sorted(common)) + tuple(
        f"term: {t}" for t in top_shared(vec, lines.index.vectors[line.id], 6))
    line.add(terms, speakers)
    line.last = max(line.last, seed_seq)
    lines.put(line)
    return LineDecision(line.id, False, round(sim, 4), why)

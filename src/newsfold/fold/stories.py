"""Online story clustering: each new article joins the best active story or starts one.

Single pass, in arrival order (date order when dates are known), so the same
input always folds the same way and a story's ID — ``s-`` plus its first
article's ID — never changes when later articles arrive.

An article joins a story when

* its TF-IDF cosine with the story's centroid reaches ``join`` (``join_undated``
  when the article or the story has no date: without time, content alone
  must carry the decision), or
* it reports at least ``min_statements`` of the same statements by the same
  speaker as the story's articles (a translation or rewrite of one press
  call shares few words but the same quotes) and the cosine reaches ``weak``;

where, when both sides are dated, the cosine is first halved for every
``half_life_days`` between the article and the story's date range: a soft
decay, because one story's coverage can trickle in for weeks.
Without dates, one more piece of evidence counts against joining: when the
article and the story both quote the same speaker at length but share none
of the statements, they report two occasions (two press calls of one
spokesman), however alike their words.

Country-sized words are damped by the corpus IDF; names are reported in the
explanation but are not a joining signal by themselves, because "Russia" and
"United States" would chain every story of a decade.

The index of active stories is bounded: the least recently joined stories are
retired past ``max_active`` and no longer take new members.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..records import Article, Membership, Quote
from .features import Features, VectorIndex, top_shared, weighted
from .statements import QuotesBySpeaker, StatementOptions, matching_statements


MAX_STORY_QUOTES = 300  # quotes a story keeps in the index for same-statement evidence


@dataclass(frozen=True, slots=True)
class FoldOptions:
    join: float = 0.15  # cosine to join on content alone, both sides dated (tuned on giveme5w1h, date order)
    join_undated: float = 0.20  # the same without dates: content alone must carry more (giveme5w1h, no dates)
    weak: float = 0.02  # cosine floor when shared statements vouch for the link
    min_statements: int = 2
    # Undated only: a speaker quoted at least this often on both sides with no statement in
    # common means two different occasions (two press calls), unless content is this close.
    occasion_quotes: int = 2
    occasion_override: float = 0.45
    half_life_days: float = 365.0  # similarity halves for every this many days between article and story (giveme5w1h)
    max_active: int = 5000
    centroid_terms: int = 400
    statements: StatementOptions = StatementOptions()


@dataclass(slots=True)
class StoryState:
    """The clustering index entry of one active story."""

    id: str
    title: str
    seq: int  # arrival number of its latest member: retirement order
    terms: dict[str, float] = field(default_factory=dict)  # summed member term weights
    size: int = 0
    first: str | None = None  # ISO dates of the earliest and latest dated member
    last: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    # ``quotes`` grouped by speaker, for same-statement evidence: made when first asked for, dropped
    # when the story takes a member (an article is compared with hundreds of stories, and most of
    # them take no member for a long time).
    grouped: QuotesBySpeaker | None = field(default=None, repr=False, compare=False)

    def quotes_by_speaker(self) -> QuotesBySpeaker:
        if self.grouped is None:
            self.grouped = QuotesBySpeaker(self.quotes)
        return self.grouped

    def centroid(self) -> dict[str, float]:
        return {t: w / self.size for t, w in self.terms.items()}

    def add(self, article: Article, feats: Features, quotes: list[Quote], seq: int, keep: int) -> None:
        for t, w in feats.terms.items():
            self.terms[t] = self.terms.get(t, 0.0) + w
        if len(self.terms) > keep:
            self.terms = dict(sorted(self.terms.items(), key=lambda kv: -kv[1])[:keep])
        self.size += 1
        self.seq = seq
        if article.published:
            self.first = min(filter(None, [self.first, article.published]))
            self.last = max(filter(None, [self.last, article.published]))
        self.quotes.extend(q for q in quotes if q.kind != "indirect" or len(q.text) > 40)
        self.grouped = None
        if len(self.quotes) > MAX_STORY_QUOTES:  # the latest statements speak for a big story
            del self.quotes[: len(self.quotes) - MAX_STORY_QUOTES]

    def to_json(self) -> dict:
        return {"terms": self.terms, "size": self.size, "seq": self.seq}


@dataclass(frozen=True, slots=True)
class Decision:
    story_id: str
    new: bool
    membership: Membership
    statements: tuple[tuple[str, str, float], ...] = ()


def day_gap(published: str | None, story: StoryState) -> float | None:
    if not published or not story.first:
        return None
    d = _ordinal(published)
    lo, hi = _ordinal(story.first), _ordinal(story.last or story.first)
    if lo <= d <= hi:
        return 0.0
    return float(min(abs(d - lo), abs(d - hi)))


@lru_cache(maxsize=65536)
def _ordinal(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def _quoted(quotes: list[Quote]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for q in quotes:
        if q.speaker and q.kind != "indirect":
            counts[q.speaker] = counts.get(q.speaker, 0) + 1
    return counts


def other_occasion(a: list[Quote], b: list[Quote], min_quotes: int) -> bool:
    """Both sides quote one speaker at length yet share no statement: two different occasions."""
    qa, qb = _quoted(a), _quoted(b)
    return any(n >= min_quotes and qb.get(s, 0) >= min_quotes for s, n in qa.items())


class StoryIndex:
    """The active stories and an inverted index of their weighted term vectors.

    Story vectors are weighted with the document frequencies of the current
    fold run (they change only at ingest, not while folding).
    """

    def __init__(self, df: Mapping[str, int] | None = None, n_docs: int = 0):
        self.stories: dict[str, StoryState] = {}
        self.index = VectorIndex()
        self.df: Mapping[str, int] = df if df is not None else {}
        self.n_docs = n_docs

    def __len__(self) -> int:
        return len(self.stories)

    def __getitem__(self, story_id: str) -> StoryState:
        return self.stories[story_id]

    @property
    def postings(self) -> dict[str, dict[str, float]]:
        return self.index.postings

    def vector(self, story_id: str) -> dict[str, float]:
        return self.index.vectors[story_id]

    def put(self, story: StoryState) -> None:
        """Add or re-index a story after its centroid changed."""
        self.stories[story.id] = story
        self.index.put(story.id, weighted(story.centroid(), self.df, self.n_docs))

    def put_many(self, stories: list[StoryState]) -> None:
        """``put`` each story (loading the index from the store)."""
        self.stories.update((story.id, story) for story in stories)
        self.index.put_many((story.id, weighted(story.centroid(), self.df, self.n_docs)) for story in stories)

    def remove(self, story_id: str) -> None:
        self.index.remove(story_id)
        self.stories.pop(story_id, None)

    def cosines(self, vec: dict[str, float]) -> dict[str, float]:
        return self.index.cosines(vec)

    def near(self, vec: dict[str, float], floor: float) -> dict[str, float]:
        """``cosines`` of the stories scoring at least ``floor``."""
        return self.index.near(vec, floor)

    def retire(self, max_active: int) -> None:
        """Drop the least recently joined stories beyond ``max_active``."""
        if len(self.stories) > max_active:
            by_age = sorted(self.stories.values(), key=lambda st: st.seq)
            for story in by_age[: len(self.stories) - max_active]:
                self.remove(story.id)


def assign(
    article: Article,
    feats: Features,
    quotes: list[Quote],
    index: StoryIndex,
    seq: int,
    opts: FoldOptions = FoldOptions(),
) -> Decision:
    """Fold one article into ``index`` (updated in place) and say where it went and why."""
    vec = weighted(feats.terms, index.df, index.n_docs)
    best: tuple[float, StoryState, float, list, float | None] | None = None
    # Time decay only lowers a cosine, so one already below ``weak`` can be passed over at once:
    # most stories share a word or two with any article.
    near = sorted(index.near(vec, opts.weak).items())
    grouped = QuotesBySpeaker(quotes)  # compared with every near story: grouped once
    for sid, sim in near:
        story = index[sid]
        gap = day_gap(article.published, story)
        if gap:
            sim *= 0.5 ** (gap / opts.half_life_days)
        if sim < opts.weak:
            continue
        pairs = matching_statements(grouped, story.quotes_by_speaker(), opts.statements) \
            if quotes and story.quotes else []
        n_statements = min(len({id(a) for a, _, _ in pairs}), len({id(b) for _, b, _ in pairs}))
        threshold = opts.join if gap is not None else opts.join_undated
        if sim < threshold and n_statements < opts.min_statements:
            continue
        if gap is None and n_statements < opts.min_statements and sim < opts.occasion_override \
                and other_occasion(quotes, story.quotes, opts.occasion_quotes):
            continue
        score = sim + 0.1 * n_statements
        if best is None or score > best[0]:
            best = (score, story, sim, pairs, gap)

    if best is None:
        story = StoryState(id="s-" + article.id[:12], title=article.title or article.body[:80], seq=seq)
        story.add(article, feats, quotes, seq, opts.centroid_terms)
        index.put(story)
        index.retire(opts.max_active)
        why = Membership(article.id, 1.0, tuple(top_shared(vec, vec, 8)), (), None)
        return Decision(story.id, True, why)

    _, story, sim, pairs, gap = best
    shared_terms = tuple(top_shared(vec, index.vector(story.id), 8))
    story_names = {n for q in story.quotes for n in [q.speaker] if n}
    shared_names = tuple(sorted({q.speaker for q in quotes if q.speaker in story_names}))
    story.add(article, feats, quotes, seq, opts.centroid_terms)
    index.put(story)
    statements = tuple((a.text, b.text, s) for a, b, s in pairs)
    return Decision(story.id, False, Membership(article.id, round(sim, 4), shared_terms, shared_names, gap), statements)

"""Online story clustering: each new article joins the best active story or starts one.

Single pass, in arrival order (date order when dates are known), so the same
input always folds the same way and a story's ID — ``s-`` plus its first
article's ID — never changes when later articles arrive.

Two scorers (``FoldOptions.scorer``):

``learned`` (the default): the active stories closest to the article by
TF-IDF cosine (``candidates`` of them) are each described by the signals of
``fold.signals`` — cosines of text, title and lead, IDF-weighted names, figures
and years shared or in conflict, days and weekdays the texts name, what is new
on each side, time gap, same statements, how the story ranks among the
candidates, and (with the ``embed`` extra) the MiniLM cosine — and a
small learned model (``fold.scorer``, trained by ``eval/stories_train.py``)
gives the probability that the article reports that story's event. The article
joins the most probable candidate when that probability reaches the model's
``join`` (``join_probability`` overrides it); else it starts a story. When
both sides are dated the probability also halves for every ``half_life_days``
between them (the model learns from benchmarks that span months, and cannot
know that a report three years later is another event). The signal values of
the chosen story are kept with the membership: they say why.

``cosine`` (the earlier rule, kept to compare with): an article joins a story when

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

import base64
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from ..records import Article, Membership, Quote
from .features import Features, VectorIndex, cosine, top_shared, weighted
from .scorer import StoryModel, load_model
from .signals import (
    NOVELTY_SIGNALS,
    TIME_SIGNALS,
    Cues,
    best_title,
    day_evidence,
    embedding_signals,
    figure_buckets,
    measure_evidence,
    measure_values,
    mismatched,
    novelty,
    signal_vector,
    unit_cosine,
    weekday_conflict,
)
from .signals import cues as article_cues
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
    scorer: str = "learned"  # learned | cosine (the rule above, with join / join_undated)
    model: str = ""  # learned: a bundled model's name or a JSON path ("" = fold/models/stories.json)
    join_probability: float | None = None  # learned: join at this probability (None: the model's own)
    candidates: int = 12  # learned: the stories closest by cosine that are scored
    guards: bool = True  # learned: same statements join, another occasion does not (``_guarded``)
    # learned: also compare MiniLM vectors of title and opening (``embed.fold``), where the ``embed``
    # extra is installed and the understanding stages run. Off by default: ~14 ms CPU an article
    # (text-full halves, to ~55 articles/s on 2 cores) and ~500 MB more per process holding the model,
    # for +0.014 / +0.027 held-out pairwise F1 on giveme5w1h / NeuS, -0.016 / -0.005 on giveme5w1h
    # without dates / ECB+ (eval/README.md). ``--fold embeddings=true`` turns it on.
    embeddings: bool = False
    # learned: compute every signal, also those the model does not read (``signals.TIME_SIGNALS`` and
    # ``NOVELTY_SIGNALS`` cost ~0.2 ms an article); the training and error-analysis replays set it.
    all_signals: bool = False


MAX_TITLES = 10  # member titles a story keeps (the latest): its headline vocabulary
MAX_CUE_TERMS = 300  # lead terms, names and figures a story keeps (the most frequent)


def _capped(counts: dict, keep: int) -> dict:
    return counts if len(counts) <= keep else dict(sorted(counts.items(), key=lambda kv: -kv[1])[:keep])


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
    titles: list[dict[str, float]] = field(default_factory=list)  # member titles' raw term weights
    lead: dict[str, float] = field(default_factory=dict)  # summed raw term weights of the members' leads
    names: dict[str, int] = field(default_factory=dict)  # name stem -> members naming it
    numbers: dict[str, int] = field(default_factory=dict)  # figure -> members giving it
    years: dict[str, int] = field(default_factory=dict)  # year -> members naming it
    measures: dict[str, int] = field(default_factory=dict)  # "stem:unit=value" -> members giving it
    # The first member's measures: the figures of the event the story started with. Conflicts are
    # judged against these, because a story that once took another week's report holds both weeks'
    # figures and would then agree with every week.
    seed_measures: list[str] = field(default_factory=list)
    # Month-days and weekdays the members name (``signals.mentioned_days``): anywhere, and in titles and
    # openings (a year has 366 days and a week 7: these stay small).
    days: dict[str, int] = field(default_factory=dict)
    lead_days: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    # The titles and leads weighted with the corpus IDF, made when first compared (dropped on a new member).
    weighed: dict | None = field(default=None, repr=False, compare=False)
    speakers: dict[str, int] | None = field(default=None, repr=False, compare=False)  # ``quoted()``, when asked
    # The sum of its members' MiniLM vectors (``Cues.vector``), and how many had one. Only a story
    # whose every member had one is compared by them (``mean_vector``): a mean over some members
    # would not be the story's.
    vec_sum: np.ndarray | None = field(default=None, repr=False, compare=False)
    vec_members: int = 0

    @classmethod
    def restore(cls, row, state: dict, quotes: list[Quote]) -> StoryState:
        """A story as saved by ``to_json`` (older states, without cues, restore with none)."""
        return cls(
            id=row["id"], title=row["title"], seq=state.get("seq", row["seed_seq"]), terms=state.get("terms", {}),
            size=state.get("size", 0), first=row["first_published"], last=row["last_published"], quotes=quotes,
            titles=state.get("titles", []), lead=state.get("lead", {}), names=state.get("names", {}),
            numbers=state.get("numbers", {}), years=state.get("years", {}), measures=state.get("measures", {}),
            seed_measures=state.get("seed_measures", []), days=state.get("days", {}),
            lead_days=state.get("lead_days", {}), weekdays=state.get("weekdays", {}),
            **vectors_from_json(state.get("vectors"))
        )

    def mean_vector(self) -> np.ndarray | None:
        """The unit mean of its members' vectors when every member has one, else None."""
        if self.vec_sum is None or self.vec_members != self.size:
            return None
        norm = float(np.linalg.norm(self.vec_sum))
        return self.vec_sum / norm if norm else self.vec_sum

    def quoted(self) -> dict[str, int]:
        """Speaker -> direct quotes of them (for ``other_occasion``; kept until the story changes)."""
        if self.speakers is None:
            self.speakers = _quoted(self.quotes)
        return self.speakers

    def quotes_by_speaker(self) -> QuotesBySpeaker:
        if self.grouped is None:
            self.grouped = QuotesBySpeaker(self.quotes)
        return self.grouped

    def centroid(self) -> dict[str, float]:
        return {t: w / self.size for t, w in self.terms.items()}

    def add(self, article: Article, feats: Features, quotes: list[Quote], seq: int, keep: int,
            cues: Cues | None = None) -> None:
        if cues is not None:
            if cues.title:
                self.titles = [*self.titles[-(MAX_TITLES - 1):], cues.title]
            for t, w in cues.lead.items():
                self.lead[t] = self.lead.get(t, 0.0) + w
            self.lead = _capped(self.lead, MAX_CUE_TERMS)
            for n in cues.names:
                self.names[n] = self.names.get(n, 0) + 1
            self.names = _capped(self.names, MAX_CUE_TERMS)
            for n in cues.numbers:
                self.numbers[n] = self.numbers.get(n, 0) + 1
            self.numbers = _capped(self.numbers, MAX_CUE_TERMS)
            for y in cues.years:
                self.years[y] = self.years.get(y, 0) + 1
            if not self.size:
                self.seed_measures = sorted(cues.measures)
            for m in cues.measures:
                self.measures[m] = self.measures.get(m, 0) + 1
            self.measures = _capped(self.measures, MAX_CUE_TERMS)
            for counts, named in ((self.days, cues.days), (self.lead_days, cues.lead_days),
                                  (self.weekdays, cues.weekdays)):
                for d in named:
                    counts[d] = counts.get(d, 0) + 1
            v = None if cues.vector is None else np.asarray(cues.vector, dtype=np.float32).ravel()
            if v is not None and (self.vec_sum is None or v.shape == self.vec_sum.shape):
                # (A vector of another size, from another model, counts as none: the story's mean is then
                # no longer compared, rather than the fold stopping.)
                self.vec_sum = v.copy() if self.vec_sum is None else self.vec_sum + v
                self.vec_members += 1
        self.weighed = self.speakers = None
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
        out = {"terms": self.terms, "size": self.size, "seq": self.seq, "titles": self.titles, "lead": self.lead,
               "names": self.names, "numbers": self.numbers, "years": self.years, "measures": self.measures,
               "seed_measures": self.seed_measures, "days": self.days, "lead_days": self.lead_days,
               "weekdays": self.weekdays}
        if self.vec_sum is not None:
            out["vectors"] = {"members": self.vec_members,
                              "sum": base64.b64encode(self.vec_sum.astype("<f4").tobytes()).decode("ascii")}
        return out


def vectors_from_json(saved: dict | None) -> dict:
    """``StoryState`` fields from ``to_json``'s "vectors" (none from an older state, or one that does not read:
    the story then folds on without them)."""
    if not saved:
        return {}
    try:
        vec_sum = np.frombuffer(base64.b64decode(saved["sum"], validate=True), dtype="<f4").astype(np.float32)
        return {"vec_sum": vec_sum, "vec_members": int(saved["members"])} if len(vec_sum) else {}
    except (KeyError, TypeError, ValueError):
        return {}


@dataclass(frozen=True, slots=True)
class Decision:
    story_id: str
    new: bool
    membership: Membership
    statements: tuple[tuple[str, str, float], ...] = ()
    signals: dict[str, float] = field(default_factory=dict)  # learned scorer: the chosen story's signal values


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
    return _other_occasion(_quoted(a), _quoted(b), min_quotes)


def _other_occasion(qa: dict[str, int], qb: dict[str, int], min_quotes: int) -> bool:
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

    def weighed(self, story: StoryState) -> tuple[list[dict[str, float]], dict[str, float], dict[str, float]]:
        """The story's member titles, summed leads and names (its centroid's weights of them), weighted like
        an article's: kept until the story changes (most candidates are compared many times unchanged)."""
        if story.weighed is None or story.weighed.get("n_docs") != self.n_docs:
            vec = self.index.vectors.get(story.id, {})
            story.weighed = {
                "n_docs": self.n_docs,
                "titles": [weighted(t, self.df, self.n_docs) for t in story.titles],
                "lead": weighted(story.lead, self.df, self.n_docs) if story.lead else {},
                "names": {t: vec[t] for t in story.names if t in vec},
                "figures": figure_buckets(story.numbers),
                "measures": measure_values(story.measures),
                "seed_measures": measure_values(story.seed_measures),
            }
        w = story.weighed
        return w["titles"], w["lead"], w["names"]

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
    cues: Cues | None = None,
    vector: np.ndarray | None = None,
) -> Decision:
    """Fold one article into ``index`` (updated in place) and say where it went and why.

    ``cues``: the article's ``signals.cues`` if already computed (else computed here).
    ``vector``: its MiniLM vector (``embed.fold.stored_fold_vector``), if it has one: then the
    model's embedding sibling decides where every candidate story has vectors too.
    """
    if not opts.embeddings:
        vector = None
        if cues is not None and cues.vector is not None:
            cues = dataclasses.replace(cues, vector=None)
    if cues is None:
        cues = article_cues(article, vector, time_cues=opts.scorer == "learned" and reads(opts, TIME_SIGNALS))
    elif vector is not None:
        cues = dataclasses.replace(cues, vector=vector)
    vec = weighted(feats.terms, index.df, index.n_docs)
    if opts.scorer == "cosine":
        return _assign_cosine(article, feats, quotes, index, seq, opts, cues, vec)
    if opts.scorer != "learned":
        raise ValueError(f"unknown story scorer {opts.scorer!r} (learned | cosine)")
    found = candidates(article, feats, cues, quotes, index, opts, vec)
    model = scoring_model(opts.model, found)
    threshold = model.join if opts.join_probability is None else opts.join_probability
    best: Candidate | None = None
    best_p = 0.0
    if found:
        probs = model.probabilities([c.signals for c in found])
        # The benchmarks the model learns from span months, so it never saw two reports years apart
        # (trees do not extrapolate): the probability halves for every ``half_life_days`` of gap.
        decay = [0.5 ** (c.gap / opts.half_life_days) if c.gap else 1.0 for c in found]
        for c, p, k in zip(found, probs.tolist(), decay):
            p = _guarded(c, p * k, threshold, opts)
            if best is None or p > best_p:  # ``found`` is in cosine order: ties go to the closer story
                best, best_p = c, p
    if best is None or best_p < threshold:
        # A new story says why it did not join the closest: that story's signals (a day in conflict, ...).
        why = {k: round(v, 4) for k, v in best.signals.items()} \
            | {"probability": round(best_p, 4), "closest": best.story.id, "model": model.name} \
            if best is not None else {}
        return _new_story(article, feats, quotes, index, seq, opts, cues, vec, why)
    story = best.story
    shared_terms = tuple(top_shared(vec, index.vector(story.id), 8))
    story_names = {n for q in story.quotes for n in [q.speaker] if n}
    shared_names = tuple(sorted({q.speaker for q in quotes if q.speaker in story_names}))
    story.add(article, feats, quotes, seq, opts.centroid_terms, cues)
    index.put(story)
    statements = tuple((a.text, b.text, s) for a, b, s in best.pairs)
    signals = {k: round(v, 4) for k, v in best.signals.items()} | {"probability": round(best_p, 4), "model": model.name}
    membership = Membership(article.id, round(best.cosine, 4), shared_terms, shared_names, best.gap)
    return Decision(story.id, False, membership, statements, signals)


def reads(opts: FoldOptions, group: tuple[str, ...]) -> bool:
    """Whether the fold's model (or its embedding sibling) reads a signal of ``group``, or all are asked for."""
    if opts.all_signals:
        return True
    model = load_model(opts.model)
    read = set(model.signals) | (set(load_model(model.with_embedding).signals) if model.with_embedding else set())
    return not read.isdisjoint(group)


def scoring_model(name: str, found: list[Candidate]) -> StoryModel:
    """The model ``name`` or, when every candidate has the embedding signals, its sibling trained with them.

    The embedding signals need the article's vector (``Cues.vector``: the ``embed`` extra installed)
    and a vector for every member of the story; without them the model trained without any decides.
    """
    model = load_model(name)
    if model.with_embedding and found and all("emb_mean" in c.signals for c in found):
        return load_model(model.with_embedding)
    return model


def _guarded(c: Candidate, p: float, threshold: float, opts: FoldOptions) -> float:
    """The probability after the two rules that hold whatever the model learned (``opts.guards``).

    Statements vouch: ``min_statements`` of the same statements by the same speaker join (a
    translation or a rewrite of one press call shares few words). Another occasion: without
    dates, a speaker quoted at length on both sides with fewer than ``min_statements`` statements
    in common means two press calls, unless the texts are close (``occasion_override``). Both come from the cosine rule,
    and keep small stores right, where corpus IDF is young and every cosine low.
    """
    if not opts.guards:
        return p
    statements = c.signals["statements"]
    if statements >= opts.min_statements:
        return max(p, threshold)
    if c.other_occasion and c.gap is None and c.cosine < opts.occasion_override:
        return 0.0
    return p


@dataclass(slots=True)
class Candidate:
    """One active story an article may join, with the evidence for it."""

    story: StoryState
    cosine: float
    gap: float | None
    pairs: list  # matching statements (article quote, story quote, similarity)
    signals: dict[str, float]
    # A speaker quoted at length on both sides, fewer than ``min_statements`` statements in common
    # (the cosine rule's test; the ``other_occasion`` signal asks for none in common).
    other_occasion: bool = False


def candidates(article: Article, feats: Features, cues: Cues, quotes: list[Quote], index: StoryIndex,
               opts: FoldOptions, vec: dict[str, float] | None = None) -> list[Candidate]:
    """The ``opts.candidates`` active stories closest by cosine (at least ``weak``), each with its signals.

    Used by ``assign`` and, to make the training pairs, by ``eval/stories_train.py``: one
    definition of every signal.
    """
    if vec is None:
        vec = weighted(feats.terms, index.df, index.n_docs)
    near = sorted(index.near(vec, opts.weak).items(), key=lambda kv: (-kv[1], kv[0]))[: opts.candidates]
    if not near:
        return []
    best_cos = near[0][1]
    second_cos = near[1][1] if len(near) > 1 else 0.0
    title = weighted(cues.title, index.df, index.n_docs) if cues.title else {}
    lead = weighted(cues.lead, index.df, index.n_docs) if cues.lead else {}
    grouped = QuotesBySpeaker(quotes) if quotes else None
    quoted = _quoted(quotes)
    article_names = {t: vec[t] for t in cues.names if t in vec}
    article_measures = measure_values(cues.measures)
    time_cues, novel = reads(opts, TIME_SIGNALS), reads(opts, NOVELTY_SIGNALS)
    out = []
    for sid, cos in near:
        story = index[sid]
        titles, story_lead, story_names = index.weighed(story)
        gap = day_gap(article.published, story)
        pairs = matching_statements(grouped, story.quotes_by_speaker(), opts.statements) \
            if grouped is not None and story.quotes else []
        n_statements = min(len({id(a) for a, _, _ in pairs}), len({id(b) for _, b, _ in pairs}))
        same_measures = measure_evidence(article_measures, story.weighed["measures"])[0] \
            if article_measures and story.measures else 0
        differing_measures = measure_evidence(article_measures, story.weighed["seed_measures"])[1] \
            if article_measures and story.seed_measures else 0
        days_shared, days_conflict = day_evidence(cues.days, cues.lead_days, story.days, story.lead_days) \
            if time_cues else (0, False)
        weekdays_shared = sum(1 for w in cues.weekdays if w in story.weekdays) if time_cues else 0
        story_vec = index.vector(sid) if novel else {}
        occasion = bool(quoted) and bool(story.quotes) and _other_occasion(quoted, story.quoted(), opts.occasion_quotes)
        signals = signal_vector(
            cos=cos, best_cos=best_cos, best_other_cos=second_cos if sid == near[0][0] else best_cos,
            title_max=best_title(title, titles),
            has_titles=bool(title) and bool(titles),
            lead=cosine(lead, story_lead) if lead else 0.0,
            names_cos=unit_cosine(article_names, story_names),
            names_none=not cues.names or not story.names,
            numbers_a=cues.numbers, numbers_story=story.numbers,
            numbers_mismatched=mismatched(cues.numbers, story.numbers, story.weighed["figures"]) if cues.numbers else 0,
            years_a=cues.years, years_story=story.years,
            gap=gap, statements=n_statements,
            other_occasion=occasion and not n_statements,
            size=story.size, n_terms=len(feats.terms),
            measures_same=same_measures, measures_differ=differing_measures,
            days_shared=days_shared, days_conflict=days_conflict, weekdays_shared=weekdays_shared,
            weekdays_conflict=time_cues and weekday_conflict(cues.weekdays, story.weekdays),
            title_new=novelty(title, story_vec) if novel else 0.0, lead_new=novelty(lead, story_vec) if novel else 0.0,
            story_lead_new=novelty(story_lead, vec) if novel else 0.0,
        )
        for group, computed in ((TIME_SIGNALS, time_cues), (NOVELTY_SIGNALS, novel)):
            if not computed:  # not read by the model: left out of the signals (and of ``why``) too
                for k in group:
                    del signals[k]
        if cues.vector is not None and (mean := story.mean_vector()) is not None and mean.shape == cues.vector.shape:
            signals.update(embedding_signals(cues.vector, mean))
        out.append(Candidate(story, cos, gap, pairs, signals, occasion and n_statements < opts.min_statements))
    embedded = [c.signals["emb_mean"] for c in out if "emb_mean" in c.signals]
    if embedded:
        best_emb = max(embedded)
        for c in out:
            if "emb_mean" in c.signals:
                c.signals["emb_margin"] = c.signals["emb_mean"] - best_emb
    return out


def _new_story(article: Article, feats: Features, quotes: list[Quote], index: StoryIndex, seq: int,
               opts: FoldOptions, cues: Cues | None, vec: dict[str, float], signals: dict | None = None) -> Decision:
    story = StoryState(id="s-" + article.id[:12], title=article.title or article.body[:80], seq=seq)
    story.add(article, feats, quotes, seq, opts.centroid_terms, cues)
    index.put(story)
    index.retire(opts.max_active)
    why = Membership(article.id, 1.0, tuple(top_shared(vec, vec, 8)), (), None)
    return Decision(story.id, True, why, (), signals or {})


def _assign_cosine(article: Article, feats: Features, quotes: list[Quote], index: StoryIndex, seq: int,
                   opts: FoldOptions, cues: Cues | None, vec: dict[str, float]) -> Decision:
    """The cosine-threshold rule (``scorer="cosine"``)."""
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
        return _new_story(article, feats, quotes, index, seq, opts, cues, vec)

    _, story, sim, pairs, gap = best
    shared_terms = tuple(top_shared(vec, index.vector(story.id), 8))
    story_names = {n for q in story.quotes for n in [q.speaker] if n}
    shared_names = tuple(sorted({q.speaker for q in quotes if q.speaker in story_names}))
    story.add(article, feats, quotes, seq, opts.centroid_terms, cues)
    index.put(story)
    statements = tuple((a.text, b.text, s) for a, b, s in pairs)
    return Decision(story.id, False, Membership(article.id, round(sim, 4), shared_terms, shared_names, gap), statements)

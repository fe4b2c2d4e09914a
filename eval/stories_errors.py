#!/usr/bin/env python
"""Why the fold gets NeuS and ECB+ wrong: the wrong joins and the misses, with the signals behind them.

    .venv/bin/python eval/stories_errors.py                         # NeuS and ECB+, held out, counts + examples
    .venv/bin/python eval/stories_errors.py --only giveme5w1h-nodates --examples 20
    .venv/bin/python eval/stories_errors.py --models /tmp/s3/models --json /tmp/s3/errors.json
    .venv/bin/python eval/stories_errors.py --fold join_probability=0.6 --examples 0   # another join threshold

Held out like ``eval/run_stories.py`` (protocol ``halves``): each half of a benchmark's events is
folded with the model trained on the other half (``<models>/stories-half<other>.json``). The streams
are the training script's (``eval/stories_train.py``: ingested once into ``--cache``, document
frequencies of the whole benchmark), so the partition can differ a little from run_stories.py's.

Every article the fold decides (copies found by the dedup follow their original) is one of:

* ``join ok`` / ``new ok``: joined a story of its gold event / started one for a new event;
* ``wrong join``: joined a story of another event (a story's event is its members' most common
  one), split by whether a story of its own event was active (``lost to a decoy``) or not
  (``first of its event``);
* ``miss``: started a story although one of its event was active, split by whether that story was
  among the scored candidates (``below join``) or not (``not a candidate``: too far by cosine).

Each error is then tagged with the evidence in its signals (several tags per error): same names,
close titles, figures in conflict, years in conflict, days in conflict or shared (the
``days_*`` signals), measures differing. The counts say which evidence a new signal could use.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories_train import Stream, read_stream, subset

from newsfold.evaluation.metrics import bcubed, pairwise
from newsfold.evaluation.stories import _parse_overrides, fold_options
from newsfold.fold.scorer import MODELS_DIR
from newsfold.fold.stories import (
    FoldOptions,
    StoryIndex,
    assign,
    candidates,
    scoring_model,
)

DEFAULT_CACHE = "/tmp/s3"
SHOWN = ("probability", "cosine", "title_max", "lead", "names", "numbers_shared", "numbers_conflict",
         "years_conflict", "days_shared", "days_conflict", "weekdays_conflict", "measures_same", "measures_differ")


@dataclass
class Outcome:
    """One article's decision and what was there to decide on."""

    kind: str  # join ok | new ok | wrong join | miss
    detail: str  # the sub-kind (see the module doc)
    article: str  # title or opening words
    gold: str
    chosen: str = ""  # title of the story joined (wrong join) or closest (miss)
    chosen_signals: dict = field(default_factory=dict)
    own: str = ""  # title of the active story of its own event, if any
    own_signals: dict = field(default_factory=dict)  # that story's signals, if it was a candidate
    tags: list = field(default_factory=list)


def _event(members: Counter) -> str:
    return min(members.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _label(article) -> str:
    return (article.title or " ".join(article.body.split()[:14]))[:90]


# Each tag: its words, the signal and the test on its value (a missing signal reads 0).
_TAGS = (
    ("same names", "names", lambda v: v >= 0.5),
    ("close titles", "title_max", lambda v: v >= 0.4),
    ("figures conflict", "numbers_conflict", bool),
    ("figures shared", "numbers_shared", lambda v: v > 0),
    ("years conflict", "years_conflict", bool),
    ("days conflict", "days_conflict", bool),
    ("days shared", "days_shared", lambda v: v > 0),
    ("weekdays conflict", "weekdays_conflict", bool),
    ("measures differ", "measures_differ", lambda v: v > 0),
    ("measures same", "measures_same", lambda v: v > 0),
)


def tags(signals: dict) -> list[str]:
    """The evidence in one candidate's signals, as words (several may hold)."""
    out = [words for words, key, holds in _TAGS if holds(signals.get(key, 0))]
    if signals.get("cosine", 0) < 0.1:
        out.append("cosine < 0.1")
    return out or ["no cue"]


def trace(stream: Stream, opts: FoldOptions) -> tuple[list[Outcome], dict[str, str]]:
    """Fold ``stream`` as ``fold_stream`` does, keeping each decision's candidates and their probabilities."""
    index = StoryIndex(stream.df, stream.df.n_docs)
    story_of_article: dict[str, str] = {}
    members: dict[str, Counter] = {}
    story_of_event: dict[str, set[str]] = {}  # gold event -> active stories holding it
    titles: dict[str, str] = {}
    out: list[Outcome] = []
    for it in stream.items:
        if it.article.duplicate_of and it.article.duplicate_of in story_of_article:
            sid = story_of_article[it.article.duplicate_of]
        else:
            found = candidates(it.article, it.feats, it.cues, it.quotes, index, opts)
            probs = scoring_model(opts.model, found).probabilities([c.signals for c in found]).tolist()
            scored = {c.story.id: {**c.signals, "probability": p} for c, p in zip(found, probs)}
            own = sorted(story_of_event.get(it.gold, ()), key=lambda s: -members[s][it.gold])
            own_id = next((s for s in own if s in index.stories and _event(members[s]) == it.gold), None)
            decision = assign(it.article, it.feats, it.quotes, index, it.seq, opts, it.cues)
            sid = decision.story_id
            o = Outcome("", "", _label(it.article), it.gold)
            if own_id:
                o.own, o.own_signals = titles[own_id], scored.get(own_id, {})
            if decision.new:
                if own_id is None:
                    o.kind, o.detail = "new ok", ""
                else:
                    o.kind = "miss"
                    o.detail = "below join" if own_id in scored else "not a candidate"
                    o.tags = tags(o.own_signals) if o.own_signals else ["not a candidate"]
                    closest = (decision.signals or {}).get("closest")
                    if closest:
                        o.chosen, o.chosen_signals = titles.get(closest, ""), scored.get(closest, {})
            elif _event(members[sid]) == it.gold:
                o.kind, o.detail = "join ok", ""
                o.chosen_signals = scored.get(sid, {})
                o.tags = tags(o.chosen_signals)
            else:
                o.kind = "wrong join"
                o.detail = "lost to a decoy" if own_id else "first of its event"
                o.chosen, o.chosen_signals = titles[sid], scored.get(sid, {})
                o.tags = tags(o.chosen_signals)
            out.append(o)
            titles.setdefault(sid, _label(it.article))
        story_of_article[it.article.id] = sid
        members.setdefault(sid, Counter())[it.gold] += 1
        story_of_event.setdefault(it.gold, set()).add(sid)
    predicted = {stream.source[a]: s for a, s in story_of_article.items()}
    return out, {k: predicted.get(k, f"missing:{k}") for k in stream.gold}


def analyse(stream: Stream, models: Path, base: FoldOptions | None = None) -> tuple[list[Outcome], dict[str, float]]:
    base = base or FoldOptions(all_signals=True)
    outcomes, predicted = [], {}
    for half in (0, 1):
        part = subset(stream, half)
        opts = fold_options({"model": str(models / f"stories-half{1 - half}.json")}, base)
        o, p = trace(part, opts)
        outcomes += o
        predicted.update(p)
    pw, b3 = pairwise(predicted, stream.gold), bcubed(predicted, stream.gold)
    return outcomes, {"P": pw.precision, "R": pw.recall, "F1": pw.f1, "B3": b3.f1}


def _fmt(signals: dict) -> str:
    return " ".join(f"{k}={signals[k]:.2f}" for k in SHOWN if k in signals)


def report(name: str, outcomes: list[Outcome], scores: dict[str, float], examples: int) -> str:
    lines = [(f"== {name}: pairwise P {scores['P']:.3f} R {scores['R']:.3f} F1 {scores['F1']:.3f} "
              f"B3 F1 {scores['B3']:.3f} ({len(outcomes)} decisions)")]
    kinds = Counter((o.kind, o.detail) for o in outcomes)
    for (kind, detail), n in sorted(kinds.items()):
        lines.append(f"  {kind:<11} {detail:<20} {n:>5}")
    for kind in ("join ok", "wrong join", "miss"):
        errs = [o for o in outcomes if o.kind == kind]
        counted = Counter(t for o in errs for t in o.tags)
        lines.append(f"  {kind} evidence (several may hold): "
                     + ", ".join(f"{t} {n}" for t, n in counted.most_common()))
    for kind in ("wrong join", "miss"):
        errs = [o for o in outcomes if o.kind == kind][:examples]
        if errs:
            lines.append(f"  -- {kind}, first {len(errs)}:")
        for o in errs:
            lines.append(f"    [{o.detail}] {o.article}")
            if o.chosen:
                lines.append(f"       {'joined' if kind == 'wrong join' else 'closest'}: {o.chosen}  "
                             f"{_fmt(o.chosen_signals)}")
            if o.own:
                lines.append(f"       own story: {o.own}  {_fmt(o.own_signals) or '(not a candidate)'}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=None,
                        help="benchmark (repeatable; default neus-allsides and ecbplus)")
    parser.add_argument("--cache", default=DEFAULT_CACHE, help="ingested benchmarks (eval/stories_train.py's cache)")
    parser.add_argument("--models", default=str(MODELS_DIR), help="folder holding stories-half0/1.json")
    parser.add_argument("--examples", type=int, default=8, help="errors shown per kind")
    parser.add_argument("--fold", action="append", default=[], metavar="KEY=VALUE",
                        help="FoldOptions override, e.g. join_probability=0.6 (repeatable)")
    parser.add_argument("--json", default=None, help="also write every error with its signals to this file")
    args = parser.parse_args(argv)
    dump = {}
    for name in args.only or ["neus-allsides", "ecbplus"]:
        stream = read_stream(name, Path(args.cache))
        outcomes, scores = analyse(stream, Path(args.models), fold_options(_parse_overrides(args.fold)))
        print(report(name, outcomes, scores, args.examples), flush=True)
        dump[name] = {"scores": scores, "errors": [o.__dict__ for o in outcomes if o.kind in ("wrong join", "miss")]}
    if args.json:
        Path(args.json).write_text(json.dumps(dump, indent=1, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

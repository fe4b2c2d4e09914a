"""Story clustering against public benchmarks: pairwise and BCubed scores of the story partition.

Each benchmark is fed as one stream through the real pipeline (``newsfold.ingest``
of a JSONL file written to a temporary folder, into a temporary SQLite store,
folding included). Each article's ``story_id`` is read back from
``export_records`` and mapped to its gold cluster through the JSONL ``id``
(kept by the JSONL reader in the article's meta as ``source_id``). A copy found
by the dedup stage joins its original's story, as in production. An article the
pipeline rejects counts as a singleton prediction (reported as ``missing``).

Benchmarks (read from ``../shared/eval/stories/`` at run time, never copied):

* ``giveme5w1h``: 383 articles, 69 events, in date order with the container
  date (``published``); ``giveme5w1h-nodates``: the same stream with
  ``published`` removed.
* ``neus-allsides``: 1,479 AllSides roundup excerpts, 505 stories, in date order
  but without dates (a story's date is shared by its articles: it would leak the
  answer; ``_index.tsv``'s ``story_date`` is never read).
* ``ecbplus``: 982 ECB+ documents rebuilt from the tokenised XML (one sentence
  per line; the URL that ``*ecbplus.xml`` files carry as sentence 0 is
  dropped), no title, no dates, in ``_index.tsv`` order; gold is the
  ``subtopic(event cluster)`` column: 43 topics x 2 different events of one kind.

The fold's learned scorer is trained on these same benchmarks
(``eval/stories_train.py``), so a figure is reported only where its model did
not learn: by default (protocol ``halves``) each benchmark's events are split in
two by stream order (``event_halves``), each half's stream is ingested and folded
on its own with the model trained on the *other* half of every benchmark
(``fold/models/stories-half<other>.json``), and both runs' predictions are scored
together. ``--protocol full`` runs the whole stream with one model; with the
shipped ``stories.json`` (trained on everything) that is in-sample, and the
result says so (``held_out`` false). ``--fold scorer=cosine`` gives the earlier
cosine rule on the same streams, for comparison.

Dates the pipeline finds in the text itself (datelines, header dates) are the
pipeline's own doing and are kept; their count is reported as ``dated``.

Throughput is articles / wall seconds of ``ingest`` (clean, dedup, quotes,
store, fold), and articles / CPU seconds of the process over the same span
(the figure to compare when other work shares the machine). Memory is the growth of the process's peak resident set size
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) over ingest+fold: with
``isolate=True`` (the CLI default) each benchmark runs in a fresh spawned
process, so the figure is that of ingest+fold alone (lazily loaded language
and word-frequency data included); in-process it is only a lower bound.

    python -m newsfold.evaluation.stories [--limit N] [--only NAME] [--fold scorer=cosine] [--protocol full]
                                          [--out eval/results.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import resource
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..fold import FoldOptions
from ..fold.scorer import load_model
from . import shared_dir
from .metrics import bcubed, n_clusters, pairwise
from .results import update_results

BENCHMARKS = ("giveme5w1h", "giveme5w1h-nodates", "neus-allsides", "ecbplus")
MEMORY_METHOD = "ru_maxrss growth over ingest+fold"


@dataclass(frozen=True, slots=True)
class Benchmark:
    """One benchmark as a stream of JSONL rows (``id``, ``text``, optional ``title``/``outlet``/``published``)."""

    name: str
    rows: list[dict[str, Any]]
    gold: dict[str, str]  # row id -> gold cluster
    note: str = ""


def event_halves(bench: Benchmark) -> dict[str, int]:
    """Gold event -> half (0 or 1), to train on one half's events and score on the other's.

    By stream order: an event is in half 0 when its first article comes in the
    first half of the stream. So each half is a stretch of the stream with
    whole events, and the decoys that arrive near an event (the next week's
    jobless claims; ECB+'s other event of the same topic, listed next to it)
    stay in its half: a split at random would part them and make both halves easy.
    """
    halves: dict[str, int] = {}
    middle = len(bench.rows) / 2
    for i, r in enumerate(bench.rows):
        halves.setdefault(bench.gold[str(r["id"])], int(i >= middle))
    return halves


def take_half(bench: Benchmark, half: int) -> Benchmark:
    """The benchmark's stream restricted to the events of one half (``event_halves``), in the same order."""
    halves = event_halves(bench)
    rows = [r for r in bench.rows if halves[bench.gold[str(r["id"])]] == half]
    gold = {str(r["id"]): bench.gold[str(r["id"])] for r in rows}
    return Benchmark(f"{bench.name}/{half}", rows, gold, bench.note)


def stories_dir(root: str | os.PathLike | None = None) -> Path:
    """The benchmarks folder: ``root`` if given, else ``<shared>/eval/stories``."""
    return Path(root) if root else shared_dir() / "eval" / "stories"


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _take(rows: list[dict[str, Any]], gold: dict[str, str], limit: int | None) -> tuple[list, dict]:
    rows = rows[:limit] if limit else rows
    missing = [r["id"] for r in rows if str(r["id"]) not in gold]
    if missing:
        raise ValueError(f"{len(missing)} rows without gold, e.g. {missing[0]}")
    return rows, {str(r["id"]): gold[str(r["id"])] for r in rows}


def load_giveme5w1h(root=None, *, dates: bool = True, limit: int | None = None) -> Benchmark:
    base = stories_dir(root) / "giveme5w1h"
    rows = _read_jsonl(base / "articles.jsonl")
    if not dates:
        rows = [{k: v for k, v in r.items() if k != "published"} for r in rows]
    rows, gold = _take(rows, json.loads((base / "gold.json").read_text(encoding="utf-8")), limit)
    name = "giveme5w1h" if dates else "giveme5w1h-nodates"
    return Benchmark(name, rows, gold, "date order" + (", with dates" if dates else ", dates removed"))


def load_neus(root=None, *, limit: int | None = None) -> Benchmark:
    base = stories_dir(root) / "neus-allsides"
    # Date order without dates: drop ``published`` whatever it holds (never story_date).
    rows = [{k: v for k, v in r.items() if k != "published"} for r in _read_jsonl(base / "articles.jsonl")]
    rows, gold = _take(rows, json.loads((base / "gold.json").read_text(encoding="utf-8")), limit)
    return Benchmark("neus-allsides", rows, gold, "date order, no dates")


_NO_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|'s\b|'S\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b|'')")
_NO_SPACE_AFTER = re.compile(r"(?:(?<=[(\[{$])|(?<=``)) ")


def detokenize(tokens: Sequence[str]) -> str:
    """Tokens of one sentence -> readable text ("Reid , her rep 's" -> "Reid, her rep's")."""
    text = " ".join(t for t in tokens if t)
    text = re.sub(r"(?<=\d) ([:/.]) (?=\d)", r"\1", text)  # 20 : 09, 3 / 4, 7 . 4
    text = re.sub(r"(?<=\w) - (?=\w)", "-", text)  # ECB+ splits hyphenated words
    text = _NO_SPACE_BEFORE.sub("", text)
    text = _NO_SPACE_AFTER.sub("", text)
    return text.replace("``", "\u201c").replace("''", "\u201d")


def ecb_document(path: Path) -> str:
    """The text of one ECB+ XML file: one detokenised sentence per line.

    ``*ecbplus.xml`` files hold the page's URL as sentence 0: it is not article
    text (and its slug names the event), so it is dropped.
    """
    sentences: dict[int, list[str]] = {}
    for tok in ET.parse(path).getroot().iter("token"):
        sentences.setdefault(int(tok.get("sentence", 0)), []).append(tok.text or "")
    if path.name.endswith("ecbplus.xml") and sentences.get(0) and sentences[0][0].lower().startswith("http"):
        del sentences[0]
    return "\n".join(detokenize(sentences[k]) for k in sorted(sentences))


def load_ecbplus(root=None, *, limit: int | None = None) -> Benchmark:
    base = stories_dir(root) / "ecbplus"
    rows, gold = [], {}
    with (base / "_index.tsv").open(encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = header.index("subtopic(event cluster)")
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if len(cells) <= col:
                continue
            path = cells[0]
            rows.append({"id": path, "text": ecb_document(base / path)})
            gold[path] = cells[col]
            if limit and len(rows) >= limit:
                break
    return Benchmark("ecbplus", rows, gold, "_index.tsv order, no titles, no dates")


def load(name: str, root=None, limit: int | None = None) -> Benchmark:
    if name == "giveme5w1h":
        return load_giveme5w1h(root, dates=True, limit=limit)
    if name == "giveme5w1h-nodates":
        return load_giveme5w1h(root, dates=False, limit=limit)
    if name == "neus-allsides":
        return load_neus(root, limit=limit)
    if name == "ecbplus":
        return load_ecbplus(root, limit=limit)
    raise ValueError(f"unknown benchmark {name!r} (known: {', '.join(BENCHMARKS)})")


# --- running -----------------------------------------------------------------


def fold_options(overrides: dict[str, Any] | None = None, base: FoldOptions = FoldOptions()) -> FoldOptions:
    """``FoldOptions`` with overrides; ``"statements.min_overlap"`` reaches the nested options.

    String values are converted to the type of the field's default (for CLI ``key=value``).
    """
    opts = base
    for key, value in (overrides or {}).items():
        head, _, rest = key.partition(".")
        if not hasattr(opts, head):
            raise ValueError(f"FoldOptions has no field {head!r}")
        current = getattr(opts, head)
        if rest:
            if not hasattr(current, rest):
                raise ValueError(f"{type(current).__name__} has no field {rest!r}")
            sub = getattr(current, rest)
            opts = dataclasses.replace(opts, **{head: dataclasses.replace(current, **{rest: _convert(value, sub)})})
        else:
            opts = dataclasses.replace(opts, **{head: _convert(value, current)})
    return opts


def _convert(value: Any, like: Any) -> Any:
    if not isinstance(value, str) or isinstance(like, str):
        return value
    if isinstance(like, bool):
        return value.lower() in ("1", "true", "yes")
    if isinstance(like, int):
        return int(value)
    return float(value)


@dataclass(slots=True)
class StoryResult:
    benchmark: str
    articles: int
    gold_clusters: int
    predicted_clusters: int
    pairwise: dict[str, float]
    bcubed: dict[str, float]
    seconds: float
    articles_per_s: float
    cpu_seconds: float  # user+system CPU time of this process over ingest+fold
    articles_per_cpu_s: float  # throughput that does not depend on what else runs on the machine
    peak_mb: float  # ru_maxrss growth over ingest+fold
    peak_rss_mb: float  # the process's peak RSS at the end of ingest+fold
    dated: int  # articles the pipeline gave a publication date
    duplicates: int
    missing: int  # rejected by the pipeline or without a story: scored as singletons
    isolated: bool
    memory_method: str = MEMORY_METHOD
    note: str = ""
    fold_options: dict[str, Any] = field(default_factory=dict)
    protocol: str = "full"  # full: the whole stream, one run | halves: see PROTOCOLS
    held_out: bool = True  # no figure comes from a model trained on the articles it scores
    halves: list[dict[str, Any]] = field(default_factory=list)  # halves: each half's run

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


PROTOCOLS = {
    "halves": "two runs: the stream of the events of one half (event_halves: by first appearance) folded with "
              "the model trained on the other half's events of every benchmark (stories-half<other>.json); "
              "pairwise and BCubed over both runs' predictions together (cross-half pairs are never joined)",
    "full": "one run of the whole stream with the given model (stories.json is trained on every benchmark: "
            "in-sample figures, marked held_out false)",
}


def _cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _maxrss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB on Linux


@dataclass(slots=True)
class _Run:
    """One stream through ingest+fold: each article's story and what it cost."""

    predicted: dict[str, str]  # row id -> story ID (``missing:<id>`` when the pipeline gave none)
    seconds: float
    cpu: float
    rss_before: float
    rss_after: float
    dated: int
    duplicates: int
    missing: int


def _run(bench: Benchmark, fold: FoldOptions) -> _Run:
    from ..run import IngestOptions, ingest
    from ..store import open_store
    from ..store.views import export_records

    with tempfile.TemporaryDirectory(prefix="newsfold-eval-") as tmp:
        src = Path(tmp) / f"{bench.name.replace('/', '-')}.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for row in bench.rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        with open_store(os.path.join(tmp, "eval.db")) as store:
            rss_before = _maxrss_mb()
            cpu_started, started = _cpu_seconds(), time.perf_counter()
            summary = ingest([str(src)], store, IngestOptions(fold=fold))
            seconds = time.perf_counter() - started
            cpu = _cpu_seconds() - cpu_started
            rss_after = _maxrss_mb()
            story_of: dict[str, str] = {}
            dated = 0
            for rec in export_records(store):
                sid = (rec.get("meta") or {}).get("source_id")
                if sid is None:
                    continue
                dated += bool(rec["published"])
                if rec["story_id"]:
                    story_of[str(sid)] = rec["story_id"]
    predicted = {k: story_of.get(k, f"missing:{k}") for k in bench.gold}
    return _Run(predicted, seconds, cpu, rss_before, rss_after, dated, summary.duplicates,
                sum(k not in story_of for k in bench.gold))


def _result(name: str, gold: dict[str, str], runs: list[_Run], fold: FoldOptions, *, isolated: bool, note: str,
            protocol: str, held_out: bool, halves: list[dict[str, Any]] | None = None) -> StoryResult:
    predicted = {k: v for r in runs for k, v in r.predicted.items()}
    n = len(gold)
    seconds, cpu = sum(r.seconds for r in runs), sum(r.cpu for r in runs)
    rss_before, rss_after = runs[0].rss_before, max(r.rss_after for r in runs)
    return StoryResult(
        benchmark=name, articles=n,
        gold_clusters=n_clusters(gold), predicted_clusters=n_clusters(predicted),
        pairwise=pairwise(predicted, gold).as_dict(), bcubed=bcubed(predicted, gold).as_dict(),
        seconds=round(seconds, 3), articles_per_s=round(n / seconds, 2) if seconds else 0.0,
        cpu_seconds=round(cpu, 3), articles_per_cpu_s=round(n / cpu, 2) if cpu else 0.0,
        peak_mb=round(rss_after - rss_before, 1), peak_rss_mb=round(rss_after, 1),
        dated=sum(r.dated for r in runs), duplicates=sum(r.duplicates for r in runs),
        missing=sum(r.missing for r in runs), isolated=isolated, note=note,
        fold_options=dataclasses.asdict(fold), protocol=protocol, held_out=held_out, halves=halves or [],
    )


def score_benchmark(bench: Benchmark, fold: FoldOptions = FoldOptions(), *, isolated: bool = False) -> StoryResult:
    """Run ``bench``'s whole stream through ingest+fold in this process and score the story partition.

    With the learned scorer and its default model (trained on these benchmarks) the
    figures are in-sample: ``held_out`` says so. ``score_halves`` gives held-out figures.
    """
    if fold.scorer == "learned" and fold.model and Path(fold.model).is_dir():
        raise ValueError(f"model {fold.model!r} is a folder of half models: use the protocol halves")
    run = _run(bench, fold)
    held_out = not model_saw(fold, bench.name, None)
    return _result(bench.name, bench.gold, [run], fold, isolated=isolated, note=bench.note, protocol="full",
                   held_out=held_out)


def _family(name: str) -> str:
    return name.split("/")[0].removesuffix("-nodates")  # giveme5w1h-nodates is giveme5w1h's articles


def model_saw(fold: FoldOptions, name: str, half: int | None) -> bool:
    """Whether the learned model of ``fold`` was trained on benchmark ``name`` (its half ``half``; None: any)."""
    if fold.scorer != "learned":
        return False
    for seen in load_model(fold.model).trained_on:
        if _family(seen) != _family(name):
            continue
        seen_half = seen.split("/")[1] if "/" in seen else None
        if half is None or seen_half is None or seen_half == str(half):
            return True
    return False


def half_model(fold: FoldOptions, half: int) -> FoldOptions:
    """The options to fold half ``half`` with: the learned scorer's model trained on the other half.

    ``fold.model`` may name a folder of freshly trained models (``eval/stories_train.py --out DIR``):
    its ``stories-half<other>.json`` is used, so new models are scored held out before they are installed.
    """
    if fold.scorer == "learned" and fold.model and Path(fold.model).is_dir():
        return dataclasses.replace(fold, model=str(Path(fold.model) / f"stories-half{1 - half}.json"))
    if fold.scorer != "learned" or fold.model:
        return fold  # the cosine rule learns nothing; a model the caller named is used as given
    return dataclasses.replace(fold, model=f"stories-half{1 - half}")


def score_halves(bench: Benchmark, fold: FoldOptions = FoldOptions(), *, isolated: bool = False) -> StoryResult:
    """Held-out figures: each half's events folded with the model that never saw them (``PROTOCOLS``)."""
    runs, detail = [], []
    for half in (0, 1):
        part = take_half(bench, half)
        if not part.rows:
            continue
        opts = half_model(fold, half)
        run = _run(part, opts)
        runs.append(run)
        detail.append({
            "half": half, "articles": len(part.gold), "model": opts.model if opts.scorer == "learned" else None,
            "pairwise": pairwise(run.predicted, part.gold).as_dict(), "bcubed": bcubed(run.predicted, part.gold).as_dict(),
        })
    held_out = not any(model_saw(half_model(fold, d["half"]), bench.name, d["half"]) for d in detail)
    return _result(bench.name, bench.gold, runs, fold, isolated=isolated, note=bench.note, protocol="halves",
                   held_out=held_out, halves=detail)


def _score(bench: Benchmark, fold: FoldOptions, protocol: str, isolated: bool) -> StoryResult:
    if protocol == "halves":
        return score_halves(bench, fold, isolated=isolated)
    if protocol == "full":
        return score_benchmark(bench, fold, isolated=isolated)
    raise ValueError(f"unknown protocol {protocol!r} (known: {', '.join(PROTOCOLS)})")


def _child(name: str, root: str | None, limit: int | None, fold: FoldOptions, protocol: str) -> dict[str, Any]:
    return _score(load(name, root, limit), fold, protocol, True).as_dict()


def run_benchmark(
    name: str, *, root=None, limit: int | None = None, fold: FoldOptions = FoldOptions(), isolate: bool = False,
    protocol: str = "halves",
) -> StoryResult:
    """Load and score one benchmark; ``isolate`` runs it in a fresh spawned process (clean memory figure)."""
    if not isolate:
        return _score(load(name, root, limit), fold, protocol, False)
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        out = pool.apply(_child, (name, str(root) if root else None, limit, fold, protocol))
    return StoryResult(**out)


def run_all(
    names: Sequence[str] = BENCHMARKS, *, root=None, limit: int | None = None,
    fold: FoldOptions = FoldOptions(), isolate: bool = True, protocol: str = "halves",
) -> list[StoryResult]:
    return [run_benchmark(n, root=root, limit=limit, fold=fold, isolate=isolate, protocol=protocol) for n in names]


# --- reporting ---------------------------------------------------------------


def format_table(results: Sequence[StoryResult]) -> str:
    head = f"{'benchmark':<20} {'P':>6} {'R':>6} {'F1':>6} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} " \
           f"{'clusters':>11} {'art/s':>7} {'art/cpu-s':>9} {'peak MB':>8}"
    lines = [head, "-" * len(head)]
    for r in results:
        p, b = r.pairwise, r.bcubed
        lines.append(
            f"{r.benchmark:<20} {p['precision']:>6.3f} {p['recall']:>6.3f} {p['f1']:>6.3f} "
            f"{b['precision']:>6.3f} {b['recall']:>6.3f} {b['f1']:>6.3f} "
            f"{f'{r.predicted_clusters}/{r.gold_clusters}':>11} {r.articles_per_s:>7.1f} {r.articles_per_cpu_s:>9.1f} "
            f"{r.peak_mb:>8.1f}" + ("" if r.held_out else "  IN-SAMPLE (the model was trained on it)")
        )
        for h in r.halves:
            lines.append(f"  half {h['half']} ({h['articles']} articles, model {h['model'] or '-'}): "
                         f"P {h['pairwise']['precision']:.3f} R {h['pairwise']['recall']:.3f} "
                         f"F1 {h['pairwise']['f1']:.3f} B3 F1 {h['bcubed']['f1']:.3f}")
    lines.append("clusters = predicted/gold; art/s = wall clock, art/cpu-s = per CPU second of this process; "
                 "peak MB = " + MEMORY_METHOD
                 + (" (fresh process per benchmark)" if all(r.isolated for r in results) else " (in-process: lower bound)"))
    for protocol in sorted({r.protocol for r in results}):
        lines.append(f"protocol {protocol}: {PROTOCOLS[protocol]}")
    scorers = sorted({r.fold_options.get("scorer", "cosine") for r in results})
    lines.append("scorer: " + ", ".join(scorers))
    return "\n".join(lines)


def merge_results(path: str | os.PathLike, results: Sequence[StoryResult], meta: dict[str, Any]) -> dict[str, Any]:
    """Merge ``results`` into the JSON file at ``path``: ``stories.benchmarks.<name>``, other keys kept.

    Each benchmark entry carries ``meta`` (command, time, ...), so a run of one
    benchmark updates that entry only.
    """

    def merged(section: Any) -> dict[str, Any]:
        section = section if isinstance(section, dict) else {}
        benches = section.get("benchmarks") if isinstance(section.get("benchmarks"), dict) else {}
        for r in results:
            benches[r.benchmark] = {**r.as_dict(), **meta}
        order = [*BENCHMARKS, *sorted(set(benches) - set(BENCHMARKS))]
        section["benchmarks"] = {k: benches[k] for k in order if k in benches}
        section["metrics"] = ("pairwise P/R/F1 over unordered article pairs (Miranda et al. 2018); "
                              "BCubed P/R/F1 averaged over articles (Bagga & Baldwin 1998)")
        section["memory_method"] = MEMORY_METHOD
        return section

    return update_results(path, "stories", merged)


def _parse_overrides(items: Sequence[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"--fold expects key=value, got {item!r}")
        out[key.strip()] = value.strip()
    return out


def main(argv: Sequence[str] | None = None, default_out: str | os.PathLike | None = None,
         prog: str = "python -m newsfold.evaluation.stories") -> int:
    parser = argparse.ArgumentParser(prog=prog, description="Score story clustering on the shared benchmarks.")
    parser.add_argument("--only", action="append", choices=BENCHMARKS, help="run only this benchmark (repeatable)")
    parser.add_argument("--limit", type=int, default=None, help="quick mode: first N articles of each benchmark")
    parser.add_argument("--fold", action="append", default=[], metavar="KEY=VALUE",
                        help="FoldOptions override, e.g. join=0.2 or statements.min_overlap=0.4 (repeatable)")
    parser.add_argument("--root", default=None, help="benchmarks folder (default <shared>/eval/stories)")
    parser.add_argument("--out", default=None,
                        help=f"merge results into this JSON under 'stories' (default: {default_out or 'none'}; "
                             "a --limit run writes only with --out)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--in-process", action="store_true", help="no fresh process per benchmark (memory: lower bound)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--protocol", choices=sorted(PROTOCOLS), default="halves",
                        help="halves (default): held-out figures, each half folded with the model trained on the "
                             "other; full: the whole stream with one model (in-sample with the shipped model)")
    args = parser.parse_args(argv)

    overrides = _parse_overrides(args.fold)
    fold = fold_options(overrides)
    names = args.only or list(BENCHMARKS)
    results = run_all(names, root=args.root, limit=args.limit, fold=fold, isolate=not args.in_process,
                      protocol=args.protocol)
    print(json.dumps([r.as_dict() for r in results], indent=2) if args.json else format_table(results))
    out = args.out or (default_out if args.limit is None else None)
    if out and not args.no_write:
        meta = {
            "command": " ".join([prog, *(argv if argv is not None else sys.argv[1:])]),
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "limit": args.limit,
            "fold_overrides": overrides,
            "protocol_note": PROTOCOLS[args.protocol],
        }
        merge_results(out, results, meta)
        print(f"results merged into {out} (key 'stories')")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

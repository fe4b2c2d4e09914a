"""Article-body extraction against public benchmarks: AEB (plain text and HTML) and WCXB dev.

Benchmarks (read from ``<shared>/eval/extraction/`` at run time, never copied):

* ``aeb-text``: the 181 pages of the Zyte article-extraction-benchmark as full-page
  plain text (``aeb/text/ID.txt``), run through :func:`newsfold.clean.clean` as a
  :class:`RawDoc` whose meta carries the page URL from ``ground-truth.json`` (so
  :func:`newsfold.clean.site_key` groups pages by host). The body is
  ``Article.body``; a rejected page predicts the empty string.
  The row ``line-classifier`` times the learned line classifier alone
  (:mod:`newsfold.clean.lineclass`: features and trees, on lines already split) and
  scores its own pick: the maximum-scoring run of its line scores, without the clean
  stage's header, caption and date rules.
* ``aeb-text-2pass``: the same, but first the line keys of every page are counted
  per site (the set of distinct :func:`line_key` per page, as
  ``run.local.process`` does), and each page is cleaned with ``repeated`` = its
  keys seen on at least ``min_docs`` pages of its site: what the pipeline does
  after ingesting the whole set. The pipeline's threshold is 3; AEB has at most
  two pages per host, so ``aeb-text-2pass-min2`` also runs with ``min_docs=2``.
* ``aeb-html``: ``aeb/html/ID.html.gz`` through ``trafilatura.extract(html,
  include_comments=False)`` (exactly the benchmark's ``extractors/run_trafilatura.py``)
  and, when available, newsfold's HTML path (a RawDoc with meta
  ``content_type="text/html"``; detected at run time).
* ``wcxb``: WCXB dev article pages (793, 659 dated): bag-of-words F1 of the main
  content, title / author / publication-day accuracy, for trafilatura 2.x (its
  defaults, metadata from ``bare_extraction(with_metadata=True)``) and the
  newsfold HTML path when available.

Metrics
-------

AEB: the benchmark's own ``evaluate.py`` (scrapinghub/article-extraction-benchmark,
MIT), re-implemented here and checked against its anchors (no filtering 0.665;
trafilatura 0.960). Per page, tokens are ``re.findall(r"\\w+", text)`` with the
flags UNICODE|MULTILINE|IGNORECASE|DOTALL -- note: *not* lower-cased, IGNORECASE has
no effect on ``\\w``. Shingles are the 4-grams of the token list (a text of fewer
than 4 tokens gives one shorter shingle, an empty one none), counted as a multiset:
TP = sum min(true, pred), FP = sum excess predicted, FN = sum missed; the three are
normalised to sum to 1 per page. Precision is the mean over pages with TP+FP > 0
of TP/(TP+FP) (1 when FP = FN = 0), recall the mean over pages with TP+FN > 0;
F1 = 2PR/(P+R) of the two means (so a page predicted empty drops out of precision
and scores recall 0). The benchmark's bootstrap confidence intervals are not
computed.

WCXB: per page, Counter of ``re.findall(r"\\w+", text.lower())`` for prediction and
``ground_truth.main_content``; P = overlap/|pred|, R = overlap/|true|, F1 of these;
averaged over pages (both empty = 1, one empty = 0). Titles and authors count as
right when their word-normalised forms (lower-cased ``\\w+`` joined by spaces)
are equal; authors over the pages whose ground truth names one. Dates: the
``YYYY-MM-DD`` day of the prediction against ``publish_date`` over the 659 dated
pages, reported as correct / wrong (another day) / missing (two ground truths give
only a month; there the prediction's month must match).

    python -m newsfold.evaluation.extraction [--only aeb-text,...] [--limit N] [--out eval/results.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from . import shared_dir

BENCHMARKS = ("aeb-text", "aeb-text-2pass", "aeb-text-2pass-min2", "aeb-html", "wcxb")
PIPELINE_MIN_DOCS = 3  # run.local.IngestOptions.repeat_min_docs

# ----------------------------------------------------------------------------- metrics

_AEB_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def aeb_tokens(text: str | None) -> list[str]:
    return _AEB_TOKEN_RE.findall(text or "")


def aeb_shingles(text: str | None, n: int = 4) -> Counter:
    tokens = aeb_tokens(text)
    out: Counter = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i : i + n])
        if shingle:
            out[shingle] += 1
    return out


def shingle_tp_fp_fn(true: str | None, pred: str | None, n: int = 4) -> tuple[float, float, float]:
    """Per-page (TP, FP, FN) of 4-gram shingles, normalised to sum 1 (AEB ``string_shingle_matching``)."""
    t, p = aeb_shingles(true, n), aeb_shingles(pred, n)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def aeb_prf(tp_fp_fns: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    """Macro precision / recall over pages and F1 of the two (AEB ``metrics_from_tp_fp_fns``)."""
    ps = [_precision(*x) for x in tp_fp_fns if x[0] + x[1] > 0]
    rs = [_recall(*x) for x in tp_fp_fns if x[0] + x[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"precision": p, "recall": r, "f1": f1}


def bow_prf(true: str | None, pred: str | None) -> tuple[float, float, float]:
    """Bag-of-words (lower-cased ``\\w+``) precision, recall, F1 of one page."""
    t = Counter(re.findall(r"\w+", (true or "").lower()))
    p = Counter(re.findall(r"\w+", (pred or "").lower()))
    if not t and not p:
        return 1.0, 1.0, 1.0
    overlap = sum((t & p).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    prec, rec = overlap / sum(p.values()), overlap / sum(t.values())
    return prec, rec, 2 * prec * rec / (prec + rec)


def word_norm(text: object) -> str:
    return " ".join(re.findall(r"\w+", str(text or "").lower()))


_DAY_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def day_of(value: object) -> str | None:
    m = _DAY_RE.search(str(value or ""))
    return m.group(0) if m else None


_GOLD_DATE_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def gold_date(value: object) -> str | None:
    """``YYYY-MM-DD``, or the coarser ``YYYY-MM`` / ``YYYY`` some ground truths give (2 WCXB pages)."""
    m = _GOLD_DATE_RE.search(str(value or ""))
    return m.group(0) if m else None


# ----------------------------------------------------------------------------- data


def extraction_dir(root: str | os.PathLike | None = None) -> Path:
    """``root`` if given, else ``<shared>/eval/extraction`` (raises NotFound without ../shared)."""
    return Path(root) if root else shared_dir() / "eval" / "extraction"


def available(root: str | os.PathLike | None = None) -> Path | None:
    """The extraction folder if the AEB data is there, else None."""
    try:
        d = extraction_dir(root)
    except Exception:  # NotFound: no ../shared at all
        return None
    return d if (d / "aeb" / "ground-truth.json").is_file() else None


@dataclass(frozen=True, slots=True)
class AebPage:
    id: str
    url: str
    body: str  # ground-truth articleBody


def url_host(url: str) -> str:
    try:
        return (urlparse(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def load_aeb(root: Path, limit: int | None = None) -> list[AebPage]:
    gt = json.loads((root / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [AebPage(k, v.get("url") or "", v.get("articleBody") or "") for k, v in sorted(gt.items())]
    return pages[:limit] if limit else pages


def aeb_text(root: Path, page: AebPage) -> str:
    return (root / "aeb" / "text" / f"{page.id}.txt").read_text(encoding="utf-8")


def aeb_html(root: Path, page: AebPage) -> str:
    with gzip.open(root / "aeb" / "html" / f"{page.id}.html.gz", "rt", encoding="utf-8", errors="replace") as f:
        return f.read()


@dataclass(frozen=True, slots=True)
class WcxbPage:
    id: str
    url: str
    main: str
    title: str | None
    author: str | None
    date: str | None


def load_wcxb(root: Path, limit: int | None = None) -> list[WcxbPage]:
    out = []
    for path in sorted((root / "wcxb-dev-articles" / "ground-truth").glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        g = d.get("ground_truth") or {}
        out.append(WcxbPage(path.stem, d.get("url") or "", g.get("main_content") or "", g.get("title") or None,
                            g.get("author") or None, gold_date(g.get("publish_date"))))
        if limit and len(out) >= limit:
            break
    return out


def wcxb_html(root: Path, page: WcxbPage) -> str:
    with gzip.open(root / "wcxb-dev-articles" / "html" / f"{page.id}.html.gz", "rt", encoding="utf-8",
                   errors="replace") as f:
        return f.read()


# ----------------------------------------------------------------------------- extractors


@dataclass(slots=True)
class Extracted:
    body: str = ""
    title: str | None = None
    author: str | None = None
    date: str | None = None


def newsfold_text_doc(text: str, url: str, origin: str):
    from ..records import RawDoc

    return RawDoc(text, origin, {"url": url} if url else {})


def newsfold_clean(raw, repeated: frozenset[str] = frozenset()) -> Extracted:
    from ..clean import clean
    from ..records import Article

    out = clean(raw, repeated=repeated)
    if not isinstance(out, Article):
        return Extracted()
    return Extracted(out.body, out.title, out.byline, day_of(out.published))


def site_repetition(docs: Sequence[tuple[str, str]], min_docs: int) -> dict[str, frozenset[str]]:
    """doc id -> its line keys seen on >= ``min_docs`` pages of its site (``docs``: (id, site, text))."""
    from ..clean import line_key
    from ..clean.lines import split_lines

    keys_of: dict[str, set[str]] = {}
    site_of: dict[str, str] = {}
    counts: dict[str, Counter] = defaultdict(Counter)
    for doc_id, site, text in docs:
        keys = {line_key(t) for _, _, t in split_lines(text)}
        keys_of[doc_id], site_of[doc_id] = keys, site
        counts[site].update(keys)
    return {d: frozenset(k for k in keys if counts[site_of[d]][k] >= min_docs) for d, keys in keys_of.items()}


_PROBE_HTML = ("<!DOCTYPE html><html><head><title>Probe headline for the test</title>"
               "<script>var probeScript = 1;</script></head><body><nav><a href='/'>Home</a></nav>"
               "<article><h1>Probe headline for the test</h1><p>The council approved the new budget on "
               "Tuesday after a long debate about schools and roads.</p><p>Officials said the plan would "
               "take effect next year, pending a final review by the state.</p></article></body></html>")


def newsfold_html_available() -> str | None:
    """None if ``clean`` turns an HTML RawDoc (meta content_type text/html) into clean text, else why not."""
    try:
        from ..clean import clean
        from ..records import Article, RawDoc

        out = clean(RawDoc(_PROBE_HTML, "probe.html", {"content_type": "text/html", "url": "https://example.org/a"}))
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return f"clean() raised {type(exc).__name__}: {exc}"
    if not isinstance(out, Article):
        return f"clean() rejected the probe page ({out.reason})"
    if "<" in out.body or "probeScript" in out.body or "council approved" not in out.body:
        return "clean() does not parse HTML (tags or scripts left in the body)"
    return None


def newsfold_html(html: str, url: str, origin: str) -> Extracted:
    from ..records import RawDoc

    return newsfold_clean(RawDoc(html, origin, {"content_type": "text/html", **({"url": url} if url else {})}))


def trafilatura_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("trafilatura")
    except Exception:  # noqa: BLE001
        return None


def trafilatura_aeb(html: str) -> Extracted:
    import trafilatura

    return Extracted(trafilatura.extract(html, include_comments=False) or "")


def trafilatura_wcxb(html: str, url: str) -> Extracted:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True)
    if doc is None:
        return Extracted()
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    return Extracted(get("text") or "", get("title"), get("author"), day_of(get("date")))


# ----------------------------------------------------------------------------- runs


@dataclass(slots=True)
class Result:
    benchmark: str
    system: str
    docs: int
    seconds: float
    scores: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    cpu_seconds: float | None = None  # CPU time of the same span: compare this one on a shared machine

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds > 0 else 0.0

    @property
    def docs_per_cpu_s(self) -> float | None:
        return self.docs / self.cpu_seconds if self.cpu_seconds else None

    def as_dict(self, digits: int = 4) -> dict[str, Any]:
        def rnd(v: Any) -> Any:
            if isinstance(v, float):
                return round(v, digits)
            if isinstance(v, dict):
                return {k: rnd(x) for k, x in v.items()}
            return v

        d = {"benchmark": self.benchmark, "system": self.system, "docs": self.docs,
             "seconds": round(self.seconds, 3), "docs_per_s": round(self.docs_per_s, 1), **rnd(self.scores)}
        if self.docs_per_cpu_s is not None:
            d["docs_per_cpu_s"] = round(self.docs_per_cpu_s, 1)
        if self.note:
            d["note"] = self.note
        return d


@dataclass(slots=True)
class Spent:
    wall: float = 0.0
    cpu: float = 0.0

    def __add__(self, other: Spent) -> Spent:
        return Spent(self.wall + other.wall, self.cpu + other.cpu)


def _timed(items: Iterable, fn: Callable[[Any], Any]) -> tuple[list[Any], Spent]:
    """Apply ``fn`` to each item; the time (wall and CPU) counts ``fn`` only (reading files is excluded)."""
    out, spent = [], Spent()
    for item in items:
        t0, c0 = time.perf_counter(), time.process_time()
        out.append(fn(item))
        spent.wall += time.perf_counter() - t0
        spent.cpu += time.process_time() - c0
    return out, spent


def _aeb_result(name: str, system: str, pages: Sequence[AebPage], preds: Sequence[Extracted], spent: Spent,
                note: str = "") -> Result:
    per_page = [shingle_tp_fp_fn(p.body, e.body) for p, e in zip(pages, preds)]
    scores = aeb_prf(per_page)
    scores["empty"] = sum(1 for e in preds if not aeb_tokens(e.body))
    return Result(name, system, len(pages), spent.wall, scores, note, spent.cpu)


def run_aeb_text(root: Path, pages: Sequence[AebPage], min_docs: int | None = None,
                 name: str = "aeb-text") -> Result:
    """newsfold clean() over the plain-text pages; ``min_docs`` set: the two-pass site-repetition variant."""
    from ..clean import site_key

    docs = [newsfold_text_doc(aeb_text(root, p), p.url, f"aeb/text/{p.id}.txt") for p in pages]
    repeated: dict[str, frozenset[str]] = {}
    note = ""
    t0, c0 = time.perf_counter(), time.process_time()
    if min_docs is not None:
        repeated = site_repetition([(p.id, site_key(d), d.text) for p, d in zip(pages, docs)], min_docs)
        hit = sum(1 for r in repeated.values() if r)
        note = f"site repetition: lines on >= {min_docs} pages of the host; {hit} pages have such lines"
    pre = Spent(time.perf_counter() - t0, time.process_time() - c0)
    preds, spent = _timed(list(zip(pages, docs)), lambda pd: newsfold_clean(pd[1], repeated.get(pd[0].id, frozenset())))
    return _aeb_result(name, "newsfold", pages, preds, spent + pre, note)


def run_aeb_classifier(root: Path, pages: Sequence[AebPage]) -> Result:
    """The line classifier alone: docs/s of features + trees, F1 of its maximum-scoring run."""
    from ..clean import CleanOptions
    from ..clean.lineclass import body_probabilities, load_model
    from ..clean.lines import line_features
    from ..clean.segment import find_body

    if load_model() is None:
        return Result("aeb-text", "line-classifier", 0, 0.0, {"unavailable": "no line model installed"})
    pages_lines = [line_features(aeb_text(root, p)) for p in pages]
    probs, spent = _timed(pages_lines, body_probabilities)
    preds = []
    for lines, pr in zip(pages_lines, probs):
        seg = find_body(lines, pr) if pr is not None else None
        if seg is None or seg.body is None:
            preds.append(Extracted())
            continue
        first, last = seg.body
        preds.append(Extracted("\n".join(lines[i].text for i in range(first, last + 1)
                                          if lines[i].kind is None and pr[i] >= CleanOptions().line_floor)))
    return _aeb_result("aeb-text", "line-classifier", pages, preds, spent,
                       "docs/s: features + trees only (lines already split)")


def run_aeb_unfiltered(root: Path, pages: Sequence[AebPage]) -> Result:
    """The whole page text as the prediction: the benchmark's 'no filtering' anchor."""
    texts = [aeb_text(root, p) for p in pages]
    preds, spent = _timed(texts, lambda t: Extracted(t))
    return _aeb_result("aeb-text", "unfiltered", pages, preds, spent)


def run_aeb_html(root: Path, pages: Sequence[AebPage], system: str) -> Result:
    htmls = [aeb_html(root, p) for p in pages]
    if system == "trafilatura":
        preds, spent = _timed(htmls, trafilatura_aeb)
    else:
        preds, spent = _timed(list(zip(pages, htmls)), lambda ph: newsfold_html(ph[1], ph[0].url, f"aeb/html/{ph[0].id}"))
    return _aeb_result("aeb-html", system, pages, preds, spent)


def run_wcxb(root: Path, pages: Sequence[WcxbPage], system: str) -> Result:
    htmls = [wcxb_html(root, p) for p in pages]
    if system == "trafilatura":
        preds, spent = _timed(list(zip(pages, htmls)), lambda ph: trafilatura_wcxb(ph[1], ph[0].url))
    else:
        preds, spent = _timed(list(zip(pages, htmls)), lambda ph: newsfold_html(ph[1], ph[0].url, f"wcxb/{ph[0].id}"))
    prf = [bow_prf(p.main, e.body) for p, e in zip(pages, preds)]
    n = len(pages) or 1
    titled = [(p, e) for p, e in zip(pages, preds) if p.title]
    authored = [(p, e) for p, e in zip(pages, preds) if p.author]
    dated = [(p, e) for p, e in zip(pages, preds) if p.date]
    right_day = sum(1 for p, e in dated if e.date and e.date.startswith(p.date))
    missing_day = sum(1 for p, e in dated if not e.date)
    scores = {
        "precision": sum(x[0] for x in prf) / n,
        "recall": sum(x[1] for x in prf) / n,
        "f1": sum(x[2] for x in prf) / n,
        "title_accuracy": sum(1 for p, e in titled if word_norm(e.title) == word_norm(p.title)) / (len(titled) or 1),
        "author_accuracy": sum(1 for p, e in authored if word_norm(e.author) == word_norm(p.author)) / (len(authored) or 1),
        "authors": len(authored),
        "date_accuracy": right_day / (len(dated) or 1),
        "dated": len(dated),
        "date_wrong": len(dated) - right_day - missing_day,
        "date_missing": missing_day,
    }
    return Result("wcxb", system, len(pages), spent.wall, scores, cpu_seconds=spent.cpu)


# ----------------------------------------------------------------------------- report


def format_table(results: Sequence[Result]) -> str:
    lines = [f"{'benchmark':<20} {'system':<15} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6} {'docs/s':>8} {'cpu/s':>8}  extra"]
    for r in results:
        s = r.scores
        if "unavailable" in s:
            lines.append(f"{r.benchmark:<20} {r.system:<15} {'-':>5} {'':>6} {'':>6} {'':>6} {'':>8} {'':>8}  "
                         f"not available: {s['unavailable']}")
            continue
        extra = ""
        if r.benchmark == "wcxb":
            extra = (f"title {s['title_accuracy']:.3f}  author {s['author_accuracy']:.3f}  "
                     f"day {s['date_accuracy']:.3f} (wrong {s['date_wrong']}, missing {s['date_missing']} of {s['dated']})")
        elif "empty" in s:
            extra = f"empty {s['empty']}"
        cpu = f"{r.docs_per_cpu_s:.1f}" if r.docs_per_cpu_s is not None else "-"
        lines.append(f"{r.benchmark:<20} {r.system:<15} {r.docs:>5} {s['precision']:>6.3f} {s['recall']:>6.3f} "
                     f"{s['f1']:>6.3f} {r.docs_per_s:>8.1f} {cpu:>8}  {extra}")
    return "\n".join(lines)


def merge_results(path: str | os.PathLike, results: Sequence[Result], meta: dict[str, Any]) -> dict[str, Any]:
    """Merge into ``extraction.benchmarks.<benchmark>.<system>`` of the JSON file; other keys are kept."""
    path = Path(path)
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            data = {}
    section = data.get("extraction") if isinstance(data.get("extraction"), dict) else {}
    benches = section.get("benchmarks") if isinstance(section.get("benchmarks"), dict) else {}
    for r in results:
        entry = benches.setdefault(r.benchmark, {})
        entry[r.system] = {**r.as_dict(), **meta} if "unavailable" not in r.scores else {
            "unavailable": r.scores["unavailable"], **meta}
    section["benchmarks"] = {k: benches[k] for k in [*BENCHMARKS, *sorted(set(benches) - set(BENCHMARKS))] if k in benches}
    section["metrics"] = ("AEB: 4-gram shingle P/R/F1, macro over pages (article-extraction-benchmark evaluate.py); "
                          "WCXB: bag-of-words (lower-cased \\w+) F1 per page, averaged; title/author word-normalised "
                          "exact; publication day exact over dated pages")
    data["extraction"] = section
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return data


def run(only: Sequence[str] = BENCHMARKS, root: Path | None = None, limit: int | None = None,
        systems: Sequence[str] = ("newsfold", "line-classifier", "trafilatura", "unfiltered"),
        log: Callable[[str], None] | None = None) -> list[Result]:
    root = root or extraction_dir()
    results: list[Result] = []
    say = log or (lambda s: None)
    say(format_table([]))

    def add(r: Result) -> None:
        results.append(r)
        say(format_table([r]).split("\n", 1)[1])

    aeb = load_aeb(root, limit) if any(b.startswith("aeb") for b in only) else []
    html_missing = newsfold_html_available() if "newsfold" in systems else "not requested"
    traf = trafilatura_version()
    if "aeb-text" in only:
        if "unfiltered" in systems:
            add(run_aeb_unfiltered(root, aeb))
        if "newsfold" in systems:
            add(run_aeb_text(root, aeb))
        if "line-classifier" in systems:
            add(run_aeb_classifier(root, aeb))
    if "aeb-text-2pass" in only and "newsfold" in systems:
        add(run_aeb_text(root, aeb, PIPELINE_MIN_DOCS, "aeb-text-2pass"))
    if "aeb-text-2pass-min2" in only and "newsfold" in systems:
        add(run_aeb_text(root, aeb, 2, "aeb-text-2pass-min2"))
    wcxb = load_wcxb(root, limit) if "wcxb" in only else []
    for bench, fn, pages in (("aeb-html", run_aeb_html, aeb), ("wcxb", run_wcxb, wcxb)):
        if bench not in only:
            continue
        if "trafilatura" in systems:
            if traf is None:
                add(Result(bench, "trafilatura", 0, 0.0, {"unavailable": "trafilatura not installed"}))
            else:
                r = fn(root, pages, "trafilatura")
                r.system, r.note = "trafilatura", f"trafilatura {traf}"
                add(r)
        if "newsfold" in systems:
            if html_missing:
                add(Result(bench, "newsfold", 0, 0.0, {"unavailable": html_missing}))
            else:
                add(fn(root, pages, "newsfold"))
    return results


def main(argv: Sequence[str] | None = None, default_out: str | os.PathLike | None = None,
         prog: str = "python -m newsfold.evaluation.extraction") -> int:
    ap = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated: " + ", ".join(BENCHMARKS))
    ap.add_argument("--systems", default="newsfold,line-classifier,trafilatura,unfiltered")
    ap.add_argument("--limit", type=int, default=None, help="first N pages of each benchmark (writes only with --out)")
    ap.add_argument("--out", default=None, help="results JSON to merge into" + (f" (default {default_out})" if default_out else ""))
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--root", default=None, help="the eval/extraction folder (default <shared>/eval/extraction)")
    args = ap.parse_args(argv)
    only = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        ap.error("unknown benchmark(s): " + ", ".join(sorted(unknown)))
    root = available(args.root)
    if root is None:
        print("extraction benchmarks not found (../shared/eval/extraction; set NEWSFOLD_SHARED)", file=sys.stderr)
        return 2
    results = run(only, root, args.limit, [s.strip() for s in args.systems.split(",") if s.strip()],
                  log=lambda s: print(s, flush=True))
    print()
    print(format_table(results))
    out = args.out or (default_out if args.limit is None else None)
    if out and not args.no_write:
        meta = {"command": " ".join([prog, *(argv if argv is not None else sys.argv[1:])]),
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "limit": args.limit}
        merge_results(out, results, meta)
        print(f"\nmerged into {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

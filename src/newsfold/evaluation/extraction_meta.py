"""Page metadata against WCXB dev: title, author, publication day, outlet and wire.

Every WCXB dev article page (``<shared>/eval/extraction/wcxb-dev-articles``, 793
pages, 659 with a publication date) goes through newsfold's HTML clean path --
:func:`newsfold.clean.clean` on a :class:`RawDoc` with ``content_type`` text/html
and the page URL, no container date, exactly as ``extraction.newsfold_html`` --
and the Article's fields are scored against the page's ground truth:

* title: exact after word normalisation (lower-cased ``\\w+`` joined by spaces,
  ``extraction.word_norm``), over the pages whose ground truth has a title;
* author: the same on ``Article.byline``, over the pages whose ground truth names one;
* publication day: ``Article.published`` against ``publish_date``, over the dated
  pages: *right* (same day; for the two ground truths that give only a month, the
  same month), *wrong* (another day), *unknown* (no date). ``by evidence`` breaks
  the predicted days down by the kinds of evidence that agreed on them
  (``html-meta`` metadata, ``stamp`` by the headline or a signed one,
  ``original`` -- the page's "originally published" note --, ``url``,
  ``dateline``, ``htmldate`` with the page's first date);
* outlet and wire: no ground truth; coverage (an outlet named by the page, not
  just its host; a wire agency) and, with ``--sample N``, N pages to check by eye.

Anchors on the same pages (``<shared>/eval/README.md``): trafilatura's titles 0.55;
htmldate 1.x (extensive search) day accuracy 0.847 with 100 wrong of 659.

    python -m newsfold.evaluation.extraction_meta [--limit N] [--sample N] [--show-dates wrong,unknown]
                                                  [--out eval/results.json | --no-write]

The figures are merged into the results file under ``extraction_meta`` (other
keys are left as they are; the read-modify-write holds a lock beside the file).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .extraction import (
    WcxbPage,
    available,
    day_of,
    load_wcxb,
    url_host,
    wcxb_html,
    word_norm,
)
from .results import update_results

ANCHORS = {
    "title_accuracy": {"trafilatura 2.x": 0.55},
    "date_accuracy": {"htmldate 1.x extensive": 0.847},
    "date_wrong": {"htmldate 1.x extensive": 100},
}
# Evidence kinds that can settle a page's day (witnesses), and the weaker ones that count only together.
_WITNESS_KINDS = ("container", "html-meta", "stamp", "original", "url", "dateline", "header")
_WEAK_KINDS = ("htmldate", "page-text", "weekday", "relative")


@dataclass(slots=True)
class PageMeta:
    """What the HTML path made of one page (None everywhere for a rejected page)."""

    id: str
    url: str
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    outlet: str | None = None
    wire: str | None = None
    evidence: tuple = ()
    rejected: str | None = None


@dataclass(slots=True)
class MetaReport:
    docs: int
    seconds: float  # wall-clock seconds in clean()
    cpu_seconds: float  # CPU seconds of this process in clean() (comparable when the machine is shared)
    scores: dict[str, Any] = field(default_factory=dict)
    by_evidence: dict[str, dict[str, int]] = field(default_factory=dict)
    pages: list[tuple[WcxbPage, PageMeta]] = field(default_factory=list)

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds > 0 else 0.0

    @property
    def docs_per_cpu_s(self) -> float:
        return self.docs / self.cpu_seconds if self.cpu_seconds > 0 else 0.0


def page_meta(page: WcxbPage, html: str) -> PageMeta:
    """Run one page through ``clean`` as the HTML path sees it (no container date)."""
    from ..clean import clean
    from ..records import Article, RawDoc

    raw = RawDoc(html, f"wcxb/{page.id}", {"content_type": "text/html", **({"url": page.url} if page.url else {})})
    out = clean(raw)
    if not isinstance(out, Article):
        return PageMeta(page.id, page.url, rejected=out.reason)
    return PageMeta(page.id, page.url, out.title, out.byline, out.published, out.outlet, out.wire, out.date_evidence)


def date_outcome(gold: str | None, predicted: str | None) -> str | None:
    """'right' | 'wrong' | 'unknown' for a dated page, None for an undated one."""
    if not gold:
        return None
    day = day_of(predicted)
    if not day:
        return "unknown"
    return "right" if day.startswith(gold) else "wrong"


def decided_by(meta: PageMeta) -> str:
    """The kinds of evidence that name the predicted day ("html-meta+stamp"), or "-" when unknown."""
    if not meta.published:
        return "-"
    kinds = {ev.kind for ev in meta.evidence if ev.value == meta.published}
    return ("+".join(k for k in _WITNESS_KINDS if k in kinds)
            or "weak: " + "+".join(k for k in _WEAK_KINDS if k in kinds) if kinds else "other")


def named_outlet(meta: PageMeta) -> bool:
    """Did the page name its outlet (not merely the host name standing in for it)?"""
    if not meta.outlet:
        return False
    host = url_host(meta.url).casefold()
    return meta.outlet.casefold() not in {host, host.removeprefix("www.")}


def score(pages: Sequence[tuple[WcxbPage, PageMeta]]) -> tuple[dict[str, Any], dict[str, dict[str, int]]]:
    titled = [(p, m) for p, m in pages if p.title]
    authored = [(p, m) for p, m in pages if p.author]
    dated = [(p, m) for p, m in pages if p.date]
    outcomes = Counter(date_outcome(p.date, m.published) for p, m in dated)
    by_evidence: dict[str, Counter] = {}
    for p, m in dated:
        by_evidence.setdefault(decided_by(m), Counter())[date_outcome(p.date, m.published)] += 1
    n_dated = len(dated) or 1
    scores = {
        "title_accuracy": sum(word_norm(m.title) == word_norm(p.title) for p, m in titled) / (len(titled) or 1),
        "titled": len(titled),
        "author_accuracy": sum(word_norm(m.byline) == word_norm(p.author) for p, m in authored) / (len(authored) or 1),
        "author_coverage": sum(bool(m.byline) for p, m in authored) / (len(authored) or 1),
        "authors": len(authored),
        "date_accuracy": outcomes["right"] / n_dated,
        "date_wrong_rate": outcomes["wrong"] / n_dated,
        "date_right": outcomes["right"],
        "date_wrong": outcomes["wrong"],
        "date_unknown": outcomes["unknown"],
        "dated": len(dated),
        "dates_on_undated_pages": sum(bool(m.published) for p, m in pages if not p.date),
        "outlet_named": sum(named_outlet(m) for _, m in pages) / (len(pages) or 1),
        "outlet_any": sum(bool(m.outlet) for _, m in pages) / (len(pages) or 1),
        "wire": sum(bool(m.wire) for _, m in pages),
        "rejected": sum(bool(m.rejected) for _, m in pages),
    }
    ordered = sorted(by_evidence.items(), key=lambda kv: -sum(kv[1].values()))
    return scores, {k: dict(v) for k, v in ordered}


def run(root: Path, limit: int | None = None, log: Callable[[str], None] | None = None) -> MetaReport:
    """Clean every page (timing ``clean`` only, not the reading of files) and score the fields."""
    pages = load_wcxb(root, limit)
    out: list[tuple[WcxbPage, PageMeta]] = []
    spent = cpu = 0.0
    for i, page in enumerate(pages, 1):
        html = wcxb_html(root, page)
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            meta = page_meta(page, html)
        except Exception as exc:  # noqa: BLE001 - one page must not sink the run; it scores as rejected
            meta = PageMeta(page.id, page.url, rejected=f"{type(exc).__name__}: {exc}")
        spent += time.perf_counter() - t0
        cpu += time.process_time() - c0
        out.append((page, meta))
        if log and i % 100 == 0:
            log(f"  {i}/{len(pages)} pages")
    scores, by_evidence = score(out)
    return MetaReport(len(out), spent, cpu, scores, by_evidence, out)


def format_report(r: MetaReport) -> str:
    s = r.scores
    lines = [
        f"WCXB dev articles: {r.docs} pages, {r.docs_per_s:.1f} docs/s wall, {r.docs_per_cpu_s:.1f} docs/CPU-s"
        " (clean, HTML path)",
        f"  {'field':<14} {'score':>7}  detail",
        f"  {'title':<14} {s['title_accuracy']:>7.3f}  exact (word-normalised) over {s['titled']} titled pages;"
        f" trafilatura {ANCHORS['title_accuracy']['trafilatura 2.x']}",
        f"  {'author':<14} {s['author_accuracy']:>7.3f}  exact over {s['authors']} pages naming one;"
        f" a byline on {s['author_coverage']:.0%} of them",
        f"  {'date (day)':<14} {s['date_accuracy']:>7.3f}  right {s['date_right']}, wrong {s['date_wrong']}"
        f" ({s['date_wrong_rate']:.1%}), unknown {s['date_unknown']} of {s['dated']};"
        f" htmldate extensive 0.847 with 100 wrong",
        f"  {'outlet':<14} {s['outlet_named']:>7.3f}  named by the page"
        f" (any outlet, host included: {s['outlet_any']:.3f})",
        f"  {'wire':<14} {s['wire']:>7d}  pages with a wire agency (no gold)",
        f"  {'rejected':<14} {s['rejected']:>7d}",
        "  date by evidence (right / wrong / unknown):",
    ]
    for kinds, c in r.by_evidence.items():
        lines.append(f"    {kinds:<32} {c.get('right', 0):>4} / {c.get('wrong', 0):>3} / {c.get('unknown', 0):>3}")
    return "\n".join(lines)


def format_pages(r: MetaReport, outcomes: set[str] | None = None, sample: int = 0) -> str:
    """Dated pages with the given outcomes (their evidence), and/or a sample for outlet and wire."""
    out = []
    if outcomes:
        for p, m in r.pages:
            o = date_outcome(p.date, m.published)
            if o in outcomes:
                out.append(f"[{o}] {p.id} {p.url}\n    gold {p.date}  predicted {m.published}")
                out += [f"    {ev.kind:<10} {ev.value or '-':<10} {ev.text[:90]}" for ev in m.evidence]
    if sample:
        step = max(1, len(r.pages) // sample)
        for p, m in r.pages[::step][:sample]:
            out.append(f"{p.id} {url_host(p.url):<32} outlet {m.outlet!r:<36} wire {m.wire!r} byline {m.byline!r}")
    return "\n".join(out)


def merge_results(path: str | os.PathLike, r: MetaReport, meta: dict[str, Any], digits: int = 4) -> dict[str, Any]:
    """Read-modify-write ``path`` under a lock, replacing only its ``extraction_meta`` key (atomic rename)."""
    scores = {k: round(v, digits) if isinstance(v, float) else v for k, v in r.scores.items()}
    return update_results(path, "extraction_meta", {
        "wcxb-dev": {"docs": r.docs, "seconds": round(r.seconds, 3), "docs_per_s": round(r.docs_per_s, 1),
                     "cpu_seconds": round(r.cpu_seconds, 3), "docs_per_cpu_s": round(r.docs_per_cpu_s, 1),
                     **scores, "date_by_evidence": r.by_evidence, **meta},
        "anchors": ANCHORS,
        "metrics": ("WCXB dev article pages through clean() (HTML path, no container date): title and "
                    "author exact after word normalisation; publication day right/wrong/unknown over the "
                "dated pages (a month-only ground truth needs the same month); outlet and wire coverage"),
    })


def _default_out() -> Path:
    repo_eval = Path(__file__).resolve().parents[3] / "eval"
    return (repo_eval if repo_eval.is_dir() else Path.cwd() / "eval") / "results.json"


def main(argv: Sequence[str] | None = None) -> int:
    prog = "python -m newsfold.evaluation.extraction_meta"
    ap = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N pages (writes only with --out)")
    ap.add_argument("--out", default=None, help=f"results JSON to merge into (default {_default_out()})")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--root", default=None, help="the eval/extraction folder (default <shared>/eval/extraction)")
    ap.add_argument("--show-dates", default="", help="list dated pages with these outcomes: wrong,unknown,right")
    ap.add_argument("--sample", type=int, default=0, help="print N pages' outlet, wire and byline to check by eye")
    args = ap.parse_args(argv)
    root = available(args.root)
    if root is None or not (root / "wcxb-dev-articles").is_dir():
        print("WCXB dev articles not found (../shared/eval/extraction/wcxb-dev-articles; set NEWSFOLD_SHARED)",
              file=sys.stderr)
        return 2
    report = run(root, args.limit, log=lambda s: print(s, file=sys.stderr, flush=True))
    print(format_report(report))
    outcomes = {o.strip() for o in args.show_dates.split(",") if o.strip()}
    if outcomes or args.sample:
        print(format_pages(report, outcomes, args.sample))
    out = args.out or (_default_out() if args.limit is None else None)
    if out and not args.no_write:
        meta = {"command": " ".join([prog, *(argv if argv is not None else sys.argv[1:])]),
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "limit": args.limit}
        merge_results(out, report, meta)
        print(f"\nmerged into {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

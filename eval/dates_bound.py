#!/usr/bin/env python
"""How well can any extractor date the WCXB dev articles? An upper bound from the pages themselves.

    .venv/bin/python eval/dates_bound.py [--root ../shared/eval/extraction] [--list] [--rules]

For each of the dated WCXB dev articles, look for the gold publication day anywhere in the
page's raw HTML, in every common spelling: ISO (2021-07-05, 2021/07/05, 20210705), numeric
day-month and month-day orders (05/07/2021, 07/05/2021, 5.7.2021), month names long and short
with or without the day's ordinal suffix (July 5, 2021; 5th July 2021; Jul. 5, 2021) and Unix
time in seconds or milliseconds (any time of that day, UTC). A page whose gold day appears in
none of these cannot be dated right from its HTML by any method: the day must have come from
somewhere else. The count of such pages bounds the day accuracy from above.

With ``--rules`` it also runs every dated page through newsfold's clean stage (as
``newsfold.evaluation.extraction_meta`` does) and looks at what the gold does where a page
shows an "updated" stamp of another day than its declared publication: it counts which of the
two the gold takes, by where the publication is declared, and scores two rules over all dated
pages: newsfold's (the declared publication; unknown where witnesses disagree) and "a shown
update wins". The annotators take the shown update on some of these pages and the publication
on others, so a rule that gains the ones loses the others — even where the publication day is not
in the text the reader sees, the gold takes it on most article:published_time pages. Last, an optimistic ceiling for
newsfold's figures: every other page it leaves unknown whose gold day is on the page dated
right, and the conflict pages it leaves unknown either left so or given the side the gold takes
more often, per kind of markup — which of these meet the issue's 0.92 with under 2 % wrong.
"""

from __future__ import annotations

import argparse
import calendar
import re
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from newsfold.evaluation.extraction import available, load_wcxb, wcxb_html


def spellings(day: date) -> list[re.Pattern[str]]:
    """Regexes for ``day`` as pages write it."""
    y, m, d = day.year, day.month, day.day
    long_m, short_m = calendar.month_name[m], calendar.month_abbr[m]
    months = f"(?:{long_m}|{short_m}\\.?)"
    dd = f"0?{d}(?:st|nd|rd|th)?"
    numeric = [
        f"{y}[-/.]{m:02d}[-/.]{d:02d}", f"{y}{m:02d}{d:02d}",
        f"\\b0?{d}[-/.]0?{m}[-/.]{y}", f"\\b0?{m}[-/.]0?{d}[-/.]{y}",
    ]
    named = [f"{months}\\s+{dd},?\\s+{y}", f"\\b{dd}\\s+(?:of\\s+)?{months},?\\s+{y}"]
    start = int(datetime(y, m, d, tzinfo=timezone.utc).timestamp())
    prefixes = "|".join(sorted({str(start // 100000), str((start + 86399) // 100000)}))
    epoch = [f"\\b(?:{prefixes})\\d{{5}}(?:\\d{{3}})?\\b"]  # seconds or ms; coarse: checked below
    return [re.compile(p, re.I) for p in numeric + named] + [re.compile(p) for p in epoch]


def _epoch_on_day(match: str, day: date) -> bool:
    value = int(match)
    seconds = value / 1000 if len(match) > 10 else value
    return datetime.fromtimestamp(seconds, tz=timezone.utc).date() == day


def found_in(html: str, day: date) -> bool:
    *text_patterns, epoch = spellings(day)
    if any(p.search(html) for p in text_patterns):
        return True
    return any(_epoch_on_day(m.group(0), day) for m in epoch.finditer(html))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=None)
    ap.add_argument("--list", action="store_true", help="print the pages whose gold day is nowhere in the page")
    ap.add_argument("--rules", action="store_true", help="the gold's choice between update and publication, and two rules")
    args = ap.parse_args(argv)
    root = available(args.root)
    if root is None:
        print("../shared/eval/extraction is absent: nothing to measure")
        return 0
    dated = [p for p in load_wcxb(root) if p.date and len(p.date) == 10]
    absent = []
    for page in dated:
        if not found_in(wcxb_html(root, page), date.fromisoformat(page.date)):
            absent.append(page)
    n = len(dated)
    print(f"WCXB dev: {n} articles dated to the day; gold day nowhere in the page's HTML: {len(absent)}")
    print(f"upper bound on day accuracy from the pages: {(n - len(absent)) / n:.3f}")
    if args.list:
        for page in absent:
            print(f"  {page.id} {page.date} {page.url}")
    if args.rules:
        print_rules(root, dated)
    return 0


def visible_text(html: str) -> str:
    """The text a reader sees: the page without its scripts, styles and templates ("" if it does not parse)."""
    import lxml.html

    try:
        doc = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - an unparsable page shows nothing
        return ""
    for el in doc.xpath("//script|//style|//noscript|//template"):
        el.drop_tree()
    return doc.text_content()


def _shown(ev) -> bool:
    """An "updated" witness the reader sees (a stamp in the page), not one in the markup only."""
    return ev.kind == "updated" and ev.text.startswith(("near the headline", "on the page"))


_UPDATE_ONLY = "nothing (an update shown only)"


def print_rules(root: Path, dated: list) -> None:
    from collections import Counter

    from newsfold.evaluation.extraction_meta import date_outcome, page_meta

    rules = {"newsfold (declared publication)": Counter(), "a shown update wins": Counter()}
    choice: Counter = Counter()
    by_sight: Counter = Counter()  # (where, publication day visible in the page text?, took)
    open_pages = 0  # unknown to newsfold, not a conflict page, the gold day somewhere in the page
    conflict_unknown: Counter = Counter()  # (where, took) of the conflict pages newsfold leaves unknown
    for page in dated:
        html = wcxb_html(root, page)
        meta = page_meta(page, html)
        shown = [ev.value for ev in meta.evidence if _shown(ev) and ev.value]
        declared = [ev for ev in meta.evidence if ev.kind == "html-meta" and ev.value]
        rules["newsfold (declared publication)"][date_outcome(page.date, meta.published)] += 1
        rules["a shown update wins"][date_outcome(page.date, shown[0] if shown else meta.published)] += 1
        outcome = date_outcome(page.date, meta.published)
        if shown and declared and shown[0] != declared[0].value:
            where = "article:published_time" if "published_time" in declared[0].text else "JSON-LD / other markup"
            took = ("update" if page.date == shown[0] else "publication" if page.date == declared[0].value
                    else "neither")
            choice[(where, took)] += 1
            seen = found_in(visible_text(html), date.fromisoformat(declared[0].value))
            by_sight[(where, "shown" if seen else "not shown", took)] += 1
            if outcome == "unknown":
                conflict_unknown[(where, took)] += 1
        elif outcome == "unknown" and shown and not declared:
            # Nothing declared, only an "updated" stamp shown: the same choice, take it or abstain.
            took = "update" if page.date == shown[0] else "neither"
            choice[(_UPDATE_ONLY, took)] += 1
            conflict_unknown[(_UPDATE_ONLY, took)] += 1
        elif outcome == "unknown" and found_in(html, date.fromisoformat(page.date)):
            open_pages += 1
    print("pages showing an update of another day than their declared publication: the gold takes")
    for where in ("article:published_time", "JSON-LD / other markup"):
        print(f"  publication declared in {where}: " + ", ".join(
            f"{took} {choice[(where, took)]}" for took in ("update", "publication", "neither")))
    print(f"  publication declared in {_UPDATE_ONLY}, pages newsfold leaves unknown: "
          f"update {choice[(_UPDATE_ONLY, 'update')]}, another day {choice[(_UPDATE_ONLY, 'neither')]}")
    print("  the same, split by whether the declared publication day is in the text the reader sees:")
    for where in ("article:published_time", "JSON-LD / other markup"):
        for seen in ("shown", "not shown"):
            print(f"    {where}, publication {seen}: " + ", ".join(
                f"{took} {by_sight[(where, seen, took)]}" for took in ("update", "publication", "neither")))
    n = len(dated)
    for name, c in rules.items():
        print(f"rule {name}: right {c['right']} ({c['right'] / n:.3f}), wrong {c['wrong']} "
              f"({c['wrong'] / n:.1%}), unknown {c['unknown']}")
    # The most any rule could add to newsfold's: every other unknown page whose day is on the page
    # dated right (optimistic), and on the conflict pages it leaves unknown, per kind of markup, either
    # abstaining or taking the side the gold takes more often (the other side's pages then go wrong).
    base = rules["newsfold (declared publication)"]
    print(f"newsfold leaves unknown: {open_pages} pages with the gold day on the page and no conflict, and "
          f"conflict pages {dict(conflict_unknown)}")
    options = [(0, 0)]
    for where in ("article:published_time", "JSON-LD / other markup", _UPDATE_ONLY):
        u, p = conflict_unknown[(where, "update")], conflict_unknown[(where, "publication")]
        other = conflict_unknown[(where, "neither")]
        options = [(r + dr, w + dw) for r, w in options for dr, dw in ((0, 0), (u, p + other), (p, u + other))]
    # The Pareto front: each choice of sides that no other beats on both counts.
    scored = sorted({(base["right"] + open_pages + g, base["wrong"] + w) for g, w in options}, key=lambda rw: (rw[1], -rw[0]))
    best = -1
    for right, wrong in scored:
        if right <= best:
            continue
        best = right
        print(f"  at best: right {right} ({right / n:.3f}), wrong {wrong} ({wrong / n:.1%})"
              f"{'  <- meets 0.92 with < 2 % wrong' if right / n >= 0.92 and wrong / n < 0.02 else ''}")

if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""How well can any extractor date the WCXB dev articles? An upper bound from the pages themselves.

    .venv/bin/python eval/dates_bound.py [--root ../shared/eval/extraction] [--list]

For each of the dated WCXB dev articles, look for the gold publication day anywhere in the
page's raw HTML, in every common spelling: ISO (2021-07-05, 2021/07/05, 20210705), numeric
day-month and month-day orders (05/07/2021, 07/05/2021, 5.7.2021), month names long and short
with or without the day's ordinal suffix (July 5, 2021; 5th July 2021; Jul. 5, 2021) and Unix
time in seconds or milliseconds (any time of that day, UTC). A page whose gold day appears in
none of these cannot be dated right from its HTML by any method: the day must have come from
somewhere else. The count of such pages bounds the day accuracy from above.

It also counts the pages where the gold day does appear but the page shows a visible
"updated" stamp of another day, and the pages that show *only* an "updated" stamp: on these
the annotators sometimes took the stamp and sometimes an earlier day found nowhere on the
page, so no single rule is right on both kinds (newsfold prefers *unknown*: see clean/htmldates).
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Geometry of the inline SVG timelines, computed on the server (no charting JavaScript).

A swimlane chart: one lane per outlet, time left to right, one dot per story (or article)
an outlet had, sized by how many articles it holds; a thin stem joins the dots of one story
across lanes, so it reads as "who covered this, and when". Items without a date go into a
separate "date unknown" band at the right instead of being dropped or given a made-up date.

Only numbers and plain strings leave this module; the template escapes every label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

WIDTH = 760
LABEL_W = 150  # left column for lane (outlet) names
LANE_H = 30
TOP = 12
AXIS_H = 34
UNDATED_W = 150  # band for undated items when there are dated ones too
MAX_LANES = 12
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True, slots=True)
class Item:
    when: str | None  # ISO date (or a longer ISO timestamp); None when unknown
    lane: str  # outlet label
    group: str  # story ID: dots of one group share an x and are joined
    label: str  # tooltip / accessible name
    href: str
    weight: int = 1


def parse_day(value: str | None) -> date | None:
    """The day an ISO value names; "2018-11" and "2018" mean their first day."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        y, m, d = (int(parts[i]) if len(parts) > i else 1 for i in range(3))
        return date(y, m, d)
    except ValueError:
        return None


def layout(items: list[Item], title: str) -> dict:
    """Everything the SVG template draws: lanes, ticks, stems, dots, the undated band."""
    lanes = _lanes(items)
    lane_y = {name: TOP + i * LANE_H + LANE_H / 2 for i, name in enumerate(lanes)}
    plot_x0, plot_x1 = LABEL_W, WIDTH - 10
    dated = [(parse_day(i.when), i) for i in items]
    undated = [i for d, i in dated if d is None]
    dated = [(d, i) for d, i in dated if d is not None]
    band = None
    if undated:
        band_x0 = plot_x0 if not dated else plot_x1 - UNDATED_W
        band = {"x": band_x0, "width": plot_x1 - band_x0, "label": "date unknown"}
        if dated:
            plot_x1 = band_x0 - 16
    height = TOP + len(lanes) * LANE_H + AXIS_H
    xs: dict[str, float] = {}
    ticks: list[dict] = []
    if dated:
        lo, hi = min(d for d, _ in dated), max(d for d, _ in dated)
        span = max((hi - lo).days, 1)
        pad = 8 if lo != hi else (plot_x1 - plot_x0) / 2  # a single day sits in the middle

        def x_of(d: date) -> float:
            return plot_x0 + pad + (d - lo).days / span * (plot_x1 - plot_x0 - 2 * pad)

        for d, item in dated:
            xs.setdefault(item.group, x_of(d))
        ticks = [{"x": round(x_of(t), 1), "label": text} for t, text in _ticks(lo, hi)]
    if band:
        groups = list(dict.fromkeys(i.group for i in undated if i.group not in xs))
        step = band["width"] / max(len(groups), 1)
        for n, g in enumerate(groups):
            xs[g] = band["x"] + step * (n + 0.5)
    dots, stems = _dots(items, xs, lane_y)
    return {
        "width": WIDTH, "height": height, "title": title,
        "top": TOP - 8, "axis_y": TOP + len(lanes) * LANE_H + 6,
        "plot_x0": LABEL_W, "plot_x1": WIDTH - 10,
        "lanes": [{"label": _short(n), "full": n, "y": lane_y[n]} for n in lanes],
        "ticks": ticks, "band": band, "dots": dots, "stems": stems,
        "dated": len({i.group for _, i in dated}), "undated": len({i.group for i in undated}),
    }


def _lanes(items: list[Item]) -> list[str]:
    counts: dict[str, int] = {}
    for i in items:
        counts[i.lane] = counts.get(i.lane, 0) + 1
    names = sorted(counts, key=lambda n: (-counts[n], n))
    return names if len(names) <= MAX_LANES else names[: MAX_LANES - 1] + ["other outlets"]


def _dots(items: list[Item], xs: dict[str, float], lane_y: dict[str, float]) -> tuple[list[dict], list[dict]]:
    merged: dict[tuple[str, str], Item] = {}
    weights: dict[tuple[str, str], int] = {}
    for i in items:
        lane = i.lane if i.lane in lane_y else "other outlets"
        key = (i.group, lane)
        merged.setdefault(key, i)
        weights[key] = weights.get(key, 0) + i.weight
    dots = []
    ys_by_group: dict[str, list[float]] = {}
    for (group, lane), item in merged.items():
        y = lane_y[lane]
        ys_by_group.setdefault(group, []).append(y)
        w = weights[(group, lane)]
        dots.append({"x": round(xs[group], 1), "y": y, "r": round(min(4 + 2.2 * math.sqrt(w - 1), 11), 1),
                     "href": item.href, "label": item.label, "weight": w, "undated": parse_day(item.when) is None})
    stems = [{"x": round(xs[g], 1), "y1": min(ys), "y2": max(ys)} for g, ys in ys_by_group.items() if len(ys) > 1]
    return dots, stems


def _ticks(lo: date, hi: date, most: int = 7) -> list[tuple[date, str]]:
    """Round dates between lo and hi: the finest of days, weeks, months, quarters, years that fits."""
    days = (hi - lo).days
    if days <= most:
        every_day = [date.fromordinal(lo.toordinal() + k) for k in range(days + 1)]
        return [(d, format_day(d)) for d in every_day]
    if days <= most * 7:
        first = lo.toordinal() + (7 - lo.weekday()) % 7  # Mondays
        return [(date.fromordinal(o), format_day(date.fromordinal(o))) for o in range(first, hi.toordinal() + 1, 7)]
    for months in (1, 3, 6, 12, 24, 60, 120):
        if (hi.year - lo.year) * 12 + hi.month - lo.month <= most * months:
            break
    out = []
    y, m = lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        index = y * 12 + m - 1
        if index % months == 0 and date(y, m, 1) >= lo:
            out.append((date(y, m, 1), str(y) if months >= 12 else f"{MONTHS[m - 1]} {y}"))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out or [(lo, format_day(lo)), (hi, format_day(hi))]


def format_day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _short(name: str, width: int = 22) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"

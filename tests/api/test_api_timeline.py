"""The server-side SVG timeline geometry."""

from __future__ import annotations

from datetime import date

from newsfold.api.timeline import Item, layout, parse_day


def item(when, lane="A", group=None, weight=1):
    return Item(when=when, lane=lane, group=group or f"{when}-{lane}", label="x", href="/x", weight=weight)


def test_parse_day_accepts_partial_and_long_iso_values():
    assert parse_day("2018-11-07") == date(2018, 11, 7)
    assert parse_day("2018-11-07T10:00:00+00:00") == date(2018, 11, 7)
    assert parse_day("2018-11") == date(2018, 11, 1)
    assert parse_day("2018") == date(2018, 1, 1)
    assert parse_day(None) is None and parse_day("soon") is None and parse_day("2018-13-01") is None


def test_dated_items_run_left_to_right_inside_the_plot():
    chart = layout([item("2021-03-02"), item("2021-05-12"), item("2021-04-01")], "t")
    xs = {d["x"] for d in chart["dots"]}
    assert chart["band"] is None and len(xs) == 3
    assert all(chart["plot_x0"] <= x <= chart["plot_x1"] for x in xs)
    by_date = sorted(chart["dots"], key=lambda d: d["x"])
    assert [d["x"] for d in by_date] == sorted(xs)
    assert [t["label"] for t in chart["ticks"]] == ["Apr 2021", "May 2021"]  # round dates inside the span


def test_undated_items_get_their_own_band_and_are_never_placed_on_the_time_axis():
    chart = layout([item("2021-03-02"), item(None, group="u1"), item(None, group="u2")], "t")
    band = chart["band"]
    undated = [d for d in chart["dots"] if d["undated"]]
    assert band and len(undated) == 2
    assert all(band["x"] <= d["x"] <= band["x"] + band["width"] for d in undated)
    dated = [d for d in chart["dots"] if not d["undated"]]
    assert all(d["x"] < band["x"] for d in dated)


def test_all_undated_fills_the_plot_with_the_band():
    chart = layout([item(None, group="a"), item(None, group="b")], "t")
    assert chart["band"]["x"] == chart["plot_x0"] and chart["ticks"] == []


def test_one_story_in_two_lanes_is_joined_by_a_stem_and_weight_sizes_dots():
    chart = layout([item("2021-03-02", "A", "s1", weight=1), item("2021-03-02", "B", "s1", weight=4)], "t")
    assert len(chart["stems"]) == 1
    small, big = sorted(chart["dots"], key=lambda d: d["weight"])
    assert big["r"] > small["r"]


def test_ticks_for_short_and_long_spans():
    days = layout([item("2021-03-01"), item("2021-03-04")], "t")["ticks"]
    assert [t["label"] for t in days] == ["1 Mar 2021", "2 Mar 2021", "3 Mar 2021", "4 Mar 2021"]
    years = layout([item("2001-06-01"), item("2021-06-01")], "t")["ticks"]
    assert 2 <= len(years) <= 7 and all(t["label"].isdigit() for t in years)


def test_many_outlets_fold_into_other_outlets():
    chart = layout([item("2021-03-02", f"Outlet {i:02}") for i in range(20)], "t")
    assert len(chart["lanes"]) == 12 and chart["lanes"][-1]["label"] == "other outlets"
    assert len(chart["dots"]) == 20

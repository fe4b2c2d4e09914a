"""eval/dates_bound.py: a gold day is found in every spelling pages use, and only that day."""

import importlib.util
from datetime import date
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / "eval" / "dates_bound.py"
_spec = importlib.util.spec_from_file_location("dates_bound", _PATH)
dates_bound = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dates_bound)

DAY = date(2021, 7, 5)


@pytest.mark.parametrize("html", [
    '<meta content="2021-07-05T10:00:00Z">', "<span>2021/07/05</span>", "id=20210705",
    "<p>05/07/2021</p>", "<p>7/5/2021</p>", "<time>July 5, 2021</time>", "Jul. 5, 2021",
    "5th July 2021", "the 5th of July, 2021", '"timestamp": 1625486400', '"ms": 1625500000000',
])
def test_found_in_every_spelling(html):
    assert dates_bound.found_in(html, DAY)


@pytest.mark.parametrize("html", [
    "2021-07-06", "July 15, 2021", "June 5, 2021", "15/07/2021", "5 July 2022",
    '"timestamp": 1625572800',  # 2021-07-06 12:00 UTC
    '"ms": 1625529600000',  # 2021-07-06 00:00 UTC
])
def test_other_days_not_found(html):
    assert not dates_bound.found_in(html, DAY)

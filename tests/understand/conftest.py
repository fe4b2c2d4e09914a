"""Shared helpers for the understand tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import seedkit  # noqa: E402

from newsfold.records import Article, Paragraph  # noqa: E402


def make_article(*paras: str, article_id: str = "t") -> tuple[Article, str]:
    """An Article whose paragraphs are separated by blank lines in the raw text."""
    raw = ""
    ps = []
    for k, text in enumerate(paras):
        ps.append(Paragraph(text=text, line=2 * k + 1, start=len(raw)))
        raw += text + "\n\n"
    art = Article(id=article_id, raw_id=article_id, origin="<test>", title=None, outlet=None,
                  wire=None, byline=None, dateline=None, published=None, language="en",
                  paragraphs=tuple(ps), removed=())
    return art, raw


@pytest.fixture(scope="session")
def gold() -> dict:
    if not seedkit.available():
        pytest.skip(f"seed data not found under {seedkit.SHARED} (set NEWSFOLD_SHARED)")
    return seedkit.load_gold()

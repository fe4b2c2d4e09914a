"""Build Articles from the seed files and their gold body lines (read at run time)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from newsfold.records import Article, Paragraph

SHARED = Path(os.environ.get("NEWSFOLD_SHARED", "/work/shared"))
SEEDS = SHARED / "seeds"
GOLD = SHARED / "eval" / "seeds.gold.json"


def available() -> bool:
    return SEEDS.is_dir() and GOLD.is_file()


def load_gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))["documents"]


def raw_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def build_article(name: str, body_lines: list[int]) -> tuple[Article, str]:
    """Article whose paragraphs are the gold body lines, with raw offsets."""
    raw = raw_text(name)
    offsets = []
    pos = 0
    for line in raw.split("\n"):
        offsets.append(pos)
        pos += len(line) + 1
    lines = raw.split("\n")
    paras = []
    for n in body_lines:
        text = lines[n - 1].rstrip("\r").rstrip()
        paras.append(Paragraph(text=text, line=n, start=offsets[n - 1]))
    art = Article(id=name, raw_id=name, origin=str(SEEDS / name), title=None, outlet=None,
                  wire=None, byline=None, dateline=None, published=None, language="en",
                  paragraphs=tuple(paras), removed=())
    return art, raw

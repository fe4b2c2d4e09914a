"""Golden-file helper for the clean stage.

Each ``golden/NAME.txt`` is an invented scrape; ``golden/NAME.expected.json``
holds what :func:`newsfold.clean.clean` must make of it.

To regenerate the expected files after an *intended* change of behaviour::

    NEWSFOLD_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/clean/test_clean_golden.py

then read the diff of ``tests/clean/golden/*.expected.json`` before committing:
regeneration accepts whatever the code does now. Without the variable the
tests only compare.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsfold.clean import clean
from newsfold.records import Article, RawDoc, Rejected

GOLDEN = Path(__file__).parent / "golden"
REGEN = os.environ.get("NEWSFOLD_REGEN_GOLDEN") == "1"


def golden_names() -> list[str]:
    return sorted(p.stem for p in GOLDEN.glob("*.txt"))


def run(name: str) -> Article | Rejected:
    path = GOLDEN / f"{name}.txt"
    return clean(RawDoc(path.read_text(encoding="utf-8"), str(path)))


def summary(result: Article | Rejected) -> dict:
    """The fields a golden file pins, in a stable JSON-friendly shape."""
    if isinstance(result, Rejected):
        return {"rejected": result.reason}
    return {
        "title": result.title,
        "outlet": result.outlet,
        "wire": result.wire,
        "byline": result.byline,
        "dateline": result.dateline,
        "published": result.published,
        "date_evidence": [[e.kind, e.value] for e in result.date_evidence],
        "language": result.language,
        "standfirst": result.standfirst,
        "kept": [p.line for p in result.paragraphs],
        "removed": [[r.line, r.reason] for r in result.removed],
    }


def dumps(data: dict) -> str:
    """One field per line (short diffs when an answer changes)."""
    rows = (f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in data.items())
    return "{\n" + ",\n".join(rows) + "\n}\n"


def check(name: str) -> dict:
    """Compare ``name`` with its expected file (or rewrite it when regenerating)."""
    got = summary(run(name))
    expected_path = GOLDEN / f"{name}.expected.json"
    if REGEN:
        expected_path.write_text(dumps(got), encoding="utf-8")
        pytest.skip(f"regenerated {expected_path.name}")
    if not expected_path.exists():
        pytest.fail(f"{expected_path.name} missing: run with NEWSFOLD_REGEN_GOLDEN=1 and review it")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected
    return got

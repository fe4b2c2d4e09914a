"""`newsfold eval seeds`: score a run on the five seed articles against the hand-made gold.

Each figure is printed with its target; the run passes when every target of
the spine is met (titles exact, outlets and wires, no date outside the gold
window, body-line precision and recall >= 0.95, the gold story partition, one
storyline, every gold direct quote with its speaker, no quote from teasers).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..store import open_store
from ..store.views import export_records
from . import shared_dir


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _line_of(raw: str, offset: int) -> int:
    return raw.count("\n", 0, offset) + 1


def evaluate_seeds(seeds_dir: str | None = None, gold_path: str | None = None, db: str | None = None) -> dict[str, Any]:
    seeds = Path(seeds_dir) if seeds_dir else shared_dir() / "seeds"
    gold = json.loads(Path(gold_path or shared_dir() / "eval" / "seeds.gold.json").read_text(encoding="utf-8"))
    if db is None:
        from ..run import IngestOptions, ingest

        with tempfile.TemporaryDirectory() as tmp:
            with open_store(os.path.join(tmp, "seeds.db")) as store:
                ingest([str(seeds)], store, IngestOptions())
                return score(store, gold)
    with open_store(db) as store:
        return score(store, gold)


def score(store, gold: dict) -> dict[str, Any]:
    docs = gold["documents"]
    records = {Path(r["origin"]).name: r for r in export_records(store) if Path(r["origin"]).name in docs}
    raw = {name: store.raw_text(store.article(r["id"]).raw_id) for name, r in records.items()}
    checks: list[dict[str, Any]] = []

    def check(name: str, value: Any, target: str, ok: bool, detail: str = "") -> None:
        checks.append({"check": name, "value": value, "target": target, "ok": bool(ok), "detail": detail})

    check("documents found", len(records), f"= {len(docs)}", len(records) == len(docs),
          ", ".join(sorted(set(docs) - set(records))))
    titles = sum(records[n]["title"] == g["title"] for n, g in docs.items() if n in records)
    check("titles exact", f"{titles}/{len(docs)}", "all", titles == len(docs))
    outlet_ok = [n for n, g in docs.items() if n in records and records[n]["outlet"] == g.get("outlet")]
    check("outlets", f"{len(outlet_ok)}/{len(docs)}", "all", len(outlet_ok) == len(docs),
          "; ".join(f"{n[:3]}={records[n]['outlet']!r}" for n in docs if n in records))
    wires = [(n, g["wire"]) for n, g in docs.items() if "wire" in g and n in records]
    wire_ok = sum(records[n]["wire"] == w for n, w in wires)
    check("wires", f"{wire_ok}/{len(wires)}", "all", wire_ok == len(wires))
    bylines = [(n, g["byline"]) for n, g in docs.items() if g.get("byline") and n in records]
    check("bylines", f"{sum(records[n]['byline'] == b for n, b in bylines)}/{len(bylines)}", "report", True)
    datelines = [(n, g["dateline"]) for n, g in docs.items() if g.get("dateline") and n in records]
    check("datelines", f"{sum(records[n]['dateline'] == d for n, d in datelines)}/{len(datelines)}", "report", True)

    wrong_dates, known = [], 0
    for n, g in docs.items():
        p = records.get(n, {}).get("published")
        if p:
            known += 1
            lo, hi = g["published_window"]
            if not lo <= p <= hi:
                wrong_dates.append(f"{n[:3]}={p}")
    check("dates outside gold window", len(wrong_dates), "0", not wrong_dates, f"{known} dated, rest unknown")

    tp = fp = fn = 0
    for n, g in docs.items():
        if n not in records:
            continue
        kept = {p["line"] for p in records[n]["paragraphs"]}
        body = set(g["body_lines"])
        tp, fp, fn = tp + len(kept & body), fp + len(kept - body), fn + len(body - kept)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    check("body lines precision", round(precision, 3), ">= 0.95", precision >= 0.95)
    check("body lines recall", round(recall, 3), ">= 0.95", recall >= 0.95)

    # Stories and storylines must equal the gold partitions.
    pred_story = {n: r["story_id"] for n, r in records.items()}
    gold_stories = sorted(sorted(v) for v in gold["stories"].values())
    groups = defaultdict(list)
    for n, s in pred_story.items():
        groups[s].append(n)
    pred_stories = sorted(sorted(v) for v in groups.values())
    check("stories = gold partition", len(pred_stories), f"{len(gold_stories)} exactly as gold",
          pred_stories == gold_stories, " | ".join(",".join(x[:3] for x in g) for g in pred_stories))
    lines = defaultdict(set)
    for r in records.values():
        lines[r["storyline_id"]].add(r["story_id"])
    check("storylines", len(lines), f"{len(gold['storylines'])} holding all stories",
          len(lines) == len(gold["storylines"]) and all(len(v) == len(groups) for v in lines.values()))

    # Quotes: every gold direct quote with its speaker; report partial and indirect recall.
    for kind in ("direct", "partial", "indirect"):
        found = total = 0
        misses = []
        for n, g in docs.items():
            for gq in g["quotes"]:
                if gq["kind"] != kind:
                    continue
                total += 1
                want = _norm(gq["text"])
                hit = any(
                    (want == _norm(q["text"]) or (want and want in _norm(q["text"])) or
                     (_norm(q["text"]) and _norm(q["text"]) in want and len(_norm(q["text"])) > 0.6 * len(want)))
                    and q["speaker"] == gq["speaker"]
                    for q in records.get(n, {}).get("quotes", [])
                )
                found += hit
                if not hit:
                    misses.append(f"{n[:3]}:{gq['line']}")
        target = "all" if kind == "direct" else "report"
        check(f"{kind} quotes with speaker", f"{found}/{total}", target,
              found == total or kind != "direct", "missing " + ", ".join(misses) if misses else "")
    bad = []
    for n, g in docs.items():
        for q in records.get(n, {}).get("quotes", []):
            if _line_of(raw[n], q["start"]) in set(g.get("not_quotes_of_this_article", [])):
                bad.append(f"{n[:3]}:{_line_of(raw[n], q['start'])}")
    check("quotes from teasers", len(bad), "0", not bad, ", ".join(bad))
    extra = sum(len(r["quotes"]) for r in records.values())
    check("quotes extracted (all kinds)", extra, "report", True)
    return {"passed": all(c["ok"] for c in checks), "checks": checks}


def format_report(report: dict[str, Any]) -> str:
    out = []
    for c in report["checks"]:
        mark = "ok  " if c["ok"] else "FAIL"
        line = f"{mark} {c['check']:<30} {str(c['value']):>8}   target {c['target']}"
        if c["detail"]:
            line += f"   ({c['detail']})"
        out.append(line)
    out.append("PASSED" if report["passed"] else "FAILED")
    return "\n".join(out)

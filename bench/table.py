"""Every benchmark figure in bench/results.json against its peer and target, as one table.

`make bench` ends with it; each benchmark script writes its own key (and prints its own detail).
A benchmark that has not run on this machine says so rather than showing an old figure from
elsewhere — bench/results.json is not committed.

    python bench/table.py [--results bench/results.json]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from newsfold.evaluation.results import read_results

HERE = Path(__file__).resolve().parent


def _yes(flag: object) -> str:
    return "yes" if flag else "NO"


def _speed(r: dict, case: str) -> tuple[str, str, str] | None:
    for row in (r.get("speed") or {}).get("results", []):
        if row.get("case") == case:
            return (f"{row['two_core_per_s']:.0f} art/s on 2 cores ({row['per_cpu_s']:.0f} art/CPU-s)",
                    f">= {row['target_per_s']:.0f} art/s", _yes(row.get("met")))
    return None


def _html(r: dict) -> tuple[str, str, str] | None:
    h = r.get("html")
    return h and (f"{h['newsfold_ms_per_page']:.1f} ms/page", f"trafilatura {h['trafilatura_ms_per_page']:.1f} ms: "
                  f"{h['ratio']:.2f}x (<= {h['target_ratio']}x)", _yes(h.get("met")))


def _neardup(r: dict) -> tuple[str, str, str] | None:
    n = r.get("neardup")
    return n and (f"{n['newsfold']['docs_per_s']:,.0f} docs/s, recall {n['newsfold']['recall']:.3f}",
                  f"datasketch {n['datasketch']['docs_per_s']:,.0f} docs/s, recall {n['datasketch']['recall']:.3f}: "
                  f"{n['speedup']}x (>= {n['target_speedup']:.0f}x)", _yes(n["speedup"] >= n["target_speedup"]))


def _memory(key: str) -> Callable[[dict], tuple[str, str, str] | None]:
    def row(r: dict) -> tuple[str, str, str] | None:
        m = r.get(key)
        if not m:
            return None
        state = "complete" if m.get("complete") else f"INCOMPLETE at {m.get('read_so_far', 0):,}"
        return (f"peak {m['peak_rss_mb']:,.0f} MB; {m['mb_per_10k_second_half']} MB per 10k over the second half "
                f"({state})", f"< {m['limit_mb']:,.0f} MB", _yes(m.get("complete") and m.get("under_limit")))
    return row


def _memory_flat(r: dict) -> tuple[str, str, str] | None:
    from memory import FLAT_PEAK_RATIO, flat_in_n  # bench/memory.py, beside this script

    small, large = r.get("memory"), r.get("memory_1m")
    if not (small and large):
        return None
    growth, flat = flat_in_n(small, large)
    return (f"peak {small['peak_rss_mb']:,.0f} -> {large['peak_rss_mb']:,.0f} MB: x{growth:.2f}",
            f"<= x{FLAT_PEAK_RATIO}, the 1M run's second half flat", _yes(flat))


def _search(r: dict) -> tuple[str, str, str] | None:
    s = r.get("search")
    return s and (f"p50 {s['newsfold_p50_ms']:.0f} ms, p95 {s['newsfold_p95_ms']:.0f} ms over {s['articles']:,}",
                  f"bare FTS5 p95 {s['fts5_p95_ms']:.0f} ms; target p95 < {s['target_p95_ms']:.0f} ms", _yes(s.get("met")))


def _dask(r: dict) -> tuple[str, str, str] | None:
    d = r.get("dask")
    return d and (f"parallel efficiency {d['parallel_efficiency']:.2f}", f">= {d['target_efficiency']}",
                  _yes(d["parallel_efficiency"] >= d["target_efficiency"]))


def _pages(size: str) -> Callable[[dict], tuple[str, str, str] | None]:
    def row(r: dict) -> tuple[str, str, str] | None:
        p = (r.get("pages") or {}).get(size)
        if not p:
            return None
        worst = max(p["slowest_cold_ms"], p["slowest_warm_p95_ms"])
        return (f"slowest cold {p['slowest_cold_ms']:.0f} ms, slowest p95 {p['slowest_warm_p95_ms']:.0f} ms",
                f"< {p['target_ms']:.0f} ms", _yes(worst < p["target_ms"]))
    return row


def _load(r: dict) -> tuple[str, str, str] | None:
    ld = r.get("load")
    return ld and (f"{ld['requests']:,} requests, {ld['non_2xx']} errors, {ld['database_locked_in_logs']} locked",
                   "0 errors", _yes(ld.get("passed")))


def _fuzz(r: dict) -> tuple[str, str, str] | None:
    f = r.get("fuzz")
    return f and (f"{f['inputs']:,} inputs: {f['crashes']} crashes, {f['contract']} contract, {f['hangs']} hangs",
                  "0 / 0 / 0", _yes(not (f["crashes"] or f["contract"] or f["hangs"])))


ROWS: list[tuple[str, str, Callable[[dict], tuple[str, str, str] | None]]] = [
    ("text path, every stage", "bench/run.py", lambda r: _speed(r, "text-full")),
    ("text path, no quotes", "bench/run.py", lambda r: _speed(r, "text-fast")),
    ("HTML path vs trafilatura", "bench/html_path.py", _html),
    ("near-duplicates vs datasketch", "bench/neardup.py", _neardup),
    ("peak RSS, 100k articles", "bench/memory.py --n 100000 --workers 2", _memory("memory")),
    ("peak RSS, 1M articles", "bench/memory.py --n 1000000 --workers 2 --store ...", _memory("memory_1m")),
    ("peak RSS flat in N, 100k -> 1M", "bench/memory.py --summarise FILE (either size)", _memory_flat),
    ("search p95, 1M articles", "bench/search.py --n 1000000", _search),
    ("Dask 1 -> 2 workers", "bench/dask_scaling.py", _dask),
    ("pages, seeds store", "bench/pages.py", _pages("seeds")),
    ("pages, 100k store", "bench/pages_100k.py", _pages("100k")),
    ("load during ingest", "bench/load.py", _load),
    ("fuzz, every parser", "bench/fuzz.py", _fuzz),
]


def table(results: dict) -> list[str]:
    lines = [f"{'benchmark':32} {'met':4} newsfold  |  peer / target  |  command"]
    for name, command, row in ROWS:
        try:
            cells = row(results)
        except (KeyError, TypeError, ValueError):  # a key from an older script: say so, do not guess
            cells = ("(figures in an older format: run it again)", "", "?")
        if cells is None:
            lines.append(f"{name:32} {'-':4} not run here  |  |  {command}")
        else:
            figure, peer, met = cells
            lines.append(f"{name:32} {met:4} {figure}  |  {peer}  |  {command}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", default=str(HERE / "results.json"))
    args = ap.parse_args()
    print("\n".join(table(read_results(args.results))))


if __name__ == "__main__":
    main()

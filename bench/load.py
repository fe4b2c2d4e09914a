"""Load test: `newsfold serve` under many concurrent clients while an ingest writes to the same store.

    python bench/load.py [--seconds 60] [--clients 200] [--base-n 500] [--ingest-n 3000] [--keep DIR]

1. Builds a store with the real CLI: the seeds (../shared/seeds) plus ``--base-n`` articles
   from bench/generate.py (real texts from ../shared/eval, with copies and wire copies).
2. Starts ``newsfold serve`` on a free localhost port, as its own process.
3. Starts ``newsfold ingest`` of the next ``--ingest-n`` articles of the same stream into the
   same store (new articles, so it folds and writes throughout the load).
4. Drives ``--clients`` concurrent keep-alive connections for ``--seconds`` with wrk over a
   fixed mix of web pages and API calls taken from the store: front page and its second
   page, story, storyline, speaker and article pages, search pages, and the JSON lists,
   items and search.
5. Reports requests, throughput, p50/p90/p99 latency, every status code, socket errors,
   "database is locked" (or any traceback) in the server's and the ingest's logs, and the
   ingest's own completion (exit status, articles added, store counts after). Figures go to
   bench/results.json under "load" (locked read-modify-write, as bench/fuzz.py does).

Why wrk (Debian package ``wrk``; ``apt-get install wrk``): it is C on epoll, so two threads
hold 200 keep-alive connections and issue thousands of requests a second for a few percent
of one core. This machine has 2 cores, shared by the server and the ingest under test; a
Python load generator (locust, or asyncio + httpx) spends a core of its own parsing HTTP at
these rates and would measure its own slowness as the server's. wrk's Lua hooks rotate the
URL list per thread and count each status code. wrk measures latency from sending a request
to reading its answer on a busy connection (closed loop: no coordinated-omission correction),
so p99 is what a client waiting its turn saw.

Exit status 0 only when the run met the bar: no socket errors, every answer 2xx, no lock
errors in either log, and the ingest finished cleanly.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

from newsfold.evaluation.results import update_results

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

LOCK_PATTERNS = re.compile(r"database is locked|database table is locked|SQLITE_BUSY|Traceback", re.IGNORECASE)

# Per thread: rotate through the URL list from its own offset, count status codes. The main
# state gathers the counts from every thread in done() and writes one JSON report.
WRK_LUA = r"""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads * 7919)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  counter = offset % #paths
  statuses = {}
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      counts[code] = (counts[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(counts) do table.insert(parts, string.format('"%d": %d', code, n)) end
  local e = summary.errors
  local out = io.open(os.getenv("WRK_REPORT"), "w")
  out:write(string.format(
    '{"duration_us": %d, "requests": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"min": %d, "mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p99": %d, "p999": %d}, ' ..
    '"statuses": {%s}}',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), table.concat(parts, ", ")))
  out:close()
end
"""


def newsfold(*args: str) -> list[str]:
    """The CLI of this checkout (not whatever is installed), run by this Python."""
    return [sys.executable, "-m", "newsfold.cli", *args]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.setdefault("NEWSFOLD_SHARED", str(shared_dir()))
    return env


def shared_dir() -> Path:
    from generate import shared_dir as find

    return find()


def write_streams(folder: Path, base_n: int, ingest_n: int) -> tuple[Path, Path]:
    """One generated stream split in two: the store's starting articles, then the ingest's."""
    from generate import stream

    base, more = folder / "base.jsonl", folder / "ingest.jsonl"
    with base.open("w", encoding="utf-8") as b, more.open("w", encoding="utf-8") as m:
        for i, row in enumerate(stream(base_n + ingest_n, seed=11)):
            (b if i < base_n else m).write(json.dumps(row, ensure_ascii=False) + "\n")
    return base, more


def build_store(db: Path, base: Path) -> float:
    seeds = shared_dir() / "seeds"
    if not seeds.is_dir():
        raise SystemExit(f"seeds not found at {seeds}: set NEWSFOLD_SHARED")
    t0 = time.perf_counter()
    for path in (seeds, base):
        subprocess.run(newsfold("ingest", str(path), "--db", str(db), "-q"), env=child_env(), check=True,
                       stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def url_mix(db: Path) -> list[str]:
    """The paths the clients rotate through, read from the store before the load starts.

    Weighted toward what readers hit most (front page, stories, search), with every kind of
    page and JSON call present; only URLs that answer 200 directly (full IDs, no redirects).
    """
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    stories = [r[0] for r in con.execute(
        """SELECT m.story_id FROM story_members m GROUP BY m.story_id ORDER BY count(*) DESC LIMIT 30""")]
    lines = [r[0] for r in con.execute(
        "SELECT storyline_id FROM storyline_members GROUP BY storyline_id ORDER BY count(*) DESC LIMIT 10")]
    speakers = [r[0] for r in con.execute(
        "SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 15")]
    articles = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY seq DESC LIMIT 15")]
    titles = [r[0] for r in con.execute("SELECT title FROM stories ORDER BY seed_seq DESC LIMIT 40") if r[0]]
    con.close()
    words = [w for t in titles for w in re.findall(r"[A-Za-z]{6,}", t)][:20] or ["government"]
    searches = [" ".join(words[i:i + 2]) for i in range(0, len(words), 2)]
    paths = ["/"] * 6 + ["/?page=2", "/storylines", "/speakers", "/errors"]
    paths += [f"/stories/{s}" for s in stories[:20]]
    paths += [f"/storylines/{line}" for line in lines[:5]]
    paths += [f"/speakers/{quote(s, safe='')}" for s in speakers[:8]]
    paths += [f"/articles/{a}" for a in articles[:8]]
    paths += ["/search?" + urlencode({"q": q}) for q in searches]
    paths += ["/api/stories", "/api/stories?sort=recent&limit=50", "/api/articles?limit=50", "/api/quotes",
              "/api/speakers", "/api/storylines", "/api/errors", "/api/entities"]
    paths += [f"/api/stories/{s}" for s in stories[:10]]
    paths += [f"/api/articles/{a}" for a in articles[:10]]
    paths += [f"/api/speakers/{quote(s, safe='')}" for s in speakers[:5]]
    paths += ["/api/search?" + urlencode({"q": q}) for q in searches]
    return paths


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base_url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"newsfold serve exited with status {server.returncode}; see its log")
        try:
            with urllib.request.urlopen(base_url + "/api/stories?limit=1", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("newsfold serve did not answer within a minute")


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "stories", "storylines", "quotes", "errors")}
    finally:
        con.close()


def lock_lines(*logs: Path) -> list[str]:
    found = []
    for log in logs:
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if LOCK_PATTERNS.search(line):
                found.append(f"{log.name}: {line.strip()[:200]}")
    return found


def access_log_statuses(log: Path) -> dict[str, int]:
    """Status codes as the server logged them (uvicorn's access log), to cross-check wrk."""
    out: dict[str, int] = {}
    for m in re.finditer(r'" (\d{3}) ', log.read_text(encoding="utf-8", errors="replace")):
        out[m.group(1)] = out.get(m.group(1), 0) + 1
    return out


def parse_ingest_summary(text: str) -> dict[str, float]:
    """The CLI's last line: 'read N · added N · ... · new stories N · new storylines N · 12.3s'."""
    line = next((ln for ln in reversed(text.splitlines()) if ln.startswith("read ")), "")
    out: dict[str, float] = {}
    for part in line.split(" · "):
        name, _, value = part.strip().rpartition(" ")
        if name and value.isdigit():
            out[name.replace(" ", "_")] = int(value)
        elif part.strip().endswith("s"):
            try:
                out["seconds"] = float(part.strip()[:-1])
            except ValueError:
                pass
    return out


def save_results(key: str, value: dict) -> None:
    """Set ``key`` of bench/results.json, keeping the other bench scripts' keys."""
    update_results(HERE / "results.json", key, value)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run(args: argparse.Namespace, work: Path) -> dict:
    wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("wrk is not installed: this load test needs it (Debian: apt-get install wrk)")
    load_before = [round(x, 2) for x in os.getloadavg()]
    db = work / "load.db"
    base, more = write_streams(work, args.base_n, args.ingest_n)
    print(f"building the store: seeds + {args.base_n} generated articles ...", flush=True)
    build_seconds = build_store(db, base)
    before = counts(db)
    paths = url_mix(db)
    (work / "paths.txt").write_text("\n".join(paths) + "\n", encoding="utf-8")
    (work / "load.lua").write_text(WRK_LUA, encoding="utf-8")

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server_log, ingest_log = work / "server.log", work / "ingest.log"
    env = child_env()
    with server_log.open("w") as slog, ingest_log.open("w") as ilog:
        server = subprocess.Popen(newsfold("serve", "--db", str(db), "--port", str(port)), env=env,
                                  stdout=slog, stderr=subprocess.STDOUT)
        ingest = None
        try:
            wait_until_up(base_url, server)
            print(f"serving {base_url}; ingesting {args.ingest_n} more articles meanwhile; "
                  f"{args.clients} clients for {args.seconds}s over {len(paths)} URLs ...", flush=True)
            ingest_start = time.monotonic()
            ingest = subprocess.Popen(newsfold("ingest", str(more), "--db", str(db), "-q"), env=env,
                                      stdout=ilog, stderr=subprocess.STDOUT)
            load_start = time.monotonic()
            cpu_start = cpu_seconds(server.pid), cpu_seconds(ingest.pid)
            report = work / "wrk.json"
            wrk_run = subprocess.run(
                [wrk, "-t", str(args.threads), "-c", str(args.clients), "-d", f"{args.seconds}s",
                 "--timeout", f"{args.timeout}s", "-s", str(work / "load.lua"), base_url, "--", str(work / "paths.txt")],
                env={**env, "WRK_REPORT": str(report)}, capture_output=True, text=True, check=False,
            )
            load_end = time.monotonic()
            cpu_end = cpu_seconds(server.pid), cpu_seconds(ingest.pid)
            wal = Path(str(db) + "-wal")  # readers never pausing can starve checkpoints: watch its size
            wal_mb = round(wal.stat().st_size / 1e6, 1) if wal.exists() else 0.0
            ingest_running_at_end = ingest.poll() is None
            if wrk_run.returncode != 0 or not report.exists():
                raise SystemExit(f"wrk failed ({wrk_run.returncode}): {wrk_run.stderr or wrk_run.stdout}")
            print("load done; waiting for the ingest to finish ...", flush=True)
            ingest_status = ingest.wait(timeout=args.ingest_timeout)
            ingest_seconds = time.monotonic() - ingest_start
            server_alive = server.poll() is None
        finally:
            stop(server)
            if ingest is not None:
                stop(ingest)
    w = json.loads(report.read_text())
    after = counts(db)
    ingest_text = ingest_log.read_text(encoding="utf-8", errors="replace")
    summary = parse_ingest_summary(ingest_text)
    statuses = {str(k): v for k, v in sorted(w["statuses"].items())}
    ok_answers = sum(v for k, v in statuses.items() if k.startswith("2"))
    socket_errors = sum(w["errors"][k] for k in ("connect", "read", "write", "timeout"))
    locked = lock_lines(server_log, ingest_log)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        locked_rows = con.execute("SELECT count(*) FROM errors WHERE reason LIKE '%locked%'").fetchone()[0]
    seconds = w["duration_us"] / 1e6
    # The machine is shared: CPU time says how much of it the server had, whatever else ran.
    server_cpu = cpu_end[0] - cpu_start[0] if None not in (cpu_start[0], cpu_end[0]) else None
    ingest_cpu = cpu_end[1] - cpu_start[1] if None not in (cpu_start[1], cpu_end[1]) else None
    lat = {k: round(v / 1000, 1) for k, v in w["latency_us"].items()}
    result = {
        "clients": args.clients, "seconds": round(seconds, 1), "wrk_threads": args.threads, "urls": len(paths),
        "requests": w["requests"], "requests_per_s": round(w["requests"] / seconds, 1),
        "mb_per_s": round(w["bytes"] / seconds / 1e6, 2),
        "server_cpu_s": server_cpu and round(server_cpu, 1),
        "server_cpu_ms_per_request": server_cpu and round(server_cpu * 1000 / max(w["requests"], 1), 2),
        "ingest_cpu_s_during_load": ingest_cpu and round(ingest_cpu, 1),
        "latency_ms": {"p50": lat["p50"], "p90": lat["p90"], "p99": lat["p99"], "p99_9": lat["p999"],
                       "mean": lat["mean"], "max": lat["max"]},
        "statuses": statuses, "non_2xx": w["requests"] - ok_answers, "socket_errors": socket_errors,
        "socket_error_kinds": w["errors"], "server_access_log_statuses": access_log_statuses(server_log),
        "database_locked_in_logs": len(locked), "locked_lines": locked[:10], "locked_error_rows": locked_rows,
        "server_alive_at_end": server_alive, "wal_mb_at_load_end": wal_mb,
        "ingest": {
            "articles": args.ingest_n, "exit_status": ingest_status, "seconds": round(ingest_seconds, 1),
            "running_through_the_whole_load": ingest_running_at_end,
            "overlap_s": round(min(load_end, ingest_start + ingest_seconds) - load_start, 1),
            "summary": summary,
            "articles_before": before["articles"], "articles_after": after["articles"],
            "stories_after": after["stories"], "errors_rows_added": after["errors"] - before["errors"],
        },
        "store_build_seconds": round(build_seconds, 1),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "system": platform.platform(),
                    "load_avg_before": load_before, "load_avg_after": [round(x, 2) for x in os.getloadavg()]},
    }
    added = summary.get("added")
    result["ingest"]["added_matches_store"] = added is not None and before["articles"] + added == after["articles"]
    result["passed"] = (socket_errors == 0 and result["non_2xx"] == 0 and not locked and locked_rows == 0
                        and ingest_status == 0 and result["ingest"]["added_matches_store"] and server_alive)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (one per core is plenty)")
    ap.add_argument("--timeout", type=int, default=30, help="seconds before wrk counts a request as timed out")
    ap.add_argument("--base-n", type=int, default=500, help="generated articles in the store before the load")
    ap.add_argument("--ingest-n", type=int, default=3000, help="generated articles ingested during the load")
    ap.add_argument("--ingest-timeout", type=int, default=1800, help="seconds to wait for the ingest after the load")
    ap.add_argument("--keep", help="work in this folder and keep it (store, logs, wrk report)")
    ap.add_argument("--no-save", action="store_true", help="do not write bench/results.json")
    args = ap.parse_args()
    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=True)
        result = run(args, work)
    else:
        with tempfile.TemporaryDirectory(prefix="newsfold-load-") as tmp:
            result = run(args, Path(tmp))
    if not args.no_save:
        save_results("load", result)
    lat, ing = result["latency_ms"], result["ingest"]
    print(f"{result['requests']} requests in {result['seconds']}s from {result['clients']} clients: "
          f"{result['requests_per_s']} req/s; latency p50 {lat['p50']} ms, p90 {lat['p90']} ms, p99 {lat['p99']} ms")
    print(f"server CPU {result['server_cpu_s']}s ({result['server_cpu_ms_per_request']} ms/request); "
          f"machine load average {result['machine']['load_avg_before']} before, {result['machine']['load_avg_after']} after")
    print(f"statuses {result['statuses']}; non-2xx {result['non_2xx']}; socket errors {result['socket_errors']}; "
          f"'database is locked' in logs {result['database_locked_in_logs']}")
    print(f"ingest: exit {ing['exit_status']}, {ing['summary'].get('added', '?')} added in {ing['seconds']}s, "
          f"overlapping the load for {ing['overlap_s']}s; store {ing['articles_before']} -> {ing['articles_after']} articles")
    print("PASSED" if result["passed"] else "FAILED: see bench/results.json 'load'")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())

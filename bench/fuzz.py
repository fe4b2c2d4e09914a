"""Long fuzz run over every parser: 0 crashes and 0 hangs expected, per-item time limits.

    python bench/fuzz.py [--n 100000] [--targets text,jsonl,...] [--jobs 2] [--timeout 10] [--seed 0]
    python bench/fuzz.py --repro /tmp/newsfold-fuzz/warc-crash-1a2b3c.pickle   # replay one saved input

Targets (inputs are shared with the property tests, see ``tests/fuzzkit.py``):

  text, jsonl, csv, html, feed, warc, gzip  the source readers, through ``iter_sources`` (files by
                                            extension; text also through stdin, where the kind is sniffed)
  clean-text, clean-html                    the clean stage on damaged scrapes and pages (real pages
                                            from ../shared/eval/extraction too, when present)
  dates                                     every function of ``newsfold.clean.dates``
  api                                       every GET endpoint of the app (JSON API and web pages) with
                                            random query parameters and path segments, via TestClient

Each input either passes or is counted as one of: a *crash* (an exception escaped the code under
test), a *contract* breach (it returned something its documented contract rules out: a record
that is neither RawDoc nor Rejected, a RawDoc the store cannot hold, a paragraph offset off its
text, a 5xx, an error body not in the stable format...), or a *hang* (over ``--timeout`` seconds).
Every failing input is saved (pickle + readable repr) for ``--repro``. The run exits non-zero on
any of them and writes its figures to ``bench/results.json`` under ``"fuzz"``
(:func:`newsfold.evaluation.results.update_results`: the other benchmarks' keys are kept).

Why hypothesis and not atheris: hypothesis is already a test dependency and installs everywhere;
its strategies build *valid structures first* (WARC records with HTTP bodies, feeds, dumps,
pages with charsets) and damage them afterwards, which reaches deeper than byte-level mutation
without a seed corpus; the same strategies drive the CI property tests; and a seeded run is
reproducible. atheris' coverage guidance would need instrumented native extensions (lxml,
fastwarc, zlib) to pay off, and it stops at the first crash, where this run counts them all.
Inputs are drawn by running a ``@given`` loop (generate phase only, no shrinking, fixed seed)
in worker processes, ``--chunk`` inputs per loop.

Time limits, two layers: in the worker, ``setitimer`` interrupts an item after ``--timeout``
seconds (counted as a hang, the run goes on); in the parent, a watchdog kills a worker stuck
past ``3 x timeout + 5`` seconds (native code that never returns to Python), counts the hang,
saves the input the worker was on, and starts a fresh worker for the rest of the chunk.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import hashlib
import io
import json
import os
import pickle
import platform
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for extra in (ROOT / "src", ROOT / "tests", ROOT / "tests" / "api", ROOT / "tests" / "sources"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

# Share of --n per target: cheap parsers get more inputs than the ones that run trafilatura or HTTP.
WEIGHTS = {
    "text": 0.11, "jsonl": 0.12, "csv": 0.11, "html": 0.10, "feed": 0.11, "warc": 0.12, "gzip": 0.09,
    "clean-text": 0.06, "clean-html": 0.03, "dates": 0.07, "api": 0.08,
}
MAX_SAVED = 20  # failing inputs kept per target (the first of each kind of failure, then any)


class Breach(AssertionError):
    """The code returned something its contract rules out."""


class ItemTimeout(BaseException):
    """Raised by the per-item timer; a BaseException so that ``except Exception`` does not swallow it."""


# -- targets: a strategy for inputs and a check that runs one -----------------------------

def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Breach(message)


def check_source_records(records: list, origin_prefix: str) -> None:
    """The reader contract (newsfold.sources): RawDoc or Rejected values, never nothing, all storable."""
    from newsfold.records import RawDoc, Rejected

    expect(bool(records), "no record at all: an input must yield a RawDoc or a Rejected")
    for r in records:
        expect(isinstance(r, (RawDoc, Rejected)), f"not a RawDoc or Rejected: {type(r).__name__}")
        expect(isinstance(r.origin, str) and r.origin.startswith(origin_prefix), f"origin {r.origin!r}")
        if isinstance(r, Rejected):
            expect(r.stage == "source" and isinstance(r.reason, str) and r.reason.strip(), f"bad rejection {r!r}")
            continue
        expect(isinstance(r.text, str) and bool(r.text.strip()), "RawDoc with a blank text")
        expect("\r" not in r.text, "RawDoc text with \\r (newlines are normalised to \\n)")
        expect("\x00" not in r.text, "RawDoc text with a NUL character (sources/checks.py)")
        # The store writes text and meta (JSON, ensure_ascii=False) as UTF-8: a lone surrogate crashes the run.
        try:
            r.text.encode("utf-8")
            json.dumps(r.meta, ensure_ascii=False, default=str).encode("utf-8")
        except UnicodeEncodeError as e:
            raise Breach(f"RawDoc the store cannot hold (not UTF-8 encodable): {e}") from None


class Sources:
    """Reads one input through ``iter_sources`` as a file called ``item{suffix}`` (or via stdin)."""

    def __init__(self, workdir: Path) -> None:
        from newsfold.sources import SourceOptions

        self.workdir = workdir
        self.opts = SourceOptions(max_bytes=2_000_000, max_row_bytes=100_000, fetch_pages=False)

    def read(self, suffix: str, data: bytes) -> None:
        from newsfold.sources import iter_sources

        if suffix == "-":
            records = list(iter_sources(["-"], self.opts, stdin=io.BytesIO(data)))
            check_source_records(records, "<stdin>")
            return
        path = self.workdir / f"item{suffix}"
        path.write_bytes(data)
        records = list(iter_sources([str(path)], self.opts))
        check_source_records(records, str(path))


def check_article(text: str, result, reference=None) -> None:
    """The clean contract: Article or Rejected; paragraphs at their documented offsets; real dates.

    Plain text: each paragraph is a verbatim slice of the raw text at its offset, and no line
    is both kept and removed. HTML (``meta["text_source"] == "html"``): offsets point into
    ``Article.body`` (clean/html.py). Dates: real days; on the HTML path never after the
    capture date (one day of time-zone slack) unless the container itself gave the date.
    """
    from datetime import date, datetime, timedelta

    from newsfold.records import Article, Rejected

    expect(isinstance(result, (Article, Rejected)), f"not an Article or Rejected: {type(result).__name__}")
    if isinstance(result, Rejected):
        expect(result.stage == "clean" and bool(result.reason), f"bad rejection {result!r}")
        return
    expect(bool(result.paragraphs), "an Article without paragraphs")
    html = result.meta.get("text_source") == "html"
    source = result.body if html else text
    for p in result.paragraphs:
        expect(source[p.start:p.start + len(p.text)] == p.text,
               f"paragraph at {p.start} is not at its offset in the {'body' if html else 'raw text'}")
    lines = [p.line for p in result.paragraphs] + ([] if html else [r.line for r in result.removed])
    expect(len(lines) == len(set(lines)), "a line both kept and removed, or kept twice")
    for value in [result.published] + [e.value for e in result.date_evidence]:
        if value is not None:
            date.fromisoformat(value)  # raises (a crash) on an impossible date
    by_container = any(e.kind == "container" and e.value == result.published for e in result.date_evidence)
    if html and result.published is not None and reference is not None and not by_container:
        day = reference.date() if isinstance(reference, datetime) else reference
        # One day of slack for time zones (none past the calendar's last day).
        latest = (day if day == date.max else day + timedelta(days=1)).isoformat()
        expect(result.published <= latest, f"published {result.published} after the capture date {day}")


def run_clean(case: tuple[str, dict]) -> None:
    from newsfold.clean import clean
    from newsfold.clean.dates import reference_date
    from newsfold.records import RawDoc

    text, meta = case
    check_article(text, clean(RawDoc(text, "<fuzz>", meta)), reference_date(meta))


def run_dates(case: tuple) -> None:
    from datetime import date, datetime

    from newsfold.clean import dates

    text, container, reference, lines, lead = case
    for words, d in dates.full_dates(text):
        expect(words in text and 1900 <= d.year <= 2099, f"full_dates gave {d} for {words!r}")
    parsed = dates.parse_container_date(container)
    expect(parsed is None or isinstance(parsed, date), f"parse_container_date gave {parsed!r}")
    dates.is_date_stamp(text)
    if isinstance(reference, date):
        day = reference.date() if isinstance(reference, datetime) else reference
        placed = dates.day_without_year(text, day)
        expect(placed is None or placed <= day, f"day_without_year ran ahead of the container date: {placed}")
        for ev in dates.weekday_dates(text, reference):
            if ev.value:
                expect(abs((date.fromisoformat(ev.value) - day).days) <= 366, f"weekday date {ev.value} far off")
        for ev in dates.relative_dates(text, reference):
            if ev.value:
                expect(abs((date.fromisoformat(ev.value) - day).days) <= 7 * 1000 + 1, f"relative {ev.value}")
    dates.reference_date({"container_date": container, "feed_date": text})
    published, evidence = dates.find_date(container, text, lines, reference=reference, lead=lead)
    values = {e.value for e in evidence}
    expect(published is None or published in values, "published date not among the evidence")
    for v in values - {None}:
        date.fromisoformat(v)


class Api:
    """A TestClient over the tiny invented store of the API tests, built once per worker."""

    def __init__(self, workdir: Path) -> None:
        from apikit import build_tiny_store, write_corpus
        from fastapi.testclient import TestClient

        from newsfold.api import create_app

        db = build_tiny_store(workdir / "tiny.db", write_corpus(workdir / "corpus"))
        self.client = TestClient(create_app(str(db)), follow_redirects=False)
        self.client.__enter__()

    def get(self, case: tuple[str, dict]) -> None:
        path, params = case
        r = self.client.get(path, params=params)
        expect(r.status_code < 500, f"{r.status_code} on {path} {params!r}: {r.text[:200]}")
        if 400 <= r.status_code < 500 and r.request.url.path.startswith("/api/"):
            try:
                body = r.json()
            except ValueError:
                body = None
            error = body.get("error") if isinstance(body, dict) else None
            ok = (isinstance(error, dict) and set(body) == {"error"} and isinstance(error.get("code"), str)
                  and isinstance(error.get("message"), str) and bool(error["message"]))
            expect(ok, f"{r.status_code} on {path} without the stable error format: {r.text[:200]}")


@dataclass
class Target:
    name: str
    strategy: object  # a hypothesis strategy of inputs
    run: object  # callable(context, input) -> None, raising on failure
    needs: str = ""  # "sources" or "api": context built once per worker
    warm_up: tuple = ()  # ordinary inputs, run untimed first: imports and model loads are not hangs


def targets() -> dict[str, Target]:
    import gzip
    from datetime import date

    import fuzzkit as fk
    from helpers import QUAKE_A
    from hypothesis import strategies as st
    from sourcekit import ARTICLE_HTML, ATOM, warc_record

    def real_pages():
        return st.sampled_from(_real_pages()) if _real_pages() else fk.html_pages()

    html_text = st.one_of(fk.hostile_html(), fk.damaged(real_pages(), fk.HTML_TOKENS)).map(
        lambda b: b.decode("utf-8", "replace"))
    clean_meta = st.fixed_dictionaries({}, optional={
        "published": fk.container_values, "container_date": st.one_of(fk.odd_dates, fk.references.map(
            lambda r: r.isoformat() if r else None)), "title": fk.prose, "url": st.sampled_from(
            ["http://x.invalid/a", "http://[", "", "https://www.example.com/2016/11/09/story"]),
        "outlet": fk.prose, "language": st.sampled_from(["en", "de", "", "zz"])})
    # A stamp line in no known language: dateparser then compiles every locale once (seconds, cold).
    odd_stamp = ("Posted 東京 Zürich\n\u008b\non Friday\n\nThe minister said that talks would resume.",
                 {"container_date": "2000-03-18T17:25:47-11:00"})
    text_case = st.one_of(fk.text_files().map(lambda b: b.decode("utf-8", "replace")), fk.any_text,
                          fk.date_texts, st.lists(st.one_of(fk.prose, fk.date_texts), max_size=20).map("\n".join))
    return {t.name: t for t in [
        Target("text", st.tuples(st.sampled_from(["-", ".txt", ""]), fk.hostile_text()),
               lambda ctx, c: ctx.read(*c), "sources", [("-", b"A short article.")]),
        Target("jsonl", fk.hostile_jsonl(), lambda ctx, b: ctx.read(".jsonl", b), "sources", [b'{"text": "x"}\n']),
        Target("csv", st.tuples(st.sampled_from([".csv", ".tsv"]), fk.hostile_csv()),
               lambda ctx, c: ctx.read(*c), "sources", [(".csv", b"text\r\nx\r\n")]),
        Target("html", fk.hostile_html(), lambda ctx, b: ctx.read(".html", b), "sources", [ARTICLE_HTML.encode()]),
        Target("feed", st.tuples(st.sampled_from([".rss", ".atom", ".xml", ".rdf"]), fk.hostile_feeds()),
               lambda ctx, c: ctx.read(*c), "sources", [(".atom", ATOM.encode())]),
        Target("warc", fk.hostile_warcs(), lambda ctx, b: ctx.read(".warc", b), "sources",
               [warc_record("http://x.invalid/", ARTICLE_HTML.encode())]),
        Target("gzip", fk.gzipped(), lambda ctx, c: ctx.read(*c), "sources",
               [(".html.gz", gzip.compress(b"<p>x</p>"))]),
        Target("clean-text", st.tuples(text_case, clean_meta), lambda ctx, c: run_clean(c), "",
               [(QUAKE_A, {"container_date": "2016-11-10T08:00:00Z"}), odd_stamp]),
        Target("clean-html", st.tuples(html_text, clean_meta.map(lambda m: {**m, "content_type": "text/html"})),
               lambda ctx, c: run_clean(c), "", [(ARTICLE_HTML, {"content_type": "text/html"}), odd_stamp]),
        Target("dates", st.tuples(fk.date_texts, fk.container_values, fk.references,
                                  st.lists(fk.date_texts, max_size=4), st.one_of(st.none(), fk.date_texts)),
               lambda ctx, c: run_dates(c), "", [("yesterday", "2016-11-09", None, ["Nov 9, 2016"], None),
                                                     (odd_stamp[0], None, date(2016, 11, 10), [odd_stamp[0]], None)]),
        Target("api", fk.api_requests(), lambda ctx, c: ctx.get(c), "api", [("/", {})]),
    ]}


_PAGES: list[bytes] | None = None


def _real_pages(limit: int = 24) -> list[bytes]:
    """Real article pages from ../shared/eval/extraction (AEB), if present: deep input for trafilatura."""
    global _PAGES
    if _PAGES is None:
        import gzip

        from newsfold.evaluation import shared_dir

        try:
            folder = Path(shared_dir()) / "eval" / "extraction" / "aeb" / "html"
            files = sorted(folder.glob("*.html.gz"))[:limit]
            _PAGES = [gzip.decompress(p.read_bytes()) for p in files]
        except Exception:  # noqa: BLE001 - no shared data: the invented pages still run
            _PAGES = []
    return _PAGES


# -- worker side ----------------------------------------------------------------------------

@dataclass
class Tally:
    inputs: int = 0
    crashes: int = 0
    contract: int = 0
    hangs: int = 0
    max_item_s: float = 0.0
    item_s: float = 0.0  # time spent in the code under test
    wall_s: float = 0.0  # time of the whole chunk, input generation included
    failures: list = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.inputs += other.inputs
        self.crashes += other.crashes
        self.contract += other.contract
        self.hangs += other.hangs
        self.max_item_s = max(self.max_item_s, other.max_item_s)
        self.item_s += other.item_s
        self.wall_s += other.wall_s
        self.failures.extend(other.failures)


def _on_alarm(signum, frame):
    raise ItemTimeout


def _signature(exc: BaseException) -> str:
    """Where a failure comes from: exception type and the innermost newsfold frame (else the innermost)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "newsfold" in f.filename and "bench" not in f.filename] or frames[-1:]
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


def save_input(out: Path, target: str, kind: str, value, detail: str) -> str:
    blob = pickle.dumps((target, value))
    name = f"{target}-{kind}-{hashlib.sha256(blob).hexdigest()[:12]}"
    (out / f"{name}.pickle").write_bytes(blob)
    (out / f"{name}.txt").write_text(f"{target} {kind}\n{detail}\n\ninput:\n{value!r}"[:200_000], encoding="utf-8")
    return str(out / f"{name}.pickle")


def run_chunk(target: Target, ctx, n: int, seed: int, timeout: float, out: Path, progress) -> Tally:
    """Run ``n`` generated inputs of ``target``; ``progress`` is the shared [start, done, max_s] array."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    tally = Tally()
    current = out / f".current-{os.getpid()}.pickle"
    seen: set[str] = set()

    def one(value) -> None:
        if tally.inputs >= n:
            return
        if progress is not None:  # the parent's watchdog reads these
            current.write_bytes(pickle.dumps((target.name, value)))
            progress[0] = time.monotonic()
        fired = False
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            target.run(ctx, value)
            error = None
        except ItemTimeout:
            fired, error = True, None
        except BaseException as e:  # noqa: BLE001 - everything escaping the parser is a finding
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            error = e
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.perf_counter() - start
        tally.inputs += 1
        tally.max_item_s = max(tally.max_item_s, took)
        tally.item_s += took
        kind = None
        if fired or took > timeout:
            kind, detail, sig = "hang", f"took over {timeout} s", "hang"
            tally.hangs += 1
        elif error is not None:
            kind = "contract" if isinstance(error, Breach) else "crash"
            detail = "".join(traceback.format_exception(error))[-4000:]
            sig = _signature(error) if kind == "crash" else f"contract: {str(error)[:80]}"
            if kind == "crash":
                tally.crashes += 1
            else:
                tally.contract += 1
        if kind and (sig not in seen or len(tally.failures) < MAX_SAVED):
            seen.add(sig)
            saved = save_input(out, target.name, kind, value, detail)
            tally.failures.append({"target": target.name, "kind": kind, "signature": sig, "input": saved,
                                   "message": detail.strip().splitlines()[-1][:300]})
        if progress is not None:
            progress[0] = 0.0
            progress[1] = tally.inputs
            progress[2] = tally.max_item_s

    test = settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
                    suppress_health_check=list(HealthCheck), print_blob=False)(given(target.strategy)(one))
    test = hseed(seed)(test)
    began = time.perf_counter()
    test()
    tally.wall_s = time.perf_counter() - began
    return tally


def worker_main(conn, progress, out: str, timeout: float) -> None:
    """Worker process: takes (target, n, seed) chunks from ``conn``, answers with a Tally each."""
    import logging

    logging.disable(logging.CRITICAL)  # trafilatura and the API log every oddity; failures are counted here
    signal.signal(signal.SIGALRM, _on_alarm)
    out_dir = Path(out)
    # On SIGUSR1 (sent by the watchdog before it kills a stuck worker) write every thread's stack,
    # even from inside native code: it says where the hang is.
    stacks = open(out_dir / f".stack-{os.getpid()}.txt", "w")  # noqa: SIM115 - open for the process's life
    faulthandler.register(signal.SIGUSR1, file=stacks, all_threads=True)
    with tempfile.TemporaryDirectory(prefix="newsfold-fuzz-") as tmp:
        workdir = Path(tmp)
        all_targets = targets()
        contexts: dict[str, object] = {}
        warmed: set[str] = set()
        while True:
            task = conn.recv()
            if task is None:
                return
            name, n, seed = task
            target = all_targets[name]
            if target.needs and target.needs not in contexts:
                folder = workdir / target.needs
                folder.mkdir()
                contexts[target.needs] = Sources(folder) if target.needs == "sources" else Api(folder)
            if name not in warmed:
                warmed.add(name)
                for value in target.warm_up:
                    with contextlib.suppress(Exception):
                        target.run(contexts.get(target.needs), value)
            progress[1] = progress[2] = 0
            with contextlib.redirect_stdout(io.StringIO()):  # hypothesis and libraries chatter
                tally = run_chunk(target, contexts.get(target.needs), n, seed, timeout, out_dir, progress)
            conn.send(tally)


# -- parent side ------------------------------------------------------------------------------

class Worker:
    def __init__(self, ctx, out: Path, timeout: float) -> None:
        self.parent_conn, child_conn = ctx.Pipe()
        self.progress = ctx.Array("d", 3, lock=False)
        self.proc = ctx.Process(target=worker_main, args=(child_conn, self.progress, str(out), timeout), daemon=True)
        self.proc.start()
        self.task: tuple | None = None

    def give(self, task: tuple) -> None:
        self.task = task
        self.progress[0] = 0.0
        self.parent_conn.send(task)

    def stop(self, out: Path) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.parent_conn.send(None)
        self.proc.join(timeout=10)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.clean_up(out)

    def clean_up(self, out: Path) -> None:
        """Remove the worker's scratch files (current input, stack dump)."""
        for scratch in (f".current-{self.proc.pid}.pickle", f".stack-{self.proc.pid}.txt"):
            with contextlib.suppress(FileNotFoundError):
                (out / scratch).unlink()


def plan(n: int, names: list[str], chunk: int, seed: int) -> list[tuple[str, int, int]]:
    """Chunks (target, inputs, seed) adding up to ``n`` inputs, shared by WEIGHTS, interleaved."""
    total_weight = sum(WEIGHTS[t] for t in names)
    per = {t: max(1, round(n * WEIGHTS[t] / total_weight)) for t in names}
    per[names[0]] += n - sum(per.values())
    queues = {t: [] for t in names}
    for t in names:
        left, k = per[t], 0
        while left > 0:
            size = min(chunk, left)
            queues[t].append((t, size, seed * 1_000_003 + hash_name(t) * 10_007 + k))
            left -= size
            k += 1
    tasks = []
    while any(queues.values()):
        for t in names:
            if queues[t]:
                tasks.append(queues[t].pop(0))
    return tasks


def hash_name(name: str) -> int:
    return int(hashlib.sha256(name.encode()).hexdigest()[:6], 16)


def run(args) -> tuple[dict[str, Tally], float]:
    import multiprocessing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("spawn")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    names = [t for t in args.targets.split(",") if t]
    unknown = set(names) - set(WEIGHTS)
    if unknown:
        raise SystemExit(f"unknown targets: {', '.join(sorted(unknown))} (known: {', '.join(WEIGHTS)})")
    tasks = plan(args.n, names, args.chunk, args.seed)
    tallies = {t: Tally() for t in names}
    hard_limit = 3 * args.timeout + 5
    workers = [Worker(ctx, out, args.timeout) for _ in range(args.jobs)]
    started = shown = time.perf_counter()
    done_tasks, total = 0, len(tasks)
    try:
        while tasks or any(w.task for w in workers):
            for w in workers:
                if w.task is None and tasks:
                    w.give(tasks.pop(0))
            busy = [w for w in workers if w.task is not None]
            ready = wait([w.parent_conn for w in busy] + [w.proc.sentinel for w in busy], timeout=1.0)
            for i, w in enumerate(workers):
                if w.task is None:
                    continue
                name, n, seed = w.task
                if w.parent_conn in ready:
                    try:
                        tally = w.parent_conn.recv()
                    except (EOFError, OSError):  # the worker died: see below
                        tally = None
                    if tally is not None:
                        tallies[name].add(tally)
                        w.task = None
                        done_tasks += 1
                        if not args.quiet and time.perf_counter() - shown > 30:
                            shown = time.perf_counter()
                            print(f"{done_tasks}/{total} chunks, {shown - started:.0f} s", file=sys.stderr, flush=True)
                        continue
                stuck = w.progress[0] and time.monotonic() - w.progress[0] > hard_limit
                if not stuck and not w.proc.is_alive() and not w.progress[0]:
                    raise SystemExit(f"a worker died outside any input (exit code {w.proc.exitcode}): "
                                     "see its traceback above")
                if stuck or not w.proc.is_alive():
                    if stuck:  # where is it? (the worker's faulthandler writes its stacks)
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(w.proc.pid, signal.SIGUSR1)
                        time.sleep(1.0)
                    tallies[name].add(_lost_worker(w, name, out, hard_limit, died=not stuck))
                    done = int(w.progress[1]) + 1
                    w.proc.kill()
                    w.proc.join()
                    w.clean_up(out)
                    workers[i] = Worker(ctx, out, args.timeout)
                    if n - done > 0:  # the rest of the chunk, with other inputs
                        tasks.insert(0, (name, n - done, seed + 7_919))
    finally:
        for w in workers:
            w.stop(out)
    return tallies, time.perf_counter() - started


def _lost_worker(w: Worker, name: str, out: Path, hard_limit: float, died: bool) -> Tally:
    """A worker stuck in one item (or dead): one hang (or crash) for the item it was on."""
    tally = Tally(inputs=int(w.progress[1]) + 1, max_item_s=max(w.progress[2], 0.0 if died else hard_limit))
    current = out / f".current-{w.proc.pid}.pickle"
    kind = "crash" if died else "hang"
    saved = None
    if current.exists():
        target, value = pickle.loads(current.read_bytes())
        detail = (f"worker died (exit code {w.proc.exitcode})" if died else f"killed after {hard_limit} s in one item")
        stack = out / f".stack-{w.proc.pid}.txt"
        if stack.exists() and stack.stat().st_size:
            detail += "\n\nwhere it was (faulthandler):\n" + stack.read_text(errors="replace")[-6000:]
        saved = save_input(out, target, kind, value, detail)
    if died:
        tally.crashes += 1
    else:
        tally.hangs += 1
    tally.failures.append({"target": name, "kind": kind, "signature": f"worker {kind}", "input": saved,
                           "message": f"exit code {w.proc.exitcode}" if died else f"no answer in {hard_limit} s"})
    return tally


# -- results ----------------------------------------------------------------------------------

def report(tallies: dict[str, Tally], wall: float, args) -> dict:
    import hypothesis

    def row(name: str, t: Tally) -> str:
        mean = 1000 * t.item_s / t.inputs if t.inputs else 0.0
        return (f"{name:<11} {t.inputs:>8} {t.crashes:>8} {t.contract:>9} {t.hangs:>6} {t.max_item_s:>8.2f}s"
                f" {mean:>8.1f}ms {t.wall_s:>8.0f}s")

    print(f"{'target':<11} {'inputs':>8} {'crashes':>8} {'contract':>9} {'hangs':>6} {'max item':>9}"
          f" {'mean item':>10} {'cpu wall':>9}")
    total = Tally()
    for name, t in tallies.items():
        total.add(t)
        print(row(name, t))
    print(row("all", total))
    print(f"wall {wall:.0f} s, {args.jobs} worker(s), per-item limit {args.timeout} s, seed {args.seed}")
    kinds: dict[str, dict] = {}
    for f in total.failures:
        kinds.setdefault(f"{f['target']}: {f['signature']}", f)
    for sig, f in kinds.items():
        print(f"  {f['kind']:<8} {sig}\n           {f['message']}\n"
              f"           replay: python bench/fuzz.py --repro {f['input']}")
    return {
        "inputs": total.inputs, "crashes": total.crashes, "contract": total.contract, "hangs": total.hangs,
        "max_item_s": round(total.max_item_s, 3), "wall_s": round(wall, 1), "jobs": args.jobs,
        "timeout_s": args.timeout, "seed": args.seed, "hypothesis": hypothesis.__version__,
        "python": platform.python_version(), "cores": os.cpu_count(),
        "targets": {name: {"inputs": t.inputs, "crashes": t.crashes, "contract": t.contract, "hangs": t.hangs,
                           "max_item_s": round(t.max_item_s, 3),
                           "mean_item_ms": round(1000 * t.item_s / t.inputs, 2) if t.inputs else None,
                           "worker_s": round(t.wall_s, 1)} for name, t in tallies.items()},
        "failures": [{k: f[k] for k in ("target", "kind", "signature", "message")} for f in kinds.values()],
    }


def repro(path: str, timeout: float) -> int:
    """Replay one saved input in this process, printing what happens."""
    name, value = pickle.loads(Path(path).read_bytes())
    target = targets()[name]
    with tempfile.TemporaryDirectory() as tmp:
        ctx = None
        if target.needs:
            folder = Path(tmp) / target.needs
            folder.mkdir()
            ctx = Sources(folder) if target.needs == "sources" else Api(folder)
        print(f"{name}: {value!r}"[:2000])
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        start = time.perf_counter()
        try:
            target.run(ctx, value)
        except ItemTimeout:
            print(f"HANG: over {timeout} s")
            return 1
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
            return 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        print(f"passes ({time.perf_counter() - start:.2f} s)")
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description="newsfold fuzz run (see the module docstring)")
    ap.add_argument("--n", type=int, default=100_000, help="inputs in total, shared out by target weight")
    ap.add_argument("--targets", default=",".join(WEIGHTS))
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--timeout", type=float, default=10.0, help="per-item time limit, seconds")
    ap.add_argument("--chunk", type=int, default=500, help="inputs per @given loop in a worker")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "newsfold-fuzz"),
                    help="folder for failing inputs")
    ap.add_argument("--results", default=str(HERE / "results.json"))
    ap.add_argument("--no-results", action="store_true", help="do not write bench/results.json")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--repro", metavar="PICKLE", help="replay one saved input and exit")
    args = ap.parse_args()
    if args.repro:
        raise SystemExit(repro(args.repro, args.timeout))
    tallies, wall = run(args)
    figures = report(tallies, wall, args)
    if not args.no_results:
        from newsfold.evaluation.results import update_results

        update_results(Path(args.results), "fuzz", figures)
    if figures["crashes"] or figures["contract"] or figures["hangs"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

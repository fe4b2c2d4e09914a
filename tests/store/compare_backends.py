"""Ingest a corpus into SQLite and into PostgreSQL (a private server) and compare what comes out.

    .venv/bin/python tests/store/compare_backends.py ../shared/eval/stories/giveme5w1h/articles.jsonl

Prints each backend's ingest summary and wall time (the CLI in a subprocess, as a user runs
it), whether the export, stories and storylines are identical, and for a few searches whether
both find the same articles. A tool for measuring, not a test: pytest does not collect it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: pgserver

from pgserver import start_or_reason  # noqa: E402

from newsfold.store import open_store, views  # noqa: E402

NEWSFOLD = str(Path(sys.executable).with_name("newsfold"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--search", nargs="*", default=["election", "police shooting", "Trump", "refugees Germany"])
    args = parser.parse_args()
    server, why = start_or_reason()
    if server is None:
        raise SystemExit(why)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            targets = {"sqlite": str(Path(tmp) / "store.db"), "postgres": server.create_database("compare")}
            for name, target in targets.items():
                started = time.monotonic()
                done = subprocess.run([NEWSFOLD, "ingest", *args.paths, "--db", target, "-q"],
                                      capture_output=True, text=True, check=True)
                print(f"{name:9} {done.stdout.splitlines()[0]}  (wall {time.monotonic() - started:.1f}s)")
            lite, pg = (open_store(t) for t in targets.values())
            export = list(views.export_records(lite))
            print(f"export identical: {export == list(views.export_records(pg))} ({len(export)} records)")
            print(f"stories identical: {views.stories(lite) == views.stories(pg)}; "
                  f"storylines identical: {views.storylines(lite) == views.storylines(pg)}")
            for query in args.search:
                a = [r["id"] for r in lite.search(query, limit=10_000)]
                b = [r["id"] for r in pg.search(query, limit=10_000)]
                print(f"search {query!r}: sqlite {len(a)}, postgres {len(b)}, same articles {set(a) == set(b)}, "
                      f"top-5 overlap {len(set(a[:5]) & set(b[:5]))}/{min(5, len(a))}")
            lite.close()
            pg.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Story-clustering benchmarks: print the table and merge the figures into eval/results.json.

    .venv/bin/python eval/run_stories.py                 # all four runs, ~2 minutes
    .venv/bin/python eval/run_stories.py --limit 40      # quick look, writes nothing
    .venv/bin/python eval/run_stories.py --only giveme5w1h --fold join=0.2 --no-write

See eval/README.md for what each figure means.
"""

from pathlib import Path

from newsfold.evaluation.stories import main

if __name__ == "__main__":
    raise SystemExit(main(default_out=Path(__file__).resolve().parent / "results.json", prog="eval/run_stories.py"))

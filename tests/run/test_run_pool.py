"""The local executor with a process pool (``workers=2``) stores exactly what it stores one by one.

The input (runkit.corpus) holds every decision that depends on earlier documents (copies,
near copies, site furniture guessed while pages are still out, a file given twice, rejects);
batches of 3 keep several out at once. A worker that dies costs only the document it held.
"""

from __future__ import annotations

import os
import signal

from helpers import BUDGET, QUAKE_A, QUAKE_B, write
from runkit import FURNITURE, corpus, counts, snapshot

from newsfold.run import IngestOptions, ingest, stages
from newsfold.store import open_store, views


def test_a_pool_stores_what_one_by_one_stores(tmp_path):
    paths = corpus(tmp_path / "in")
    with open_store(tmp_path / "serial.db") as store:
        serial = ingest(paths, store, IngestOptions(batch_size=3))
        want = snapshot(store)
    with open_store(tmp_path / "pool.db") as store:
        pooled = ingest(paths, store, IngestOptions(batch_size=3, workers=2))
        got = snapshot(store)
    assert counts(pooled) == counts(serial)
    assert got == want
    records = {r["origin"].rsplit("/", 1)[-1]: r for r in want["records"]}
    assert records["near.txt"]["duplicate_of"] == records["a.txt"]["id"]
    assert FURNITURE in records["p2.txt"]["body"] and FURNITURE not in records["p3.txt"]["body"]


def _dies_on_poison(work, opts, weigh=True):
    if any("POISON" in raw.text for raw, _ in work):
        os.kill(os.getpid(), signal.SIGKILL)  # the worker process dies, as on a crash in native code
    return real_batch(work, opts, weigh=weigh)


real_batch = stages.per_article_batch


def test_a_document_that_kills_its_worker_is_rejected_alone(tmp_path, monkeypatch):
    from newsfold.run import pool

    monkeypatch.setattr(pool, "per_article_batch", _dies_on_poison)  # workers are forked: they see it
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate([QUAKE_A, "POISON\n\n" + BUDGET, QUAKE_B]):
        write(folder, f"{i}.txt", text)
    with open_store(tmp_path / "t.db") as store:
        summary = ingest([str(folder)], store, IngestOptions(do_fold=False, workers=2))
        errors = views.errors(store)
    assert (summary.added, summary.errors) == (2, 1)
    assert errors[0]["origin"].endswith("1.txt") and "died" in errors[0]["reason"]

"""The Dask executor stores exactly what the local executor stores, on a real LocalCluster.

One cluster for the module: two worker processes of one thread each (real
scheduler, real pickling between processes). The input (runkit.corpus) holds
every decision that depends on what came before. Small batches keep several
in flight at once.
"""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner
from helpers import BUDGET, QUAKE_A, QUAKE_B, write
from runkit import FURNITURE, corpus, counts, snapshot

pytest.importorskip("distributed", reason="dask.distributed not installed (pip install 'newsfold[dask]')")

from newsfold.cli import main as cli_main  # noqa: E402
from newsfold.run import IngestOptions, ingest  # noqa: E402
from newsfold.run.dask import ingest_dask  # noqa: E402
from newsfold.store import open_store, views  # noqa: E402


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as c:
        yield c


def test_dask_stores_what_local_stores(tmp_path, client):
    paths = corpus(tmp_path / "in")
    opts = IngestOptions(batch_size=3)
    with open_store(tmp_path / "local.db") as store:
        local = ingest(paths, store, opts)
        want = snapshot(store)
    with open_store(tmp_path / "dask.db") as store:
        remote = ingest_dask(paths, store, opts, client=client)
        got = snapshot(store)
    assert counts(remote) == counts(local)
    assert got == want
    # The comparison covers the decisions that depend on earlier documents.
    records = {r["origin"].rsplit("/", 1)[-1]: r for r in want["records"]}
    assert records["copy_of_a.txt"]["duplicate_of"] == records["a.txt"]["id"]
    assert records["near.txt"]["duplicate_of"] == records["a.txt"]["id"]
    assert FURNITURE in records["p2.txt"]["body"]
    assert FURNITURE not in records["p3.txt"]["body"]
    assert any(FURNITURE in r["text"] and "repeated" in r["reason"] for r in records["p3.txt"]["removed"])
    assert local.unchanged == 1 and local.errors == 4 and len(want["stories"]) >= 2


def test_dask_resumes_like_local(tmp_path, client):
    paths = corpus(tmp_path / "in")
    later = tmp_path / "later"
    later.mkdir()
    write(later, "b.txt", QUAKE_B.replace("Rescuers", "Rescue workers"))
    opts = IngestOptions(batch_size=2)
    with open_store(tmp_path / "local.db") as store:
        ingest(paths, store, opts)
        local = ingest(paths + [str(later)], store, opts)
        want = snapshot(store)
    with open_store(tmp_path / "dask.db") as store:
        ingest_dask(paths, store, opts, client=client)
        remote = ingest_dask(paths + [str(later)], store, opts, client=client)
        got = snapshot(store)
    assert counts(remote) == counts(local) and remote.added == 1
    assert got == want


def test_cli_runs_the_dask_executor_on_a_running_scheduler(tmp_path, client):
    paths = corpus(tmp_path / "in")
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli_main, ["ingest", *paths, "--db", db, "--executor", "dask",
                                           "--scheduler", client.scheduler.address])
    assert result.exit_code == 0, result.output
    with open_store(tmp_path / "local.db") as store:
        ingest(paths, store)
        want = snapshot(store)
    with open_store(db) as store:
        assert snapshot(store) == want


def test_a_document_that_kills_workers_is_rejected_alone(tmp_path):
    """Dask gives up on a task whose workers keep dying; its other documents must still be stored."""
    from distributed import KilledWorker

    class Future:
        def __init__(self, fn, task, opts):
            self.fn, self.task, self.opts = fn, task, opts

        def result(self):
            if any("POISON" in raw.text for raw, _ in self.task):
                raise KilledWorker("task", "worker", 3)
            return self.fn(self.task, self.opts)

        def release(self):
            pass

    class Client:
        def nthreads(self):
            return {"w1": 1, "w2": 1}

        def submit(self, fn, task, opts, pure=False):
            return Future(fn, task, opts)

    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "1.txt", QUAKE_A)
    write(folder, "2.txt", "POISON\n\n" + BUDGET)
    write(folder, "3.txt", QUAKE_B)
    with open_store(tmp_path / "t.db") as store:
        summary = ingest_dask([str(folder)], store, IngestOptions(do_fold=False), client=Client())
        errors = views.errors(store)
    assert (summary.added, summary.errors) == (2, 1)
    assert errors[0]["origin"].endswith("2.txt") and "kept dying" in errors[0]["reason"]

"""The Dask executor: the per-article stages on a dask.distributed cluster, the rest on the client.

Same input, same output as the local executor (run/local.py): the client
runs the batched pipeline every executor shares (run/pipeline.py: prepare,
then resolve and store in input order, one transaction per batch), and only
the pure per-article work (``stages.per_article_batch``: clean, signatures,
quotes, term weights) goes to the workers, a share of a batch per task.
Folding runs on the client at the end, as in local.

A task whose workers keep dying (Dask retries it on others, then gives up
with KilledWorker) is sent again one document at a time, so only the
document that kills workers is rejected.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from ..dedup import DuplicateIndex
from ..errors import UsageError
from ..fold import FeatureSpool
from .local import finish
from .options import IngestOptions, IngestSummary
from .pipeline import Pipeline, Task, WorkerLost
from .stages import per_article_batch

__all__ = ["DaskOptions", "ingest_dask", "per_article_batch"]


@dataclass(frozen=True, slots=True)
class DaskOptions:
    workers: int = 2  # local worker processes to start when no scheduler or client is given
    scheduler: str | None = None  # address of a running scheduler, e.g. tcp://10.0.0.5:8786
    in_flight: int = 2  # batches out at once, each over all worker threads: one is ready while one is stored


class DaskWorkers:
    """``pipeline.Workers`` on a Dask client."""

    def __init__(self, client, opts: IngestOptions, in_flight: int) -> None:
        self.client, self.opts = client, opts
        self.threads = sum(client.nthreads().values()) or 1
        self.in_flight = in_flight

    def submit(self, task: Task):
        return self.client.submit(per_article_batch, task, self.opts, pure=False)

    def result(self, future) -> list:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            raise WorkerLost("the workers processing it kept dying") from None
        finally:
            future.release()


def ingest_dask(
    paths: Iterable[str],
    store,
    opts: IngestOptions = IngestOptions(),
    *,
    dask: DaskOptions = DaskOptions(),
    client=None,
    stdin=None,
    progress: Callable[[IngestSummary], None] | None = None,
    fold_progress: Callable[[int, int, float], None] | None = None,
) -> IngestSummary:
    """Ingest like ``newsfold.run.ingest``, with the per-article stages on a Dask cluster.

    ``client``: a ``distributed.Client`` to use (left open); else one is made
    for ``dask.scheduler``, or for a LocalCluster of ``dask.workers`` worker
    processes (one thread each), and closed at the end.
    """
    opts.check()
    summary = IngestSummary()
    started = time.monotonic()
    index = DuplicateIndex(opts.dedup)
    index.load(store.signatures())
    with _client(dask, client) as cl, FeatureSpool() as spool:
        workers = DaskWorkers(cl, opts, dask.in_flight)
        Pipeline(store, opts, workers, summary, index, spool, progress, started).run(paths, stdin)
        return finish(store, opts, summary, spool, started, fold_progress)


@contextmanager
def _client(dask: DaskOptions, client):
    if client is not None:
        yield client
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("the dask executor needs dask.distributed: pip install 'newsfold[dask]'") from None
    if dask.scheduler:
        with Client(dask.scheduler) as cl:
            yield cl
        return
    if dask.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {dask.workers}")
    with LocalCluster(n_workers=dask.workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as cl:
        yield cl

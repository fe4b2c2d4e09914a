"""A pool of local worker processes for the per-article stages (``IngestOptions.workers > 1``).

The stages are pure functions of a document (run/stages.py), so they can run
in other processes while this one keeps everything that must happen in input
order (run/pipeline.py). Workers are forked where the platform allows it:
they start in milliseconds and share the models this process already loaded.

A worker that dies (killed, out of memory, a crash in native code) breaks the
whole pool: the pool is started again and the tasks it held come back as
``WorkerLost``, which the pipeline answers by sending their documents one by
one. A worker outlives no parent: killed with SIGKILL, the parent cannot stop
its pool, so each worker watches for its parent to go and exits with it.
Ctrl-C is the parent's to handle: workers ignore SIGINT.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from ..sources import SourceOptions
from .options import IngestOptions
from .pipeline import Task, WorkerLost
from .stages import per_article_batch

_PARENT_CHECK_SECONDS = 1.0


class ProcessPool:
    """``pipeline.Workers`` on ``workers`` local processes."""

    def __init__(self, workers: int, opts: IngestOptions, in_flight: int = 2) -> None:
        self.threads = workers
        self.in_flight = in_flight  # batches out: one is stored while the next is processed
        # Workers need no source options, and a custom fetch function may not pickle.
        self.opts = replace(opts, sources=SourceOptions())
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._generation = 0
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.threads, mp_context=self._context, initializer=_worker_init,
                                   initargs=(os.getpid(),))

    def submit(self, task: Task):
        return self._generation, self._pool.submit(per_article_batch, task, self.opts)

    def result(self, handle) -> list:
        generation, future = handle
        try:
            return future.result()
        except BrokenProcessPool:
            if generation == self._generation:  # the first to find the pool broken starts a new one
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._generation += 1
                self._pool = self._start()
            raise WorkerLost("the worker process processing it died") from None
        except Exception as exc:  # e.g. a result that cannot be sent back: the task's documents one by one
            raise WorkerLost(f"{type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ProcessPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _worker_init(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="newsfold-parent-watch").start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK_SECONDS)
    os._exit(0)

"""Dask scaling: the per-article stages on a LocalCluster of 1, then 2 worker processes.

The per-article stages are what the Dask executor sends to workers
(newsfold.run.dask.per_article_batch: clean, near-duplicate signatures,
quotes) over a stream from bench/generate.py, in batches, with a bounded
number of batches in flight as the executor does. Each cluster is started
and warmed up (imports, quote model) before the clock starts; the clock
stops when the last result is back on the client.

    parallel efficiency = rate(2 workers) / (2 x rate(1 worker))

The cores may be shared with other work: the load average before and after
each run and the CPU seconds the workers used are recorded with the rates, so
a depressed efficiency can be told from a bad one: "cpu_rate" is articles
per worker CPU second, and "cpu_efficiency" = cpu_rate(2) / cpu_rate(1) is
what the parallel efficiency would be if each worker had a core to itself.

    python bench/dask_scaling.py [--n 600] [--batch 20] [--workers 1,2]

Writes the "dask" key of bench/results.json (read-modify-write: other
scripts own the other keys).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TARGET_EFFICIENCY = 0.8


def raw_docs(n: int) -> list:
    from generate import stream

    from newsfold.records import RawDoc

    return [RawDoc(row["text"], f"stream.jsonl:{i + 1}", {k: v for k, v in row.items() if k != "text"})
            for i, row in enumerate(stream(n))]


def run(workers: int, docs: list, batch: int) -> dict:
    from distributed import Client, LocalCluster, wait

    from newsfold.run import IngestOptions
    from newsfold.run.dask import per_article_batch

    opts = IngestOptions()
    batches = [[(d, frozenset()) for d in docs[i:i + batch]] for i in range(0, len(docs), batch)]
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        warm = [client.submit(per_article_batch, batches[0][:2], opts, pure=False, workers=[w])
                for w in client.scheduler_info()["workers"]]
        wait(warm)
        cpu_before = client.run(time.process_time)
        load_before = os.getloadavg()[0]
        t0 = time.perf_counter()
        in_flight, done, queue = 2 * workers, 0, list(batches)
        futures = []
        while queue or futures:
            while queue and len(futures) < in_flight:
                futures.append(client.submit(per_article_batch, queue.pop(0), opts, pure=False))
            done += len(futures.pop(0).result())  # in order, as the executor collects them
        seconds = time.perf_counter() - t0
        cpu = sum(client.run(time.process_time).values()) - sum(cpu_before.values())
    return {"workers": workers, "articles": done, "seconds": round(seconds, 2),
            "articles_per_s": round(done / seconds, 1), "worker_cpu_s": round(cpu, 2),
            "cpu_rate": round(done / cpu, 1), "load_before": round(load_before, 2),
            "load_after": round(os.getloadavg()[0], 2)}


def main() -> None:
    from neardup import save_result

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()
    docs = raw_docs(args.n)
    runs = [run(int(w), docs, args.batch) for w in args.workers.split(",")]
    by_workers = {r["workers"]: r for r in runs}
    result = {"stages": "clean, signatures, quotes (per_article_batch)", "batch": args.batch, "runs": runs,
              "cores": os.cpu_count(), "uptime": os.popen("uptime").read().strip()}
    if 1 in by_workers and 2 in by_workers:
        one, two = by_workers[1], by_workers[2]
        result["parallel_efficiency"] = round(two["articles_per_s"] / (2 * one["articles_per_s"]), 3)
        result["target_efficiency"] = TARGET_EFFICIENCY
        # What the efficiency would be with two free cores: the CPU an article costs, 1 worker vs 2.
        result["cpu_efficiency"] = round(two["cpu_rate"] / one["cpu_rate"], 3)
    save_result("dask", result)
    print(f"{'workers':>7} {'articles/s':>10} {'seconds':>8} {'worker CPU s':>12} {'per CPU s':>9} {'load':>11}")
    for r in runs:
        print(f"{r['workers']:>7} {r['articles_per_s']:>10} {r['seconds']:>8} {r['worker_cpu_s']:>12} "
              f"{r['cpu_rate']:>9} {r['load_before']:>5}→{r['load_after']:<5}")
    if "parallel_efficiency" in result:
        print(f"parallel efficiency {result['parallel_efficiency']} (target ≥{TARGET_EFFICIENCY}), "
              f"CPU per article 1 vs 2 workers {result['cpu_efficiency']}; {result['uptime']}")


if __name__ == "__main__":
    main()

"""Server time of every UI page and main API call on a store (issue: < 200 ms on the seeds store).

    python bench/pages.py --db newsfold.db [--repeat 20]

Uses FastAPI's in-process test client: the time is the server's work (routing, queries,
rendering), not the network's. Prints the median and p95 per page.
"""

from __future__ import annotations

import argparse
import statistics
import time

from fastapi.testclient import TestClient

from newsfold.api import create_app
from newsfold.store import open_store, views


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    with open_store(args.db) as store:
        stories = views.top_stories(store, 1)
        speakers = views.speakers(store)
    story = stories[0]["id"] if stories else None
    urls = ["/", "/search?q=Peskov", "/api/stories", "/api/quotes", "/errors"]
    if story:
        urls += [f"/stories/{story}", f"/api/stories/{story}"]
        if stories[0]["storyline_id"]:
            urls.append(f"/storylines/{stories[0]['storyline_id']}")
    if speakers:
        urls.append(f"/speakers/{speakers[0]['id']}")
    client = TestClient(create_app(args.db))
    print(f"{'page':<44} {'median ms':>10} {'p95 ms':>8}")
    for url in urls:
        client.get(url)  # warm caches
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"{url:<44} {statistics.median(times):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()

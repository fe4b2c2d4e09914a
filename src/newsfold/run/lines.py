"""Site-furniture line counts as they will stand once the documents out on workers are stored.

A page's lines count towards its site's furniture when the page is stored
as an article, and a page's furniture is the lines already on enough stored
pages. An executor that sends pages out before the pages ahead of them are
stored (``pipeline.Pipeline``) cleans each against this guess: those pages
will nearly always be articles. When storing, in order, it checks the guess
against the store and cleans the page again in the rare case it was wrong
(a page ahead was rejected), so the output is that of a one-by-one run.
"""

from __future__ import annotations

from collections import Counter


class LinesAhead:
    def __init__(self, store) -> None:
        self.store = store
        self.ahead: Counter = Counter()  # (site, line key) -> pages out, not stored yet

    def add(self, site: str, keys: frozenset[str]) -> None:
        self.ahead.update((site, k) for k in keys)

    def remove(self, site: str, keys: frozenset[str]) -> None:
        self.ahead.subtract((site, k) for k in keys)
        for k in keys:
            if self.ahead[(site, k)] <= 0:
                del self.ahead[(site, k)]

    def repeated_lines(self, site: str, keys: set[str], min_docs: int) -> frozenset[str]:
        """The store's ``repeated_lines`` with the pages ahead counted in."""
        by_ahead: dict[int, set[str]] = {}
        for key in keys:
            by_ahead.setdefault(self.ahead.get((site, key), 0), set()).add(key)
        found: set[str] = set()
        for ahead, group in by_ahead.items():
            needed = min_docs - ahead
            found |= group if needed <= 0 else self.store.repeated_lines(site, group, needed)
        return frozenset(found)

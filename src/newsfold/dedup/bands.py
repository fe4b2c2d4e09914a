"""LSH banding: cut a signature into ``b`` bands of ``r`` values; texts sharing any band are candidates.

Two texts with Jaccard ``s`` share at least one band with probability
``1 - (1 - s^r)^b``, an S-curve whose step sits near the threshold. ``b`` and
``r`` are chosen as datasketch's MinHashLSH chooses them (least weighted
false-positive plus false-negative area under that curve), but with false
negatives weighing 9 times more: datasketch returns band candidates as they
are, while index.py verifies every candidate on the whole signature, so a
false candidate costs one comparison and a missed one is a missed copy. At
threshold 0.8 and 128 values this gives 14 bands of 9 rows (datasketch: 9 of
13); on bench/neardup.py's stream it lifts recall from 0.92 to 0.98 at the
same precision.

Each band is reduced to one 64-bit key with array operations; a band table
(``BandIndex``) maps keys to article IDs, compactly: sorted arrays plus a
small dict of the newest keys. Band keys are never stored (they are
recomputed when a store is loaded), so this layout can change freely.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import numpy as np

from .hashing import fmix64, odd_constants, splitmix64

_MULT = odd_constants(0xBA2D, 1024)  # one multiplier per signature position
_SALT = splitmix64(0x5A17, 1024)  # one per band, so equal values in different bands give different keys


FALSE_NEGATIVE_WEIGHT = 0.9  # and 0.1 for false positives


@cache
def lsh_params(threshold: float, num_perm: int, fn_weight: float = FALSE_NEGATIVE_WEIGHT) -> tuple[int, int]:
    """(bands, rows) minimising weighted false-positive plus false-negative probability mass."""
    s = np.linspace(0.0, 1.0, 2001)
    below, above = s <= threshold, s >= threshold
    best, best_err = (1, 1), float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            p = 1.0 - (1.0 - s**r) ** b
            fp, fn = np.trapezoid(p[below], s[below]), np.trapezoid(1.0 - p[above], s[above])
            err = (1.0 - fn_weight) * fp + fn_weight * fn
            if err < best_err:
                best, best_err = (b, r), err
    return best


def band_keys(values: np.ndarray, b: int, r: int) -> np.ndarray:
    """(texts, b) band keys of a (texts, num_perm) matrix of signature values."""
    bands = values[:, : b * r].astype(np.uint64).reshape(len(values), b, r)
    mixed = (bands * _MULT[: b * r].reshape(b, r)).sum(axis=2, dtype=np.uint64)
    return fmix64(mixed ^ _SALT[:b])


class BandIndex:
    """Band key -> arrival numbers of the originals inserted with it, in insertion order.

    The index (index.py) keeps a window of the newest originals, so an entry
    is live while its arrival number is at or above the window's oldest; dead
    entries are skipped by ``candidates`` and dropped at the next merge, which
    keeps the arrays at most a window's worth of keys plus ``MERGE_AT``.

    Fourteen band keys an original as dict entries (a Python int and a slot
    each) would take about a kilobyte an original, so the keys live in two
    sorted arrays (key, arrival number: 16 bytes an entry), and only the newest
    in a small dict, merged into the arrays when it fills. A query is a binary
    search of the arrays plus ``b`` dict lookups.
    """

    MERGE_AT = 1 << 16  # entries the dict takes before they go into the arrays

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.uint64)  # sorted; equal keys in insertion order
        self.nums = np.empty(0, dtype=np.int64)  # arrival numbers, along ``keys``
        self.recent: dict[int, int | list[int]] = {}  # key -> arrival number(s), not merged yet
        self.pending = 0

    def __len__(self) -> int:
        """Entries held, live or not yet dropped."""
        return len(self.keys) + self.pending

    def insert(self, num: int, keys: Iterable[int], oldest: int = 0) -> None:
        """Index arrival ``num`` under ``keys``; ``oldest``: the window's oldest live arrival number."""
        recent = self.recent
        for key in keys:
            bucket = recent.get(key)
            if bucket is None:
                recent[key] = num
            elif type(bucket) is list:
                bucket.append(num)
            else:
                recent[key] = [bucket, num]
            self.pending += 1
        if self.pending >= self.MERGE_AT:
            self._merge(oldest)

    def _merge(self, oldest: int) -> None:
        keys: list[int] = []
        nums: list[int] = []
        for key, bucket in self.recent.items():
            if type(bucket) is list:
                keys.extend([key] * len(bucket))
                nums.extend(bucket)
            else:
                keys.append(key)
                nums.append(bucket)
        new_keys, new_nums = np.array(keys, dtype=np.uint64), np.array(nums, dtype=np.int64)
        live = new_nums >= oldest
        new_keys, new_nums = new_keys[live], new_nums[live]
        order = np.lexsort((new_nums, new_keys))
        new_keys, new_nums = new_keys[order], new_nums[order]
        if len(self.nums) and self.nums.min() < oldest:  # evicted originals: their entries go
            kept = self.nums >= oldest
            self.keys, self.nums = self.keys[kept], self.nums[kept]
        # After the equal keys already there: they were inserted earlier.
        at = np.searchsorted(self.keys, new_keys, side="right")
        self.keys, self.nums = np.insert(self.keys, at, new_keys), np.insert(self.nums, at, new_nums)
        self.recent = {}
        self.pending = 0

    def candidates(self, keys: Iterable[int], oldest: int = 0) -> list[int]:
        """Live arrival numbers sharing at least one band, each once, in a deterministic order (first
        band first)."""
        keys = list(keys)
        recent = self.recent
        found: dict[int, None] = {}
        lo = hi = None
        if len(self.keys) and keys:
            query = np.array(keys, dtype=np.uint64)
            lo = np.searchsorted(self.keys, query, side="left").tolist()
            hi = np.searchsorted(self.keys, query, side="right").tolist()
        for j, key in enumerate(keys):
            if lo is not None and hi[j] > lo[j]:
                for num in self.nums[lo[j] : hi[j]].tolist():
                    found[num] = None
            bucket = recent.get(key)
            if bucket is None:
                continue
            if type(bucket) is list:
                for num in bucket:
                    found[num] = None
            else:
                found[bucket] = None
        return [num for num in found if num >= oldest]

"""Settings shared by every near-duplicate stage."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError


@dataclass(frozen=True, slots=True)
class DedupOptions:
    threshold: float = 0.8  # estimated Jaccard of shingles for a near-copy
    num_perm: int = 128  # signature length (bins)
    shingle: int = 5  # words per shingle
    # Near-copies are looked for among the newest ``window`` originals (arrival order), so the index
    # holds at most this many signatures and their band keys (~1.4 KB of RSS each: ~70 MB at the
    # default) however large the store grows. Wire copies and rewrites arrive within days of their original; 50,000 originals
    # are one to three weeks of a large self-hosted intake (a few thousand originals a day).
    # Exact copies are found through the store for any age. None: every original (memory grows).
    window: int | None = 50_000

    def __post_init__(self) -> None:
        if self.window is not None and self.window < 1:
            raise UsageError(f"the near-duplicate window must be at least 1 original (or None), not {self.window}")

"""Settings shared by every near-duplicate stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DedupOptions:
    threshold: float = 0.8  # estimated Jaccard of shingles for a near-copy
    num_perm: int = 128  # signature length (bins)
    shingle: int = 5  # words per shingle

"""Stable 64-bit hashing for the near-duplicate stages.

Signatures are stored, so every constant and every hash here must give the same
bits on every machine, Python and NumPy version: constants come from
SplitMix64 (a fixed integer recurrence, not a library RNG whose stream may
change between releases), and array arithmetic is plain uint64 that wraps
modulo 2^64.
"""

from __future__ import annotations

import numpy as np

_MASK = (1 << 64) - 1
_C1 = np.uint64(0xFF51AFD7ED558CCD)
_C2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)


def splitmix64(seed: int, n: int) -> np.ndarray:
    """``n`` pseudo-random uint64 from ``seed``, the same everywhere."""
    out = []
    x = seed & _MASK
    for _ in range(n):
        x = (x + 0x9E3779B97F4A7C15) & _MASK
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        out.append(z ^ (z >> 31))
    return np.array(out, dtype=np.uint64)


def odd_constants(seed: int, n: int) -> np.ndarray:
    """Odd multipliers: multiplication by an odd number is a bijection modulo 2^64."""
    return splitmix64(seed, n) | np.uint64(1)


def fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser: every input bit flips each output bit with probability ~1/2."""
    h = h ^ (h >> _S33)
    h *= _C1
    h ^= h >> _S33
    h *= _C2
    h ^= h >> _S33
    return h

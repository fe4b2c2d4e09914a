"""Words of many texts at once, as stable 64-bit hashes, in a handful of NumPy operations.

Near-duplicate search compares word sequences, so every text is cut into
words here: runs of letters, digits, marks and ``_`` (what ``\\w`` means,
plus combining marks so that Devanagari or Thai words stay whole), case-folded
character by character. Han, kana and the unspaced South-East Asian scripts
have no spaces between words, so each of their characters is a word of its
own and a 5-word shingle becomes a 5-character n-gram there.

Cutting with a regex and hashing each word in Python costs more than all
the rest of near-duplicate search together, so the texts of a batch are
joined into one array of code points and cut and hashed with array
operations: a word's hash is a polynomial over its characters, summed per
word (``reduceat``) from ``char * base^position`` and shifted back by
``base^-start``, modulo 2^64.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import numpy as np

from .hashing import fmix64, splitmix64

# Scripts written without spaces: each character is a word (BMP ranges).
_SOLO_RANGES = [
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
]
_FIRST_SOLO = 0x0E00
_BMP = 0x10000
_SOLO = np.uint64(1 << 31)  # flag bit: code points need 21 bits, so bit 31 is free

_BASE = int(splitmix64(0x7E57, 1)[0]) | 1  # odd: invertible modulo 2^64
_BASE_INV = pow(_BASE, -1, 1 << 64)


@cache
def _table() -> np.ndarray:
    """Every BMP character as what hashing sees: 0 for a separator, else its case-folded code point
    (with the ``_SOLO`` bit for a character that is a word on its own)."""
    table = np.zeros(_BMP, dtype=np.uint64)  # 64-bit, as the hashing multiplies in place
    for c in range(_BMP):
        ch = chr(c)
        if unicodedata.category(ch)[0] in "LNM" or c == 0x5F:
            folded = ch.casefold()
            if len(folded) != 1:
                folded = ch.lower()
            table[c] = ord(folded) if len(folded) == 1 else c
    for lo, hi in _SOLO_RANGES:
        span = table[lo : hi + 1]
        span[span != 0] |= _SOLO
    return table


def _astral(cp: np.ndarray) -> np.ndarray:
    """Outside the BMP: CJK extensions are solo, emoji and symbols separate, the rest are letters."""
    out = cp.astype(np.uint64)
    cjk = (cp >= 0x20000) & (cp <= 0x3FFFF)
    out[cjk] |= _SOLO
    out[(cp >= 0x1F000) & (cp <= 0x1FAFF)] = 0
    return out


class _Powers:
    """base^i and base^-i modulo 2^64, grown on demand (one table per process)."""

    def __init__(self) -> None:
        empty = np.ones(0, dtype=np.uint64)
        self.tables = (empty, empty)  # one tuple, replaced whole: threads never see a half-grown pair

    def upto(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        tables = self.tables
        if len(tables[0]) < n:
            size = max(n, 2 * len(tables[0]), 1 << 16)
            tables = self.tables = (_geometric(_BASE, size), _geometric(_BASE_INV, size))
        return tables


def _geometric(ratio: int, n: int) -> np.ndarray:
    steps = np.full(n, ratio, dtype=np.uint64)
    steps[0] = 1
    return np.cumprod(steps, dtype=np.uint64)  # wraps modulo 2^64, as intended


POWERS = _Powers()  # shared with exact.py


def word_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(hash of every word, index of its text) over ``texts``, in reading order."""
    if not texts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.intp)
    joined = "\n".join(texts)  # a separator, so no word spans two texts
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    top = int(cp.max()) if len(cp) else 0
    if top < _BMP:
        chars = np.take(_table(), cp)
    else:
        chars = np.take(_table(), np.minimum(cp, _BMP - 1))
        astral = cp >= _BMP
        chars[astral] = _astral(cp[astral])
    word = chars != 0
    starts = np.flatnonzero(word[1:] > word[:-1]) + 1  # a separator, then a word character
    if len(word) and word[0]:
        starts = np.concatenate([[0], starts])
    if top >= _FIRST_SOLO and (solo := chars >= _SOLO).any():
        chars &= ~_SOLO
        after_solo = np.zeros(len(cp), dtype=bool)
        after_solo[1:] = solo[:-1]
        starts = np.flatnonzero(word & ((solo | after_solo) | np.append(True, ~word[:-1])))
    if not len(starts):
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.intp)
    # A word's characters run from its start to the next start; separators between are 0 and add nothing.
    power, inverse = POWERS.upto(len(cp))
    chars *= power[: len(cp)]
    raw = np.add.reduceat(chars, starts)
    hashes = fmix64(raw * inverse[starts])
    text_starts = np.cumsum([0] + [len(t) + 1 for t in texts])
    per_text = np.diff(np.searchsorted(starts, text_starts))  # words in each text
    return hashes, np.repeat(np.arange(len(texts)), per_text)

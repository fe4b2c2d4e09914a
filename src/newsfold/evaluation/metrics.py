"""Scores of a predicted partition (clustering) of items against a gold partition.

Both scores are computed from the contingency table of the two partitions
(how many items each (predicted, gold) cluster pair shares), in time linear in
the number of items, never by looping over pairs.

* **Pairwise** precision / recall / F1, the news-stream-clustering definition
  of Miranda et al. (2018): over all unordered pairs of distinct items, a pair
  is *positive* when both items are in the same cluster. With ``n_ij`` the
  contingency counts, ``a_i`` the predicted and ``b_j`` the gold cluster sizes::

      TP = sum_ij C(n_ij, 2)    P = TP / sum_i C(a_i, 2)    R = TP / sum_j C(b_j, 2)

  When a side has no positive pair at all (only singletons), the matching
  ratio is 1.0 by convention: no predicted pair can be wrong, no gold pair
  can be missed. So two all-singleton partitions score 1.0, and predicting
  all singletons against a gold with pairs scores P 1.0, R 0.0, F1 0.0.

* **BCubed** precision / recall / F1 (Bagga & Baldwin 1998, as in Amigó et
  al. 2009): per item, precision is the share of its predicted cluster that
  shares its gold cluster, recall the share of its gold cluster that shares
  its predicted cluster; both are averaged over items, and F1 is the harmonic
  mean of the two averages.

Swapping prediction and gold swaps precision and recall; F1 is symmetric.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass

Partition = Mapping[Hashable, Hashable] | Sequence[Hashable]
"""Item -> cluster label, or a sequence of labels aligned by position with the other partition."""


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float

    def as_dict(self, digits: int | None = 4) -> dict[str, float]:
        d = asdict(self)
        return {k: round(v, digits) for k, v in d.items()} if digits is not None else d


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def contingency(predicted: Partition, gold: Partition) -> tuple[Counter, Counter, Counter]:
    """(cell counts {(pred, gold): n}, predicted sizes, gold sizes) over the common items.

    Mappings must hold exactly the same items; sequences must have the same length.
    """
    if isinstance(predicted, Mapping) != isinstance(gold, Mapping):
        raise TypeError("predicted and gold must both be mappings or both be sequences")
    if isinstance(predicted, Mapping):
        if predicted.keys() != gold.keys():
            missing, extra = len(gold.keys() - predicted.keys()), len(predicted.keys() - gold.keys())
            raise ValueError(f"partitions cover different items ({missing} gold-only, {extra} predicted-only)")
        labels = [(predicted[k], gold[k]) for k in gold]
    else:
        if len(predicted) != len(gold):
            raise ValueError(f"partitions have different lengths ({len(predicted)} vs {len(gold)})")
        labels = list(zip(predicted, gold))
    cells = Counter(labels)
    pred_sizes: Counter = Counter()
    gold_sizes: Counter = Counter()
    for (p, g), n in cells.items():
        pred_sizes[p] += n
        gold_sizes[g] += n
    return cells, pred_sizes, gold_sizes


def pairwise(predicted: Partition, gold: Partition) -> PRF:
    """Pairwise P/R/F1 (Miranda et al. 2018) via contingency counts."""
    cells, pred_sizes, gold_sizes = contingency(predicted, gold)
    tp = sum(_pairs(n) for n in cells.values())
    pred_pos = sum(_pairs(n) for n in pred_sizes.values())
    gold_pos = sum(_pairs(n) for n in gold_sizes.values())
    p = tp / pred_pos if pred_pos else 1.0
    r = tp / gold_pos if gold_pos else 1.0
    return PRF(p, r, _f1(p, r))


def bcubed(predicted: Partition, gold: Partition) -> PRF:
    """BCubed P/R/F1 (Bagga & Baldwin 1998), item-averaged, via contingency counts."""
    cells, pred_sizes, gold_sizes = contingency(predicted, gold)
    n = sum(cells.values())
    if n == 0:
        return PRF(1.0, 1.0, 1.0)
    # Each of the n_ij items of a cell has precision n_ij / |pred| and recall n_ij / |gold|.
    p = sum(c * c / pred_sizes[pl] for (pl, _), c in cells.items()) / n
    r = sum(c * c / gold_sizes[gl] for (_, gl), c in cells.items()) / n
    return PRF(p, r, _f1(p, r))


def n_clusters(partition: Partition) -> int:
    return len(set(partition.values() if isinstance(partition, Mapping) else partition))

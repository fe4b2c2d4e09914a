"""The learned article→story model: the probability that an article reports a candidate story's event.

A model is a small JSON file (``fold/models/``) written by ``eval/stories_train.py``
(scikit-learn, the ``train`` extra); running it needs numpy only. Two kinds:

* ``logistic``: standardised signals, weights, bias;
* ``trees``: gradient-boosted regression trees on the raw signals (sklearn's
  ``GradientBoostingClassifier``: log-odds = init + rate × Σ tree leaves).

Either names the signals it reads (``fold.signals.SIGNALS`` are the known ones)
and carries ``join``: the probability at which an article joins its best
candidate rather than starting a story (chosen on the model's training
benchmarks by replaying the fold), and ``trained_on``, to say where its
figures may be reported (never on its training data).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .signals import SIGNALS

MODELS_DIR = Path(__file__).resolve().parent / "models"
DEFAULT_MODEL = "stories"


@dataclass(frozen=True)
class Forest:
    """Regression trees packed into (trees, nodes) arrays, so every candidate walks every tree at once.

    A leaf points to itself on both sides (and splits on signal 0), so ``depth`` steps from the
    root reach a leaf on every path whatever its length.
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int

    @classmethod
    def pack(cls, trees: list[dict]) -> Forest:
        n = max(len(t["feature"]) for t in trees)
        shape = (len(trees), n)
        feature, left, right = np.zeros(shape, np.int64), np.zeros(shape, np.int64), np.zeros(shape, np.int64)
        threshold, value = np.zeros(shape), np.zeros(shape)
        depth = 0
        for i, t in enumerate(trees):
            k = len(t["feature"])
            f = np.array(t["feature"], np.int64)
            leaf = f < 0
            nodes = np.arange(k)
            feature[i, :k] = np.where(leaf, 0, f)
            threshold[i, :k] = t["threshold"]
            left[i, :k] = np.where(leaf, nodes, t["left"])
            right[i, :k] = np.where(leaf, nodes, t["right"])
            value[i, :k] = t["value"]
            depth = max(depth, _depth(t["left"], t["right"]))
        return cls(feature, threshold, left, right, value, depth)

    def sums(self, x: np.ndarray) -> np.ndarray:
        """Per row of ``x``, the sum of its leaf values over all trees."""
        trees = np.arange(self.feature.shape[0])[:, None]
        rows = np.arange(x.shape[0])[None, :]
        node = np.zeros((self.feature.shape[0], x.shape[0]), np.int64)
        for _ in range(self.depth):
            go_left = x[rows, self.feature[trees, node]] <= self.threshold[trees, node]
            node = np.where(go_left, self.left[trees, node], self.right[trees, node])
        return self.value[trees, node].sum(0)


def _depth(left: list[int], right: list[int]) -> int:
    best, stack = 0, [(0, 0)]
    while stack:
        node, d = stack.pop()
        if left[node] < 0:
            best = max(best, d)
        else:
            stack += [(left[node], d + 1), (right[node], d + 1)]
    return best


@dataclass(frozen=True)
class StoryModel:
    name: str
    kind: str  # logistic | trees
    signals: tuple[str, ...]
    join: float  # probability to join the best candidate
    trained_on: tuple[str, ...]
    mean: np.ndarray | None = None
    scale: np.ndarray | None = None
    weights: np.ndarray | None = None
    bias: float = 0.0
    forest: Forest | None = None
    rate: float = 0.1
    # The model to use instead when the article and its candidates have MiniLM vectors (``embed``
    # extra): this one's sibling trained on the same data with the embedding signals too.
    with_embedding: str = ""

    def log_odds(self, rows: list[dict[str, float]]) -> np.ndarray:
        x = np.array([[r.get(s, 0.0) for s in self.signals] for r in rows], dtype=np.float64).reshape(len(rows), -1)
        if self.kind == "logistic":
            return ((x - self.mean) / self.scale) @ self.weights + self.bias
        return self.bias + self.rate * self.forest.sums(x)

    def probabilities(self, rows: list[dict[str, float]]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-self.log_odds(rows)))

    @classmethod
    def from_dict(cls, d: dict, name: str = "") -> StoryModel:
        unknown = set(d["signals"]) - set(SIGNALS)
        if unknown:
            raise ValueError(f"story model {name!r} reads unknown signals: {sorted(unknown)}")
        common = {"name": name or d.get("name", ""), "kind": d["kind"], "signals": tuple(d["signals"]),
                  "join": float(d["join"]), "trained_on": tuple(d.get("trained_on", ())),
                  "with_embedding": d.get("with_embedding", "")}
        if d["kind"] == "logistic":
            return cls(**common, mean=np.array(d["mean"]), scale=np.array(d["scale"]),
                       weights=np.array(d["weights"]), bias=float(d["bias"]))
        if d["kind"] == "trees":
            return cls(**common, forest=Forest.pack(d["trees"]), bias=float(d["bias"]), rate=float(d["rate"]))
        raise ValueError(f"story model {name!r}: unknown kind {d['kind']!r}")


def model_path(name: str) -> Path:
    """A bundled model by name (``stories``, ``stories-heldout-neus-allsides``) or a path to a JSON file."""
    if name.endswith(".json") or "/" in name:
        return Path(name)
    return MODELS_DIR / f"{name}.json"


@lru_cache(maxsize=16)
def load_model(name: str = DEFAULT_MODEL) -> StoryModel:
    path = model_path(name or DEFAULT_MODEL)
    model = StoryModel.from_dict(json.loads(path.read_text(encoding="utf-8")), name or DEFAULT_MODEL)
    sibling = model.with_embedding
    if sibling and path.parent.resolve() != MODELS_DIR and not (sibling.endswith(".json") or "/" in sibling):
        # A sibling named by a model outside the bundled folder is its neighbour (a freshly trained pair).
        model = dataclasses.replace(model, with_embedding=str(path.parent / f"{sibling}.json"))
    return model

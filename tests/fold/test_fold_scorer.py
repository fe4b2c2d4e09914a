"""The learned article→story model: how a model file is read and scored, and the shipped models."""

import json
import math

import pytest

from newsfold.fold.scorer import MODELS_DIR, StoryModel, load_model
from newsfold.fold.signals import SIGNALS


def test_logistic_model_scores_standardised_signals():
    m = StoryModel.from_dict({"kind": "logistic", "signals": ["cosine", "statements"], "join": 0.5,
                              "mean": [0.2, 0.0], "scale": [0.1, 1.0], "weights": [2.0, 1.0], "bias": -1.0})
    p = m.probabilities([{"cosine": 0.4, "statements": 1.0}, {"cosine": 0.2}])
    assert p[0] == pytest.approx(1 / (1 + math.exp(-(2.0 * 2 + 1.0 - 1.0))))
    assert p[1] == pytest.approx(1 / (1 + math.exp(1.0)))  # a signal the row lacks counts as 0


def test_trees_walk_every_candidate_to_its_leaf():
    # One stump on cosine (left: <= 0.3) and one two-level tree on statements then title_max.
    trees = [
        {"feature": [0, -1, -1], "threshold": [0.3, 0, 0], "left": [1, -1, -1], "right": [2, -1, -1],
         "value": [0, -1.0, 2.0]},
        {"feature": [1, -1, 2, -1, -1], "threshold": [0.5, 0, 0.4, 0, 0], "left": [1, -1, 3, -1, -1],
         "right": [2, -1, 4, -1, -1], "value": [0, 0.0, 0.5, 1.5, 0]},
    ]
    m = StoryModel.from_dict({"kind": "trees", "signals": ["cosine", "statements", "title_max"], "join": 0.5,
                              "bias": 0.1, "rate": 1.0, "trees": trees})
    rows = [{"cosine": 0.1}, {"cosine": 0.5, "statements": 2, "title_max": 0.2},
            {"cosine": 0.5, "statements": 2, "title_max": 0.9}]
    assert m.log_odds(rows).tolist() == pytest.approx([0.1 - 1.0, 0.1 + 2.0 + 1.5, 0.1 + 2.0 + 0.0])


def test_a_model_reading_an_unknown_signal_is_refused():
    with pytest.raises(ValueError, match="unknown signals"):
        StoryModel.from_dict({"kind": "logistic", "signals": ["shoe_size"], "join": 0.5, "mean": [0], "scale": [1],
                              "weights": [1], "bias": 0})


def test_shipped_models_load_and_say_what_they_were_trained_on():
    for name in ("stories", "stories-half0", "stories-half1"):
        m = load_model(name)
        assert set(m.signals) <= set(SIGNALS) and 0 < m.join < 1 and m.trained_on
    half0 = json.loads((MODELS_DIR / "stories-half0.json").read_text())
    assert all(t.endswith("/0") for t in half0["trained_on"])  # held-out figures of half 1 rely on it
    assert (MODELS_DIR / "stories.json").stat().st_size < 300_000  # small enough to ship

"""The MiniLM signals of the fold: a story's vectors, and the model that reads them only when every side has one."""

import json
from dataclasses import replace

import numpy as np
from helpers import QUAKE_A, QUAKE_B

from newsfold.clean import clean
from newsfold.fold.features import features
from newsfold.fold.scorer import MODELS_DIR, load_model
from newsfold.fold.signals import EMBEDDING_SIGNALS, SIGNALS, cues
from newsfold.fold.stories import (
    FoldOptions,
    StoryIndex,
    StoryState,
    assign,
    candidates,
    scoring_model,
)
from newsfold.records import RawDoc


ON = FoldOptions(embeddings=True)  # off by default (its cost: FoldOptions.embeddings)


def art(text, name):
    a = clean(RawDoc(text, name))
    return replace(a, id=name * 4)


def unit(*values, dim=8):
    v = np.zeros(dim, np.float32)
    v[: len(values)] = values
    return v / np.linalg.norm(v)


def test_candidates_get_the_embedding_signals_only_when_both_sides_have_vectors():
    index = StoryIndex()
    a, b = art(QUAKE_A, "a"), art(QUAKE_B, "b")
    assign(a, features(a), [], index, 1, ON, cues=cues(a, unit(1, 0)))
    plain = candidates(b, features(b), cues(b), [], index, ON)
    assert plain and not EMBEDDING_SIGNALS & set(plain[0].signals)  # the article has no vector
    found = candidates(b, features(b), cues(b, unit(1, 1)), [], index, replace(ON, all_signals=True))
    assert set(found[0].signals) == set(SIGNALS)
    assert abs(found[0].signals["emb_mean"] - 2 ** -0.5) < 1e-5 and found[0].signals["emb_margin"] == 0.0


def test_a_story_with_a_member_lacking_a_vector_is_not_compared_by_vectors():
    index = StoryIndex()
    a, b, c = art(QUAKE_A, "a"), art(QUAKE_B, "b"), art(QUAKE_B.replace("Wednesday", "Thursday"), "c")
    assign(a, features(a), [], index, 1, ON, cues=cues(a, unit(1, 0)))
    d = assign(b, features(b), [], index, 2, ON)  # joins, without a vector: the mean is no longer the story's
    assert not d.new
    found = candidates(c, features(c), cues(c, unit(1, 0)), [], index, ON)
    assert "emb_mean" not in found[0].signals


def test_the_mean_vector_survives_a_save_and_restore():
    index = StoryIndex()
    a, b = art(QUAKE_A, "a"), art(QUAKE_B, "b")
    assign(a, features(a), [], index, 1, ON, cues=cues(a, unit(1, 0)))
    assign(b, features(b), [], index, 2, ON, cues=cues(b, unit(1, 0.5)))
    story = next(iter(index.stories.values()))
    assert story.size == 2
    row = {"id": story.id, "title": story.title, "seed_seq": 1, "first_published": None, "last_published": None}
    back = StoryState.restore(row, json.loads(json.dumps(story.to_json())), [])
    expected = unit(1, 0) + unit(1, 0.5)
    np.testing.assert_allclose(back.mean_vector(), expected / np.linalg.norm(expected), atol=1e-6)
    broken = {**story.to_json(), "vectors": {"members": 2, "sum": "not base64!"}}
    assert StoryState.restore(row, broken, []).mean_vector() is None  # a damaged state folds on without them


def test_the_embedding_sibling_decides_only_when_every_candidate_has_vectors(tmp_path):
    plain = json.loads((MODELS_DIR / "stories.json").read_text())
    sibling = {**plain, "signals": [*plain["signals"], "emb_mean"], "join": 0.55}
    (tmp_path / "sib.json").write_text(json.dumps(sibling))
    (tmp_path / "plain.json").write_text(json.dumps({**plain, "with_embedding": str(tmp_path / "sib.json")}))
    name = str(tmp_path / "plain.json")
    index = StoryIndex()
    a, b = art(QUAKE_A, "a"), art(QUAKE_B, "b")
    assign(a, features(a), [], index, 1, ON, cues=cues(a, unit(1, 0)))
    (with_vectors,) = candidates(b, features(b), cues(b, unit(1, 0)), [], index, ON)
    assert scoring_model(name, [with_vectors]).join == 0.55  # the sibling
    # A second candidate story without vectors: the model without them decides for all.
    without = replace(with_vectors, signals={k: v for k, v in with_vectors.signals.items() if k not in EMBEDDING_SIGNALS})
    assert scoring_model(name, [with_vectors, without]).join == plain["join"]
    assert scoring_model(name, []).join == plain["join"]
    d = assign(b, features(b), [], index, 2, replace(ON, model=name), cues=cues(b, unit(1, 0)))
    assert d.signals["model"] == str(tmp_path / "sib.json")


def test_with_embeddings_off_the_vector_is_ignored():
    index = StoryIndex()
    a, b = art(QUAKE_A, "a"), art(QUAKE_B, "b")
    assign(a, features(a), [], index, 1, FoldOptions(embeddings=False), vector=unit(1, 0))
    assert next(iter(index.stories.values())).vec_sum is None
    d = assign(b, features(b), [], index, 2, FoldOptions(embeddings=False), vector=unit(1, 0))
    assert not d.new and "emb_mean" not in d.signals


def test_the_shipped_models_name_an_embedding_sibling_trained_on_the_same_data():
    for name in ("stories", "stories-half0", "stories-half1"):
        model = load_model(name)
        assert model.with_embedding, f"{name} has no embedding sibling"
        sibling = load_model(model.with_embedding)
        assert set(sibling.trained_on) == set(model.trained_on)
        assert EMBEDDING_SIGNALS & set(sibling.signals) and not EMBEDDING_SIGNALS & set(model.signals)


def test_with_vectors_the_shipped_model_weighs_meaning():
    # The same two reports of one quake: close vectors join, vectors that say the texts mean
    # different things keep them apart however many words they share.
    for vector, joins in ((unit(1, 0.1), True), (unit(0, 1), False)):
        index = StoryIndex()
        a, b = art(QUAKE_A, "a"), art(QUAKE_B, "b")
        assign(a, features(a), [], index, 1, ON, vector=unit(1, 0))
        d = assign(b, features(b), [], index, 2, ON, vector=vector)
        assert (not d.new) == joins, d.signals
        assert d.signals.get("model") == "stories-embed"


def test_a_vector_of_another_size_is_no_vector_and_no_crash():
    index = StoryIndex()
    a, b, c = art(QUAKE_A, "a"), art(QUAKE_B, "b"), art(QUAKE_B.replace("Wednesday", "Thursday"), "c")
    assign(a, features(a), [], index, 1, ON, vector=unit(1, 0))
    assert not EMBEDDING_SIGNALS & set(candidates(b, features(b), cues(b, unit(1, 0, dim=5)), [], index,
                                                  ON)[0].signals)
    d = assign(b, features(b), [], index, 2, ON, vector=unit(1, 0, dim=5))  # joins; the story loses its mean
    assert not d.new and next(iter(index.stories.values())).mean_vector() is None
    assert not assign(c, features(c), [], index, 3, ON, vector=unit(1, 0)).new

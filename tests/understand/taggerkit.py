"""A small random attribution tagger file, laid out as eval/quotes_train.py exports one."""

from __future__ import annotations

import json

import numpy as np

from newsfold.understand import context, tagger


def write_model(path, ctx_dim: int = 0, seed: int = 0) -> None:
    """A small random tagger file laid out as eval/quotes_train.py exports one."""
    rnd = np.random.default_rng(seed)
    h = 4
    sizes = [(10, 6), (3, 5), (len(tagger.SHAPES), 2), (5, 2), (len(tagger.QSTATES), 2),
             (len(tagger.SPOS), 2), (tagger.PRIOR_BUCKETS, 2)]
    arrays = {f"emb{k}": rnd.normal(size=s).astype(np.float32) for k, s in enumerate(sizes)}
    d_in = sum(s[1] for s in sizes) + ctx_dim
    for d in ("f", "b"):
        arrays[f"l0{d}_wih"] = rnd.normal(size=(4 * h, d_in)).astype(np.float32)
        arrays[f"l0{d}_whh"] = rnd.normal(size=(4 * h, h)).astype(np.float32)
        arrays[f"l0{d}_b"] = rnd.normal(size=4 * h).astype(np.float32)
    n = len(tagger.LABELS)
    arrays.update(out_w=rnd.normal(size=(n, 2 * h)).astype(np.float32), out_b=np.zeros(n, np.float32),
                  trans=np.zeros((n, n), np.float32), start=np.zeros(n, np.float32), end=np.zeros(n, np.float32))
    meta = {"layers": 1, "labels": list(tagger.LABELS), "words": {"<pad>": 0, "<unk>": 1}, "vec_rows": {},
            "suffixes": {"<pad>": 0, "<unk>": 1}, "prior": {}, "prior_words": {"said": 7}}
    if ctx_dim:
        arrays["ctx_w"] = rnd.normal(size=(ctx_dim, context.DIM)).astype(np.float32)
        meta["context"] = {"layers": [6]}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez(path, **arrays)

#!/usr/bin/env python
"""Small tools for the attribution tagger weights (``models/attribution.npz``).

    .venv/bin/python eval/quotes_model_tools.py add-prior-words MODEL.npz   # store word-level prior buckets
    .venv/bin/python eval/quotes_model_tools.py info MODEL.npz
    .venv/bin/python eval/quotes_model_tools.py filter-recall MODEL.npz     # the encoder's pre-filter on PolNeAR dev
    .venv/bin/python eval/quotes_model_tools.py speed                      # entities + quotes, PolNeAR dev
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from newsfold.understand import tagger as tg


def _load(path: Path) -> tuple[dict, dict]:
    z = np.load(path, allow_pickle=False)
    arrays = {k: z[k] for k in z.files}
    meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
    return arrays, meta


def filter_recall(path: Path) -> dict:
    """How much of PolNeAR dev :func:`tagger.may_attribute` lets through to the encoder, and
    how many gold attributions it keeps (an attribution is kept when the paragraph holding
    its cue, or its first span when it has no cue, passes)."""
    from newsfold.evaluation.quotes import build_article, load_polnear

    vocab = tg.Model(path).vocab
    paras = kept_paras = toks = kept_toks = atts = kept_atts = 0
    for doc in load_polnear("dev"):
        kept = []
        for p in build_article(doc).paragraphs:
            t = tg.tokenize(p.text)
            ok = bool(t) and tg.may_attribute(p.text, t, vocab)
            paras += 1
            toks += len(t)
            kept_paras += ok
            kept_toks += len(t) if ok else 0
            kept.append((p.start, p.start + len(p.text), ok))
        for att in doc.attributions:
            spans = att.role("cue") or att.role("source") or att.role("content")
            if not spans:
                continue
            a = spans[0][0]
            atts += 1
            kept_atts += any(s <= a < e and ok for s, e, ok in kept)
    return {"paragraphs_kept": f"{kept_paras}/{paras}", "tokens_kept": round(kept_toks / toks, 4),
            "gold_attributions_kept": f"{kept_atts}/{atts}", "recall": round(kept_atts / atts, 4)}


def speed() -> str:
    """``entities()`` + ``extract_quotes()`` over PolNeAR dev in one process, with the tagger
    :func:`tg.model` picks: articles per CPU-second (the steady figure on a shared machine)."""
    import os
    import time

    from newsfold.evaluation.quotes import build_article, load_polnear
    from newsfold.understand import entities, extract_quotes

    arts = [build_article(d) for d in load_polnear("dev")]
    entities(arts[0])
    extract_quotes(arts[0])  # loads the models before timing
    c0, t0 = time.process_time(), time.perf_counter()
    for a in arts:
        entities(a)
        extract_quotes(a)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    return (f"{tg.model_name()}: entities + quotes {len(arts) / cpu:.1f} articles per CPU-second, "
            f"{len(arts) / wall:.1f} per wall second, load average {os.getloadavg()[0]:.1f}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["speed"]:
        print(speed())
        return 0
    cmd, path = argv[0], Path(argv[1])
    if cmd == "filter-recall":
        print(json.dumps(filter_recall(path), indent=1))
        return 0
    arrays, meta = _load(path)
    if cmd == "add-prior-words":
        vocab = tg.Vocab(meta["words"], meta["vec_rows"], meta["suffixes"], meta["prior"])
        meta["prior_words"] = tg.prior_words(vocab)
        arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                                       dtype=np.uint8)
        np.savez_compressed(path, **arrays)
        print(f"{path}: {len(meta['prior_words'])} prior words")
    elif cmd == "info":
        print(json.dumps({"params": meta.get("params"), "words": len(meta["words"]),
                          "vec_rows": len(meta["vec_rows"]), "prior_stems": len(meta["prior"]),
                          "prior_words": len(meta.get("prior_words", {})),
                          "bytes": path.stat().st_size}, indent=1))
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

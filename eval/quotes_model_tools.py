#!/usr/bin/env python
"""Small tools for the attribution tagger weights (``models/attribution.npz``).

    .venv/bin/python eval/quotes_model_tools.py add-prior-words MODEL.npz   # store word-level prior buckets
    .venv/bin/python eval/quotes_model_tools.py info MODEL.npz
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


def main(argv: list[str]) -> int:
    cmd, path = argv[0], Path(argv[1])
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

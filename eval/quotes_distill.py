"""Label unannotated news with the accurate tagger, for training the fast one on it (distillation).

    .venv/bin/python eval/quotes_distill.py --out /tmp/qft/pseudo.pkl             # the shipped teacher
    .venv/bin/python eval/quotes_distill.py --ft /tmp/qft/cv.npz --models /tmp/q3/cv --out /tmp/qft/pseudo-cv.pkl
    .venv/bin/python eval/quotes_train.py --extra /tmp/qft/pseudo.pkl ...          # the student

The teacher is the accurate tagger (the BiLSTM-CRF ensemble with the fine-tuned MiniLM); its
spans on each paragraph become one pseudo-attribution per span (roles only: the tagger's
training reads token labels, not triples). Texts: the articles of giveme5w1h and NeuS (news,
``../shared/eval/stories``) and the gold main text of WCXB dev pages that read like reporting
(``--min-cues`` speech verbs or more), up to ``--max-words``. None of them is PolNeAR, so the
held-out slice of train and dev stay unseen. The ``--ft``/``--models`` pair of a teacher trained
without the held-out 15 % of train (``quotes_finetune.py --cv``, ``quotes_train.py --cv``) gives
the pseudo-labels for the held-out comparison.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quotes_errors import tagger_attributions  # noqa: E402

from newsfold.evaluation import shared_dir  # noqa: E402
from newsfold.evaluation.quotes import Doc  # noqa: E402
from newsfold.understand import context  # noqa: E402
from newsfold.understand import tagger as tg  # noqa: E402

CUES = re.compile(r"\b(?:said|says|told|according to|added|stated|argued|believes?)\b", re.IGNORECASE)


def texts(max_words: int, min_cues: int):
    """(name, text) of the unannotated corpora, news first, up to ``max_words`` words."""
    base = shared_dir() / "eval"
    words = 0
    for bench in ("giveme5w1h", "neus-allsides"):
        for line in (base / "stories" / bench / "articles.jsonl").open(encoding="utf-8"):
            d = json.loads(line)
            text = d.get("text") or ""
            if len(CUES.findall(text)) >= 1:
                yield f"{bench}-{d['id']}", text
                words += len(text.split())
                if words >= max_words:
                    return
    for f in sorted((base / "extraction" / "wcxb-dev-articles" / "ground-truth").glob("*.json")):
        text = json.loads(f.read_text(encoding="utf-8")).get("ground_truth", {}).get("main_content") or ""
        if isinstance(text, str) and len(CUES.findall(text)) >= min_cues:
            yield f"wcxb-{f.stem}", text
            words += len(text.split())
            if words >= max_words:
                return


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ft", type=Path, default=tg.TUNED_PATH, help="the fine-tuned encoder (.npz)")
    ap.add_argument("--models", type=Path, help="folder of the BiLSTM-CRFs (default: the shipped ones)")
    ap.add_argument("--weight", type=float, default=None, help="encoder weight (default: the file's)")
    ap.add_argument("--max-words", type=int, default=700_000)
    ap.add_argument("--min-cues", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    encoder = context.Encoder(threads=args.threads, tuned=args.ft)
    weight = encoder.run.meta.get("weight", 1.0) if args.weight is None else args.weight
    crf = (args.models / "attribution.npz") if args.models else tg.MODEL_PATH
    teacher = tg.Ensemble([tg.Model(p) for p in tg._members(crf)], tuned=encoder, weight=weight)
    docs, t0, n_words = [], time.time(), 0
    for name, text in texts(args.max_words, args.min_cues):
        doc = Doc(name, text, "teacher", [])
        doc.attributions = tagger_attributions(doc, model=teacher)
        docs.append(doc)
        n_words += len(text.split())
        if len(docs) % 100 == 0:
            print(f"{len(docs)} texts, {n_words} words, {time.time() - t0:.0f} s", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pickle.dumps(docs))
    spans = sum(len(d.attributions) for d in docs)
    print(f"{args.out}: {len(docs)} texts, {n_words} words, {spans} spans ({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Train the plain-text line classifier (newsfold.clean.lineclass) on WCXB dev article pages.

    .venv/bin/python eval/extraction_train.py                 # train, write src/newsfold/clean/models/lines.npz
    .venv/bin/python eval/extraction_train.py --cv 4 --no-write  # 4-fold (by site) cross-validated figures on WCXB only

Data: ``<shared>/eval/extraction/wcxb-dev-articles/`` (793 article pages, CC-BY-4.0). Each
page's HTML is turned into full-page plain text exactly as the AEB text benchmark was
made (``html_text.extract_text(html, guess_layout=True)``), split into lines by
:func:`newsfold.clean.lines.line_features`, and each line is labelled body when most of
it is in the gold main content (lines of four or more words: at least half of their
4-gram shingles occur in the gold; shorter lines: the line is a whole line of the gold).
AEB is never read here: it is the held-out test.

Model: scikit-learn ``HistGradientBoostingClassifier`` (single-threaded, fixed seed),
each page weighted equally (line weights sqrt(words), normalised per page, since the
benchmarks average over pages). Exported as flat node arrays to ``lines.npz`` (numpy
only at run time, no pickle). Needs ``scikit-learn`` and ``html-text`` (training only: ``pip install -e .[train]``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # deterministic, and polite on a shared machine

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsfold.clean.lineclass import FEATURES, MODEL_PATH, TreeEnsemble, features
from newsfold.clean.lines import line_features
from newsfold.evaluation import extraction as ex

_TOKEN_RE = re.compile(r"\w+")
PARAMS = {"max_iter": 150, "max_depth": 5, "learning_rate": 0.1, "max_leaf_nodes": 24, "min_samples_leaf": 100,
          "l2_regularization": 1.0, "random_state": 0}


def line_labels(lines, gold: str) -> np.ndarray:
    """1.0 for a line that is (mostly) in ``gold``, else 0.0; see the module docstring."""
    g = _TOKEN_RE.findall(gold.lower())
    shingles = {tuple(g[i : i + 4]) for i in range(max(1, len(g) - 3))}
    gold_lines = {" ".join(_TOKEN_RE.findall(t.lower())) for t in gold.split("\n")}
    out = np.zeros(len(lines))
    for i, ln in enumerate(lines):
        toks = _TOKEN_RE.findall(ln.text.lower())
        if not toks:
            continue
        if len(toks) < 4:
            out[i] = float(" ".join(toks) in gold_lines)
        else:
            sh = [tuple(toks[j : j + 4]) for j in range(len(toks) - 3)]
            out[i] = float(sum(s in shingles for s in sh) / len(sh) >= 0.5)
    return out


def load_pages(root: Path, limit: int | None = None) -> list[tuple]:
    """(page id, features, labels, words, plain text, gold text, host) per WCXB page."""
    import html_text

    out = []
    for page in ex.load_wcxb(root, limit):
        try:
            text = html_text.extract_text(ex.wcxb_html(root, page), guess_layout=True)
        except Exception as exc:  # noqa: BLE001 - a page html_text cannot read is skipped, not fatal
            print(f"skip {page.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        lines = line_features(text)
        if not lines:
            continue
        out.append((page.id, features(lines), line_labels(lines, page.main),
                    np.array([ln.words for ln in lines], float), text, page.main, ex.url_host(page.url)))
    return out


def fit(pages):
    from sklearn.ensemble import HistGradientBoostingClassifier

    X = np.concatenate([p[1] for p in pages])
    y = np.concatenate([p[2] for p in pages]).astype(int)
    w = np.concatenate([np.sqrt(np.maximum(p[3], 1)) / np.sqrt(np.maximum(p[3], 1)).sum() * 100 for p in pages])
    return HistGradientBoostingClassifier(**PARAMS).fit(X, y, sample_weight=w)


def export(model) -> dict[str, np.ndarray]:
    """Flat node arrays of a fitted binary HistGradientBoostingClassifier (see lineclass.TreeEnsemble)."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        offset = len(feature)
        roots.append(offset)
        for k, node in enumerate(nodes):
            if node["is_leaf"]:
                feature.append(0)
                threshold.append(np.inf)
                left.append(offset + k)
                right.append(offset + k)
                value.append(float(node["value"]))
            else:
                if node["is_categorical"]:
                    raise ValueError("categorical splits are not supported")
                feature.append(int(node["feature_idx"]))
                threshold.append(float(node["num_threshold"]))
                left.append(offset + int(node["left"]))
                right.append(offset + int(node["right"]))
                value.append(0.0)
            depth = max(depth, int(node["depth"]))
    return {
        "feature": np.array(feature, np.int16), "threshold": np.array(threshold, np.float64),
        "left": np.array(left, np.int32), "right": np.array(right, np.int32),
        "value": np.array(value, np.float64), "roots": np.array(roots, np.int32),
        "depth": np.array(depth), "baseline": np.array(float(np.ravel(model._baseline_prediction)[0])),
    }


def save(arrays: dict[str, np.ndarray], path: Path, settings: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + f".{os.getpid()}.tmp.npz")
    np.savez_compressed(tmp, settings=np.array(json.dumps(settings)), **arrays)
    tmp.replace(path)


def cross_validate(pages, k: int) -> dict[str, float]:
    """k-fold CV on WCXB of the whole plain-text clean stage, each fold's model installed in turn.

    Folds are drawn by site (host), so no site's pages are both trained on and scored: a site's
    pages share chrome that the model would otherwise learn by heart.

    Scored like AEB (4-gram shingle P/R/F1, macro over pages) against WCXB's main content,
    which, unlike AEB's, also holds headings and the title: a development figure, not a
    benchmark.
    """
    import tempfile

    from newsfold.clean import clean, lineclass
    from newsfold.records import Article, RawDoc

    hosts = sorted({p[6] for p in pages})
    fold_of_host = {h: i % k for i, h in enumerate(np.random.RandomState(0).permutation(hosts))}
    folds = [[i for i, p in enumerate(pages) if fold_of_host[p[6]] == f] for f in range(k)]
    per = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fold.npz"
        saved = lineclass.MODEL_PATH
        try:
            for fold in folds:
                held = set(fold)
                save(export(fit([p for i, p in enumerate(pages) if i not in held])), path,
                     {"features": list(FEATURES)})
                lineclass.MODEL_PATH = path
                lineclass.load_model.cache_clear()
                for i in fold:
                    out = clean(RawDoc(pages[i][4], pages[i][0], {}))
                    per.append(ex.shingle_tp_fp_fn(pages[i][5], out.body if isinstance(out, Article) else ""))
        finally:
            lineclass.MODEL_PATH = saved
            lineclass.load_model.cache_clear()
    return ex.aeb_prf(per)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default=None, help="the eval/extraction folder (default <shared>/eval/extraction)")
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--cv", type=int, default=0, help="also report k-fold cross-validated figures on WCXB")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    root = ex.available(args.root)
    if root is None:
        print("extraction benchmarks not found (../shared/eval/extraction; set NEWSFOLD_SHARED)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    pages = load_pages(root, args.limit)
    print(f"{len(pages)} pages, {sum(len(p[2]) for p in pages)} lines "
          f"({sum(p[2].sum() for p in pages):.0f} body), features in {time.perf_counter() - t0:.1f} s", flush=True)
    if args.cv:
        r = cross_validate(pages, args.cv)
        print(f"WCXB {args.cv}-fold CV of the clean stage: shingle P {r['precision']:.4f} R {r['recall']:.4f} "
              f"F1 {r['f1']:.4f}", flush=True)
    t1 = time.perf_counter()
    model = fit(pages)
    arrays = export(model)
    ens = TreeEnsemble(**{k: arrays[k] for k in ("feature", "threshold", "left", "right", "value", "roots")},
                       depth=int(arrays["depth"]), baseline=float(arrays["baseline"]))
    X = pages[0][1]
    diff = float(np.abs(ens.raw(X) - model.decision_function(X)).max())
    print(f"trained in {time.perf_counter() - t1:.1f} s: {len(arrays['roots'])} trees, "
          f"{len(arrays['feature'])} nodes, depth {int(arrays['depth'])}; export check max |diff| {diff:.2e}")
    if diff > 1e-6:
        raise SystemExit("exported ensemble disagrees with scikit-learn")
    if args.no_write:
        return 0
    import sklearn

    settings = {
        "features": list(FEATURES), "params": PARAMS,
        "trained_on": f"WCXB dev article pages ({len(pages)}), html_text guess_layout plain text",
        "sklearn": sklearn.__version__, "command": "python eval/extraction_train.py",
    }
    out = Path(args.out)
    save(arrays, out, settings)
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where the quote extractor misses PolNeAR: every unmatched span, classified per role.

Scores exactly as ``newsfold.evaluation.quotes`` does (univocal BIO token spans,
exact match), then sorts each gold span that no prediction matched into

* ``boundary``: a predicted span of the same role overlaps it; the difference is
  described per side ("left +the": the prediction has an extra leading "the";
  "right -.": it lacks the trailing period) and summarised by kind
  (determiner, title, appositive, relative clause, punctuation, that/colon,
  auxiliary/adverb, quotation mark, sentence split/merge, ...);
* ``wrong_role``: only a span of another role overlaps it;
* ``missed``: nothing overlaps it;

and each unmatched prediction that overlaps no gold span of its role into
``spurious`` (no gold attribution token there at all) or ``wrong_role``.

    .venv/bin/python eval/quotes_errors.py                    # dev, counts + examples
    .venv/bin/python eval/quotes_errors.py --split train      # train (what post-processing is fitted on)
    .venv/bin/python eval/quotes_errors.py --role content --examples 15
    .venv/bin/python eval/quotes_errors.py --tagger-spans     # the tagger's raw BIO spans instead
    .venv/bin/python eval/quotes_errors.py --split heldout --models /tmp/q3/cv

``--split heldout`` is the 15% of train that ``eval/quotes_train.py --cv 0.15`` holds
out (same shuffle); with ``--models`` pointing at the tagger trained on the other 85%
(``quotes_train.py --cv 0.15 --keep``, then ``quotes_model_tools.py add-prior-words``,
named ``attribution.npz`` / ``attribution-2.npz``) it is where post-processing choices
are made: the shipped models have seen all of train, and dev is only reported.

Predictions are cached under ``--cache`` (default /tmp/q3) keyed by split and model
files' mtimes; ``--fresh`` recomputes.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsfold.evaluation import quotes as Q  # noqa: E402

DETS = {"the", "a", "an", "this", "that", "these", "those"}
AUX = {"has", "have", "had", "is", "was", "were", "are", "be", "been", "being", "will", "would", "could",
       "should", "may", "might", "can", "must", "did", "does", "do", "not", "n't", "also", "never", "repeatedly",
       "reportedly", "previously", "later", "again", "often", "already", "still", "just", "even", "to"}
PUNCT = set(".,;:!?…—–-()")
MARKS = set("\"“”„«»'‘’‚`")
PREPS = {"in", "on", "at", "for", "of", "with", "by", "from", "about", "during", "after", "before", "as", "over"}


def _key(split: str, tagger_spans: bool, kind: str = "fast") -> str:
    from newsfold.understand import tagger

    h = hashlib.sha1()
    h.update(f"{split}|{tagger_spans}|{kind}".encode())
    for p in tagger.model_paths() + ([tagger.TUNED_PATH] if kind == "accurate" else []):
        h.update(f"{p}|{p.stat().st_mtime_ns}".encode())
    for p in sorted((ROOT / "src" / "newsfold" / "understand").glob("*.py")):
        h.update(f"{p.name}|{p.stat().st_mtime_ns}".encode())
    return h.hexdigest()[:12]


def tagger_attributions(doc: Q.Doc, kind: str = "fast", model=None) -> list[Q.Attribution]:
    """The tagger's raw BIO spans as one pseudo-attribution per span (roles only, no triples)."""
    from newsfold.understand import tagger

    art = Q.build_article(doc)
    out = []
    tagged = (model or tagger.model(kind)).tag_paragraphs([p.text for p in art.paragraphs])
    from newsfold.understand.attribution import spans_of

    for para, (toks, labels) in zip(art.paragraphs, tagged):
        for sp in spans_of(toks, labels):
            att = Q.Attribution()
            att.role(sp.role).append((para.start + sp.start, para.start + sp.end))
            out.append(att)
    return out


def load_split(split: str, limit: int | None = None) -> list[Q.Doc]:
    """``dev``, ``train``, or ``heldout``: the slice of train ``quotes_train.py --cv 0.15`` scores."""
    if split != "heldout":
        return Q.load_polnear(split, limit=limit)
    import random

    docs = Q.load_polnear("train")
    names = sorted(d.name for d in docs)
    random.Random(11).shuffle(names)  # as eval/quotes_train.py --cv
    held = set(names[: int(len(names) * 0.15)])
    return [d for d in docs if d.name in held][:limit]


def use_models(folder: str) -> None:
    """Run the tagger weights in ``folder`` (attribution.npz + members) instead of the shipped ones."""
    from newsfold.understand import tagger

    tagger.MODEL_PATH = Path(folder) / "attribution.npz"
    tagger._MODELS.clear()


def predict(split: str, cache: Path, fresh: bool, tagger_spans: bool, limit: int | None, kind: str = "fast"):
    docs = load_split(split, limit)
    path = cache / f"{split}-{limit}-{_key(split, tagger_spans, kind)}.pkl"
    if path.is_file() and not fresh:
        return docs, pickle.loads(path.read_bytes())
    from newsfold.understand import extract_quotes

    opts = Q._options("attribution", True, kind)
    preds = []
    for d in docs:
        if tagger_spans:
            preds.append(tagger_attributions(d, kind))
        else:
            preds.append(Q.predictions(extract_quotes(Q.build_article(d), opts), d.text))
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(preds))
    return docs, preds


def _words(text: str, toks, i: int, j: int) -> list[str]:
    return [text[a:b] for a, b in toks[i:j]]


def side_kind(words: list[str], role: str, side: str, extra: bool) -> str:
    """What kind of words one side differs by (``extra``: the prediction has them)."""
    low = [w.lower() for w in words]
    if not low:
        return "?"
    if all(w in MARKS for w in low):
        return "quote mark"
    if all(w in PUNCT for w in low):
        return "punct " + "".join(low)
    if all(w in MARKS | PUNCT for w in low):
        return "punct+mark"
    if any(w in (".", "!", "?") for w in low[:-1] if w) and len(low) > 3:
        return "sentence(s)"
    if side == "left" and role == "content" and low[0] in ("that", ":"):
        return "that/colon" if len(low) == 1 else "that/colon+more"
    if side == "left" and low[0] in DETS and len(low) == 1:
        return "determiner"
    if role == "cue" and all(w in AUX for w in low):
        return "aux/neg/adv"
    if side == "right" and low[0] in (",", "who", "which", "that", "whose"):
        return "appositive/relative" if low[0] == "," else "relative clause"
    if side == "left" and role == "source" and words[0][:1].isupper() and len(low) <= 3:
        return "title/name part"
    if side == "left" and low[-1] in (",", "and", "but"):
        return "conj/comma lead"
    if side == "right" and low[0] in ("and", "but", "or"):
        return "coordination"
    if side == "right" and low[0] in (",", "--", "-", "—", "―", "("):
        return "comma/dash + more"
    if side == "left" and low[-1] == "that":
        return "words up to 'that'"
    if side == "left" and "to" in low[-2:]:
        return "object/verb before 'to'"
    if low[0] in PREPS:
        return "prepositional phrase"
    return f"other ({min(len(low), 4)}{'+' if len(low) > 4 else ''} tok)"


def classify(docs, preds, role_filter: str | None):
    counts: dict[str, Counter] = defaultdict(Counter)
    sides: dict[str, Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    scores = Q.Scores()
    for doc, pred in zip(docs, preds):
        text = doc.text
        scores.add_doc(text, doc.attributions, pred)
        toks = Q.tokenize(text)
        g_lab = Q.bio_labels(text, toks, doc.attributions)
        p_lab = Q.bio_labels(text, toks, pred)
        g_el, p_el = Q.get_element(g_lab), Q.get_element(p_lab)
        for role in Q.ROLES:
            if role_filter and role != role_filter:
                continue
            gset, pset = set(g_el[role]), set(p_el[role])
            for i, j in sorted(gset - pset):
                same = [(a, b) for a, b in pset if a < j and i < b]
                if same:
                    a, b = min(same, key=lambda s: abs(s[0] - i) + abs(s[1] - j))
                    desc = []
                    for side, (g, p) in (("left", (i, a)), ("right", (j, b))):
                        if g == p:
                            continue
                        extra = (p < g) if side == "left" else (p > g)
                        lo, hi = min(g, p), max(g, p)
                        kind = side_kind(_words(text, toks, lo, hi), role, side, extra)
                        tag = f"{side} {'+' if extra else '-'}{kind}"
                        sides[role][tag] += 1
                        desc.append(tag)
                    counts[role]["boundary"] += 1
                    ex = (f"  [{' | '.join(desc)}]\n    gold: {text[toks[i][0]:toks[j-1][1]]!r}\n"
                          f"    pred: {text[toks[a][0]:toks[b-1][1]]!r}")
                    for tag in desc:
                        examples[(role, tag)].append(ex)
                elif any(not p_lab[k].endswith(role) and p_lab[k] != "O" for k in range(i, j)):
                    counts[role]["gold: wrong role"] += 1
                    examples[(role, "gold wrong role")].append("  " + repr(text[toks[i][0]:toks[j-1][1]]))
                else:
                    counts[role]["gold: missed"] += 1
                    ctx = text[max(0, toks[i][0] - 60):toks[j - 1][1] + 30].replace("\n", " / ")
                    examples[(role, "missed")].append(f"  {text[toks[i][0]:toks[j-1][1]]!r}\n    in: ...{ctx}...")
            for a, b in sorted(pset - gset):
                if any(i < b and a < j for i, j in gset):
                    continue  # a boundary error, counted from the gold side
                if all(g_lab[k] == "O" for k in range(a, b)):
                    counts[role]["pred: spurious"] += 1
                    ctx = text[max(0, toks[a][0] - 60):toks[b - 1][1] + 30].replace("\n", " / ")
                    examples[(role, "spurious")].append(f"  {text[toks[a][0]:toks[b-1][1]]!r}\n    in: ...{ctx}...")
                else:
                    counts[role]["pred: wrong role"] += 1
    return scores, counts, sides, examples


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev", "train", "heldout"))
    ap.add_argument("--models", default=None, help="folder with attribution.npz (+ members) to run instead")
    ap.add_argument("--role", default=None, choices=Q.ROLES)
    ap.add_argument("--examples", type=int, default=3, help="examples per error kind")
    ap.add_argument("--kinds", default=None, help="only examples of kinds containing this text")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--tagger-spans", action="store_true", help="score the tagger's raw spans (roles only)")
    ap.add_argument("--tagger", default="fast", choices=("fast", "accurate"), help="QuoteOptions.tagger")
    ap.add_argument("--cache", default="/tmp/q3")
    ap.add_argument("--fresh", action="store_true")
    args = ap.parse_args(argv)
    if args.models:
        use_models(args.models)
    docs, preds = predict(args.split, Path(args.cache), args.fresh, args.tagger_spans, args.limit, args.tagger)
    scores, counts, sides, examples = classify(docs, preds, args.role)
    res = scores.as_dict()
    print(f"PolNeAR {args.split}: {len(docs)} docs; F1 source / cue / content / triple: "
          + " / ".join(str(res[k]["F1"]) for k in (*Q.ROLES, "triple"))
          + "; speech-verb subset: " + " / ".join(str(res["speech_verb"][k]["F1"]) for k in (*Q.ROLES, "triple")))
    for role in Q.ROLES:
        if role not in counts:
            continue
        prf = res[role]
        print(f"\n== {role}: gold {prf['gold']}, pred {prf['pred']}, exact {prf['tp']}")
        for k, n in counts[role].most_common():
            print(f"  {k:<22}{n:>6}")
        print("  boundary sides (a boundary error can count on both sides):")
        for k, n in sides[role].most_common(18):
            print(f"    {k:<36}{n:>6}")
    if args.examples:
        for (role, kind), exs in sorted(examples.items()):
            if args.kinds and args.kinds not in kind:
                continue
            if len(exs) < 2 and not args.kinds:
                continue
            print(f"\n-- {role} / {kind} ({len(exs)})")
            for e in exs[:args.examples]:
                print(e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Quote attribution against PolNeAR: exact-span P/R/F1 per role, triples, speech verbs, speed.

PolNeAR v1.0.0 (read from ``<shared>/eval/quotes/polnear/data/{train,dev}`` at run
time, never copied) annotates every attribution of 1,008 US political news
articles as brat standoff: ``T`` lines hold ``Source`` / ``Cue`` / ``Content``
spans (character offsets into ``text/NAME.txt``; a span broken by other words
is written ``a b;c d``), ``E`` lines tie them into one attribution
(``E3<TAB>Attribution:T12 Content:T10 Cue:T9 Source:T8``; ``Attribution-no-source``
events lack the source). ``Discuss`` / ``Discard`` spans are annotator notes and
are ignored. A few articles (the agreement study: 2 of 84 dev, 16 of 840 train)
carry one ``.ann`` per annotator; the harness scores against the first annotator
id in sorted order.

How an article is fed: its paragraphs are the text's non-blank lines
(``Paragraph(text, line, start)`` with raw offsets, no cleaning: the texts are
clean, the first line is the title) and :func:`newsfold.understand.extract_quotes`
runs on it with ``QuoteOptions(scope="attribution")``: PolNeAR annotates every
attribution (beliefs, intentions, findings as well as speech), which is that
scope; ``--scope speech`` scores the default options instead, ``--rules-only``
the rule-based extractor alone.

How it is scored, following CofeNet (Wang et al., COLING 2022, "CofeNet: Context
and Former-Label Enhanced Net for Complicated Quotation Extraction"; their
``exe/eval/evaluation.py``): PolNeAR is treated as token-level BIO sequence
labelling with the roles ``source``, ``cue`` and ``content``; the spans of each
role are the maximal ``B I*`` runs (``get_element``), and a predicted span counts
only when its first and last tokens equal a gold span's ("exact_match"),
micro-averaged over the split. Differences from CofeNet, kept small on purpose:

* tokens come from a PTB-like regex tokeniser (clitics ``'s``/``n't`` split off,
  punctuation and quotation marks are tokens), not CoreNLP; a token takes a role
  when it overlaps the role's characters;
* the labelled sequence is the whole article rather than CoreNLP sentences
  (CofeNet merges sentences an attribution spans; one article sequence does the
  same without sentence-splitter noise);
* the fragments of one brat span separated only by whitespace (a span running
  over a paragraph break) are one span; fragments separated by words are one
  span each (each fragment starts with ``B``);
* labels are univocal (one role per token, as PolNeAR promises): when spans
  overlap, longer spans are written first and never overwritten (an outer
  content keeps a nested quotation), for gold and predictions alike.

Predictions come from each :class:`~newsfold.records.Quote`: source =
``speaker_span`` (the mention in the text, not the resolved name), cue =
``cue_span``, content = ``start..end`` widened to the quotation marks around it
when they touch it (PolNeAR's content includes the marks; ``Quote.text`` does
not), then over a complementizer "that" right before it (PolNeAR's content
includes it: 2,359 of the 2,389 train contents that follow a "that";
``Quote.text`` does not). Quotes sharing a cue span and speaker span form one attribution (its
content fragments), for the triple count.

Also reported:

* ``triple``: whole attributions, counted as matched when source, cue and
  content token spans are all equal (a missing source must be missing in both);
* ``speech_verb``: the same per-role scores and triples restricted to gold
  attributions whose cue contains a speech verb (say, tell, add, ... see
  ``SPEECH_VERBS``) and to predictions whose cue does;
* ``articles_per_s``: articles / wall seconds of ``extract_quotes`` alone, one
  process (1 core), articles built beforehand, plus articles per CPU-second of
  that process (the fairer figure on a shared machine); with ``--procs 2`` also
  the wall figure of a 2-process pool.

    python -m newsfold.evaluation.quotes [--split dev] [--limit N] [--out eval/results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Article, Paragraph, Quote
from . import shared_dir
from .results import update_results

ROLES = ("source", "cue", "content")
Span = tuple[int, int]  # character offsets [start, end)

# Speech verbs for the speech-verb subset (surface forms; lower case).
SPEECH_VERBS = frozenset("""
say says said saying tell tells told telling add adds added adding state states stated
stating note notes noted noting explain explains explained explaining announce announces
announced announcing ask asks asked asking reply replies replied replying respond responds
responded responding answer answers answered answering write writes wrote writing written
tweet tweets tweeted tweeting claim claims claimed claiming argue argues argued arguing insist
insists insisted insisting warn warns warned warning declare declares declared declaring
comment comments commented commenting remark remarks remarked remarking report reports
reported reporting acknowledge acknowledges acknowledged acknowledging admit admits admitted
admitting deny denies denied denying confirm confirms confirmed confirming suggest suggests
suggested suggesting predict predicts predicted predicting promise promises promised
promising vow vows vowed vowing assert asserts asserted asserting contend contends contended
contending maintain maintains maintained maintaining recall recalls recalled recalling
stress stresses stressed stressing emphasize emphasizes emphasized emphasizing emphasise
emphasises emphasised complain complains complained complaining urge urges urged urging
""".split())

# --- tokens --------------------------------------------------------------------
_CLITIC = r"(?:s|re|ve|ll|d|m|t)"
TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"                          # U.S., a.m.
    r"|\d+(?:[.,:]\d+)*"                            # 3.2, 1,500, 10:30
    r"|\w+(?=n[’']t\b)"                             # do|n't
    r"|n[’']t\b"
    r"|[’'](?:s|re|ve|ll|d|m)\b(?!\w)"               # 's 're ...
    r"|\w+(?:[’'](?!" + _CLITIC + r"\b)\w+|[-–]\w+)*"  # O’Malley, coal-fired
    r"|[^\w\s]",
    re.UNICODE,
)


def tokenize(text: str) -> list[Span]:
    """Character spans of the PTB-like tokens of ``text``."""
    return [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


# --- gold ----------------------------------------------------------------------
@dataclass(slots=True)
class Attribution:
    """One attribution: each role is a list of character spans (fragments)."""

    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)

    def role(self, name: str) -> list[Span]:
        return getattr(self, name)


@dataclass(slots=True)
class Doc:
    name: str
    text: str
    annotator: str
    attributions: list[Attribution]


def polnear_dir(root: str | os.PathLike | None = None) -> Path:
    return Path(root) if root else shared_dir() / "eval" / "quotes" / "polnear" / "data"


def parse_ann(ann: str) -> list[Attribution]:
    """The attributions of one brat ``.ann`` file (events tying Source/Cue/Content spans)."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0]:
            continue
        kind = parts[0][0]
        if kind == "T":
            typ, _, locs = parts[1].partition(" ")
            try:
                frags = [tuple(int(x) for x in loc.split()) for loc in locs.split(";")]
            except ValueError:
                continue
            spans[parts[0]] = (typ, [(a, b) for a, b in frags])
        elif kind == "E":
            args = []
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                args.append((role, ref))
            events.append(args)
    out: list[Attribution] = []
    for args in events:
        if not args or not args[0][0].startswith("Attribution"):
            continue
        att = Attribution()
        for role, ref in args[1:]:
            r = role.rstrip("0123456789").lower()
            if r in ROLES and ref in spans:
                att.role(r).extend(spans[ref][1])
        if att.cue or att.content or att.source:
            for r in ROLES:
                att.role(r).sort()
            out.append(att)
    return out


def load_polnear(split: str = "dev", root: str | os.PathLike | None = None,
                 limit: int | None = None) -> list[Doc]:
    base = polnear_dir(root) / split
    if not (base / "text").is_dir():
        raise FileNotFoundError(f"PolNeAR split not found: {base}")
    anns: dict[str, list[Path]] = {}
    for p in sorted((base / "attributions").glob("*.ann")):
        m = re.match(r"(.+)_([0-9a-f]{4})\.ann$", p.name)
        if m:
            anns.setdefault(m.group(1), []).append(p)
    docs = []
    for name in sorted(anns):
        txt = base / "text" / f"{name}.txt"
        if not txt.is_file():
            continue
        ann = anns[name][0]
        text = txt.read_text(encoding="utf-8")
        docs.append(Doc(name, text, ann.stem[-4:], parse_ann(ann.read_text(encoding="utf-8"))))
        if limit is not None and len(docs) >= limit:
            break
    return docs


def build_article(doc: Doc) -> Article:
    """The article as newsfold sees it: every non-blank line a paragraph, raw offsets kept."""
    paras = []
    pos = 0
    for n, line in enumerate(doc.text.split("\n"), start=1):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            paras.append(Paragraph(text=line.strip(), line=n, start=pos + lead))
        pos += len(line) + 1
    return Article(id=doc.name, raw_id=doc.name, origin=doc.name, title=None, outlet=None, wire=None,
                   byline=None, dateline=None, published=None, language="en",
                   paragraphs=tuple(paras), removed=())


# --- predictions -----------------------------------------------------------------
_OPEN = "\"“„«'‘‚"
_CLOSE = "\"”»'’"


def widen_to_marks(text: str, start: int, end: int) -> Span:
    """``start..end`` widened to the quotation marks (and trailing punctuation inside
    them) that enclose it, when they touch it: '"We are done," he said' -> the marks."""
    a, b = start, end
    if a > 0 and text[a - 1] in _OPEN:
        a -= 1
        k = b
        while k < len(text) and text[k] in ",.!?;:…—-":
            k += 1
        if k < len(text) and text[k] in _CLOSE:
            b = k + 1
    return a, b


_THAT_BEFORE = re.compile(r"(?:^|(?<=\W))that\s+$")


def widen_to_that(text: str, start: int, end: int) -> Span:
    """A content widened over the complementizer right before it: 'said that X'."""
    m = _THAT_BEFORE.search(text, max(0, start - 12), start)
    return (m.start(), end) if m else (start, end)


def prediction(q: Quote, text: str) -> Attribution:
    att = Attribution()
    if q.speaker_span:
        att.source.append(tuple(q.speaker_span))
    if q.cue_span:
        att.cue.append(tuple(q.cue_span))
    if q.end > q.start:
        a, b = widen_to_marks(text, q.start, q.end)
        att.content.append(widen_to_that(text, a, b))
    return att


def predictions(quotes: Sequence[Quote], text: str) -> list[Attribution]:
    """One attribution per cue: quotes sharing a cue span (and speaker span) are the
    fragments of one statement ('"A," she said, "B."'); a quote with neither cue nor
    source span that starts where the previous statement's content ends (whitespace
    between, as a quotation running over a paragraph break) continues it, as brat
    fragments separated by whitespace do in the gold; a content nested in another of
    the same statement (a partial quotation inside reported speech) is dropped."""
    groups: dict[tuple, Attribution] = {}
    out: list[Attribution] = []
    last: Attribution | None = None
    for q in sorted(quotes, key=lambda q: (q.start, -q.end)):
        att = prediction(q, text)
        if q.cue_span is None:
            if q.speaker_span is None and last is not None and last.content and att.content \
                    and last.content[-1][1] <= att.content[0][0] \
                    and not text[last.content[-1][1]:att.content[0][0]].strip():
                last.content.extend(att.content)
                continue
            out.append(att)
            last = att
            continue
        key = (tuple(q.cue_span), tuple(q.speaker_span) if q.speaker_span else None)
        g = groups.get(key)
        if g is None:
            groups[key] = att
            out.append(att)
            last = att
        else:
            g.content.extend(att.content)
            last = g
    for att in out:
        if len(att.content) > 1:
            spans = sorted(set(att.content), key=lambda s: (s[0], -s[1]))
            keep: list[Span] = []
            for a, b in spans:
                if keep and a >= keep[-1][0] and b <= keep[-1][1]:
                    continue
                keep.append((a, b))
            att.content = keep
    return out


# --- BIO projection and spans ------------------------------------------------------
def _token_range(toks: list[Span], starts: list[int], span: Span) -> tuple[int, int] | None:
    """Indices [i, j) of the tokens overlapping ``span``."""
    import bisect

    s, e = span
    i = bisect.bisect_right(starts, s) - 1
    if i < 0 or toks[i][1] <= s:
        i += 1
    j = i
    while j < len(toks) and toks[j][0] < e:
        j += 1
    return (i, j) if j > i else None


def _merge_ws(text: str, frags: Iterable[Span]) -> list[Span]:
    """Join fragments separated by whitespace only (brat cannot span a line break)."""
    out: list[Span] = []
    for a, b in sorted(frags):
        if out and not text[out[-1][1]:a].strip() and a >= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def role_token_spans(text: str, toks: list[Span], starts: list[int], frags: Iterable[Span]) -> list[tuple[int, int]]:
    out = []
    for sp in _merge_ws(text, frags):
        r = _token_range(toks, starts, sp)
        if r:
            out.append(r)
    return out


def bio_labels(text: str, toks: list[Span], atts: Sequence[Attribution]) -> list[str]:
    """Univocal BIO labels of an article: longer spans first, never overwritten."""
    starts = [t[0] for t in toks]
    items = []
    for att in atts:
        for role in ROLES:
            for i, j in role_token_spans(text, toks, starts, att.role(role)):
                items.append((j - i, i, j, role))
    labels = ["O"] * len(toks)
    for _n, i, j, role in sorted(items, key=lambda x: (-x[0], x[1])):
        first = True
        for k in range(i, j):
            if labels[k] != "O":
                first = True  # a run cut by an earlier span restarts
                continue
            labels[k] = ("B-" if first else "I-") + role
            first = False
    return labels


def get_element(labels: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
    """Maximal ``B I*`` runs per role (CofeNet's ``get_element``: a stray ``I`` closes a run)."""
    out: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
    cur: str | None = None
    start = -1
    for idx, lab in enumerate(labels):
        if lab.startswith("B-"):
            if cur:
                out[cur].append((start, idx))
            cur, start = lab[2:], idx
        elif lab.startswith("I-") and cur == lab[2:]:
            continue
        else:
            if cur:
                out[cur].append((start, idx))
            cur, start = None, -1
    if cur:
        out[cur].append((start, len(labels)))
    return out


# --- counting ---------------------------------------------------------------------
@dataclass(slots=True)
class PRF:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, gold: Iterable, pred: Iterable) -> None:
        g, p = set(gold), set(pred)
        self.tp += len(g & p)
        self.n_pred += len(p)
        self.n_gold += len(g)

    @property
    def p(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"P": round(100 * self.p, 1), "R": round(100 * self.r, 1), "F1": round(100 * self.f1, 1),
                "tp": self.tp, "pred": self.n_pred, "gold": self.n_gold}


def _triple(text: str, toks: list[Span], starts: list[int], att: Attribution) -> tuple:
    return tuple(tuple(role_token_spans(text, toks, starts, att.role(r))) for r in ROLES)


def is_speech(text: str, att: Attribution) -> bool:
    words = " ".join(text[a:b] for a, b in att.cue).lower()
    return any(w in SPEECH_VERBS for w in re.findall(r"[a-z]+", words))


@dataclass(slots=True)
class Scores:
    roles: dict[str, PRF] = field(default_factory=lambda: {r: PRF() for r in ROLES})
    triple: PRF = field(default_factory=PRF)
    speech_roles: dict[str, PRF] = field(default_factory=lambda: {r: PRF() for r in ROLES})
    speech_triple: PRF = field(default_factory=PRF)
    docs: int = 0

    def add_doc(self, text: str, gold: Sequence[Attribution], pred: Sequence[Attribution]) -> None:
        self.docs += 1
        toks = tokenize(text)
        starts = [t[0] for t in toks]
        g_el = get_element(bio_labels(text, toks, gold))
        p_el = get_element(bio_labels(text, toks, pred))
        for r in ROLES:
            self.roles[r].add(g_el[r], p_el[r])
        self.triple.add([_triple(text, toks, starts, a) for a in gold],
                        [_triple(text, toks, starts, a) for a in pred])
        g_sp = [a for a in gold if is_speech(text, a)]
        p_sp = [a for a in pred if is_speech(text, a)]
        for r in ROLES:
            self.speech_roles[r].add(
                {s for a in g_sp for s in role_token_spans(text, toks, starts, a.role(r))},
                {s for a in p_sp for s in role_token_spans(text, toks, starts, a.role(r))})
        self.speech_triple.add([_triple(text, toks, starts, a) for a in g_sp],
                               [_triple(text, toks, starts, a) for a in p_sp])

    def as_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            **{r: self.roles[r].as_dict() for r in ROLES},
            "triple": self.triple.as_dict(),
            "speech_verb": {**{r: self.speech_roles[r].as_dict() for r in ROLES},
                            "triple": self.speech_triple.as_dict()},
        }


# --- running ----------------------------------------------------------------------
def _options(scope: str = "attribution", learned: bool = True, tagger: str = "fast"):
    from ..understand import QuoteOptions

    return QuoteOptions(scope=scope, learned=learned, tagger=tagger)


def _extract(job: tuple[Sequence[Article], str, bool, str]) -> list[list[Quote]]:
    from ..understand import extract_quotes

    articles, scope, learned, tagger = job
    opts = _options(scope, learned, tagger)
    return [extract_quotes(a, opts) for a in articles]


def _speed_pool(articles: Sequence[Article], procs: int, scope: str, learned: bool, tagger: str) -> float:
    import multiprocessing as mp

    chunks = [list(articles[i::procs]) for i in range(procs)]
    ctx = mp.get_context("fork")
    with ctx.Pool(procs) as pool:
        pool.map(_extract, [(chunks[0][:2], scope, learned, tagger)] * procs)  # warm up (model loading)
        t0 = time.perf_counter()
        pool.map(_extract, [(c, scope, learned, tagger) for c in chunks])
        return len(articles) / (time.perf_counter() - t0)


def evaluate(split: str = "dev", root: str | os.PathLike | None = None, limit: int | None = None,
             procs: int = 1, scope: str = "attribution", learned: bool = True,
             tagger_kind: str = "fast") -> dict[str, Any]:
    from ..understand import extract_quotes, tagger

    opts = _options(scope, learned, tagger_kind)
    docs = load_polnear(split, root, limit)
    articles = [build_article(d) for d in docs]
    if articles:
        extract_quotes(articles[0], opts)  # load lazily loaded data before timing
    t0, c0 = time.perf_counter(), time.process_time()
    predicted = [extract_quotes(a, opts) for a in articles]
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    scores = Scores()
    n_quotes = 0
    for doc, quotes in zip(docs, predicted):
        n_quotes += len(quotes)
        scores.add_doc(doc.text, doc.attributions, predictions(quotes, doc.text))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    out = {"split": split, "options": {"scope": scope, "learned": learned and tagger.available(),
                                       "tagger": tagger_kind if learned else None,
                                       "model": tagger.model_name(tagger_kind) if learned else "rules"},
           "cores_busy": round(load, 1) if load is not None else None, **scores.as_dict(), "quotes_predicted": n_quotes,
           "gold_attributions": sum(len(d.attributions) for d in docs),
           "articles_per_s_1core": round(len(docs) / secs, 1) if secs else None,
           "articles_per_cpu_s": round(len(docs) / cpu, 1) if cpu else None}
    if procs > 1 and len(articles) >= procs:
        out[f"articles_per_s_{procs}procs"] = round(_speed_pool(articles, procs, scope, learned, tagger_kind), 1)
    return out


def format_report(res: dict[str, Any]) -> str:
    opts = res.get("options", {})
    lines = [f"PolNeAR {res['split']}: {res['docs']} docs, {res['gold_attributions']} gold attributions, "
             f"{res['quotes_predicted']} predicted (scope={opts.get('scope')}, tagger={opts.get('learned')}, "
             f"model={opts.get('model')})"]
    lines.append(f"{'':14}{'P':>7}{'R':>7}{'F1':>7}   tp/pred/gold")
    rows = [(r, res[r]) for r in (*ROLES, "triple")]
    rows += [(f"speech {r}", res["speech_verb"][r]) for r in (*ROLES, "triple")]
    for name, d in rows:
        lines.append(f"{name:<14}{d['P']:>7}{d['R']:>7}{d['F1']:>7}   {d['tp']}/{d['pred']}/{d['gold']}")
    speed = [f"{res['articles_per_s_1core']} articles/s (1 core, wall)",
             f"{res['articles_per_cpu_s']} articles per CPU-second"]
    speed += [f"{v} articles/s ({k.rsplit('_', 1)[-1]})" for k, v in res.items()
              if k.startswith("articles_per_s_") and k != "articles_per_s_1core"]
    if res.get("cores_busy"):
        speed.append(f"load average {res['cores_busy']} at start")
    lines.append("extract_quotes: " + ", ".join(speed))
    return "\n".join(lines)


def merge_results(path: str | os.PathLike, res: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    key = res["split"] + ("" if res.get("options", {}).get("learned", True) else "-rules")
    key += "" if res.get("options", {}).get("scope", "attribution") == "attribution" else "-speech"
    key += "-accurate" if res.get("options", {}).get("tagger") == "accurate" else ""

    def merged(section: Any) -> dict[str, Any]:
        section = section if isinstance(section, dict) else {}
        splits = section.get("polnear") if isinstance(section.get("polnear"), dict) else {}
        splits[key] = {**res, **meta}
        section["polnear"] = splits
        section["metric"] = ("exact token-span P/R/F1 per role over univocal BIO labels (CofeNet COLING 2022 "
                             "'exact_match'), micro over the split; triple = source, cue and content all exact; "
                             "speech_verb = attributions whose cue holds a speech verb")
        section["anchors_test"] = {"BERT+Cofe": [83.2, 75.3, 72.9], "BERT-CRF": [82.2, 74.9, 71.0],
                                   "BiLSTM-CRF": [69.6, 66.7, 59.0]}
        return section

    return update_results(path, "quotes", merged)


def main(argv: Sequence[str] | None = None, default_out: str | os.PathLike | None = None,
         prog: str = "python -m newsfold.evaluation.quotes") -> int:
    if default_out is None:
        repo_eval = Path(__file__).resolve().parents[3] / "eval"
        default_out = (repo_eval if repo_eval.is_dir() else Path.cwd() / "eval") / "results.json"
    parser = argparse.ArgumentParser(prog=prog, description="Score quote attribution on PolNeAR.")
    parser.add_argument("--split", default="dev", choices=("dev", "train"),
                        help="PolNeAR split (default dev; the test split is held out)")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only (writes only with --out)")
    parser.add_argument("--root", default=None, help="PolNeAR data folder (default <shared>/eval/quotes/polnear/data)")
    parser.add_argument("--procs", type=int, default=2, help="also time a pool of this many processes (default 2)")
    parser.add_argument("--scope", default="attribution", choices=("attribution", "speech"),
                        help="QuoteOptions.scope (default attribution: everything PolNeAR annotates)")
    parser.add_argument("--rules-only", action="store_true", help="QuoteOptions(learned=False): no tagger")
    parser.add_argument("--tagger", default="fast", choices=("fast", "accurate"),
                        help="QuoteOptions.tagger (accurate: with the fine-tuned MiniLM; needs the embed extra)")
    parser.add_argument("--out", default=None, help=f"merge results into this JSON under 'quotes' (default {default_out})")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    from ..errors import NewsfoldError

    try:
        res = evaluate(args.split, args.root, args.limit, args.procs, args.scope, not args.rules_only, args.tagger)
    except NewsfoldError as exc:  # e.g. --tagger accurate without the embed extra
        print(f"quotes: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(res, indent=2) if args.json else format_report(res))
    out = args.out or (default_out if args.limit is None else None)
    if out and not args.no_write:
        meta = {"command": " ".join([prog, *(argv if argv is not None else sys.argv[1:])]),
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "limit": args.limit}
        merge_results(out, res, meta)
        print(f"results merged into {out} (key 'quotes')")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

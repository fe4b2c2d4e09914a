"""Attribution tagger: source / cue / content BIO labels for the tokens of a paragraph.

A small BiLSTM-CRF trained on PolNeAR train by ``eval/quotes_train.py`` (torch, CPU)
and run here with numpy only. Each token is described by

* a trained embedding of its lower-cased form (frequent training words only),
* a frozen 300-d word vector from Explosion's CC0 vectors (as shipped in spaCy's
  ``en_core_web_md``; only the rows newsfold's vocabulary needs are kept),
* small embeddings of its shape, suffix, quotation-mark state, position in the
  sentence, and a *cue prior*: how often its stem is an attribution cue in the
  training data (bucketed).

Paragraphs are tagged independently, batched per article. The weights
(``models/attribution.npz``, plus ensemble members ``models/attribution-*.npz``
whose scores are averaged) load lazily; :func:`available` says whether they are
present, else the rule-based extractor works alone. BLAS runs on one thread
(threadpoolctl, when installed): the matrices are small and threads only contend.

A *contextual* tagger (``models/attribution_ctx.npz``, built by ``eval/quotes_train.py
--ctx``) also reads frozen MiniLM states of each token (:mod:`.context`); it runs instead
of the plain one when its weights are there and the ``embed`` extra is installed
(:func:`contextual`), and the encoder then reads only the paragraphs that can hold an
attribution (:func:`may_attribute`). It is not shipped: on PolNeAR dev it gained 0.6 to
2.4 F1 per role over the shipped ensemble for seven times the CPU (``eval/quotes.md``).

The *accurate* tagger (``model("accurate")``, ``QuoteOptions(tagger="accurate")``, shipped as
``models/attribution_ft.npz``) adds a fine-tuned MiniLM's label log-probabilities to the
ensemble's emission scores before its Viterbi pass (:class:`Ensemble` ``tuned``); it needs the
``embed`` extra and costs about ten times the CPU of the default ("fast") one.
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import numpy as np

from ..errors import UsageError
from .text import quote_spans

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_PATH = MODEL_DIR / "attribution.npz"
CTX_PATH = MODEL_DIR / "attribution_ctx.npz"  # reads MiniLM states: used when the embed extra is installed
TUNED_PATH = MODEL_DIR / "attribution_ft.npz"  # fine-tuned MiniLM: the "accurate" tagger's second opinion
TAGGERS = ("fast", "accurate")

ROLES = ("source", "cue", "content")
LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")

_CLITIC = r"(?:s|re|ve|ll|d|m|t)"
TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"
    r"|\d+(?:[.,:]\d+)*"
    r"|\w+(?=n[’']t\b)"
    r"|n[’']t\b"
    r"|[’'](?:s|re|ve|ll|d|m)\b(?!\w)"
    r"|\w+(?:[’'](?!" + _CLITIC + r"\b)\w+|[-–]\w+)*"
    r"|[^\w\s]",
    re.UNICODE,
)

_ALL_Q = "\"“”„«»'‘’‚"
_SENT_END = frozenset(".!?…")

SHAPES = ("pad", "x", "X", "X1", "Xx", "xX", "d", "q", ".", ",", ":", ";", "-", "(", ")", "$", "p", "m")
QSTATES = ("pad", "out", "open", "in", "close", "out-q", "open-q", "in-q", "close-q")
SPOS = ("pad", "mid", "first", "last", "only")
PRIOR_BUCKETS = 8  # 0 = pad, 1 = unknown stem, 2..7 = buckets


def tokenize(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


_LOCAL = threading.local()  # Snowball stemmers keep state between calls: one per thread


def _stemmer():
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("english")
    return stemmer


_STEMS: dict[str, str] = {}


def stem(low: str) -> str:
    s = _STEMS.get(low)
    if s is None:
        s = _stemmer().stemWord(low) if low.isalpha() else low
        if len(_STEMS) < 200_000:
            _STEMS[low] = s
    return s


def shape(w: str) -> int:
    if w.isalpha():
        if w.islower():
            return 1
        if w.isupper():
            return 2 if len(w) > 1 else 3
        if w[0].isupper():
            return 4
        return 5
    c = w[0]
    if c.isdigit():
        return 6
    if w in _ALL_Q:
        return 7
    if len(w) == 1:
        k = ".,:;-()$".find(c)
        if k >= 0:
            return 8 + k
        if c in "!?…":
            return 8
        if c in "—–":
            return 12
        return 16
    if w[0].isalpha():
        return 4 if w[0].isupper() else 1  # hyphenated / apostrophe words
    return 17


def prior_bucket(p: float | None) -> int:
    if p is None:
        return 1
    if p < 0.01:
        return 2
    if p < 0.05:
        return 3
    if p < 0.15:
        return 4
    if p < 0.35:
        return 5
    if p < 0.6:
        return 6
    return 7


def quote_state(text: str, toks: list[tuple[int, int]]) -> list[int]:
    """Per token: index into QSTATES; the '-q' variants mark paragraphs with quotations."""
    spans = [s for s in quote_spans(text) if not s.single or s.close - s.open > 1]
    if not spans:
        return [1] * len(toks)
    state = [5] * len(toks)
    k = 0
    for i, (a, _b) in enumerate(toks):
        while k < len(spans) and spans[k].close < a:
            k += 1
        if k >= len(spans):
            break
        s = spans[k]
        if a == s.open:
            state[i] = 6
        elif a == s.close:
            state[i] = 8
        elif s.open < a < s.close:
            state[i] = 7
    return state


_ABBREV = frozenset("""mr mrs ms dr sen rep gov gen lt col st jr sr prof rev capt sgt maj adm cmdr no vs
jan feb aug sept oct nov dec inc corp co ltd mt ft pres gen atty supt""".split())


def sentence_pos(words: list[str]) -> list[int]:
    """Per token: 1 inside a sentence, 2 first, 3 last, 4 both (SPOS indices)."""
    n = len(words)
    cut = [False] * n  # a sentence ends after token i
    for i in range(n - 1):
        w = words[i]
        nxt = words[i + 1]
        if w in _SENT_END:
            if nxt in _ALL_Q:
                continue
            if w == "." and i > 0 and (words[i - 1].lower() in _ABBREV
                                       or len(words[i - 1]) == 1 and words[i - 1].isupper()):
                continue  # Sen. Mia Ford, John F. Kennedy
            if nxt[:1].isupper() or nxt[:1].isdigit():
                cut[i] = True
        elif w in _ALL_Q and i > 0 and words[i - 1] in _SENT_END and nxt[:1].isupper():
            cut[i] = True
    out = []
    for i in range(n):
        first = i == 0 or cut[i - 1]
        last = i == n - 1 or cut[i]
        out.append(4 if first and last else 2 if first else 3 if last else 1)
    return out


class Vocab:
    """Lookup tables shared by training and inference."""

    def __init__(self, words: dict[str, int], vec_rows: dict[str, int], suffixes: dict[str, int],
                 prior: dict[str, float], prior_words: dict[str, int] | None = None) -> None:
        self.words = words  # lower-cased word -> id (0 pad, 1 unknown)
        self.vec_rows = vec_rows  # word form -> row of the vector table (0 = none)
        self.suffixes = suffixes  # 3-char lower suffix -> id (0 pad, 1 unknown)
        self.prior = prior  # stem -> share labelled cue
        self.prior_words = prior_words or {}  # lower-cased word -> prior bucket (saves stemming)
        self._low: dict[str, tuple[int, int, int]] = {}
        self._form: dict[str, tuple[int, int, int, int, int]] = {}

    def vec_row(self, w: str) -> int:
        r = self.vec_rows.get(w)
        if r is None:
            r = self.vec_rows.get(w.lower())
            if r is None:
                r = self.vec_rows.get(w.capitalize(), 0)
        return r

    def _word(self, w: str, prior: dict[str, float] | None) -> tuple[int, int, int, int, int]:
        """(word id, vector row, shape, suffix id, prior bucket) of a token form (cached)."""
        if prior is None:
            got = self._form.get(w)
            if got is not None:
                return got
        lw = w.lower()
        low = self._low.get(lw) if prior is None else None
        if low is None:
            bucket = self.prior_words.get(lw) if prior is None else None
            if bucket is None:
                bucket = prior_bucket((self.prior if prior is None else prior).get(stem(lw)))
            low = (self.words.get(lw, 1), self.suffixes.get(lw[-3:], 1), bucket)
            if prior is None and len(self._low) < 300_000:
                self._low[lw] = low
        got = (low[0], self.vec_row(w), shape(w), low[1], low[2])
        if prior is None and len(self._form) < 300_000:
            self._form[w] = got
        return got

    def encode(self, text: str, toks: list[tuple[int, int]],
               prior: dict[str, float] | None = None) -> np.ndarray:
        """(n, 7) int array: word, vector row, shape, suffix, quote state, sentence pos, prior.

        ``prior`` replaces the cue prior table (training uses out-of-fold tables)."""
        words = [text[a:b] for a, b in toks]
        rows = [self._word(w, prior) for w in words]
        out = np.empty((len(toks), 7), dtype=np.int32)
        out[:, [0, 1, 2, 3, 6]] = rows
        out[:, 4] = quote_state(text, toks)
        out[:, 5] = sentence_pos(words)
        return out


# --- transitions allowed by BIO -----------------------------------------------------
def allowed_transitions() -> np.ndarray:
    n = len(LABELS)
    ok = np.ones((n, n), dtype=bool)
    for j, lab in enumerate(LABELS):
        if lab.startswith("I-"):
            for i, prev in enumerate(LABELS):
                ok[i, j] = prev[2:] == lab[2:] and prev != "O"
    return ok


def allowed_start() -> np.ndarray:
    return np.array([not lab.startswith("I-") for lab in LABELS])


# --- numpy inference -----------------------------------------------------------------
_CONTROLLER = None


def _blas_single_thread():
    """One BLAS thread for the small matrices of the tagger (threads only contend)."""
    global _CONTROLLER
    try:
        if _CONTROLLER is None:
            from threadpoolctl import ThreadpoolController

            _CONTROLLER = ThreadpoolController()  # finding the BLAS libraries is the slow part
        return _CONTROLLER.limit(limits=1, user_api="blas")
    except ImportError:  # pragma: no cover - optional
        import contextlib

        return contextlib.nullcontext()


class Model:
    def __init__(self, path: Path | None = None) -> None:
        z = np.load(path or MODEL_PATH, allow_pickle=False)
        meta = json.loads(bytes(z["meta"]).decode("utf-8"))
        self.meta = meta
        self.vocab = Vocab(meta["words"], meta["vec_rows"], meta["suffixes"], meta["prior"],
                           meta.get("prior_words"))
        for key in ("words", "vec_rows", "suffixes", "prior", "prior_words"):
            meta.pop(key, None)  # kept once, in the vocabulary
        f32 = np.float32
        self.emb = [z[f"emb{k}"].astype(f32) for k in range(7)]
        # gates i, f, g, o: sigmoid(x) = (1 + tanh(x / 2)) / 2, so i, f, o rows are pre-halved
        self.layers = []
        for layer in range(meta["layers"]):
            wih, whh, b = [], [], []
            for d in ("f", "b"):
                w1, w2, bb = (z[f"l{layer}{d}_wih"].astype(f32), z[f"l{layer}{d}_whh"].astype(f32),
                              z[f"l{layer}{d}_b"].astype(f32))
                h = w2.shape[1]
                scale = np.full(4 * h, 0.5, dtype=f32)
                scale[2 * h:3 * h] = 1.0
                wih.append((w1 * scale[:, None]).T.copy())
                whh.append((w2 * scale[:, None]).T.copy())
                b.append(bb * scale)
            self.layers.append((wih, np.stack(whh), b, h))
        # first layer: each feature's embedding is projected once, at load, for both
        # directions; a token's gate input is then the sum of 7 table rows
        wih0 = np.concatenate(self.layers[0][0], axis=1)  # (D, 8H)
        bias0 = np.concatenate(self.layers[0][2])
        self.tables = []
        col = 0
        for k, e in enumerate(self.emb):
            t = e @ wih0[col:col + e.shape[1]]
            if k == 0:
                t = t + bias0
            self.tables.append(t.astype(np.float16) if len(t) > 2000 else t)
            col += e.shape[1]
        # frozen MiniLM states (models/attribution_ctx*.npz): their trained projection is
        # folded into the first layer's gates, (384 x layers, 8H)
        self.context = meta.get("context")
        self.ctx_gate = None
        if "ctx_w" in z.files:
            ctx_w = z["ctx_w"].astype(f32)
            self.ctx_gate = (ctx_w.T @ wih0[col:col + ctx_w.shape[0]]).astype(f32)
        self.out_w = z["out_w"].astype(f32).T.copy()
        self.out_b = z["out_b"].astype(f32)
        neg = np.float32(-1e4)
        self.trans = np.where(allowed_transitions(), z["trans"].astype(f32), neg)
        self.start = np.where(allowed_start(), z["start"].astype(f32), neg)
        self.end = z["end"].astype(f32)

    def _bilstm(self, gates: np.ndarray, lens: np.ndarray, layer) -> np.ndarray:
        """gates: (N, 8H) input gate pre-activations of the real tokens of the batch, sequence
        after sequence (forward then backward direction); returns the (N, 2H) states."""
        _wih, whh, _b, h_dim = layer
        bsz, t = len(lens), int(lens.max())
        valid = np.arange(t)[None, :] < lens[:, None]
        seq = np.nonzero(valid)  # (batch index, position) of every real token, in order
        fwd_pos = seq[1]
        bwd_pos = lens[seq[0]] - 1 - seq[1]  # the backward pass reads each sequence reversed
        g4 = 4 * h_dim
        gx = np.zeros((t, 2, bsz, g4), dtype=np.float32)
        gx[fwd_pos, 0, seq[0]] = gates[:, :g4]
        gx[bwd_pos, 1, seq[0]] = gates[:, g4:]
        h = np.zeros((2, bsz, h_dim), dtype=np.float32)
        c = np.zeros((2, bsz, h_dim), dtype=np.float32)
        out = np.empty((t, 2, bsz, h_dim), dtype=np.float32)
        h2, h3 = 2 * h_dim, 3 * h_dim
        for s in range(t):
            g = gx[s]
            g += np.matmul(h, whh)
            np.tanh(g, out=g)
            c = 0.5 * ((1.0 + g[..., h_dim:h2]) * c + (1.0 + g[..., :h_dim]) * g[..., h2:h3])
            h = 0.5 * (1.0 + g[..., h3:]) * np.tanh(c)
            out[s] = h
        return np.concatenate([out[fwd_pos, 0, seq[0]], out[bwd_pos, 1, seq[0]]], axis=-1)

    def emissions(self, feats: list[np.ndarray], ctx: list[np.ndarray] | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
        """(B, T, labels) emission scores of a batch of encoded paragraphs (``ctx``: their
        MiniLM token states, for a contextual model)."""
        lens = np.array([len(f) for f in feats])
        idx = np.concatenate(feats)
        gates = self.tables[0][idx[:, 0]].astype(np.float32)
        for j in range(1, 7):
            gates += self.tables[j][idx[:, j]]
        if self.ctx_gate is not None:
            gates += np.concatenate(ctx).astype(np.float32) @ self.ctx_gate
        x = self._bilstm(gates, lens, self.layers[0])
        for layer in self.layers[1:]:
            wih, _whh, b, _h = layer
            x = self._bilstm(np.concatenate([x @ wih[0] + b[0], x @ wih[1] + b[1]], axis=1), lens, layer)
        flat = x @ self.out_w + self.out_b
        t = int(lens.max())
        em = np.zeros((len(lens), t, flat.shape[1]), dtype=np.float32)
        valid = np.arange(t)[None, :] < lens[:, None]
        em[valid] = flat
        return em, lens

    def viterbi(self, em: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Best label paths of a batch: (B, T) label ids (positions past a length are junk)."""
        bsz, t, n = em.shape
        score = self.start + em[:, 0]
        back = np.zeros((t, bsz, n), dtype=np.int64)
        for s in range(1, t):
            cand = score[:, :, None] + self.trans
            back[s] = cand.argmax(1)
            new = cand.max(1) + em[:, s]
            score = np.where((s < lens)[:, None], new, score)
        cur = (score + self.end).argmax(1)
        path = np.zeros((bsz, t), dtype=np.int64)
        ar = np.arange(bsz)
        for s in range(t - 1, -1, -1):
            valid = s < lens
            path[valid, s] = cur[valid]
            if s:
                cur = np.where(valid, back[s, ar, cur], cur)
        return path

    def tag_paragraphs(self, texts: list[str], ctx: list[np.ndarray] | None = None
                       ) -> list[tuple[list[tuple[int, int]], list[str]]]:
        """Tokens and BIO labels of each paragraph. A contextual model reads MiniLM states:
        ``ctx`` (per paragraph, e.g. cached for training) or computed here, for the
        paragraphs that can hold an attribution only (:func:`may_attribute`)."""
        toks = [tokenize(t) for t in texts]
        out: list[tuple[list[tuple[int, int]], list[str]]] = [(tk, ["O"] * len(tk)) for tk in toks]
        live = [k for k, tk in enumerate(toks) if tk]
        if self.ctx_gate is not None and ctx is None:
            live = [k for k in live if may_attribute(texts[k], toks[k], self.vocab)]
        if not live:
            return out
        order = sorted(live, key=lambda k: len(toks[k]))
        with _blas_single_thread():
            # batches of similar length keep the padding small
            for s in range(0, len(order), 64):
                chunk = order[s:s + 64]
                feats = [self.vocab.encode(texts[k], toks[k]) for k in chunk]
                cx = None
                if self.ctx_gate is not None:
                    cx = [ctx[k] for k in chunk] if ctx is not None else self.context_features(
                        [texts[k] for k in chunk], [toks[k] for k in chunk])
                em, lens = self.emissions(feats, cx)
                paths = self.viterbi(em, lens)
                for j, k in enumerate(chunk):
                    out[k] = (toks[k], [LABELS[p] for p in paths[j, :lens[j]]])
        return out

    def context_features(self, texts: list[str], toks: list[list[tuple[int, int]]]) -> list[np.ndarray]:
        from . import context

        return context.encoder(tuple(self.context["layers"])).features(texts, toks)


_QUOTE_MARKS = frozenset("\"“”„«»‘")
_ACCORDING = re.compile(r"\baccording\s+to\b", re.IGNORECASE)
CANDIDATE_BUCKET = 4  # a word whose stem is a cue in >= 5% of its training uses


def may_attribute(text: str, toks: list[tuple[int, int]], vocab: Vocab) -> bool:
    """Whether a paragraph can hold an attribution: a quotation mark, "according to", or a
    word that is often a cue (the tagger's cue prior). Only these pay for the encoder;
    on PolNeAR dev this keeps every paragraph with a gold cue (eval/quotes.md)."""
    if any(c in _QUOTE_MARKS for c in text) or _ACCORDING.search(text):
        return True
    return any(vocab._word(text[a:b], None)[4] >= CANDIDATE_BUCKET for a, b in toks)


class Ensemble:
    """Several taggers trained alike: their emission and transition scores are averaged
    before one Viterbi pass. Members sharing a vocabulary share one encoding.

    ``tuned`` (the "accurate" tagger): a fine-tuned MiniLM (:class:`.context.Encoder` over
    ``models/attribution_ft.npz``) whose label log-probabilities are added to the averaged
    emissions, decoded with the members' transitions: two model families, one Viterbi pass.
    It reads only the paragraphs that can hold an attribution (:func:`may_attribute`)."""

    def __init__(self, members: list[Model], tuned=None, weight: float = 1.0) -> None:
        self.members = members
        self.tuned, self.weight = tuned, weight
        first = members[0]
        self.vocab = first.vocab
        self.same_vocab = all(m.vocab.words == first.vocab.words and m.vocab.suffixes == first.vocab.suffixes
                              and m.vocab.vec_rows == first.vocab.vec_rows
                              and m.vocab.prior == first.vocab.prior for m in members[1:])
        if self.same_vocab:
            for m in members[1:]:
                m.vocab = first.vocab  # one copy of the tables
        self.context = first.context
        self.ctx_gate = first.ctx_gate
        self.gated = self.ctx_gate is not None or tuned is not None  # the encoder reads few paragraphs
        if any(m.context != first.context for m in members):  # one encoder pass serves all
            raise ValueError("ensemble members read different contextual features")
        n = len(members)
        self.trans = sum(m.trans for m in members) / n
        self.start = sum(m.start for m in members) / n
        self.end = sum(m.end for m in members) / n

    viterbi = Model.viterbi
    context_features = Model.context_features

    def tag_paragraphs(self, texts: list[str], ctx: list[np.ndarray] | None = None
                       ) -> list[tuple[list[tuple[int, int]], list[str]]]:
        toks = [tokenize(t) for t in texts]
        out: list[tuple[list[tuple[int, int]], list[str]]] = [(tk, ["O"] * len(tk)) for tk in toks]
        live = [k for k, tk in enumerate(toks) if tk]
        if self.gated and ctx is None:
            live = [k for k in live if may_attribute(texts[k], toks[k], self.vocab)]
        if not live:
            return out
        order = sorted(live, key=lambda k: len(toks[k]))
        with _blas_single_thread():
            for s in range(0, len(order), 64):
                chunk = order[s:s + 64]
                feats = [self.vocab.encode(texts[k], toks[k]) for k in chunk]
                cx = None
                if self.ctx_gate is not None:  # one encoder pass serves every member
                    cx = [ctx[k] for k in chunk] if ctx is not None else self.context_features(
                        [texts[k] for k in chunk], [toks[k] for k in chunk])
                em = None
                for m in self.members:
                    f = feats if self.same_vocab or m is self.members[0] else \
                        [m.vocab.encode(texts[k], toks[k]) for k in chunk]
                    e, lens = m.emissions(f, cx)
                    em = e if em is None else em + e
                em /= len(self.members)
                if self.tuned is not None:
                    for j, lp in enumerate(self.tuned.features([texts[k] for k in chunk], [toks[k] for k in chunk])):
                        em[j, :lens[j]] += self.weight * lp
                paths = self.viterbi(em, lens)
                for j, k in enumerate(chunk):
                    out[k] = (toks[k], [LABELS[p] for p in paths[j, :lens[j]]])
        return out


_MODELS: dict[str, Model | Ensemble] = {}
_MODELS_LOCK = threading.Lock()


def prior_words(vocab: Vocab) -> dict[str, int]:
    """Prior bucket of every known lower-cased word (stored with the model: no stemming
    of known words at run time)."""
    forms = set(vocab.words) | {w.lower() for w in vocab.vec_rows}
    return {w: prior_bucket(vocab.prior.get(stem(w))) for w in sorted(forms) if not w.startswith("<")}


def _members(first: Path) -> list[Path]:
    """``first`` and any further ensemble members ``<stem>-*.npz`` beside it."""
    if not first.is_file():
        return []
    return [first, *sorted(first.parent.glob(first.stem + "-*.npz"))]


def contextual() -> bool:
    """Whether the contextual tagger runs: its weights are shipped, the ``embed`` extra
    (MiniLM and PyTorch) is installed, and ``NEWSFOLD_TAGGER`` does not ask for the plain
    one (``plain``: e.g. to compare, or where the encoder's cost is not wanted)."""
    from . import context

    return (os.environ.get("NEWSFOLD_TAGGER", "").lower() != "plain" and CTX_PATH.is_file()
            and context.installed())


def model_paths() -> list[Path]:
    """The weights :func:`model` loads: the contextual tagger's when :func:`contextual`,
    else ``attribution.npz`` (each with its ensemble members)."""
    return _members(CTX_PATH) if contextual() else _members(MODEL_PATH)


def available() -> bool:
    return MODEL_PATH.is_file() or contextual()


def accurate_available() -> bool:
    """The "accurate" tagger can run: its fine-tuned weights are shipped and the ``embed``
    extra (MiniLM and PyTorch) is installed."""
    from . import context

    return TUNED_PATH.is_file() and MODEL_PATH.is_file() and context.installed()


def model_name(kind: str = "fast") -> str:
    """What tags attributions, for provenance and evaluation output, e.g.
    ``bilstm-crf+minilm-l6 layer 4 (attribution_ctx.npz)``."""
    paths = _members(MODEL_PATH) if kind == "accurate" else model_paths()
    if not paths:
        return "rules"
    kind_name = "bilstm-crf"
    if paths[0] == CTX_PATH:
        m = _MODELS.get("fast")
        ctx = (m.context if m is not None else
               json.loads(bytes(np.load(paths[0], allow_pickle=False)["meta"]).decode("utf-8")).get("context"))
        kind_name += f"+minilm-l6 layer {','.join(str(k) for k in (ctx or {}).get('layers', []))}"
    name = f"{kind_name} ({', '.join(p.name for p in paths)})"
    if kind == "accurate":
        name += f" + fine-tuned minilm-l6 ({TUNED_PATH.name})"
    return name


def check_kind(kind: str) -> None:
    """Raise :class:`UsageError` unless ``kind`` names a tagger (:data:`TAGGERS`)."""
    if kind not in TAGGERS:
        raise UsageError(f"unknown quote tagger {kind!r}: one of {', '.join(TAGGERS)}")


def require(kind: str) -> None:
    """Raise :class:`UsageError` unless the tagger of ``kind`` can run here."""
    check_kind(kind)
    if kind == "accurate" and not accurate_available():
        raise UsageError("the accurate quote tagger needs the embed extra (pip install 'newsfold[embed]') "
                         f"and its weights, {TUNED_PATH.name}, in {MODEL_DIR}")


def model(kind: str = "fast") -> Model | Ensemble:
    """The process-wide tagger of ``kind`` (:data:`TAGGERS`), loaded on first use.
    "fast": the BiLSTM-CRF ensemble (numpy). "accurate": the same plus the fine-tuned MiniLM
    (PyTorch; the ``embed`` extra), several times slower (``eval/quotes.md``)."""
    require(kind)
    with _MODELS_LOCK:
        if kind not in _MODELS:
            if kind == "accurate":
                from . import context

                tuned = context.Encoder(tuned=TUNED_PATH)
                _MODELS[kind] = Ensemble([Model(p) for p in _members(MODEL_PATH)], tuned=tuned,
                                         weight=float(tuned.run.meta.get("weight", 1.0)))
            else:
                paths = model_paths()
                _MODELS[kind] = Model(paths[0]) if len(paths) == 1 else Ensemble([Model(p) for p in paths])
        return _MODELS[kind]

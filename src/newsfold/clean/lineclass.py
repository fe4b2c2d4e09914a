"""Learned line classifier for plain-text scrapes: how likely each line is article body.

A page scraped to plain text is a column of lines: navigation, headlines of other
stories, share buttons, comments and, somewhere, the article. The rules of
:mod:`.lines` and :mod:`.segment` see one line at a time; this classifier also
sees the page around a line (its neighbours, the density of prose nearby, lists
that repeat the same shape every two or three lines, where the headline recurs,
whether an end marker or a comment header came before it) and turns that into a
probability. :func:`.segment.find_body` turns the probabilities into line scores
(:func:`.segment.learned_score`) for its maximum-scoring run, so the rules (end
markers, captions, credits, the header) still apply on top.

The model is a gradient-boosted tree ensemble (scikit-learn's
``HistGradientBoostingClassifier``) trained on WCXB dev article pages turned into
full-page plain text the way the AEB text benchmark was made
(``html_text.extract_text(html, guess_layout=True)``), each line labelled by its
overlap with the page's gold main content. It ships as arrays in
``models/lines.npz`` (no pickle) and runs on numpy alone; rebuild it with
``python eval/extraction_train.py`` (see ``models/README.md``). Without the file,
:func:`body_probabilities` returns None and the rules work alone.

Every feature is computed for the whole page at once (character classes by
``np.bincount`` over the page's code points, word-level patterns by one regex pass
over the joined text) so that a page of 200 lines costs about a millisecond.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np

from .lines import Line
from .segment import find_body, is_end_marker

MODEL_PATH = Path(__file__).with_name("models") / "lines.npz"

KINDS = ("chrome", "caption", "credit", "byline", "date", "other-script", "repeated")

# Function words of the languages most pages are in: prose is full of them, menus and
# headline lists are not.
STOPWORDS = frozenset(["the", "a", "an", "of", "to", "in", "and", "or", "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "these", "those", "it", "its", "for", "on", "with", "as", "by", "at", "from", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "not", "no", "will", "would", "can", "could", "said", "says", "who", "which", "what", "when", "where", "there", "than", "then", "also", "more", "about", "after", "before", "into", "over", "if", "so", "do", "does", "did", "just", "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "von", "auf", "sich", "des", "im", "für", "dem", "es", "sie", "er", "le", "la", "les", "et", "est", "un", "une", "des", "du", "en", "que", "qui", "dans", "pour", "pas", "sur", "au", "il", "elle", "ne", "se", "el", "los", "las", "y", "es", "una", "del", "por", "con", "para", "lo", "como", "su", "al", "di", "che", "per", "non", "sono", "della", "nel", "gli", "o", "os", "as", "é", "um", "uma", "em", "com", "não"])
# Words of navigation, widgets and calls to action.
NAV_WORDS = frozenset(["home", "about", "contact", "privacy", "login", "signin", "signup", "subscribe", "newsletter", "newsletters", "menu", "search", "share", "tweet", "facebook", "twitter", "instagram", "linkedin", "youtube", "pinterest", "whatsapp", "email", "comment", "comments", "reply", "tag", "tags", "category", "categories", "advertisement", "advertising", "advertise", "cookie", "cookies", "terms", "copyright", "follow", "download", "app", "more", "next", "previous", "prev", "back", "top", "trending", "popular", "related", "recommended", "sponsored", "watch", "video", "videos", "photo", "photos", "gallery", "click", "read"])
# Words and line breaks of the page, in one list (lines are counted off by the breaks).
_WORD_OR_BREAK_RE = re.compile(r"\w+|\n")
# Comment threads: "jdoe says:", "34 responses to ...", "Reply", "Leave a comment", "[ 167 comments ]",
# "Rating: 36 Votes" (matched on the lower-cased page, at line starts only: cheap).
_COMMENT_RE = re.compile(
    r"^\S.{0,40}\s(?:says|said|wrote|writes|replied)\s*:?\s*$|"
    r"^\W*\d+\s+(?:responses?|comments?|replies|thoughts)\b|"
    r"^\W*(?:top rated comments|comments? \(\d+\)|reply|report|leave a (?:reply|comment)|"
    r"log in to (?:reply|comment)|\d+\s+likes?|rating: \d+ votes?)\b",
)
_COUNT_END_RE = re.compile(r"\(\d+\)[ \t]*$", re.MULTILINE)  # "Headline (185)": comment counts of a list
_TIME_RE = re.compile(r"\b\d{1,2}:\d\d\b")

_WORD_OPENERS = np.array([ord(ch) for ch in " \t\n\"'“‘(«„["], dtype=np.uint32)
_TERMINAL = frozenset(".!?…\"”’'»)。！？」』）")
_QUOTES = frozenset("\"“‘'«„")

FEATURES = (
    # the line itself
    "log_words", "log_chars", "sentence_like", "ends_terminal", "ends_ellipsis", "first_upper", "first_lower",
    "first_digit", "cap_words", "stopwords", "commas", "digits", "punctuation", "nav_words", "separators",
    "ends_colon", "all_caps", "link_or_handle", "end_marker", "comment", "count_end", "time", "question",
    "first_quote", *(f"kind_{k}" for k in KINDS),
    # the page around it
    "dup_on_page", "pos_lines", "pos_words", "pos_prose", "title_sim", "from_headline", "rules_in_run",
    "rules_dist", "rules_after_end", "end_markers_above", "comments_above",
    "period2", "period3", "period4",
    *(f"{name}_{off:+d}" for off in (-3, -2, -1, 1, 2, 3)
      for name in ("log_words", "sentence_like", "stopwords", "nav_words", "first_upper", "ends_ellipsis",
                   "ends_terminal")),
    "win3_log_words", "win3_sentence", "win10_log_words", "win10_sentence", "win5_stopwords", "win3_dup",
    "win4_date_byline", "win10_date_byline", "win4_chrome", "win4_short", "win10_short", "win6_comment",
    "win4_ellipsis", "win4_count_end",
    # the page
    "page_log_lines", "page_log_words", "page_sentence_share", "page_headline_found",
)
_F = {name: i for i, name in enumerate(FEATURES)}
_KIND_COLUMN = {k: _F[f"kind_{k}"] for k in KINDS}
_WORD_CLASS = {"\n": 4}
for _w in STOPWORDS:
    _WORD_CLASS[_w] = _WORD_CLASS.get(_w, 0) | 1
for _w in NAV_WORDS:
    _WORD_CLASS[_w] = _WORD_CLASS.get(_w, 0) | 2
_NEIGHBOUR_COLS = ("log_words", "sentence_like", "stopwords", "nav_words", "first_upper", "ends_ellipsis",
                   "ends_terminal")


def _shift(col: np.ndarray, off: int) -> np.ndarray:
    """``col`` moved so that row i holds row i+off (zeros past the page's ends)."""
    out = np.zeros_like(col)
    if off < 0:
        out[-off:] = col[:off]
    elif off > 0:
        out[:-off] = col[off:]
    return out


def _window_mean(cols: np.ndarray, k: int) -> np.ndarray:
    """Mean of each column of ``cols`` (rows x columns) over rows i-k..i+k (fewer at the page's ends)."""
    n = len(cols)
    csum = np.concatenate((np.zeros((1, cols.shape[1])), np.cumsum(cols, axis=0)))
    i = np.arange(n)
    lo, hi = np.maximum(i - k, 0), np.minimum(i + k + 1, n)
    return (csum[hi] - csum[lo]) / (hi - lo)[:, None]


def _run_position(n: int, first: int, last: int) -> np.ndarray:
    """Signed log distance of each row to the span first..last (0 inside)."""
    idx = np.arange(n)
    dist = np.where(idx < first, first - idx, np.where(idx > last, idx - last, 0))
    return np.sign(idx - first) * np.log1p(dist)


def features(lines: list[Line]) -> np.ndarray:
    """The feature matrix (one row per line, columns :data:`FEATURES`) of a page's lines."""
    n = len(lines)
    X = np.zeros((n, len(FEATURES)))
    if n == 0:
        return X
    texts = [ln.text for ln in lines]
    joined = "\n".join(texts)
    lengths = np.fromiter((len(t) for t in texts), float, n)

    # Character classes over the page's code points, counted per line.
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    row = np.cumsum(codes == 10) if len(codes) else codes
    def per_line(mask: np.ndarray) -> np.ndarray:
        return np.bincount(row[mask], minlength=n)[:n].astype(float)

    digit = per_line((codes >= 48) & (codes <= 57))
    comma = per_line(codes == 44)
    ascii_punct = ((codes >= 33) & (codes <= 47)) | ((codes >= 58) & (codes <= 64)) | \
                  ((codes >= 91) & (codes <= 96)) | ((codes >= 123) & (codes <= 126))
    punct = per_line(ascii_punct)
    # Words that start with a capital (Latin, Greek, Cyrillic): a capital after a space, a
    # line break, an opening quote or bracket.
    capital = ((codes >= 65) & (codes <= 90)) | ((codes >= 192) & (codes <= 222) & (codes != 215)) | \
              ((codes >= 913) & (codes <= 937)) | ((codes >= 1040) & (codes <= 1071))
    before = np.concatenate(([10], codes[:-1])) if len(codes) else codes
    opener = np.isin(before, _WORD_OPENERS)
    cap_words = per_line(capital & opener)

    words = np.fromiter((ln.words for ln in lines), float, n)
    sentence = np.fromiter((ln.sentence_like for ln in lines), float, n)
    lower = joined.lower()
    # Word lists, counted per line without a Python loop over the words.
    toks = _WORD_OR_BREAK_RE.findall(lower)
    # One lookup per word: bit 1 a function word, bit 2 a navigation word, bit 4 a line break,
    # bit 8 a word of the first line (the page's <title>).
    title = frozenset(toks[: toks.index("\n")] if "\n" in toks else toks)
    word_class = dict(_WORD_CLASS)
    for w in title:
        word_class[w] = word_class.get(w, 0) | 8
    cls = np.fromiter(map(word_class.get, toks, repeat(0)), np.int8, len(toks))
    brk = (cls & 4).astype(bool)
    trow = np.cumsum(brk)

    def per_line(hits: np.ndarray) -> np.ndarray:
        return np.bincount(trow[hits], minlength=n)[:n].astype(float)

    tokens = np.maximum(np.bincount(trow[~brk], minlength=n)[:n], 1).astype(float)
    first = [t[0] for t in texts]
    last = [t[-1] for t in texts]
    c = X.T  # columns, as views
    c[_F["log_words"]] = np.log1p(words)
    c[_F["log_chars"]] = np.log1p(lengths)
    c[_F["sentence_like"]] = sentence
    c[_F["ends_terminal"]] = [ch in _TERMINAL for ch in last]
    c[_F["ends_ellipsis"]] = [t.endswith(("...", "…")) for t in texts]
    c[_F["first_upper"]] = [ch.isupper() for ch in first]
    c[_F["first_lower"]] = [ch.islower() for ch in first]
    c[_F["first_digit"]] = [ch.isdigit() for ch in first]
    c[_F["cap_words"]] = cap_words / tokens
    c[_F["stopwords"]] = per_line((cls & 1).astype(bool)) / tokens
    c[_F["commas"]] = comma / tokens
    c[_F["digits"]] = digit / lengths
    c[_F["punctuation"]] = punct / lengths
    c[_F["nav_words"]] = per_line((cls & 2).astype(bool)) / tokens
    c[_F["separators"]] = [("|" in t or "•" in t or "·" in t) for t in texts]
    c[_F["ends_colon"]] = [ch == ":" for ch in last]
    c[_F["all_caps"]] = [t.isupper() for t in texts]
    c[_F["link_or_handle"]] = [("@" in t or "http" in t or "www." in t) for t in texts]
    c[_F["end_marker"]] = [is_end_marker(ln) for ln in lines]
    c[_F["comment"]] = [(w <= 12 or t[:1].isdigit()) and _COMMENT_RE.match(t) is not None
                        for w, t in zip(words.tolist(), lower.split("\n"))]
    c[_F["count_end"]] = [t.endswith(")") and _COUNT_END_RE.search(t) is not None for t in texts]
    c[_F["time"]] = [":" in t and _TIME_RE.search(t) is not None for t in texts]
    c[_F["question"]] = [ch == "?" for ch in last]
    c[_F["first_quote"]] = [ch in _QUOTES for ch in first]
    kinds = [ln.kind for ln in lines]
    kind_at = np.fromiter(map(_KIND_COLUMN.get, kinds, repeat(-1)), np.int64, n)
    has_kind = kind_at >= 0
    X[np.flatnonzero(has_kind), kind_at[has_kind]] = 1.0

    # Where the line sits on the page.
    counts: dict[str, int] = {}
    keys = [t.casefold() for t in texts]
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    dup = np.fromiter((counts[key] > 1 for key in keys), float, n)
    c[_F["dup_on_page"]] = dup
    c[_F["pos_lines"]] = np.arange(n) / max(1, n - 1)
    cum = np.cumsum(words)
    c[_F["pos_words"]] = (cum - words / 2) / max(cum[-1], 1.0)
    prose = words * sentence
    pcum = np.cumsum(prose)
    c[_F["pos_prose"]] = (pcum - prose / 2) / max(pcum[-1], 1.0)
    # The first line of a scrape is the page's <title>; where the headline recurs, the article
    # starts. Word overlap with it per line, counted like the word lists (Jaccard on counts).
    shared = per_line((cls & 8).astype(bool))
    sim = shared / np.maximum(tokens + len(title) - shared, 1)
    sim[0] = 0.0
    sim[words > 40] = 0.0
    c[_F["title_sim"]] = sim
    hits = np.flatnonzero(sim >= 0.5)
    if len(hits):
        c[_F["from_headline"]] = _run_position(n, hits[0], hits[0])
        c[_F["page_headline_found"]] = 1.0
    # What the rules alone would take as the body.
    seg = find_body(lines)
    if seg.body is not None:
        a, b = seg.body
        c[_F["rules_in_run"]][a : b + 1] = 1.0
        c[_F["rules_dist"]] = _run_position(n, a, b)
        if seg.end_marker is not None:
            c[_F["rules_after_end"]][seg.end_marker :] = 1.0
    c[_F["end_markers_above"]] = np.log1p(np.cumsum(c[_F["end_marker"]]))
    c[_F["comments_above"]] = np.log1p(np.cumsum(c[_F["comment"]]))
    # Lists of other stories repeat a shape (headline, byline, date) every two to four lines.
    kind_code = {k: i + 1 for i, k in enumerate(KINDS)}
    shape = np.fromiter(((kind_code.get(k, 0) * 16 + min(ln.words // 4, 5) * 2 + ln.sentence_like)
                         for k, ln in zip(kinds, lines)), np.int64, n)
    periods = np.zeros((n, 3))
    for j, k in enumerate((2, 3, 4)):
        if n > k:
            eq = (shape[k:] == shape[:-k]) / 2
            periods[k:, j] += eq
            periods[:-k, j] += eq
    c[_F["period2"] : _F["period4"] + 1] = _window_mean(periods, 4).T
    neighbours = X[:, [_F[name] for name in _NEIGHBOUR_COLS]]
    for off in (-3, -2, -1, 1, 2, 3):
        at = _F[f"{_NEIGHBOUR_COLS[0]}_{off:+d}"]
        X[:, at : at + len(_NEIGHBOUR_COLS)] = _shift(neighbours, off)
    date_byline = c[_F["kind_date"]] + c[_F["kind_byline"]]
    short = ((words <= 10) & (sentence == 0)).astype(float)
    for k, named in ((3, (("win3_log_words", c[_F["log_words"]]), ("win3_sentence", sentence), ("win3_dup", dup))),
                     (10, (("win10_log_words", c[_F["log_words"]]), ("win10_sentence", sentence),
                           ("win10_date_byline", date_byline), ("win10_short", short))),
                     (5, (("win5_stopwords", c[_F["stopwords"]]),)),
                     (4, (("win4_date_byline", date_byline), ("win4_chrome", c[_F["kind_chrome"]]),
                          ("win4_short", short), ("win4_ellipsis", c[_F["ends_ellipsis"]]),
                          ("win4_count_end", c[_F["count_end"]]))),
                     (6, (("win6_comment", c[_F["comment"]]),))):
        means = _window_mean(np.column_stack([col for _, col in named]), k)
        for j, (name, _) in enumerate(named):
            c[_F[name]] = means[:, j]
    c[_F["page_log_lines"]] = math.log1p(n)
    c[_F["page_log_words"]] = math.log1p(cum[-1])
    c[_F["page_sentence_share"]] = sentence.mean()
    return X


class TreeEnsemble:
    """A binary gradient-boosted tree ensemble evaluated with numpy, all trees at once.

    Nodes of all trees live in flat arrays; a leaf points to itself with an infinite
    threshold, so every row can take the same number of steps (the deepest tree's depth).
    """

    def __init__(self, feature: np.ndarray, threshold: np.ndarray, left: np.ndarray, right: np.ndarray,
                 value: np.ndarray, roots: np.ndarray, depth: int, baseline: float):
        self.feature, self.threshold = feature.astype(np.int64), threshold.astype(np.float64)
        self.left, self.right = left.astype(np.int64), right.astype(np.int64)
        self.value, self.roots = value.astype(np.float64), roots.astype(np.int64)
        self.depth, self.baseline = int(depth), float(baseline)
        self._children = np.stack([self.left, self.right], axis=1).ravel()  # node k -> 2k: left, 2k+1: right

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Log-odds per row of ``X``."""
        n, f = X.shape
        if n == 0:
            return np.zeros(0)
        flat = np.ascontiguousarray(X, dtype=np.float64).ravel()
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        base = (np.arange(n) * f)[:, None]
        for _ in range(self.depth):
            right = flat[base + self.feature[node]] > self.threshold[node]
            node = self._children[2 * node + right]
        return self.baseline + self.value[node].sum(axis=1)

    def proba(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.raw(X)))


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> tuple[TreeEnsemble, dict] | None:
    """The shipped model and its settings, or None if the file is missing or was made for other features."""
    import json

    p = Path(path) if path else MODEL_PATH
    if not p.is_file():
        return None
    with np.load(p, allow_pickle=False) as z:
        settings = json.loads(str(z["settings"]))
        if tuple(settings.get("features", ())) != FEATURES:
            return None
        model = TreeEnsemble(z["feature"], z["threshold"], z["left"], z["right"], z["value"], z["roots"],
                             int(z["depth"]), float(z["baseline"]))
    return model, settings


def body_probabilities(lines: list[Line], model_path: str | None = None) -> np.ndarray | None:
    """P(line is article body) for each line, or None when no model is installed."""
    loaded = load_model(model_path)
    if loaded is None or not lines:
        return None
    model, _ = loaded
    return model.proba(features(lines))


__all__ = ["FEATURES", "MODEL_PATH", "TreeEnsemble", "body_probabilities", "features", "load_model"]

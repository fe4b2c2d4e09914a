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

Every feature is computed for the whole page at once (character classes by one table
lookup and one ``np.bincount`` over the page's code points, word-level patterns by one
regex pass over the joined text, window means from one cumulative sum), and per-line
Python only where a test cannot be put that way, so that a page of 170 lines (AEB's
mean) costs about 1.2 ms for the features and 0.5 ms for the trees on one core.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from operator import attrgetter
from itertools import repeat
from pathlib import Path

import numpy as np

from .lines import Line
from .segment import CHROME_COST, FURNITURE_COST, MAX_GAIN, find_body, is_comment_line, is_end_marker

MODEL_PATH = Path(__file__).with_name("models") / "lines.npz"

KINDS = ("chrome", "caption", "credit", "byline", "date", "other-script", "repeated")

# Function words of the languages most pages are in: prose is full of them, menus and
# headline lists are not.
STOPWORDS = frozenset(["the", "a", "an", "of", "to", "in", "and", "or", "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "these", "those", "it", "its", "for", "on", "with", "as", "by", "at", "from", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "not", "no", "will", "would", "can", "could", "said", "says", "who", "which", "what", "when", "where", "there", "than", "then", "also", "more", "about", "after", "before", "into", "over", "if", "so", "do", "does", "did", "just", "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "von", "auf", "sich", "des", "im", "für", "dem", "es", "sie", "er", "le", "la", "les", "et", "est", "un", "une", "des", "du", "en", "que", "qui", "dans", "pour", "pas", "sur", "au", "il", "elle", "ne", "se", "el", "los", "las", "y", "es", "una", "del", "por", "con", "para", "lo", "como", "su", "al", "di", "che", "per", "non", "sono", "della", "nel", "gli", "o", "os", "as", "é", "um", "uma", "em", "com", "não"])
# Words of navigation, widgets and calls to action.
NAV_WORDS = frozenset(["home", "about", "contact", "privacy", "login", "signin", "signup", "subscribe", "newsletter", "newsletters", "menu", "search", "share", "tweet", "facebook", "twitter", "instagram", "linkedin", "youtube", "pinterest", "whatsapp", "email", "comment", "comments", "reply", "tag", "tags", "category", "categories", "advertisement", "advertising", "advertise", "cookie", "cookies", "terms", "copyright", "follow", "download", "app", "more", "next", "previous", "prev", "back", "top", "trending", "popular", "related", "recommended", "sponsored", "watch", "video", "videos", "photo", "photos", "gallery", "click", "read"])
# Words and line breaks of the page, in one list (lines are counted off by the breaks).
_WORD_OR_BREAK_RE = re.compile(r"\w+|\n")
_COUNT_END_RE = re.compile(r"\(\d+\)[ \t]*$", re.MULTILINE)  # "Headline (185)": comment counts of a list
_TIME_RE = re.compile(r"\b\d{1,2}:\d\d\b")

# Character classes (Latin, Greek and Cyrillic capitals; ASCII digits, comma and other
# punctuation; the characters after which a word starts), as a table indexed by code point up
# to the last one in a class; also the separators "|", "•", "·" and "@". One class per character:
# the ASCII punctuation with a class of its own (comma, "|", "@", quotes and brackets that open
# words) counts as punctuation too.
_NO_CLASS, _DIGIT, _COMMA, _PUNCT, _SEPARATOR_PUNCT, _AT, _SEPARATOR, _CAPITAL, _OPENER, _OPENING_PUNCT = range(10)
_N_CLASSES = 10  # the openers last


def _char_classes() -> np.ndarray:
    openers = [ord(ch) for ch in " \t\n\"'“‘(«„["]
    table = np.full(ord("•") + 2, _NO_CLASS, np.int64)  # the last entry stands for all beyond
    for lo, hi in ((33, 47), (58, 64), (91, 96), (123, 126)):
        table[lo : hi + 1] = _PUNCT
    table[48:58] = _DIGIT
    table[44] = _COMMA
    table[ord("|")] = _SEPARATOR_PUNCT
    table[ord("@")] = _AT
    table[[ord("•"), ord("·")]] = _SEPARATOR
    for lo, hi in ((65, 90), (192, 222), (913, 937), (1040, 1071)):
        table[lo : hi + 1] = _CAPITAL
    table[215] = _NO_CLASS  # the multiplication sign
    for code in openers:  # ASCII quotes and brackets are also punctuation
        table[code] = _OPENING_PUNCT if table[code] == _PUNCT else _OPENER
    return table


_CHAR_CLASS = _char_classes()
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
_TEXT, _WORDS, _SENTENCE_LIKE, _KIND = (attrgetter(a) for a in ("text", "words", "sentence_like", "kind"))
_KIND_COLUMN = {k: _F[f"kind_{k}"] for k in KINDS}
_FREE_KIND_COLUMNS = [_KIND_COLUMN[k] for k in ("caption", "credit", "byline")]  # score 0 in line_score
_WORD_CLASS = {"\n": 4}
for _w in STOPWORDS:
    _WORD_CLASS[_w] = _WORD_CLASS.get(_w, 0) | 1
for _w in NAV_WORDS:
    _WORD_CLASS[_w] = _WORD_CLASS.get(_w, 0) | 2
_NEIGHBOUR_COLS = ("log_words", "sentence_like", "stopwords", "nav_words", "first_upper", "ends_ellipsis",
                   "ends_terminal")
_NEIGHBOUR_AT = [_F[name] for name in _NEIGHBOUR_COLS]
_NEIGHBOUR_OFFSETS = [(off, _F[f"{_NEIGHBOUR_COLS[0]}_{off:+d}"]) for off in (-3, -2, -1, 1, 2, 3)]
# Means over windows of 2k+1 rows: the columns they average (named as in features()), then
# for each k the (source, feature) pairs.
_WINDOWED = ("period2", "period3", "period4", "log_words", "sentence", "dup", "date_byline", "short", "stopwords",
             "chrome", "ellipsis", "count_end", "comment")
_WINDOWS = [(k, [(_WINDOWED.index(src), _F[dst]) for src, dst in cols]) for k, cols in (
    (4, (("period2", "period2"), ("period3", "period3"), ("period4", "period4"), ("date_byline", "win4_date_byline"),
         ("chrome", "win4_chrome"), ("short", "win4_short"), ("ellipsis", "win4_ellipsis"),
         ("count_end", "win4_count_end"))),
    (3, (("log_words", "win3_log_words"), ("sentence", "win3_sentence"), ("dup", "win3_dup"))),
    (10, (("log_words", "win10_log_words"), ("sentence", "win10_sentence"), ("date_byline", "win10_date_byline"),
          ("short", "win10_short"))),
    (5, (("stopwords", "win5_stopwords"),)),
    (6, (("comment", "win6_comment"),)),
)]
_WINDOW_K = np.array([k for k, _ in _WINDOWS])[:, None]
_WINDOW_OF = np.array([w for w, (_, cols) in enumerate(_WINDOWS) for _ in cols])  # per feature: its window,
_WINDOW_FROM = np.array([j for _, cols in _WINDOWS for j, _ in cols])  # the column it averages,
_WINDOW_TO = [at for _, cols in _WINDOWS for _, at in cols]  # and its own column


# Tests on a line's first or last character, as bits of a table over the code points of the
# alphabets (below U+3000); a line that starts or ends beyond (CJK, emoji) takes str's own tests.
_EDGE_LIMIT = 0x3000
_E_UPPER, _E_LOWER, _E_DIGIT, _E_TERMINAL, _E_QUOTE = 1, 2, 4, 8, 16


def _edge_flags() -> np.ndarray:
    table = np.zeros(_EDGE_LIMIT, np.uint8)
    for code in range(_EDGE_LIMIT):
        table[code] = _char_edge_flags(chr(code))
    return table


def _char_edge_flags(ch: str) -> int:
    return ((_E_UPPER if ch.isupper() else 0) | (_E_LOWER if ch.islower() else 0) | (_E_DIGIT if ch.isdigit() else 0)
            | (_E_TERMINAL if ch in _TERMINAL else 0) | (_E_QUOTE if ch in _QUOTES else 0))


_EDGE_FLAGS = _edge_flags()


def _rule_scores(kind_at: np.ndarray, words: np.ndarray, sentence: np.ndarray) -> np.ndarray:
    """:func:`.segment.line_score` of every line at once, from its kind's column (-1: none), words and sentence flag."""
    prose = np.where(sentence > 0, np.minimum(words, MAX_GAIN), -FURNITURE_COST)
    kinded = np.where(np.isin(kind_at, _FREE_KIND_COLUMNS), 0,
                      np.where(kind_at == _KIND_COLUMN["date"], -FURNITURE_COST, -CHROME_COST))
    return np.where(kind_at >= 0, kinded, prose)


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
    texts = list(map(_TEXT, lines))
    joined = "\n".join(texts)

    # Character classes over the page's code points, counted per line with one table lookup
    # per character (code points past the table's end are in none of the classes) and one
    # bincount over (line, class) pairs.
    # (A lone surrogate, from bytes decoded with surrogateescape, is kept as its code point.)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    is_break = codes == 10
    row = np.cumsum(is_break)
    breaks = np.flatnonzero(is_break)
    first_at = np.concatenate(([0], breaks + 1))  # each line's first and last characters
    last_at = np.concatenate((breaks, [len(codes)])) - 1
    lengths = (last_at - first_at + 1).astype(float)
    char_class = _CHAR_CLASS[np.minimum(codes, len(_CHAR_CLASS) - 1)]
    # A capital counts only at the start of a word: after a space, a line break, an opening
    # quote or bracket (or at the page's start).
    opener = np.empty(len(codes), bool)
    opener[0] = True
    opener[1:] = char_class[:-1] >= _OPENER
    char_class[(char_class == _CAPITAL) & ~opener] = _NO_CLASS
    counts = np.bincount(row * _N_CLASSES + char_class, minlength=n * _N_CLASSES).reshape(n, _N_CLASSES)
    digit, comma, cap_words = counts[:, _DIGIT], counts[:, _COMMA], counts[:, _CAPITAL]
    punct = comma + counts[:, _PUNCT] + counts[:, _OPENING_PUNCT] + counts[:, _SEPARATOR_PUNCT] + counts[:, _AT]

    ln_words = list(map(_WORDS, lines))
    words = np.array(ln_words, float)
    sentence = np.array(list(map(_SENTENCE_LIKE, lines)), float)
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
    c = X.T  # columns, as views
    c[_F["log_words"]] = np.log1p(words)
    c[_F["log_chars"]] = np.log1p(lengths)
    c[_F["sentence_like"]] = sentence
    # Tests on the first and last characters of the lines, by the table where it reaches.
    first_code, last_code = codes[first_at], codes[last_at]
    first_flags = _EDGE_FLAGS[np.minimum(first_code, _EDGE_LIMIT - 1)]
    last_flags = _EDGE_FLAGS[np.minimum(last_code, _EDGE_LIMIT - 1)]
    for i in np.flatnonzero((first_code >= _EDGE_LIMIT) | (last_code >= _EDGE_LIMIT)).tolist():
        first_flags[i], last_flags[i] = _char_edge_flags(texts[i][0]), _char_edge_flags(texts[i][-1])
    c[_F["first_upper"]] = (first_flags & _E_UPPER) > 0
    c[_F["first_lower"]] = (first_flags & _E_LOWER) > 0
    c[_F["first_digit"]] = (first_flags & _E_DIGIT) > 0
    c[_F["first_quote"]] = (first_flags & _E_QUOTE) > 0
    c[_F["ends_terminal"]] = (last_flags & _E_TERMINAL) > 0
    c[_F["ends_colon"]] = last_code == 58
    c[_F["question"]] = last_code == 63
    dots = (last_code == 46) & (codes[np.maximum(last_at - 1, 0)] == 46) & (codes[np.maximum(last_at - 2, 0)] == 46)
    c[_F["ends_ellipsis"]] = (last_code == 0x2026) | (dots & (last_at - first_at >= 2))
    # Tests on the whole line: by the character classes, else on the few lines that may pass.
    c[_F["separators"]] = (counts[:, _SEPARATOR_PUNCT] + counts[:, _SEPARATOR]) > 0
    link = counts[:, _AT] > 0
    for needle in ("http", "www."):
        at = joined.find(needle)
        while at >= 0:
            link[row[at]] = True
            at = joined.find(needle, at + 1)
    c[_F["link_or_handle"]] = link
    c[_F["all_caps"]] = [t.isupper() for t in texts]
    for i in np.flatnonzero(last_code == 41).tolist():  # ")"
        c[_F["count_end"]][i] = _COUNT_END_RE.search(texts[i]) is not None
    for i in np.unique(row[codes == 58]).tolist():  # ":"
        c[_F["time"]][i] = _TIME_RE.search(texts[i]) is not None
    c[_F["cap_words"]] = cap_words / tokens
    c[_F["stopwords"]] = per_line((cls & 1).astype(bool)) / tokens
    c[_F["commas"]] = comma / tokens
    c[_F["digits"]] = digit / lengths
    c[_F["punctuation"]] = punct / lengths
    c[_F["nav_words"]] = per_line((cls & 2).astype(bool)) / tokens
    end_markers = [is_end_marker(ln) for ln in lines]
    c[_F["end_marker"]] = end_markers
    c[_F["comment"]] = [is_comment_line(w, t) for w, t in zip(ln_words, lower.split("\n"))]
    kinds = list(map(_KIND, lines))
    kind_at = np.fromiter(map(_KIND_COLUMN.get, kinds, repeat(-1)), np.int64, n)
    has_kind = kind_at >= 0
    X[np.flatnonzero(has_kind), kind_at[has_kind]] = 1.0

    # Where the line sits on the page.
    keys = list(map(str.casefold, texts))
    seen = Counter(keys)
    dup = np.array([seen[key] > 1 for key in keys], float)
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
    seg = find_body(lines, rule_scores=_rule_scores(kind_at, words, sentence).tolist(), end_markers=end_markers)
    if seg.body is not None:
        a, b = seg.body
        c[_F["rules_in_run"]][a : b + 1] = 1.0
        c[_F["rules_dist"]] = _run_position(n, a, b)
        if seg.end_marker is not None:
            c[_F["rules_after_end"]][seg.end_marker :] = 1.0
    c[_F["end_markers_above"]] = np.log1p(np.cumsum(c[_F["end_marker"]]))
    c[_F["comments_above"]] = np.log1p(np.cumsum(c[_F["comment"]]))
    # Lists of other stories repeat a shape (headline, byline, date) every two to four lines.
    kind_code = np.where(has_kind, kind_at - (_KIND_COLUMN[KINDS[0]] - 1), 0)  # 0 none, 1.. the KINDS
    shape = kind_code * 16 + np.minimum(words.astype(np.int64) // 4, 5) * 2 + sentence.astype(np.int64)
    periods = np.zeros((n, 3))
    for j, k in enumerate((2, 3, 4)):
        if n > k:
            eq = (shape[k:] == shape[:-k]) / 2
            periods[k:, j] += eq
            periods[:-k, j] += eq
    # The neighbours' own features, rows shifted by -3..+3 (zeros past the page's ends).
    padded = np.zeros((n + 6, len(_NEIGHBOUR_COLS)))
    padded[3 : n + 3] = X[:, _NEIGHBOUR_AT]
    for off, at in _NEIGHBOUR_OFFSETS:
        X[:, at : at + len(_NEIGHBOUR_COLS)] = padded[3 + off : 3 + off + n]
    # Means over windows of rows around each line: one cumulative sum for all the columns.
    date_byline = c[_F["kind_date"]] + c[_F["kind_byline"]]
    short = ((words <= 10) & (sentence == 0)).astype(float)
    sources = {"period2": periods[:, 0], "period3": periods[:, 1], "period4": periods[:, 2],
               "log_words": c[_F["log_words"]], "sentence": sentence, "dup": dup, "date_byline": date_byline,
               "short": short, "stopwords": c[_F["stopwords"]], "chrome": c[_F["kind_chrome"]],
               "ellipsis": c[_F["ends_ellipsis"]], "count_end": c[_F["count_end"]], "comment": c[_F["comment"]]}
    csum = np.zeros((n + 1, len(_WINDOWED)))
    np.cumsum(np.column_stack([sources[name] for name in _WINDOWED]), axis=0, out=csum[1:])
    idx = np.arange(n)
    lo, hi = np.maximum(idx - _WINDOW_K, 0), np.minimum(idx + _WINDOW_K + 1, n)  # (windows, rows)
    means = (csum[hi] - csum[lo]) / (hi - lo)[:, :, None]  # (windows, rows, columns)
    X[:, _WINDOW_TO] = means[_WINDOW_OF, :, _WINDOW_FROM].T
    c[_F["page_log_lines"]] = math.log1p(n)
    c[_F["page_log_words"]] = math.log1p(cum[-1])
    c[_F["page_sentence_share"]] = sentence.mean()
    return X


class TreeEnsemble:
    """A binary gradient-boosted tree ensemble evaluated with numpy, all trees at once.

    Nodes of all trees live in flat arrays; a leaf points to itself with an infinite
    threshold, so every row can take the same number of steps (the deepest tree's depth).
    The first step, from the roots, compares whole columns of ``X``.
    """

    def __init__(self, feature: np.ndarray, threshold: np.ndarray, left: np.ndarray, right: np.ndarray,
                 value: np.ndarray, roots: np.ndarray, depth: int, baseline: float):
        self.feature, self.threshold = feature.astype(np.int64), threshold.astype(np.float64)
        self.left, self.right = left.astype(np.int64), right.astype(np.int64)
        self.value, self.roots = value.astype(np.float64), roots.astype(np.int64)
        self.depth, self.baseline = int(depth), float(baseline)
        self._children = np.stack([self.left, self.right], axis=1).ravel()  # node k -> 2k: left, 2k+1: right
        self._root_feature, self._root_threshold = self.feature[self.roots], self.threshold[self.roots]
        self._root_children = 2 * self.roots

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Log-odds per row of ``X``."""
        n, f = X.shape
        if n == 0:
            return np.zeros(0)
        X = np.ascontiguousarray(X, dtype=np.float64)
        if self.depth == 0:
            return np.full(n, self.baseline + self.value[self.roots].sum())
        # Every row is at the roots first: their splits are plain columns of X.
        right = X[:, self._root_feature] > self._root_threshold
        node = self._children[self._root_children + right]
        flat = X.ravel()
        base = (np.arange(n) * f)[:, None]
        for _ in range(self.depth - 1):
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

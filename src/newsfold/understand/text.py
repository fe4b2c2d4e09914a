"""Paragraph-level text primitives: quotation spans, masking, sentences, tokens.

All offsets are character offsets into the paragraph text. A *quotation span*
is a pair of matched quotation marks; its ``content`` excludes the marks.
Unbalanced marks are dropped one by one, so one stray mark never derails the
rest of the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARKS = '"“”„«»'
SINGLE_MARKS = "'‘’‚"
_OPEN_GLYPHS = "“„«‘‚"
_CLOSE_GLYPHS = "”»’"
# Characters before an opening mark / after a closing mark.
_BEFORE_OPEN = " \t\n([{—–-/:;,"
_AFTER_CLOSE = " \t\n)]}—–-/:;,.!?…"
MASK = "\ue000"  # stands in for quoted content in the masked text
_TRAIL_PUNCT = ".,!?;:…"


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    open: int  # index of the opening mark
    close: int  # index of the closing mark (== len(text) when the quote runs to the end)
    start: int  # content start
    end: int  # content end
    single: bool = False


def _role(text: str, i: int) -> str:
    """Classify the mark at i as 'open', 'close', 'either' or 'none' from its context."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    ch = text[i]
    open_ctx = (prev in _BEFORE_OPEN or prev in DOUBLE_MARKS + SINGLE_MARKS) and not nxt.isspace()
    close_ctx = not prev.isspace() and (nxt in _AFTER_CLOSE or nxt in DOUBLE_MARKS + SINGLE_MARKS
                                        or i + 1 == len(text))
    if open_ctx and close_ctx:
        # e.g. '("' or '—"' followed by punctuation; trust the glyph when it has a side
        if ch in _OPEN_GLYPHS:
            return "open"
        if ch in _CLOSE_GLYPHS:
            return "close"
        return "either"
    if open_ctx:
        return "open"
    if close_ctx:
        return "close"
    if not prev.isspace() and not nxt.isspace():
        return "either"  # glued on both sides: word"word
    return "none"


def _pair(text: str, marks: list[int], allowed: list[tuple[int, int]] | None,
          single: bool) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    stack: list[int] = []
    for i in marks:
        r = _role(text, i)
        if single:
            prev = text[i - 1] if i > 0 else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if prev.isalnum() and nxt.isalnum():
                continue  # apostrophe: don't, Russia's, they’ve
            if r == "open" and (nxt.isdigit() or not (nxt.isalpha() or nxt in "[(…")):
                continue  # '90s, stray
            if r == "either":
                continue
        if r == "open" or (r == "either" and not stack):
            stack.append(i)
        elif r in ("close", "either") and stack:
            o = stack.pop()
            stack.clear()  # openers left below are unbalanced strays
            if single and (i - o > 400):
                continue
            if i - o > 1:
                spans.append(QuoteSpan(o, i, o + 1, i, single))
        # a closer with no opener, or a mark floating between spaces: stray
    if stack and not single:
        o = stack[0] if len(stack) == 1 else stack[-1]
        rest = text[o + 1:]
        # Multi-paragraph convention: an opening mark that starts a sentence and is
        # never closed quotes up to the end of the paragraph.
        before = text[:o].rstrip()
        if (not before or before[-1] in ".!?:") and len(rest.split()) >= 3 \
                and not any(c in DOUBLE_MARKS for c in rest) and rest.strip()[:1].isupper():
            end = len(text.rstrip())
            spans.append(QuoteSpan(o, len(text), o + 1, end, single))
    if allowed is not None:
        spans = [s for s in spans if not any(a <= s.open and s.close <= b for a, b in allowed)]
    return spans


def quote_spans(text: str) -> list[QuoteSpan]:
    """Matched quotation spans of a paragraph, top level only, in text order."""
    dmarks = [i for i, c in enumerate(text) if c in DOUBLE_MARKS]
    doubles = _pair(text, dmarks, None, single=False)
    inside = [(s.open, s.close) for s in doubles]
    smarks = [i for i, c in enumerate(text) if c in SINGLE_MARKS
              and not any(a < i < b for a, b in inside)]
    singles = _pair(text, smarks, inside, single=True)
    spans = sorted(doubles + singles, key=lambda s: s.open)
    # drop spans overlapping an earlier one (crossing marks)
    out: list[QuoteSpan] = []
    for s in spans:
        if out and s.open < out[-1].close:
            continue
        out.append(s)
    return out


def mask_quotes(text: str, spans: list[QuoteSpan]) -> str:
    """The paragraph with quoted content replaced by MASK, keeping the trailing
    punctuation inside the marks (so sentence ends inside quotes still count)."""
    chars = list(text)
    for s in spans:
        content = text[s.start:s.end]
        keep = len(content) - len(content.rstrip(_TRAIL_PUNCT + " "))
        for k in range(s.start, s.end - keep):
            chars[k] = MASK
    return "".join(chars)


# --- sentences ---------------------------------------------------------------
_ABBREV_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "st",
                  "jr", "sr", "prof", "rev", "capt", "sgt", "maj", "adm", "cmdr", "no",
                  "vs", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "inc", "corp",
                  "co", "ltd", "approx", "est", "fig", "mt", "ft"}
_SENT_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[A-Z0-9" + MASK + r"])")
_SENTENCE_STARTERS = {"the", "he", "she", "it", "they", "we", "i", "but", "and", "in",
                      "a", "an", "this", "that", "there", "on", "at", "after", "as"}


def sentence_bounds(masked: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a masked paragraph."""
    cuts: list[int] = []
    for m in _SENT_END.finditer(masked):
        dot = m.start()
        word = re.search(r"([A-Za-z.]+)$", masked[max(0, dot - 12):dot])
        w = word.group(1) if word else ""
        if masked[dot] == "." and w:
            if w.lower().rstrip(".") in _ABBREV_TITLES:
                continue
            if len(w) == 1 and w.isupper():
                continue  # initial: John F. Kennedy
            if "." in w:  # U.S. / a.m. : only a boundary before a clear sentence starter
                nxt = re.match(r"\s+([A-Za-z]+)", masked[m.end():])
                if not nxt or nxt.group(1).lower() not in _SENTENCE_STARTERS:
                    continue
        cuts.append(m.end())
    bounds = []
    s = 0
    for c in cuts:
        if c > s:
            bounds.append((s, c))
            s = c
    if s < len(masked) or not bounds:
        bounds.append((s, len(masked)))
    # trim leading whitespace from starts
    return [(a + (len(masked[a:b]) - len(masked[a:b].lstrip())), b) for a, b in bounds]


def sentence_of(bounds: list[tuple[int, int]], pos: int) -> int:
    for k, (a, b) in enumerate(bounds):
        if pos < b:
            return k
    return len(bounds) - 1


# --- tokens --------------------------------------------------------------------
TOKEN_RE = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.N.
    r"|[A-Z]\.(?=\s+[A-Z])"  # initial F.
    r"|[^\W\d_](?:\w|[’'\-](?=[^\W_]))*"
)


class Token:
    """A word of a paragraph; ``base`` drops a possessive ending, ``low`` is its lower case."""

    __slots__ = ("text", "start", "end", "base", "low", "cap", "possessive")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        base = text[:-2] if len(text) > 2 and text[-2] in "’'" and text[-1] in "sS" else text
        self.base = base
        self.low = base.lower()
        self.cap = text[:1].isupper()
        self.possessive = base is not text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.text, self.start, self.end) == (other.text, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]

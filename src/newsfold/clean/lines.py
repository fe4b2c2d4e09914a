"""Line-level features of a plain-text scrape.

A scrape is a sequence of lines; each non-blank line becomes a :class:`Line`
with the features the later steps need: how many words, whether it reads like
a sentence, whether it is site chrome, a photo caption, a credit, a byline,
a date stamp, in another script than the page, or repeated across pages of the same site.
Nothing here decides what the body is; :mod:`newsfold.clean.segment` does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import knowledge as kb
from .dates import is_date_stamp

_WORD_RE = re.compile(r"\w+(?:[’'.-]\w+)*", re.UNICODE)
_TERMINAL = tuple(".!?…\"”’'»:;)")


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line number in the raw text
    start: int  # character offset of the (stripped) line in the raw text
    text: str  # stripped
    words: int
    sentence_like: bool  # starts like a sentence and ends with terminal punctuation
    kind: str | None  # pre-classified: chrome | caption | credit | byline | date | other-script | repeated | None
    script: str  # dominant script: latin | cyrillic | ... | none


def split_lines(text: str) -> list[tuple[int, int, str]]:
    """(line number, start offset of stripped text, stripped text) of non-blank lines."""
    out = []
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            out.append((number, pos + raw.index(stripped[0]), stripped))
        pos += len(raw) + 1
    return out


def dominant_script(text: str) -> str:
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            try:
                name = unicodedata.name(ch).split(" ", 1)[0].lower()
            except ValueError:
                continue
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else "none"


def word_count(text: str) -> int:
    return len(_WORD_RE.findall(text))


def is_sentence_like(text: str, words: int) -> bool:
    """Reads like prose: several words, a capital or quote at the start, terminal punctuation."""
    if words < 5:
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in "\"“‘'«(["):
        return False
    return text.endswith(_TERMINAL)


def classify(text: str, words: int) -> str | None:
    """The kind a line has on its own, before looking at its neighbours."""
    if kb.CREDIT_RE.search(text):
        return "credit"
    if words <= 8 and kb.BYLINE_RE.match(text):
        return "byline"
    if words <= 14 and is_date_stamp(text):
        return "date"
    if words <= 10 and kb.CHROME_RE.match(text):
        first_word = _WORD_RE.search(text)
        rest = text[first_word.end():] if first_word else text
        if not is_sentence_like(text, words) or kb.CHROME_SENTENCE_RE.search(rest):
            return "chrome"
    if words <= 10 and kb.is_nav_trail(text):
        return "chrome"
    if words <= 30 and (kb.INLINE_LINK_RE.match(text) or kb.CONSENT_RE.search(text)):
        return "chrome"
    if words >= 3 and any(rx.search(text) for rx in kb.CAPTION_RES):
        return "caption"
    return None


def line_key(text: str) -> str:
    """Normalised form of a line for counting repetition across pages (case, digits, spacing)."""
    return re.sub(r"\d+", "0", " ".join(text.casefold().split()))


def line_features(text: str, repeated: frozenset[str] = frozenset()) -> list[Line]:
    """Features of every non-blank line.

    ``repeated`` holds the :func:`line_key` of lines seen on several other pages
    of the same site. If most of a page's lines are "repeated", the page is a
    copy of another article rather than a page full of chrome, so repetition
    is ignored for it.
    """
    rows = split_lines(text)
    if repeated:
        hits = sum(1 for _, _, t in rows if line_key(t) in repeated)
        if hits > 0.3 * len(rows):
            repeated = frozenset()
    scripts = [dominant_script(t) for _, _, t in rows]
    # The page's script is the one most of its letters are in.
    weight: dict[str, int] = {}
    for (_, _, t), s in zip(rows, scripts):
        weight[s] = weight.get(s, 0) + len(t)
    page_script = max(weight, key=weight.__getitem__) if weight else "none"
    lines = []
    for (number, start, t), script in zip(rows, scripts):
        words = word_count(t)
        kind = classify(t, words)
        if kind is None and script not in (page_script, "none"):
            kind = "other-script"
        if kind is None and repeated and line_key(t) in repeated:
            kind = "repeated"
        lines.append(Line(number, start, t, words, is_sentence_like(t, words), kind, script))
    return lines
